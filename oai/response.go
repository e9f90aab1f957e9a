package oai

import (
	"strconv"
	"time"

	"github.com/commonplace/commonplace/metadata"
)

// Namespaces and schemas of the protocol and its formats.
const (
	NSOAI     = "http://www.openarchives.org/OAI/2.0/"
	SchemaOAI = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
	NSOAIDC   = "http://www.openarchives.org/OAI/2.0/oai_dc/"
	SchemaDC  = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
	NSDC      = "http://purl.org/dc/elements/1.1/"
	NSLOM     = "http://ltsc.ieee.org/xsd/LOM"
	SchemaLOM = "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd"
	nsXSI     = "http://www.w3.org/2001/XMLSchema-instance"
)

// Format is a metadata format the repository disseminates.
type Format struct{ Prefix, Schema, Namespace string }

// Formats are the formats every record is available in: Dublin Core, which
// the protocol requires, and IEEE LOM, the learning-object format OER
// repositories harvest over OAI-PMH (docs/decisions.md says why LOM).
var Formats = []Format{
	{"oai_dc", SchemaDC, NSOAIDC},
	{"lom", SchemaLOM, NSLOM},
}

// KnownFormat reports whether prefix names one of Formats.
func KnownFormat(prefix string) bool {
	for _, f := range Formats {
		if f.Prefix == prefix {
			return true
		}
	}
	return false
}

// Identity is what Identify says about the repository.
type Identity struct {
	Name, BaseURL, AdminEmail string
	Earliest                  time.Time
}

// Set is a set for selective harvesting.
type Set struct{ Spec, Name string }

// Header is a record's header; a deleted record has no metadata.
type Header struct {
	Identifier string
	Datestamp  time.Time
	Sets       []string
	Deleted    bool
}

// Record is a header with its metadata (nil when deleted).
type Record struct {
	Header Header
	Meta   *metadata.Record
}

// Resumption is the resumptionToken element of an incomplete list (or of
// its last page, with an empty Token).
type Resumption struct {
	Token   string
	Expires time.Time
	Cursor  int
}

// Response is what a request is answered with: errors, or the verb's payload.
type Response struct {
	Date    time.Time
	BaseURL string
	Request Request // echoed when valid (no errors of badVerb/badArgument kind)
	Echo    bool
	Errors  []Error

	Identity   *Identity
	Formats    []Format
	Sets       []Set
	Headers    []Header // ListIdentifiers
	Records    []Record // ListRecords, GetRecord
	Prefix     string   // the format records are written in
	Resumption *Resumption
}

// Fail answers with protocol errors.
func (r *Response) Fail(errs ...Error) { r.Errors = append(r.Errors, errs...) }

// XML writes the response. Errors travel in an HTTP 200 as the protocol defines.
func (r *Response) XML() []byte {
	var w xw
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.open("OAI-PMH", "xmlns", NSOAI, "xmlns:xsi", nsXSI, "xsi:schemaLocation", NSOAI+" "+SchemaOAI)
	w.el("responseDate", FormatDatestamp(r.Date))
	var attrs []string
	if r.Echo && r.Request.Verb != "" {
		attrs = append(attrs, "verb", r.Request.Verb)
		for _, k := range []string{"identifier", "metadataPrefix", "from", "until", "set", "resumptionToken"} {
			if v, ok := r.Request.Args[k]; ok {
				attrs = append(attrs, k, v)
			}
		}
	}
	w.el("request", r.BaseURL, attrs...)
	if len(r.Errors) > 0 {
		for _, e := range r.Errors {
			w.el("error", e.Message, "code", e.Code)
		}
		w.close("OAI-PMH")
		return w.b.Bytes()
	}
	verb := r.Request.Verb
	w.open(verb)
	switch verb {
	case Identify:
		r.writeIdentify(&w)
	case ListMetadataFormats:
		for _, f := range r.Formats {
			w.open("metadataFormat")
			w.el("metadataPrefix", f.Prefix)
			w.el("schema", f.Schema)
			w.el("metadataNamespace", f.Namespace)
			w.close("metadataFormat")
		}
	case ListSets:
		for _, s := range r.Sets {
			w.open("set")
			w.el("setSpec", s.Spec)
			w.el("setName", s.Name)
			w.close("set")
		}
	case ListIdentifiers:
		for _, h := range r.Headers {
			writeHeader(&w, h)
		}
	case ListRecords, GetRecord:
		for _, rec := range r.Records {
			w.open("record")
			writeHeader(&w, rec.Header)
			if !rec.Header.Deleted && rec.Meta != nil {
				w.open("metadata")
				if r.Prefix == "lom" {
					writeLOM(&w, *rec.Meta)
				} else {
					writeDC(&w, *rec.Meta)
				}
				w.close("metadata")
			}
			w.close("record")
		}
	}
	if res := r.Resumption; res != nil {
		if res.Token == "" {
			w.empty("resumptionToken", "cursor", strconv.Itoa(res.Cursor))
		} else {
			w.el("resumptionToken", res.Token, "expirationDate", FormatDatestamp(res.Expires), "cursor", strconv.Itoa(res.Cursor))
		}
	}
	w.close(verb)
	w.close("OAI-PMH")
	return w.b.Bytes()
}

func (r *Response) writeIdentify(w *xw) {
	id := r.Identity
	w.el("repositoryName", id.Name)
	w.el("baseURL", id.BaseURL)
	w.el("protocolVersion", "2.0")
	w.el("adminEmail", id.AdminEmail)
	w.el("earliestDatestamp", FormatDatestamp(id.Earliest))
	w.el("deletedRecord", "persistent")
	w.el("granularity", "YYYY-MM-DDThh:mm:ssZ")
}

func writeHeader(w *xw, h Header) {
	if h.Deleted {
		w.open("header", "status", "deleted")
	} else {
		w.open("header")
	}
	w.el("identifier", h.Identifier)
	w.el("datestamp", FormatDatestamp(h.Datestamp))
	for _, s := range h.Sets {
		w.el("setSpec", s)
	}
	w.close("header")
}

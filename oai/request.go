// Package oai is the OAI-PMH 2.0 protocol of Commonplace's data provider,
// free of HTTP and SQL: reading a request's arguments into a Request with
// the protocol's error codes, the datestamps and their granularities,
// resumption tokens, and writing responses (oai_dc and IEEE LOM records)
// as XML. The application answers a Request; the server only carries bytes.
package oai

import (
	"net/url"
	"sort"
	"strings"
	"time"
)

// The six verbs.
const (
	Identify            = "Identify"
	ListMetadataFormats = "ListMetadataFormats"
	ListSets            = "ListSets"
	ListIdentifiers     = "ListIdentifiers"
	ListRecords         = "ListRecords"
	GetRecord           = "GetRecord"
)

// Error codes of the protocol (section 3.6).
const (
	BadArgument             = "badArgument"
	BadResumptionToken      = "badResumptionToken"
	BadVerb                 = "badVerb"
	CannotDisseminateFormat = "cannotDisseminateFormat"
	IDDoesNotExist          = "idDoesNotExist"
	NoRecordsMatch          = "noRecordsMatch"
	NoMetadataFormats       = "noMetadataFormats"
	NoSetHierarchy          = "noSetHierarchy"
)

// Error is one protocol error; a response may carry several.
type Error struct {
	Code    string
	Message string
}

// Request is a parsed, syntactically valid request.
type Request struct {
	Verb            string
	Identifier      string
	MetadataPrefix  string
	Set             string
	From, Until     Datestamp
	ResumptionToken string
	// Args are the arguments as received, echoed in the response's
	// <request> element when the request is valid.
	Args map[string]string
}

// args each verb takes: required, optional; a resumption token is exclusive.
var verbArgs = map[string]struct{ required, optional []string }{
	Identify:            {},
	ListMetadataFormats: {optional: []string{"identifier"}},
	ListSets:            {optional: []string{"resumptionToken"}},
	ListIdentifiers:     {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set", "resumptionToken"}},
	ListRecords:         {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set", "resumptionToken"}},
	GetRecord:           {required: []string{"identifier", "metadataPrefix"}},
}

// Parse reads the arguments of a GET query or a POST form body. It returns
// the errors the protocol defines for a bad request: badVerb for a missing,
// repeated or unknown verb, badArgument for anything else wrong.
func Parse(args url.Values) (Request, []Error) {
	verbs := args["verb"]
	if len(verbs) != 1 {
		msg := "the verb argument is missing"
		if len(verbs) > 1 {
			msg = "the verb argument is repeated"
		}
		return Request{}, []Error{{BadVerb, msg}}
	}
	verb := verbs[0]
	spec, ok := verbArgs[verb]
	if !ok {
		return Request{}, []Error{{BadVerb, "“" + verb + "” is not an OAI-PMH verb"}}
	}
	r := Request{Verb: verb, Args: map[string]string{}}
	var errs []Error
	allowed := map[string]bool{"verb": true}
	for _, a := range append(append([]string{}, spec.required...), spec.optional...) {
		allowed[a] = true
	}
	names := make([]string, 0, len(args))
	for name := range args {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vals := args[name]
		switch {
		case !allowed[name]:
			errs = append(errs, Error{BadArgument, "the argument “" + name + "” is not allowed with " + verb})
		case len(vals) > 1:
			errs = append(errs, Error{BadArgument, "the argument “" + name + "” is repeated"})
		case name != "verb":
			r.Args[name] = vals[0]
		}
	}
	if tok, ok := r.Args["resumptionToken"]; ok {
		if len(r.Args) > 1 {
			errs = append(errs, Error{BadArgument, "resumptionToken is an exclusive argument: send it with the verb alone"})
		}
		r.ResumptionToken = tok
		return r, errs
	}
	for _, req := range spec.required {
		if strings.TrimSpace(r.Args[req]) == "" {
			errs = append(errs, Error{BadArgument, "the argument “" + req + "” is required with " + verb})
		}
	}
	r.Identifier, r.MetadataPrefix, r.Set = r.Args["identifier"], r.Args["metadataPrefix"], r.Args["set"]
	var err error
	if s, ok := r.Args["from"]; ok {
		if r.From, err = ParseDatestamp(s); err != nil {
			errs = append(errs, Error{BadArgument, "from: " + err.Error()})
		}
	}
	if s, ok := r.Args["until"]; ok {
		if r.Until, err = ParseDatestamp(s); err != nil {
			errs = append(errs, Error{BadArgument, "until: " + err.Error()})
		}
	}
	if !r.From.IsZero() && !r.Until.IsZero() {
		if r.From.Day != r.Until.Day {
			errs = append(errs, Error{BadArgument, "from and until must have the same granularity"})
		} else if r.From.Time.After(r.Until.Time) {
			errs = append(errs, Error{BadArgument, "from is later than until"})
		}
	}
	return r, errs
}

// Datestamp is a from/until argument: a day, or a second (UTC).
type Datestamp struct {
	Time time.Time
	Day  bool // day granularity
}

// IsZero reports whether the argument was absent.
func (d Datestamp) IsZero() bool { return d.Time.IsZero() }

// Lower is the earliest instant the argument covers; Upper the first
// instant after it (from is inclusive, until inclusive of its whole day or second).
func (d Datestamp) Lower() time.Time { return d.Time }

// Upper is the instant just past what until covers.
func (d Datestamp) Upper() time.Time {
	if d.Day {
		return d.Time.AddDate(0, 0, 1)
	}
	return d.Time.Add(time.Second)
}

type parseError string

func (e parseError) Error() string { return string(e) }

// ParseDatestamp reads YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (the repository's
// finest granularity); anything else is an error.
func ParseDatestamp(s string) (Datestamp, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil && len(s) == 10 {
		return Datestamp{Time: t, Day: true}, nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05Z", s); err == nil && len(s) == 20 {
		return Datestamp{Time: t}, nil
	}
	return Datestamp{}, parseError("“" + s + "” is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
}

// FormatDatestamp writes a datestamp at the repository's granularity (seconds, UTC).
func FormatDatestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

package oai

import (
	"github.com/commonplace/commonplace/metadata"
)

// writeDC writes a record as unqualified Dublin Core (oai_dc): title,
// creator, contributor, subject, description, publisher, date, type,
// format, identifier, language, relation and rights.
func writeDC(w *xw, r metadata.Record) {
	w.open("oai_dc:dc", "xmlns:oai_dc", NSOAIDC, "xmlns:dc", NSDC, "xmlns:xsi", nsXSI,
		"xsi:schemaLocation", NSOAIDC+" "+SchemaDC)
	w.el("dc:title", r.Name, "xml:lang", r.Language)
	credited := map[string]bool{}
	for _, p := range r.Creators {
		credited[p.Name] = true
		w.el("dc:creator", p.Name)
	}
	for _, p := range r.Contributors {
		if !credited[p.Name] {
			w.el("dc:contributor", p.Name)
		}
	}
	for _, k := range r.Keywords {
		w.el("dc:subject", k, "xml:lang", r.Language)
	}
	if r.Description != "" {
		w.el("dc:description", r.Description, "xml:lang", r.Language)
	}
	if r.Level != "" {
		w.el("dc:description", "Education level: "+r.Level, "xml:lang", "en")
	}
	if r.Publisher != "" {
		w.el("dc:publisher", r.Publisher)
	}
	if !r.Created.IsZero() {
		w.el("dc:date", r.Created.UTC().Format("2006-01-02"))
	}
	w.el("dc:type", "Text")
	w.el("dc:type", "LearningResource")
	w.el("dc:format", "text/html")
	w.el("dc:identifier", r.URL)
	w.el("dc:language", r.Language)
	for _, src := range r.BasedOn {
		if src.URL != "" {
			w.el("dc:relation", "isBasedOn "+src.URL)
		}
	}
	for _, t := range r.Translations {
		if t.URL != "" {
			w.el("dc:relation", "hasTranslation "+t.URL)
		}
	}
	if r.LicenseURL != "" {
		w.el("dc:rights", r.LicenseURL)
	}
	if r.LicenseName != "" {
		w.el("dc:rights", r.LicenseName)
	}
	w.close("oai_dc:dc")
}

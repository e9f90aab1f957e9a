package oai

import (
	"strings"

	"github.com/commonplace/commonplace/metadata"
)

// writeLOM writes a record as IEEE LOM (1484.12.1, XML binding
// 1484.12.3): general, lifeCycle, technical, educational, rights and one
// relation per source and translation. Vocabulary values are LOMv1.0's.
func writeLOM(w *xw, r metadata.Record) {
	w.open("lom", "xmlns", NSLOM, "xmlns:xsi", nsXSI, "xsi:schemaLocation", NSLOM+" "+SchemaLOM)
	lang := r.Language

	w.open("general")
	identifier(w, r.URL)
	langString(w, "title", r.Name, lang)
	w.el("language", lang)
	if r.Description != "" {
		langString(w, "description", r.Description, lang)
	}
	for _, k := range r.Keywords {
		langString(w, "keyword", k, lang)
	}
	vocab(w, "structure", "linear")
	vocab(w, "aggregationLevel", "2")
	w.close("general")

	w.open("lifeCycle")
	for _, p := range r.Creators {
		contribute(w, "author", vcard(p.Name, ""))
	}
	if r.Publisher != "" {
		contribute(w, "publisher", vcard("", r.Publisher))
	}
	w.close("lifeCycle")

	w.open("technical")
	w.el("format", "text/html")
	w.el("location", r.URL)
	w.close("technical")

	w.open("educational")
	vocab(w, "interactivityType", "expositive")
	vocab(w, "learningResourceType", "narrative text")
	if c := context(r.Level); c != "" {
		vocab(w, "context", c)
	}
	w.el("language", lang)
	w.close("educational")

	w.open("rights")
	vocab(w, "cost", "no")
	vocab(w, "copyrightAndOtherRestrictions", "yes")
	rights := strings.TrimSpace(r.LicenseName + " " + r.LicenseURL)
	if rights == "" {
		rights = "All rights reserved"
	}
	langString(w, "description", rights, "en")
	w.close("rights")

	for _, src := range r.BasedOn {
		relation(w, "isbasedon", src)
	}
	for _, t := range r.Translations {
		relation(w, "isbasisfor", t)
	}
	w.close("lom")
}

func identifier(w *xw, url string) {
	w.open("identifier")
	w.el("catalog", "URI")
	w.el("entry", url)
	w.close("identifier")
}

func langString(w *xw, name, text, lang string) {
	w.open(name)
	w.el("string", text, "language", lang)
	w.close(name)
}

func vocab(w *xw, name, value string) {
	w.open(name)
	w.el("source", "LOMv1.0")
	w.el("value", value)
	w.close(name)
}

func contribute(w *xw, role, entity string) {
	w.open("contribute")
	vocab(w, "role", role)
	w.el("entity", entity)
	w.close("contribute")
}

// vcard is a minimal vCard 3.0 for a person (FN and N) or an organisation.
func vcard(person, org string) string {
	esc := strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`)
	if org != "" {
		return "BEGIN:VCARD\nVERSION:3.0\nFN:" + esc.Replace(org) + "\nN:;;;;\nORG:" + esc.Replace(org) + "\nEND:VCARD"
	}
	return "BEGIN:VCARD\nVERSION:3.0\nFN:" + esc.Replace(person) + "\nN:" + esc.Replace(person) + ";;;;\nEND:VCARD"
}

// context maps an education level to LOM's educational context.
func context(level string) string {
	switch level {
	case "":
		return ""
	case "early-childhood", "primary", "lower-secondary", "upper-secondary":
		return "school"
	case "higher":
		return "higher education"
	case "vocational":
		return "training"
	}
	return "other"
}

// relation points at a related work; one the reader may not see is
// described without an identifier.
func relation(w *xw, kind string, rel metadata.Work) {
	w.open("relation")
	vocab(w, "kind", kind)
	w.open("resource")
	if rel.URL != "" && !rel.Hidden {
		identifier(w, rel.URL)
	}
	name := rel.Name
	if name == "" {
		name = rel.URL
	}
	if rel.Language != "" {
		name += " (" + rel.Language + ")"
	}
	langString(w, "description", name, "en")
	w.close("resource")
	w.close("relation")
}

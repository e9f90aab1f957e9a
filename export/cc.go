package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/interchange"
)

// ccVersion is what differs between the Common Cartridge versions written.
type ccVersion struct {
	name, version, ns string // "1.1", "1.1.0", "imsccv1p1"
	schemaLocation    string
	resourceLOM       bool // 1.3 allows general and rights metadata on each resource
}

var (
	cc11 = ccVersion{name: "1.1", version: "1.1.0", ns: "imsccv1p1",
		schemaLocation: "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd " +
			"http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd " +
			"http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd"}
	cc13 = ccVersion{name: "1.3", version: "1.3.0", ns: "imsccv1p3", resourceLOM: true,
		schemaLocation: "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd " +
			"http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd " +
			"http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lomresource_v1p0.xsd"}
)

// CommonCartridge writes an IMS Common Cartridge: one web-content resource (a self-contained
// HTML page with its attribution) per document, listed in the organization in order, with LOM
// metadata and the licence in lomimscc:rights. Version 1.1 is what Moodle imports, 1.3 what
// Canvas imports. Pages live in wiki_content/ and images in web_resources/, where Canvas turns
// pages into wiki pages and Moodle into pages.
func (e *Exporter) CommonCartridge(docs []interchange.Document, opt Options, v ccVersion) (File, error) {
	if len(docs) == 0 {
		return File{}, ErrNoDocuments
	}
	opt = resolve(docs, opt)
	names := make([]string, len(docs))
	titles := make([]string, len(docs))
	for i := range docs {
		titles[i] = docs[i].Title
	}
	for i, n := range fileNames(titles) {
		names[i] = fmt.Sprintf("wiki_content/%s.html", n)
	}
	z := newZip(opt.Modified)
	var pages []*page
	for d := range docs {
		data, ps, err := e.htmlPage(docs[d:d+1], Options{Title: docs[d].Title, Modified: opt.Modified},
			func(_, _ int, img *interchange.Image) string { return "../" + ccImagePath(d, img) })
		if err != nil {
			return File{}, err
		}
		if err := z.add(names[d], data, false); err != nil {
			return File{}, err
		}
		pages = append(pages, ps[0])
	}
	for d, p := range pages {
		done := map[int]bool{}
		for _, i := range p.images {
			if !done[i] {
				done[i] = true
				if err := z.add(ccImagePath(d, &p.doc.Images[i]), p.doc.Images[i].Data, false); err != nil {
					return File{}, err
				}
			}
		}
	}
	if err := z.add("imsmanifest.xml", manifest(pages, names, opt, v), false); err != nil {
		return File{}, err
	}
	data, err := z.bytes()
	if err != nil {
		return File{}, err
	}
	return File{Name: slug(opt.Title, "resource") + "-cc" + strings.ReplaceAll(v.name, ".", "") + ".imscc",
		MediaType: "application/zip", Data: data}, nil
}

func ccImagePath(d int, img *interchange.Image) string {
	return fmt.Sprintf("web_resources/%02d/%s", d+1, img.Name)
}

// manifest writes imsmanifest.xml.
func manifest(pages []*page, names []string, opt Options, v ccVersion) []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	first := pages[0]
	w(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w(`<manifest identifier="%s" xmlns="http://www.imsglobal.org/xsd/%s/imscp_v1p1" xmlns:lomimscc="http://ltsc.ieee.org/xsd/%s/LOM/manifest" xmlns:lom="http://ltsc.ieee.org/xsd/%s/LOM/resource" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="%s">`+"\n",
		ccID("M", opt.Identifier, opt.Title), v.ns, v.ns, v.ns, v.schemaLocation)
	w("<metadata>\n<schema>IMS Common Cartridge</schema>\n<schemaversion>%s</schemaversion>\n<lomimscc:lom>\n", v.version)
	w("<lomimscc:general>\n")
	w(`<lomimscc:title><lomimscc:string language="%s">%s</lomimscc:string></lomimscc:title>`+"\n", esc(first.lang), esc(opt.Title))
	w(`<lomimscc:language>%s</lomimscc:language>`+"\n", esc(first.lang))
	if s := strings.TrimSpace(first.doc.Summary); s != "" && len(pages) == 1 {
		w(`<lomimscc:description><lomimscc:string language="%s">%s</lomimscc:string></lomimscc:description>`+"\n", esc(first.lang), esc(s))
	}
	for _, p := range pages {
		for _, s := range p.doc.Subjects {
			w(`<lomimscc:keyword><lomimscc:string language="%s">%s</lomimscc:string></lomimscc:keyword>`+"\n", esc(p.lang), esc(s))
		}
	}
	w("</lomimscc:general>\n")
	writeLifeCycle(w, pages, opt)
	w("<lomimscc:rights>\n<lomimscc:copyrightAndOtherRestrictions><lomimscc:value>yes</lomimscc:value></lomimscc:copyrightAndOtherRestrictions>\n")
	w(`<lomimscc:description><lomimscc:string language="en">%s</lomimscc:string></lomimscc:description>`+"\n", esc(rightsText(pages)))
	w("</lomimscc:rights>\n</lomimscc:lom>\n</metadata>\n")

	w(`<organizations>` + "\n" + `<organization identifier="ORG" structure="rooted-hierarchy">` + "\n" + `<item identifier="ROOT">` + "\n")
	for d, p := range pages {
		w(`<item identifier="ITEM-%03d" identifierref="RES-%03d"><title>%s</title></item>`+"\n", d+1, d+1, esc(titleOf(p.doc)))
	}
	w("</item>\n</organization>\n</organizations>\n<resources>\n")
	for d, p := range pages {
		w(`<resource identifier="RES-%03d" type="webcontent" href="%s">`+"\n", d+1, names[d])
		if v.resourceLOM {
			w("<metadata>\n<lom:lom>\n<lom:general>\n")
			w(`<lom:title><lom:string language="%s">%s</lom:string></lom:title>`+"\n", esc(p.lang), esc(titleOf(p.doc)))
			w(`<lom:language>%s</lom:language>`+"\n", esc(p.lang))
			if s := strings.TrimSpace(p.doc.Summary); s != "" {
				w(`<lom:description><lom:string language="%s">%s</lom:string></lom:description>`+"\n", esc(p.lang), esc(s))
			}
			w("</lom:general>\n<lom:rights>\n<lom:copyrightAndOtherRestrictions><lom:value>yes</lom:value></lom:copyrightAndOtherRestrictions>\n")
			w(`<lom:description><lom:string language="en">%s</lom:string></lom:description>`+"\n", esc(rightsText(pages[d:d+1])))
			w("</lom:rights>\n</lom:lom>\n</metadata>\n")
		}
		w(`<file href="%s"/>`+"\n", names[d])
		done := map[int]bool{}
		for _, i := range p.images {
			if !done[i] {
				done[i] = true
				w(`<file href="%s"/>`+"\n", esc(ccImagePath(d, &p.doc.Images[i])))
			}
		}
		w("</resource>\n")
	}
	w("</resources>\n</manifest>\n")
	return b.Bytes()
}

// writeLifeCycle credits the authors (as vCards, LOM's format) and the date of the version.
func writeLifeCycle(w func(string, ...any), pages []*page, opt Options) {
	seen := map[string]bool{}
	var authors []string
	for _, p := range pages {
		for _, a := range p.doc.Authors {
			if n := strings.TrimSpace(a.Name); n != "" && !seen[n] {
				seen[n] = true
				authors = append(authors, n)
			}
		}
	}
	if len(authors) == 0 {
		return
	}
	w("<lomimscc:lifeCycle>\n<lomimscc:contribute>\n<lomimscc:role><lomimscc:value>author</lomimscc:value></lomimscc:role>\n")
	for _, a := range authors {
		w("<lomimscc:entity>%s</lomimscc:entity>\n", esc("BEGIN:VCARD\nVERSION:3.0\nFN:"+vcardText(a)+"\nEND:VCARD"))
	}
	w("<lomimscc:date><lomimscc:dateTime>%s</lomimscc:dateTime></lomimscc:date>\n", opt.Modified.Format("2006-01-02"))
	w("</lomimscc:contribute>\n</lomimscc:lifeCycle>\n")
}

// rightsText states the licence and the full attribution of each document.
func rightsText(pages []*page) string {
	var parts []string
	for _, p := range pages {
		l := licenseOf(p.doc)
		s := statement(p.doc).Text
		if l.URL != "" {
			s += " Licence: " + l.Name + " (" + l.URL + ")."
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n")
}

func vcardText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", " ").Replace(s)
}

// ccID makes an XML id for the manifest from the collection identifier.
func ccID(prefix, id, title string) string {
	if id == "" {
		id = slug(title, "resource")
	}
	return prefix + "-" + xmlID(strings.TrimPrefix(id, "urn:uuid:"))
}

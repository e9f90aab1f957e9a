package license

import (
	"html"
	"net/url"
	"strings"

	"golang.org/x/text/language"
)

// Person is a creator to credit; URL (optional) is linked in the HTML statement.
type Person struct {
	Name string
	URL  string
}

// Work describes one resource for attribution. Attribution data is copied into the resource at
// fork time, so the chain in Source survives the source being deleted or renamed.
type Work struct {
	Title         string
	URL           string
	Authors       []Person // creators of this work; for a derivative, its adapters or translators
	LicenseID     string
	Language      string // BCP 47 tag of this work
	Kind          string // "original", "adaptation" or "translation"
	ChangesMade   bool   // the 4.0 licences require saying whether changes were made
	ChangeSummary string // e.g. "3 sections rewritten, 1 added"; optional
	Source        *Work  // the work this one was derived from, itself possibly derived: every hop is credited
}

// Work kinds.
const (
	KindOriginal    = "original"
	KindAdaptation  = "adaptation"
	KindTranslation = "translation"
)

// Statement is a TASL attribution (Title, Author, Source, Licence) in three forms.
type Statement struct {
	Text string         // plain text
	HTML string         // safe HTML fragment: user text escaped, links only to http(s) URLs
	Meta map[string]any // machine-readable: title, url, authors, license, kind, language, sources...
}

// maxHops bounds the source chain, so a cyclic chain built by mistake cannot loop forever.
const maxHops = 64

// Attribute builds the attribution statement for w in Creative Commons' recommended forms:
//
//	original:    "<Title>" by <Authors> is licensed under <CC BY 4.0>.
//	derivative:  This work, "<Title>", is adapted from "<Source title>" by <Source authors>, used
//	             under <source licence>. "<Title>" is licensed under <licence> by <adapters>.
//	translation: This work, "<Title>", is a French translation of "<Source title>" by ...
//
// Every hop of the chain is credited ("..., itself adapted from "A" by X, used under ..."), and a
// derivative says "Changes were made." with the summary when one is given. CC0 and PDM works are
// still credited, as a courtesy; an unknown licence reads "All rights reserved."
func Attribute(w Work) Statement {
	chain := sourceChain(&w)
	var b dualWriter
	if len(chain) == 1 {
		b.title(&w)
		if len(w.Authors) > 0 {
			b.lit(" by ")
			b.people(w.Authors)
		}
		b.licensed(w.LicenseID)
	} else {
		b.lit("This work, ")
		b.title(&w)
		b.lit(", is ")
		for i, hop := range chain[1:] {
			if i > 0 {
				b.lit(", itself ")
			}
			b.lit(derivationPhrase(chain[i]) + " ")
			b.title(hop)
			if len(hop.Authors) > 0 {
				b.lit(" by ")
				b.people(hop.Authors)
			}
			b.lit(", ")
			b.usedUnder(hop.LicenseID)
		}
		b.lit(". ")
		b.title(&w)
		if lic, err := Lookup(w.LicenseID); err == nil {
			b.lit(" " + licensedVerb(lic))
			b.licenceLink(lic)
			b.lit(licensedTail(lic))
			if len(w.Authors) > 0 {
				b.lit(" by ")
				b.people(w.Authors)
			}
			b.lit(".")
		} else {
			if len(w.Authors) > 0 {
				b.lit(" by ")
				b.people(w.Authors)
			}
			b.lit(". All rights reserved.")
		}
		if w.ChangesMade || w.Kind == KindTranslation {
			b.lit(" Changes were made.")
			if s := strings.TrimRight(strings.TrimSpace(w.ChangeSummary), "."); s != "" {
				b.lit(" Changes: " + s + ".")
			}
		}
	}
	return Statement{Text: b.text.String(), HTML: b.html.String(), Meta: workMeta(&w, chain)}
}

// sourceChain returns w followed by its sources, nearest first, stopping at a repeat or maxHops.
func sourceChain(w *Work) []*Work {
	chain := []*Work{w}
	seen := map[*Work]bool{w: true}
	for cur := w.Source; cur != nil && !seen[cur] && len(chain) < maxHops; cur = cur.Source {
		seen[cur] = true
		chain = append(chain, cur)
	}
	return chain
}

// derivationPhrase says how derived was made from its source: "adapted from" or "a French
// translation of".
func derivationPhrase(derived *Work) string {
	if derived.Kind != KindTranslation {
		return "adapted from"
	}
	name := languageName(derived.Language)
	if name == "" {
		return "a translation of"
	}
	return article(name) + " " + name + " translation of"
}

// licensedVerb and licensedTail frame the licence name: "is licensed under CC BY 4.0",
// "is dedicated to the public domain (CC0 1.0)", "is marked with Public Domain Mark 1.0".
func licensedVerb(l License) string {
	switch l.Family {
	case FamilyCC0:
		return "is dedicated to the public domain ("
	case FamilyPDM:
		return "is marked with "
	}
	return "is licensed under "
}

func licensedTail(l License) string {
	if l.Family == FamilyCC0 {
		return ")"
	}
	return ""
}

func normalizedKind(w *Work) string {
	switch {
	case w.Source == nil:
		return KindOriginal
	case w.Kind == KindTranslation:
		return KindTranslation
	}
	return KindAdaptation
}

// workMeta is the machine-readable form: the work itself plus its source chain, nearest first.
func workMeta(w *Work, chain []*Work) map[string]any {
	m := hopMeta(w)
	m["changes_made"] = w.ChangesMade || normalizedKind(w) == KindTranslation
	m["change_summary"] = w.ChangeSummary
	sources := make([]map[string]any, 0, len(chain)-1)
	for _, hop := range chain[1:] {
		sources = append(sources, hopMeta(hop))
	}
	m["sources"] = sources
	return m
}

func hopMeta(w *Work) map[string]any {
	authors := make([]map[string]string, 0, len(w.Authors))
	for _, p := range w.Authors {
		authors = append(authors, map[string]string{"name": p.Name, "url": p.URL})
	}
	lic := map[string]string{"id": w.LicenseID, "name": "All rights reserved", "url": ""}
	if l, err := Lookup(w.LicenseID); err == nil {
		lic = map[string]string{"id": l.ID, "name": l.Name, "url": l.URL}
	}
	return map[string]any{
		"title":                titleOf(w),
		"url":                  w.URL,
		"authors":              authors,
		"license":              lic,
		"attribution_required": RequiresAttribution(w.LicenseID),
		"language":             w.Language,
		"kind":                 normalizedKind(w),
	}
}

func titleOf(w *Work) string {
	if t := strings.TrimSpace(w.Title); t != "" {
		return t
	}
	return "Untitled"
}

// dualWriter writes the plain-text and the HTML statement side by side, so they cannot drift.
type dualWriter struct {
	text, html strings.Builder
}

// textEscaper escapes text for HTML element content. Quotes stay readable there; attribute
// values go through html.EscapeString instead.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// lit writes text that is the same in both forms (escaped for HTML).
func (d *dualWriter) lit(s string) {
	d.text.WriteString(s)
	_, _ = textEscaper.WriteString(&d.html, s) // a strings.Builder never fails
}

// link writes label, linked to href in HTML when href is a safe absolute http(s) URL.
func (d *dualWriter) link(label, href, rel string) {
	d.text.WriteString(label)
	if !safeURL(href) {
		_, _ = textEscaper.WriteString(&d.html, label) // a strings.Builder never fails
		return
	}
	d.html.WriteString(`<a href="` + html.EscapeString(href) + `"`)
	if rel != "" {
		d.html.WriteString(` rel="` + rel + `"`)
	}
	d.html.WriteString(">")
	_, _ = textEscaper.WriteString(&d.html, label) // a strings.Builder never fails
	d.html.WriteString("</a>")
}

// title writes a work's title in quotes; in HTML a title in another language than English is
// marked with it, since the statement around it is in English.
func (d *dualWriter) title(w *Work) {
	d.lit(`"`)
	tag, err := language.Parse(w.Language)
	base, _ := tag.Base()
	marked := w.Language != "" && err == nil && base.String() != "en"
	if marked {
		d.html.WriteString(`<span lang="` + html.EscapeString(tag.String()) + `" dir="auto">`)
	}
	d.link(titleOf(w), w.URL, "")
	if marked {
		d.html.WriteString("</span>")
	}
	d.lit(`"`)
}

func (d *dualWriter) people(ps []Person) {
	var named []Person
	for _, p := range ps {
		if strings.TrimSpace(p.Name) != "" {
			named = append(named, p)
		}
	}
	for i, p := range named {
		switch {
		case i == 0:
		case i == len(named)-1:
			d.lit(" and ")
		default:
			d.lit(", ")
		}
		d.link(strings.TrimSpace(p.Name), p.URL, "")
	}
}

func (d *dualWriter) licenceLink(l License) { d.link(l.Name, l.URL, "license") }

// licensed finishes an original's sentence: " is licensed under CC BY 4.0." and its variants.
func (d *dualWriter) licensed(id string) {
	l, err := Lookup(id)
	if err != nil {
		d.lit(". All rights reserved.")
		return
	}
	d.lit(" " + licensedVerb(l))
	d.licenceLink(l)
	d.lit(licensedTail(l) + ".")
}

// usedUnder credits a source's licence: "used under CC BY 4.0", "dedicated to the public domain
// (CC0 1.0)", "marked with Public Domain Mark 1.0".
func (d *dualWriter) usedUnder(id string) {
	l, err := Lookup(id)
	if err != nil {
		d.lit("all rights reserved")
		return
	}
	switch l.Family {
	case FamilyCC0:
		d.lit("dedicated to the public domain (")
		d.licenceLink(l)
		d.lit(")")
	case FamilyPDM:
		d.lit("marked with ")
		d.licenceLink(l)
	default:
		d.lit("used under ")
		d.licenceLink(l)
	}
}

// safeURL accepts only absolute http and https URLs, so user-supplied links cannot run script.
func safeURL(s string) bool {
	if s == "" {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

package export

import (
	"strings"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attributionPolicy admits what license.Attribute writes (text and links) and nothing else:
// the statement is passed in, so it is checked like any other input.
var attributionPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a")
	return p
}()

// statement returns the document's attribution, building it from the metadata when none was
// passed in (so no export ever goes out without one).
func statement(d *interchange.Document) license.Statement {
	s := d.Attribution
	if strings.TrimSpace(s.Text) == "" && strings.TrimSpace(s.HTML) == "" {
		return license.Attribute(license.Work{Title: d.Title, URL: d.URL, Authors: d.Authors, LicenseID: d.License, Language: d.Language})
	}
	if strings.TrimSpace(s.HTML) == "" {
		s.HTML = html.EscapeString(s.Text)
	}
	if strings.TrimSpace(s.Text) == "" {
		s.Text = strings.TrimSpace(textOf(parseInline(s.HTML)))
	}
	return s
}

// licenseOf returns the document's licence, or a stand-in for an id outside the catalogue.
func licenseOf(d *interchange.Document) license.License {
	if l, err := license.Lookup(d.License); err == nil {
		return l
	}
	name := strings.TrimSpace(d.License)
	if name == "" {
		name = "All rights reserved"
	}
	return license.License{ID: d.License, Name: name}
}

// parseInline parses a trusted-after-sanitising HTML fragment into a <span>.
func parseInline(fragment string) *html.Node {
	span := el("span", nil)
	nodes, err := html.ParseFragment(strings.NewReader(attributionPolicy.Sanitize(fragment)),
		&html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P})
	if err != nil {
		span.AppendChild(txt(fragment))
		return span
	}
	for _, n := range nodes {
		span.AppendChild(n)
	}
	return span
}

// attributionFooter is the credit every exported document carries: the TASL statement with
// every hop, and the licence named and linked. It is in English, as license.Attribute writes it.
func attributionFooter(d *interchange.Document, idPrefix string) *html.Node {
	s := statement(d)
	l := licenseOf(d)
	licence := el("p", nil, txt("Licence: "))
	if l.URL != "" {
		licence.AppendChild(el("a", attrs("rel", "license", "href", l.URL), txt(l.Name)))
	} else {
		licence.AppendChild(txt(l.Name))
	}
	licence.AppendChild(txt("."))
	footer := el("footer", attrs("class", "attribution", "lang", "en", "dir", "ltr", "aria-labelledby", idPrefix+"attribution"),
		el("h2", attrs("id", idPrefix+"attribution"), txt("Attribution and licence")),
		el("p", nil, parseInline(s.HTML)),
		licence)
	if d.URL != "" {
		footer.AppendChild(el("p", nil, txt("Source: "), el("a", attrs("href", d.URL), txt(d.URL))))
	}
	return footer
}

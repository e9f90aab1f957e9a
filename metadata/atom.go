package metadata

import (
	"encoding/xml"
	"io"
	"time"
)

// Feed is an Atom feed (RFC 4287) of resources.
type Feed struct {
	ID, Title, SelfURL, SiteURL string
	Updated                     time.Time
	Entries                     []Entry
}

// Entry is one resource in a feed.
type Entry struct {
	ID, Title, URL, Summary, Language, Rights string
	Authors                                   []Person
	Categories                                []string
	Published, Updated                        time.Time
}

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Rights     *atomText      `xml:"rights,omitempty"`
}

// WriteAtom writes the feed. Titles and summaries are plain text (type
// "text"), so nothing a user wrote is ever read as markup.
func WriteAtom(w io.Writer, f Feed) error {
	out := atomFeed{NS: "http://www.w3.org/2005/Atom", ID: f.ID, Title: f.Title, Updated: stamp(f.Updated),
		Links:  []atomLink{{Rel: "self", Href: f.SelfURL, Type: "application/atom+xml"}, {Rel: "alternate", Href: f.SiteURL, Type: "text/html"}},
		Author: &atomPerson{Name: "Commonplace"}}
	for _, e := range f.Entries {
		ae := atomEntry{Lang: e.Language, ID: e.ID, Title: atomText{Type: "text", Text: e.Title},
			Links: []atomLink{{Rel: "alternate", Href: e.URL, Type: "text/html", HrefLang: e.Language}}, Updated: stamp(e.Updated)}
		if !e.Published.IsZero() {
			ae.Published = stamp(e.Published)
		}
		for _, a := range e.Authors {
			ae.Authors = append(ae.Authors, atomPerson{Name: a.Name, URI: a.URL})
		}
		for _, c := range e.Categories {
			ae.Categories = append(ae.Categories, atomCategory{Term: c})
		}
		if e.Summary != "" {
			ae.Summary = &atomText{Type: "text", Text: e.Summary}
		}
		if e.Rights != "" {
			ae.Rights = &atomText{Type: "text", Text: e.Rights}
		}
		out.Entries = append(out.Entries, ae)
	}
	return writeXML(w, out)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

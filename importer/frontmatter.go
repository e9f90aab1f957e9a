package importer

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// splitFrontMatter separates a leading YAML block ("---" to "---" or "...") from the text.
func splitFrontMatter(src []byte) (front, body []byte, ok bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.HasPrefix(src, []byte("---\r\n")) {
		return nil, src, false
	}
	start := bytes.IndexByte(src, '\n') + 1
	for pos := start; pos < len(src); {
		end := bytes.IndexByte(src[pos:], '\n')
		next := len(src)
		if end >= 0 {
			next = pos + end + 1
		}
		line := strings.TrimRight(string(src[pos:next]), " \t\r\n")
		if line == "---" || line == "..." {
			return src[start:pos], src[next:], true
		}
		pos = next
	}
	return nil, src, false
}

// keys are the front-matter names accepted for each field, first the one package export writes.
var keys = struct {
	title, summary, language, license, licenseURL, authors, subjects, level, created, updated,
	url, identifier, revision, attribution, source, images []string
}{
	title:       []string{"title", "name"},
	summary:     []string{"description", "summary", "abstract", "excerpt"},
	language:    []string{"language", "lang", "locale", "inlanguage"},
	license:     []string{"license", "licence", "rights"},
	licenseURL:  []string{"license_url", "licence_url", "licenseurl"},
	authors:     []string{"authors", "author", "creators", "creator", "by"},
	subjects:    []string{"subjects", "subject", "keywords", "tags", "topics"},
	level:       []string{"level", "education_level", "educationlevel", "educational_level", "audience", "grade"},
	created:     []string{"created", "date", "date_created", "datecreated", "published"},
	updated:     []string{"updated", "modified", "last_modified", "lastmod", "date_modified", "datemodified"},
	url:         []string{"url", "canonical", "canonical_url"},
	identifier:  []string{"identifier", "id"},
	revision:    []string{"revision", "version"},
	attribution: []string{"attribution", "credit", "credits"},
	source:      []string{"source", "source_url", "original", "based_on", "isbasedon", "derived_from"},
	images:      []string{"images"},
}

// meta is a parsed front-matter block with case-insensitive keys.
type meta map[string]any

func parseFrontMatter(f Format, front []byte) (meta, error) {
	var raw map[string]any
	if err := yaml.Unmarshal(front, &raw); err != nil {
		return nil, refuse(f, ErrMalformed, "the front matter is not valid YAML", err)
	}
	m := meta{}
	for k, v := range raw {
		m[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return m, nil
}

func (m meta) get(names []string) any {
	for _, n := range names {
		if v, ok := m[n]; ok && v != nil {
			return v
		}
	}
	return nil
}

func (m meta) str(names []string) string { return scalar(m.get(names)) }

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case map[string]any, []any:
		return ""
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// apply fills the document's fields from the front matter.
func (m meta) apply(d *interchange.Document) {
	d.Title = m.str(keys.title)
	d.Summary = m.str(keys.summary)
	d.Language = languageTag(m.str(keys.language))
	d.License = licenseID(m.str(keys.license))
	if d.License == "" {
		d.License = licenseID(m.str(keys.licenseURL))
	}
	d.Authors = people(m.get(keys.authors))
	d.Subjects = list(m.get(keys.subjects))
	d.Level = m.str(keys.level)
	d.Created = timeValue(m.get(keys.created))
	d.Updated = timeValue(m.get(keys.updated))
	d.Revision = m.str(keys.revision)
	d.Attribution.Text = m.str(keys.attribution)
	d.Source = m.source(d)
}

// source is where the file says the work comes from: an explicit source entry, else the work
// the file itself describes when it names a licence or an address (our own exports do).
func (m meta) source(d *interchange.Document) *interchange.Source {
	switch s := m.get(keys.source).(type) {
	case string:
		if strings.TrimSpace(s) != "" {
			return &interchange.Source{URL: strings.TrimSpace(s), License: d.License}
		}
	case map[string]any:
		sm := meta{}
		for k, v := range s {
			sm[strings.ToLower(k)] = v
		}
		src := &interchange.Source{Title: sm.str(keys.title), URL: sm.str(append([]string{"url", "href", "link"}, keys.identifier...)),
			Authors: people(sm.get(keys.authors)), License: licenseID(sm.str(keys.license))}
		if src.License == "" {
			src.License = d.License
		}
		return src
	}
	url := m.str(keys.url)
	if url == "" {
		if id := m.str(keys.identifier); strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
			url = id
		}
	}
	if d.License == "" && url == "" {
		return nil
	}
	return &interchange.Source{Title: d.Title, URL: url, Authors: d.Authors, License: d.License}
}

// people reads authors written as "Name", ["A", "B"] or [{name: A, url: …}].
func people(v any) []license.Person {
	var out []license.Person
	switch x := v.(type) {
	case string:
		for _, n := range strings.Split(x, ";") {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, license.Person{Name: n})
			}
		}
	case []any:
		for _, item := range x {
			switch p := item.(type) {
			case map[string]any:
				pm := meta{}
				for k, v := range p {
					pm[strings.ToLower(k)] = v
				}
				if n := pm.str([]string{"name", "fullname", "full_name"}); n != "" {
					out = append(out, license.Person{Name: n, URL: pm.str([]string{"url", "homepage", "orcid", "website"})})
				}
			default:
				if n := scalar(p); n != "" {
					out = append(out, license.Person{Name: n})
				}
			}
		}
	case map[string]any:
		return people([]any{x})
	}
	return out
}

// list reads ["a", "b"] or "a, b".
func list(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		for _, s := range strings.Split(x, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	case []any:
		for _, item := range x {
			if s := scalar(item); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func timeValue(v any) time.Time {
	switch x := v.(type) {
	case time.Time:
		return x.UTC()
	case string:
		for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(x)); err == nil {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}

// languageTag canonicalises a BCP 47 tag; an invalid one is dropped.
func languageTag(s string) string {
	if s == "" {
		return ""
	}
	t, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return ""
	}
	return t.String()
}

package wire

import (
	"html/template"
	"net/url"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
)

// FacetLabel is how a facet value reads to people.
func FacetLabel(facet, v string) string {
	switch facet {
	case "language", "translated_into":
		return resource.LanguageName(v)
	case "license":
		return license.NameOf(v)
	case "kind":
		return map[string]string{"original": "Original", "fork": "Adaptation", "translation": "Translation"}[v]
	case "allows":
		return map[string]string{"adaptation": "Allows adaptation", "commercial": "Allows commercial use"}[v]
	case "approved":
		return "Approved by a reviewer"
	case "updated":
		return map[string]string{"week": "Past week", "month": "Past month", "year": "Past year"}[v]
	}
	return v
}

// SnippetHTML is a result's snippet as HTML: search.HTML escapes every
// piece of user text and adds only <mark>.
func SnippetHTML(parts []search.Part) template.HTML { return template.HTML(search.HTML(parts)) } //nolint:gosec // escaped by search.HTML

// SearchURL is /search with the given values.
func SearchURL(v url.Values) string {
	if len(v) == 0 {
		return "/search"
	}
	return "/search?" + v.Encode()
}

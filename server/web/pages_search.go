package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

// facetParam is the query parameter each facet is filtered with.
var facetParam = map[string]string{"language": "language", "license": "license", "level": "level", "subject": "subject",
	"kind": "kind", "translated_into": "translated_into", "allows": "allows", "approved": "approved", "updated": "updated_since"}

var facetHeading = map[string]string{"language": "Language", "license": "Licence", "level": "Education level", "subject": "Subject",
	"kind": "Kind", "translated_into": "Has a translation into", "allows": "Permissions", "approved": "Review", "updated": "Updated"}

type facetLink struct {
	Label    string
	Count    int
	URL      string
	Selected bool
}

type facetGroup struct {
	Name, Heading string
	Links         []facetLink
}

type searchCard struct {
	app.SearchResult
	Snippet  template.HTML
	Family   string
	LangName string
}

// pageSearch is the search page: it works without JavaScript, every filter
// a link that adds or removes one value.
func (s *Site) pageSearch(c echo.Context) error {
	req, err := httpx.SearchRequestOf(c)
	if err != nil {
		return err
	}
	res, err := s.app.Search(c.Request().Context(), httpx.Actor(c), req)
	if err != nil {
		return err
	}
	cur := c.QueryParams()
	cur.Del("cursor")
	var groups []facetGroup
	for _, name := range app.FacetNames {
		param := facetParam[name]
		g := facetGroup{Name: name, Heading: facetHeading[name]}
		for _, v := range res.Facets[name] {
			if v.Count == 0 {
				continue
			}
			value := v.Value
			if name == "approved" {
				value = "1"
			}
			next := cloneValues(cur)
			selected := slices.Contains(cur[param], value)
			if selected {
				next[param] = slices.DeleteFunc(slices.Clone(next[param]), func(x string) bool { return x == value })
			} else if name == "updated" || name == "approved" {
				next.Set(param, value)
			} else {
				next.Add(param, value)
			}
			g.Links = append(g.Links, facetLink{Label: wire.FacetLabel(name, v.Value), Count: v.Count, URL: wire.SearchURL(next), Selected: selected})
		}
		if len(g.Links) > 0 {
			groups = append(groups, g)
		}
	}
	var cards []searchCard
	for _, r := range res.Results {
		cards = append(cards, searchCard{SearchResult: r, Snippet: wire.SnippetHTML(r.Snippet), Family: familyLine(r), LangName: resource.LanguageName(r.Language)})
	}
	var next string
	if res.Next != "" {
		v := cloneValues(cur)
		v.Set("cursor", res.Next)
		next = wire.SearchURL(v)
	}
	sorts := []facetLink{}
	for _, srt := range []struct{ v, label string }{{"relevance", "Relevance"}, {"newest", "Newest"}, {"adapted", "Most adapted"}} {
		v := cloneValues(cur)
		v.Set("sort", srt.v)
		sorts = append(sorts, facetLink{Label: srt.label, URL: wire.SearchURL(v), Selected: res.Sort == srt.v})
	}
	title := "Search"
	if req.Query != "" {
		title = "Search: " + req.Query
	}
	feed := "/feed.atom"
	if len(req.Subjects) == 1 {
		feed += "?subject=" + url.QueryEscape(req.Subjects[0])
	} else if len(req.Languages) == 1 {
		feed += "?language=" + url.QueryEscape(req.Languages[0])
	}
	return s.render(c, http.StatusOK, "search", s.page(c, title, map[string]any{
		"Query": req.Query, "Results": cards, "Total": res.Total, "Resources": res.Resources, "Facets": groups,
		"Next": next, "Sorts": sorts, "Grouped": res.Grouped, "Feed": feed, "Filtered": len(cur) > 0}))
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// familyLine says what else of a result's family the reader may open.
func familyLine(r app.SearchResult) string {
	var parts []string
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	}
	if r.FamilyOriginals > 0 {
		parts = append(parts, plural(r.FamilyOriginals, "original", "originals"))
	}
	if r.FamilyForks > 0 {
		parts = append(parts, plural(r.FamilyForks, "adaptation", "adaptations"))
	}
	if r.FamilyTranslations > 0 {
		parts = append(parts, plural(r.FamilyTranslations, "translation", "translations"))
	}
	return strings.Join(parts, ", ")
}

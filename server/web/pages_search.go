package web

import (
	"github.com/commonplace/commonplace/i18n"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

// facetParam is the query parameter each facet is filtered with.
var facetParam = map[string]string{"language": "language", "license": "license", "level": "level", "subject": "subject",
	"kind": "kind", "translated_into": "translated_into", "allows": "allows", "approved": "approved", "updated": "updated_since"}

var facetHeading = map[string]string{"language": i18n.M("Language"), "license": i18n.M("Licence"), "level": i18n.M("Education level"), "subject": i18n.M("Subject"),
	"kind": i18n.M("Kind"), "translated_into": i18n.M("Has a translation into"), "allows": i18n.M("Permissions"), "approved": i18n.M("Review"), "updated": i18n.M("Updated")}

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
			g.Links = append(g.Links, facetLink{Label: pageFacetLabel(localeOf(c), name, v.Value), Count: v.Count, URL: wire.SearchURL(next), Selected: selected})
		}
		if len(g.Links) > 0 {
			groups = append(groups, g)
		}
	}
	var cards []searchCard
	for _, r := range res.Results {
		cards = append(cards, searchCard{SearchResult: r, Snippet: wire.SnippetHTML(r.Snippet), Family: familyLine(localeOf(c), r), LangName: localeOf(c).LanguageName(r.Language)})
	}
	var next string
	if res.Next != "" {
		v := cloneValues(cur)
		v.Set("cursor", res.Next)
		next = wire.SearchURL(v)
	}
	sorts := []facetLink{}
	for _, srt := range []struct{ v, label string }{{"relevance", i18n.M("Relevance")}, {"newest", i18n.M("Newest")}, {"adapted", i18n.M("Most adapted")}} {
		v := cloneValues(cur)
		v.Set("sort", srt.v)
		sorts = append(sorts, facetLink{Label: srt.label, URL: wire.SearchURL(v), Selected: res.Sort == srt.v})
	}
	title := tr(c, "Search")
	if req.Query != "" {
		title = tr(c, "Search: {query}", "query", req.Query)
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
func familyLine(loc *i18n.Locale, r app.SearchResult) string {
	var parts []string
	if r.FamilyOriginals > 0 {
		parts = append(parts, loc.N("{n} original", "{n} originals", r.FamilyOriginals))
	}
	if r.FamilyForks > 0 {
		parts = append(parts, loc.N("{n} adaptation", "{n} adaptations", r.FamilyForks))
	}
	if r.FamilyTranslations > 0 {
		parts = append(parts, loc.N("{n} translation", "{n} translations", r.FamilyTranslations))
	}
	return strings.Join(parts, loc.T(", "))
}

// pageFacetLabel is a facet value's label in the reader's language (the
// API keeps facetLabel's English).
func pageFacetLabel(loc *i18n.Locale, facet, v string) string {
	if facet == "language" || facet == "translated_into" {
		return loc.LanguageName(v)
	}
	return loc.T(wire.FacetLabel(facet, v))
}

// The facet labels wire.FacetLabel gives, for the catalogue.
var _ = []string{i18n.M("Original"), i18n.M("Adaptation"), i18n.M("Translation"), i18n.M("Allows adaptation"),
	i18n.M("Allows commercial use"), i18n.M("Approved by a reviewer"), i18n.M("Past week"), i18n.M("Past month"), i18n.M("Past year")}

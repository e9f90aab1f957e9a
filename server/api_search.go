package server

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
)

// searchRequestOf reads a search from the query string (the API and the
// page take the same parameters); repeated parameters are several values
// of one facet.
func searchRequestOf(c echo.Context) (app.SearchRequest, error) {
	q := url.Values{}
	for k, vs := range c.QueryParams() {
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return app.SearchRequest{}, newError(http.StatusBadRequest, "invalid_utf8", "the parameter %s is not valid UTF-8", k)
			}
			// An empty field of a form (language= from the home page) means "any".
			if strings.TrimSpace(v) != "" {
				q.Add(k, strings.TrimSpace(v))
			}
		}
	}
	req := app.SearchRequest{Query: q.Get("q"), Languages: q["language"], Licenses: q["license"], Levels: q["level"],
		Subjects: q["subject"], Kinds: q["kind"], TranslatedInto: q["translated_into"], UpdatedSince: q.Get("updated_since"),
		Sort: q.Get("sort"), Prefer: q.Get("prefer"), Cursor: q.Get("cursor"),
		Approved: truthy(q.Get("approved")), Ungrouped: truthy(q.Get("ungrouped")),
		AllowsAdapt: slices.Contains(q["allows"], "adaptation"), AllowsCommerce: slices.Contains(q["allows"], "commercial")}
	for _, a := range q["allows"] {
		if a != "adaptation" && a != "commercial" {
			return req, &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "allows", Message: "allows: must be adaptation or commercial"}
		}
	}
	if req.Prefer == "" {
		req.Prefer = preferredLanguage(c.Request().Header.Get("Accept-Language"))
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return req, &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "limit", Message: "limit: must be a number from 1 to 50"}
		}
		req.Limit = n
	}
	return req, nil
}

func truthy(s string) bool { return s == "1" || s == "true" || s == "yes" || s == "on" }

// preferredLanguage is the first language of an Accept-Language header.
func preferredLanguage(h string) string {
	first, _, _ := strings.Cut(h, ",")
	first, _, _ = strings.Cut(first, ";")
	first = strings.TrimSpace(first)
	if first == "*" || len(first) > 35 {
		return ""
	}
	return first
}

type searchResultJSON struct {
	ID            string            `json:"id"`
	URL           string            `json:"url"`
	Title         string            `json:"title"`
	Summary       string            `json:"summary"`
	Language      string            `json:"language"`
	LanguageName  string            `json:"language_name"`
	OtherLanguage bool              `json:"other_language"`
	License       string            `json:"license"`
	LicenseName   string            `json:"license_name"`
	Level         string            `json:"level"`
	Kind          string            `json:"kind"`
	Subjects      []string          `json:"subjects"`
	Owner         string            `json:"owner"`
	Approved      bool              `json:"approved"`
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
	Snippet       []search.Part     `json:"snippet"`
	SnippetHTML   string            `json:"snippet_html"`
	Adaptations   int               `json:"adaptations"`
	Family        familySummaryJSON `json:"family"`
}

type familySummaryJSON struct {
	Adaptations  int      `json:"adaptations"`
	Translations int      `json:"translations"`
	Originals    int      `json:"originals"`
	Languages    []string `json:"languages"`
}

type facetValueJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

type searchJSON struct {
	Query     string                      `json:"query"`
	Total     int                         `json:"total"`
	Resources int                         `json:"resources"`
	Grouped   bool                        `json:"grouped"`
	Sort      string                      `json:"sort"`
	Results   []searchResultJSON          `json:"results"`
	Facets    map[string][]facetValueJSON `json:"facets"`
	Next      *string                     `json:"next"`
}

func toSearchJSON(q string, res app.SearchResults) searchJSON {
	out := searchJSON{Query: q, Total: res.Total, Resources: res.Resources, Grouped: res.Grouped, Sort: res.Sort,
		Results: []searchResultJSON{}, Facets: map[string][]facetValueJSON{}}
	for _, r := range res.Results {
		out.Results = append(out.Results, searchResultJSON{ID: r.ID, URL: "/r/" + r.ID, Title: r.Title, Summary: r.Summary,
			Language: r.Language, LanguageName: resource.LanguageName(r.Language), OtherLanguage: r.OtherLanguage,
			License: r.License, LicenseName: licenseLabel(r.License), Level: r.Level, Kind: r.Kind, Subjects: nonNil(r.Subjects),
			Owner: r.Owner, Approved: r.Approved, CreatedAt: r.Created, UpdatedAt: r.Updated, Snippet: nonNilParts(r.Snippet),
			SnippetHTML: search.HTML(r.Snippet), Adaptations: r.Adaptations,
			Family: familySummaryJSON{Adaptations: r.FamilyForks, Translations: r.FamilyTranslations, Originals: r.FamilyOriginals,
				Languages: nonNil(r.FamilyLanguages)}})
	}
	for _, name := range app.FacetNames {
		vals := []facetValueJSON{}
		for _, v := range res.Facets[name] {
			vals = append(vals, facetValueJSON{Value: v.Value, Label: facetLabel(name, v.Value), Count: v.Count})
		}
		out.Facets[name] = vals
	}
	if res.Next != "" {
		out.Next = &res.Next
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilParts(p []search.Part) []search.Part {
	if p == nil {
		return []search.Part{}
	}
	return p
}

func licenseLabel(id string) string {
	if l, err := license.Lookup(id); err == nil {
		return l.Name
	}
	return id
}

// facetLabel is how a facet value reads to people.
func facetLabel(facet, v string) string {
	switch facet {
	case "language", "translated_into":
		return resource.LanguageName(v)
	case "license":
		return licenseLabel(v)
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

// snippetHTML is a result's snippet as HTML: search.HTML escapes every
// piece of user text and adds only <mark>.
func snippetHTML(parts []search.Part) template.HTML { return template.HTML(search.HTML(parts)) } //nolint:gosec // escaped by search.HTML

func (s *Server) apiSearch(c echo.Context) error {
	req, err := searchRequestOf(c)
	if err != nil {
		return err
	}
	res, err := s.app.Search(c.Request().Context(), actor(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSearchJSON(req.Query, res))
}

type similarJSON struct {
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	Title        string    `json:"title"`
	Language     string    `json:"language"`
	LanguageName string    `json:"language_name"`
	Kind         string    `json:"kind"`
	License      string    `json:"license"`
	Owner        string    `json:"owner"`
	Reason       string    `json:"reason"`
	Similarity   float64   `json:"similarity"`
	Percent      int       `json:"percent_translated"`
	Reviewed     int       `json:"percent_reviewed"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toSimilarJSON(list []app.SimilarResource) []similarJSON {
	out := []similarJSON{}
	for _, x := range list {
		out = append(out, similarJSON{ID: x.ID, URL: "/r/" + x.ID, Title: x.Title, Language: x.Language, LanguageName: resource.LanguageName(x.Language),
			Kind: x.Kind, License: x.License, Owner: x.Owner, Reason: x.Reason, Similarity: x.Similarity, Percent: x.Percent,
			Reviewed: x.Reviewed, UpdatedAt: x.Updated})
	}
	return out
}

func similarRequestOf(c echo.Context) (app.SimilarRequest, error) {
	q := c.QueryParams()
	// The form's language picker may hold "Español (es)": read it as the forms do.
	req := app.SimilarRequest{Title: q.Get("title"), Language: resource.LanguageFromInput(q.Get("language")), Source: q.Get("source")}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return req, &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "limit", Message: "limit: must be a number from 1 to 20"}
		}
		req.Limit = n
	}
	if strings.TrimSpace(req.Title) == "" && req.Source == "" {
		return req, &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "title", Message: "title: give a title, or the source being translated or forked"}
	}
	return req, nil
}

func (s *Server) apiSimilar(c echo.Context) error {
	req, err := similarRequestOf(c)
	if err != nil {
		return err
	}
	list, err := s.app.Similar(c.Request().Context(), actor(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"similar": toSimilarJSON(list)})
}

// searchURL is /search with the given values.
func searchURL(v url.Values) string {
	if len(v) == 0 {
		return "/search"
	}
	return "/search?" + v.Encode()
}

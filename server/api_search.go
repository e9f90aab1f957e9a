package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
)

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
			License: r.License, LicenseName: license.NameOf(r.License), Level: r.Level, Kind: r.Kind, Subjects: nonNil(r.Subjects),
			Owner: r.Owner, Approved: r.Approved, CreatedAt: r.Created, UpdatedAt: r.Updated, Snippet: nonNilParts(r.Snippet),
			SnippetHTML: search.HTML(r.Snippet), Adaptations: r.Adaptations,
			Family: familySummaryJSON{Adaptations: r.FamilyForks, Translations: r.FamilyTranslations, Originals: r.FamilyOriginals,
				Languages: nonNil(r.FamilyLanguages)}})
	}
	for _, name := range app.FacetNames {
		vals := []facetValueJSON{}
		for _, v := range res.Facets[name] {
			vals = append(vals, facetValueJSON{Value: v.Value, Label: wire.FacetLabel(name, v.Value), Count: v.Count})
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

func (s *Server) apiSearch(c echo.Context) error {
	req, err := httpx.SearchRequestOf(c)
	if err != nil {
		return err
	}
	res, err := s.app.Search(c.Request().Context(), httpx.Actor(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSearchJSON(req.Query, res))
}

func (s *Server) apiSimilar(c echo.Context) error {
	req, err := httpx.SimilarRequestOf(c)
	if err != nil {
		return err
	}
	list, err := s.app.Similar(c.Request().Context(), httpx.Actor(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"similar": wire.ToSimilarJSON(list)})
}

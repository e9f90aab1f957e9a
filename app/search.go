package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/internal/seal"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
	"github.com/commonplace/commonplace/store"
)

// SearchRequest is a search as a reader asks for it. Every list is a set of
// accepted values for one facet (any of them matches); facets combine with AND.
type SearchRequest struct {
	Query          string
	Languages      []string // BCP 47; a primary tag also matches its regions
	Licenses       []string // SPDX ids
	Levels         []string
	Subjects       []string // all of them
	Kinds          []string // original, fork, translation
	TranslatedInto []string // has a public translation into one of these languages
	AllowsAdapt    bool     // the licence allows sharing adaptations
	AllowsCommerce bool     // the licence allows commercial use
	Approved       bool     // a reviewer of the source approved it
	UpdatedSince   string   // "week", "month", "year" or a date (2006-01-02)
	Sort           string   // "relevance" (default with words), "newest" (default without), "adapted"
	Prefer         string   // the reader's language: its results rank first
	Ungrouped      bool     // list forks and translations on their own, not under their original
	Cursor         string   // from the previous page's Next
	Limit          int      // at most 50 (default 20)
}

// SearchResult is one result: a resource and, when results are grouped, the
// rest of its family the caller may list.
type SearchResult struct {
	ID, Title, Summary, Language, License, Level, Kind, Owner string
	Subjects                                                  []string
	Approved                                                  bool
	Created, Updated                                          time.Time
	Snippet                                                   []search.Part
	OtherLanguage                                             bool // not in the reader's language
	Adaptations                                               int  // public derivatives (the "most adapted" count)
	// The family members the caller may list besides this one.
	FamilyForks, FamilyTranslations, FamilyOriginals int
	FamilyLanguages                                  []string
}

// FacetValue is one value of a facet and how many matching resources carry it.
type FacetValue struct {
	Value string
	Count int
}

// SearchResults is one page of results, the facet counts over every match
// and the cursor of the next page ("" on the last).
type SearchResults struct {
	Results   []SearchResult
	Resources int // matching resources
	Total     int // results (families when grouped)
	Grouped   bool
	Sort      string
	Facets    map[string][]FacetValue
	Next      string
}

// Facet names, in the order pages show them.
var FacetNames = []string{"language", "license", "level", "subject", "kind", "translated_into", "allows", "approved", "updated"}

const (
	maxQuery       = 200
	maxFacetValues = 20
	cursorTTL      = 24 * time.Hour
)

// Search finds the resources the caller may list — public ones, and those
// they hold a role on; never someone else's unlisted or private ones — that
// match the words (in each resource's own language, with typo tolerance on
// titles and subjects) and the facets. Counts are over the same set.
func (a *App) Search(ctx context.Context, who Actor, req SearchRequest) (SearchResults, error) {
	q, err := a.searchQuery(ctx, who, req)
	if err != nil {
		return SearchResults{}, err
	}
	page, err := a.db.Search(ctx, q)
	if err != nil {
		return SearchResults{}, err
	}
	out := SearchResults{Resources: page.Resources, Total: page.Results, Grouped: q.Group, Sort: q.Sort, Facets: map[string][]FacetValue{}}
	// The SQL lists by the policy's listable rule; the policy checks again
	// before anything leaves, so a mistake there cannot show a hidden row.
	ids := make([]string, len(page.Hits))
	for i, h := range page.Hits {
		ids[i] = h.ID
	}
	ok, err := a.listable(ctx, who, ids...)
	if err != nil {
		return SearchResults{}, err
	}
	for _, h := range page.Hits {
		if !ok[h.ID] {
			a.log.ErrorContext(ctx, "search returned a resource the caller may not list", "resource", h.ID)
			continue
		}
		out.Results = append(out.Results, resultOf(h, req.Query, q.Prefer))
	}
	for _, f := range page.Facets {
		out.Facets[f.Facet] = append(out.Facets[f.Facet], FacetValue{Value: f.Value, Count: f.Count})
	}
	for name, vs := range out.Facets {
		slices.SortStableFunc(vs, func(x, y FacetValue) int {
			if x.Count != y.Count {
				return y.Count - x.Count
			}
			return strings.Compare(x.Value, y.Value)
		})
		out.Facets[name] = vs
	}
	if page.More && len(page.Hits) > 0 {
		key, err := a.signingKey(ctx, "search")
		if err != nil {
			return SearchResults{}, err
		}
		last := page.Hits[len(page.Hits)-1].Key()
		if out.Next, err = seal.Seal(key, searchCursor{Key: last, Query: fingerprint(req)}, a.cfg.Now().Add(cursorTTL)); err != nil {
			return SearchResults{}, err
		}
	}
	return out, nil
}

// searchCursor is the position after a page, bound to the search it came from.
type searchCursor struct {
	Key   store.SearchKey `json:"k"`
	Query string          `json:"q"`
}

func resultOf(h store.SearchHit, query, prefer string) SearchResult {
	r := SearchResult{ID: h.ID, Title: h.Title, Summary: h.Summary, Language: h.Language, License: h.License, Level: h.Level,
		Kind: h.Kind, Owner: h.OwnerName, Subjects: h.Subjects, Approved: h.Approved, Created: h.Created, Updated: h.Updated,
		OtherLanguage: prefer != "" && h.Bucket != 0, Adaptations: h.Adaptations,
		FamilyForks: h.Forks, FamilyTranslations: h.Translations, FamilyOriginals: h.Originals, FamilyLanguages: h.FamilyLangs}
	switch {
	case h.Snippet != "" && strings.Contains(h.Snippet, search.MarkStart):
		r.Snippet = search.Parts(h.Snippet)
	case strings.TrimSpace(query) != "" && search.HasCJK(query) && search.HasCJK(h.Excerpt):
		r.Snippet = search.CJKParts(h.Excerpt, query, 80)
	case h.Summary == "" && h.Excerpt != "":
		r.Snippet = []search.Part{{Text: truncate(strings.Join(strings.Fields(h.Excerpt), " "), 200)}}
	}
	return r
}

// searchQuery validates a request and turns it into the store's query.
func (a *App) searchQuery(ctx context.Context, who Actor, req SearchRequest) (store.SearchQuery, error) {
	text := strings.TrimSpace(req.Query)
	if !utf8.ValidString(text) {
		return store.SearchQuery{}, invalid("q", "must be valid UTF-8")
	}
	if utf8.RuneCountInString(text) > maxQuery {
		return store.SearchQuery{}, invalid("q", "must be at most %d characters", maxQuery)
	}
	q := store.SearchQuery{ViewerID: who.ID, Text: search.Clean(text), FTSText: search.QueryText(search.Clean(text)),
		Configs: search.Configs(), Languages: req.Languages, Licenses: req.Licenses, Levels: req.Levels, Subjects: req.Subjects,
		Kinds: req.Kinds, TranslatedInto: req.TranslatedInto, AllowsAdaptation: req.AllowsAdapt, AllowsCommercial: req.AllowsCommerce,
		Approved: req.Approved, Threshold: a.cfg.SearchThreshold, MaxFacet: maxFacetValues}
	for field, list := range map[string][]string{"language": req.Languages, "license": req.Licenses, "level": req.Levels,
		"subject": req.Subjects, "kind": req.Kinds, "translated_into": req.TranslatedInto} {
		if len(list) > 20 {
			return q, invalid(field, "at most 20 values")
		}
		for _, v := range list {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > 100 || strings.TrimSpace(v) == "" {
				return q, invalid(field, "%q is not a value of this facet", v)
			}
		}
	}
	for _, k := range req.Kinds {
		if k != string(resource.Original) && k != string(resource.Fork) && k != string(resource.Translation) {
			return q, invalid("kind", "%q must be original, fork or translation", k)
		}
	}
	if req.Prefer != "" {
		q.Prefer = search.Primary(req.Prefer)
	}
	since, err := sinceOf(a.cfg.Now(), req.UpdatedSince)
	if err != nil {
		return q, err
	}
	q.UpdatedSince = since
	switch req.Sort {
	case "":
		q.Sort = "relevance"
		if text == "" {
			q.Sort = "newest"
		}
	case "relevance", "newest", "adapted":
		q.Sort = req.Sort
	default:
		return q, invalid("sort", "%q must be relevance, newest or adapted", req.Sort)
	}
	// Forks and translations sit under their original unless the reader
	// asks for them as such.
	q.Group = !req.Ungrouped && !slices.Contains(req.Kinds, string(resource.Fork)) && !slices.Contains(req.Kinds, string(resource.Translation))
	q.Limit = req.Limit
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Limit > 50 {
		return q, invalid("limit", "must be at most 50")
	}
	if req.Cursor != "" {
		key, err := a.signingKey(ctx, "search")
		if err != nil {
			return q, err
		}
		var c searchCursor
		err = seal.Open(key, req.Cursor, a.cfg.Now(), &c)
		if errors.Is(err, seal.ErrExpired) {
			return q, newErr(BadRequest, "cursor_expired", "this page link has expired; search again")
		}
		if err != nil || c.Query != fingerprint(req) {
			return q, newErr(BadRequest, "bad_cursor", "the cursor does not belong to this search")
		}
		q.After = &c.Key
	}
	return q, nil
}

func sinceOf(now time.Time, s string) (time.Time, error) {
	switch s {
	case "":
		return time.Time{}, nil
	case "week":
		return now.AddDate(0, 0, -7), nil
	case "month":
		return now.AddDate(0, 0, -30), nil
	case "year":
		return now.AddDate(0, 0, -365), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, invalid("updated_since", "%q must be week, month, year or a date such as 2025-01-31", s)
	}
	return t, nil
}

// fingerprint identifies a search apart from its page, so a cursor cannot
// be replayed against other filters.
func fingerprint(r SearchRequest) string {
	r.Cursor, r.Limit = "", 0
	sum := sha256.Sum256(fmt.Appendf(nil, "%#v", r))
	return hex.EncodeToString(sum[:8])
}

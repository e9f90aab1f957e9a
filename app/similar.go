package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
)

// Before someone writes, translates or adapts a lesson, they are shown what
// already exists, so effort goes into joining rather than duplicating: the
// same family's members in the language they are about to work in, and
// resources with a similar title. Only what the caller may list is shown.

// SimilarRequest describes work about to start: a new resource's title and
// language, or a translation or fork (Source) into Language.
type SimilarRequest struct {
	Title    string
	Language string
	Source   string // the resource being translated or forked ("" for a new one)
	Limit    int    // at most 20 (default 5)
}

// SimilarResource is an existing resource worth knowing about.
type SimilarResource struct {
	ID, Title, Language, Kind, License, Owner string
	// Why it is shown: "translation" (the source's translation into the
	// language asked for), "adaptation" (a fork of the source), "title".
	Reason     string
	Similarity float64 // title similarity, 0–1 (1 for family members)
	Percent    int     // translated share, for translations
	Reviewed   int     // reviewed share, for translations
	Updated    time.Time
}

// NearDuplicate is the title similarity from which a new resource is held
// back until its author confirms it is not a duplicate.
const NearDuplicate = 0.5

const similarFloor = 0.3 // least title similarity worth showing

// Similar lists what already exists for the work described.
func (a *App) Similar(ctx context.Context, who Actor, req SimilarRequest) ([]SimilarResource, error) {
	title := strings.TrimSpace(req.Title)
	if !utf8.ValidString(title) || utf8.RuneCountInString(title) > resource.MaxTitle {
		return nil, invalid("title", "must be valid UTF-8 of at most %d characters", resource.MaxTitle)
	}
	lang := ""
	if strings.TrimSpace(req.Language) != "" {
		l, err := resource.CanonicalLanguage(req.Language)
		if err != nil {
			return nil, err
		}
		lang = l
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 5
	}
	if limit > 20 {
		return nil, invalid("limit", "must be at most 20")
	}
	var out []SimilarResource
	seen := map[string]bool{}
	if req.Source != "" {
		src, _, err := a.resourceFor(ctx, who, req.Source, resource.View)
		if err != nil {
			return nil, err
		}
		seen[src.ID] = true
		if title == "" {
			title = src.Title
		}
		fam, err := a.familyIn(ctx, who, src, lang)
		if err != nil {
			return nil, err
		}
		for _, s := range fam {
			seen[s.ID] = true
		}
		out = append(out, fam...)
	}
	if title != "" && len(out) < limit {
		more, err := a.similarTitles(ctx, who, title, lang, limit-len(out), seen)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// familyIn lists the members of src's family in lang (every language when
// lang is empty) that the caller may list: its translations first, with
// their progress, then its adaptations.
func (a *App) familyIn(ctx context.Context, who Actor, src resource.Resource, lang string) ([]SimilarResource, error) {
	members, _, err := a.db.Family(ctx, src.FamilyID, who.ID, a.cfg.FamilyLimit)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range members {
		if m.Deleted || m.Resource.ID == src.ID || (lang != "" && search.Primary(m.Resource.Language) != search.Primary(lang)) {
			continue
		}
		ids = append(ids, m.Resource.ID)
	}
	ok, err := a.listable(ctx, who, ids...)
	if err != nil {
		return nil, err
	}
	counts, err := a.db.TranslationCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	var trans, forks []SimilarResource
	for _, m := range members {
		r := m.Resource
		if !ok[r.ID] {
			continue
		}
		s := SimilarResource{ID: r.ID, Title: r.Title, Language: r.Language, Kind: string(r.Kind), License: r.License,
			Owner: r.Owner.Name, Similarity: 1, Updated: r.Updated}
		if r.Kind == resource.Translation {
			s.Reason = "translation"
			if c := counts[r.ID]; c.Total > 0 {
				s.Percent, s.Reviewed = c.Translated*100/c.Total, c.Reviewed*100/c.Total
			}
			trans = append(trans, s)
		} else {
			s.Reason = "adaptation"
			forks = append(forks, s)
		}
	}
	return append(trans, forks...), nil
}

// similarTitles lists resources the caller may list with a title like
// title, those in lang first.
func (a *App) similarTitles(ctx context.Context, who Actor, title, lang string, limit int, skip map[string]bool) ([]SimilarResource, error) {
	found, err := a.db.SimilarTitles(ctx, who.ID, title, similarFloor, limit*3)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f.ID
	}
	ok, err := a.listable(ctx, who, ids...)
	if err != nil {
		return nil, err
	}
	var same, other []SimilarResource
	for _, f := range found {
		if skip[f.ID] || !ok[f.ID] {
			continue
		}
		s := SimilarResource{ID: f.ID, Title: f.Title, Language: f.Language, Kind: f.Kind, License: f.License, Owner: f.OwnerName,
			Reason: "title", Similarity: f.Similarity, Updated: f.Updated}
		if lang == "" || search.Primary(f.Language) == search.Primary(lang) {
			same = append(same, s)
		} else {
			other = append(other, s)
		}
	}
	out := append(same, other...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// CreateUnlessSimilar creates a resource unless resources the caller may
// list already carry a near-identical title in the same language: then
// nothing is created and they are returned, for the author to join one or
// confirm (force) that theirs is new.
func (a *App) CreateUnlessSimilar(ctx context.Context, who Actor, f resource.Fields, force bool) (resource.Resource, []SimilarResource, error) {
	if !who.SignedIn() {
		return resource.Resource{}, nil, ErrUnauthorized
	}
	if !force && f.Title != nil {
		probe := resource.Resource{}
		if err := probe.Apply(resource.Fields{Title: f.Title, Language: f.Language}); err == nil && probe.Title != "" {
			similar, err := a.similarTitles(ctx, who, probe.Title, probe.Language, 5, nil)
			if err != nil {
				return resource.Resource{}, nil, err
			}
			var near []SimilarResource
			for _, s := range similar {
				if s.Similarity >= NearDuplicate && (probe.Language == "" || search.Primary(s.Language) == search.Primary(probe.Language)) {
					near = append(near, s)
				}
			}
			if len(near) > 0 {
				return resource.Resource{}, near, nil
			}
		}
	}
	r, err := a.CreateResource(ctx, who, f)
	return r, nil, err
}

// ExistingTranslationsError refuses to start a translation into a language
// the source already has one in, when the caller asked to be told first.
type ExistingTranslationsError struct {
	Language string
	Existing []SimilarResource
}

func (e *ExistingTranslationsError) Error() string {
	return "a " + resource.LanguageName(e.Language) + " translation of this resource already exists; join it, or start another anyway"
}

func (a *App) refuseExistingTranslation(ctx context.Context, who Actor, src resource.Resource, lang string) error {
	fam, err := a.familyIn(ctx, who, src, lang)
	if err != nil {
		return err
	}
	var existing []SimilarResource
	for _, s := range fam {
		if s.Reason == "translation" {
			existing = append(existing, s)
		}
	}
	if len(existing) > 0 {
		return &ExistingTranslationsError{Language: lang, Existing: existing}
	}
	return nil
}

package translation

import "sort"

// Translation-memory ranking, after Weblate's production recipe: the
// database prefilters candidates (pg_trgm), RankSuggestions re-ranks them
// with Similarity over every rune.
const (
	// SuggestThreshold is the lowest fuzzy score shown.
	SuggestThreshold = 75
	// UnapprovedPenalty is subtracted from the similarity of an entry no
	// reviewer approved (imported TMX pairs, unreviewed translations). A
	// subtraction, as the penalties of CAT tools (Trados, memoQ) are: an
	// unapproved pair ranks below an approved one of the same similarity
	// and needs 80% similarity to be shown, where the former ×0.7 factor
	// capped every unapproved entry at 70, under the threshold, so none
	// could ever be suggested.
	UnapprovedPenalty = 5
	// MaxSuggestions bounds the list.
	MaxSuggestions = 10
)

// MemoryMatch is a memory entry offered for a segment.
type MemoryMatch struct {
	Source, Target string
	Approved       bool
	Origin         string // the resource the pair came from
}

// Suggestion is a ranked memory match.
type Suggestion struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Score    int    `json:"score"`
	Exact    bool   `json:"exact"`
	Approved bool   `json:"approved"`
	Origin   string `json:"origin"`
}

// RankSuggestions lists exact matches first, each scored 100 whatever its
// status (Approved tells the status; approved ones come first), then fuzzy
// candidates whose similarity, less UnapprovedPenalty for unapproved
// entries, reaches SuggestThreshold, best first; one suggestion per
// distinct target, at most MaxSuggestions.
func RankSuggestions(source string, exact, fuzzy []MemoryMatch) []Suggestion {
	seen := map[string]bool{}
	out := []Suggestion{}
	ex := append([]MemoryMatch(nil), exact...)
	sort.SliceStable(ex, func(i, j int) bool { return ex[i].Approved && !ex[j].Approved })
	for _, e := range ex {
		if seen[e.Target] {
			continue
		}
		seen[e.Target] = true
		out = append(out, Suggestion{Source: e.Source, Target: e.Target, Score: 100, Exact: true, Approved: e.Approved, Origin: e.Origin})
	}
	var fz []Suggestion
	for _, e := range fuzzy {
		if e.Source == source {
			continue // among the exact matches
		}
		sc := Similarity(source, e.Source)
		if !e.Approved {
			sc -= UnapprovedPenalty
		}
		if sc < SuggestThreshold {
			continue
		}
		fz = append(fz, Suggestion{Source: e.Source, Target: e.Target, Score: sc, Approved: e.Approved, Origin: e.Origin})
	}
	sort.SliceStable(fz, func(i, j int) bool { return fz[i].Score > fz[j].Score })
	for _, s := range fz {
		if seen[s.Target] {
			continue
		}
		seen[s.Target] = true
		out = append(out, s)
	}
	if len(out) > MaxSuggestions {
		out = out[:MaxSuggestions]
	}
	return out
}

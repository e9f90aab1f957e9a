package app

import (
	"strings"
	"testing"

	"github.com/commonplace/commonplace/translation"
)

func TestRankSuggestions(t *testing.T) {
	t.Parallel()
	q := "The cat sat on the red mat."
	got := rankSuggestions(q,
		[]translation.MemoryEntry{{Source: q, Target: "unapproved exact", OriginResource: "a"}, {Source: q, Target: "approved exact", Approved: true, OriginResource: "b"}},
		[]translation.MemoryEntry{
			{Source: q, Target: "approved exact", Approved: true},
			{Source: "The cat sat on the mat.", Target: "close", Approved: true},
			{Source: "The cat sat on the mat.", Target: "close unapproved"},
			{Source: "The dog ran.", Target: "far", Approved: true},
		})
	var targets []string
	for _, s := range got {
		targets = append(targets, s.Target)
	}
	if strings.Join(targets, "|") != "approved exact|unapproved exact|close" {
		t.Fatalf("ranked = %v", got)
	}
	if got[1].Score != 70 || got[2].Score < 75 {
		t.Fatalf("scores = %+v", got)
	}
}

package a11ycheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// corpusEntry is one small lesson of testdata/problems and what the checker must find in it:
// every listed problem, and nothing else.
type corpusEntry struct {
	File     string         `json:"file"`
	Language string         `json:"language"`
	Expect   map[string]int `json:"expect"` // rule id → findings
}

func loadCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	raw, err := os.ReadFile("testdata/problems/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusEntry
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(fs []Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Rule]++
	}
	return m
}

func TestProblemCorpus(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, e := range loadCorpus(t) {
		src, err := os.ReadFile(filepath.Join("testdata/problems", e.File))
		if err != nil {
			t.Fatal(err)
		}
		r := Check(string(src), Options{Language: e.Language})
		got := count(r.Findings)
		for rule, n := range e.Expect {
			covered[rule] = true
			if _, ok := RuleByID(rule); !ok {
				t.Errorf("%s: corpus expects unknown rule %s", e.File, rule)
			}
			if got[rule] != n {
				t.Errorf("%s: %d %s findings, want %d", e.File, got[rule], rule, n)
			}
		}
		for rule, n := range got {
			if _, ok := e.Expect[rule]; !ok {
				t.Errorf("%s: %d unexpected %s findings", e.File, n, rule)
			}
		}
		if t.Failed() {
			for _, f := range r.Findings {
				t.Logf("%s %d:%d %s %s %v", e.File, f.Start.Line, f.Start.Column, f.Rule, f.Detail, f.Args)
			}
		}
	}
	for _, r := range Rules {
		if !covered[r.ID] {
			t.Errorf("rule %s has no problem in the corpus", r.ID)
		}
	}
}

// Every finding is complete: a rule from the catalogue, a detail of that rule (which the
// interface has words for), a span inside the
// text whose offsets agree with each other.
func TestFindingsAreComplete(t *testing.T) {
	t.Parallel()
	for _, e := range loadCorpus(t) {
		src, _ := os.ReadFile(filepath.Join("testdata/problems", e.File))
		for _, f := range Check(string(src), Options{Language: e.Language}).Findings {
			r, ok := RuleByID(f.Rule)
			if !ok || f.Severity != r.Severity || !slices.Contains(Details[f.Rule], f.Detail) || f.WCAG == "" {
				t.Errorf("%s: incomplete finding %+v", e.File, f)
			}
			if f.Start.Offset > f.End.Offset || f.End.Offset > len(src) || f.Start.Line < 1 || f.Start.Column < 1 {
				t.Errorf("%s: bad span %+v–%+v", e.File, f.Start, f.End)
			}
			if len(f.Fingerprint) != 16 {
				t.Errorf("%s: fingerprint %q", e.File, f.Fingerprint)
			}
		}
	}
}

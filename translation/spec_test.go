package translation

import (
	"encoding/json"
	"os"
	"testing"
)

type specExample struct {
	Markdown string `json:"markdown"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

func loadSpec(t testing.TB) []specExample {
	t.Helper()
	b, err := os.ReadFile("testdata/commonmark-spec.json")
	if err != nil {
		t.Fatalf("read spec examples: %v", err)
	}
	var ex []specExample
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatalf("parse spec examples: %v", err)
	}
	if len(ex) < 600 {
		t.Fatalf("only %d spec examples", len(ex))
	}
	return ex
}

// identityTargets uses every segment's own Source as its target, which
// exercises the whole notation path (escaping, placeholders, breaks).
func identityTargets(d *Document) map[string]string {
	m := map[string]string{}
	for _, s := range d.Segments {
		m[s.ID] = s.Source
	}
	return m
}

// TestSpecRoundTrip: over every CommonMark spec example, the untranslated
// rebuild and the rebuild from the segments' own Source both reproduce the
// input byte for byte, and every segment is consistent.
func TestSpecRoundTrip(t *testing.T) {
	fallbacks, segs := 0, 0
	for _, ex := range loadSpec(t) {
		d, err := SegmentMarkdown([]byte(ex.Markdown))
		if err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		fallbacks += d.fallbacks
		segs += len(d.Segments)
		got, err := d.Rebuild(nil)
		if err != nil || got != ex.Markdown {
			t.Errorf("example %d (%s): Rebuild(nil) = %q, %v; want %q", ex.Example, ex.Section, got, err, ex.Markdown)
			continue
		}
		got, err = d.Rebuild(identityTargets(d))
		if err != nil || got != ex.Markdown {
			t.Errorf("example %d (%s): Rebuild(sources) = %q, %v; want %q", ex.Example, ex.Section, got, err, ex.Markdown)
		}
		checkSegments(t, ex.Example, d)
	}
	t.Logf("%d segments, %d blocks offered as plain text (fallback)", segs, fallbacks)
	if fallbacks > 0 {
		t.Errorf("%d fallback blocks; the inline mapping regressed", fallbacks)
	}
}

func checkSegments(t *testing.T, ex int, d *Document) {
	t.Helper()
	ids := map[string]bool{}
	last := 0 // the last top-level segment
	for i, s := range d.Segments {
		if ids[s.ID] {
			t.Errorf("example %d: duplicate segment id %s", ex, s.ID)
		}
		ids[s.ID] = true
		if err := CheckPlaceholders(s, s.Source); err != nil {
			t.Errorf("example %d segment %d: own source fails: %v (%q)", ex, i, err, s.Source)
		}
		sp := d.spans[i]
		if sp.nested {
			// An alt text inside an image placeholder of the sentence before.
			if i == 0 || sp.start < d.spans[last].start || sp.end > d.spans[last].end {
				t.Errorf("example %d: nested alt text outside its sentence", ex)
			}
			continue
		}
		if i > 0 && sp.start < d.spans[last].end {
			t.Errorf("example %d: segments overlap", ex)
		}
		last = i
	}
}

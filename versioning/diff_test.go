package versioning

import (
	"errors"
	"strings"
	"testing"
)

// rebuild reconstructs both texts from a diff computed with unlimited context.
func rebuild(d Diff) (old, new string) {
	var o, n strings.Builder
	for _, h := range d.Hunks {
		for _, l := range h.Lines {
			nl := "\n"
			if l.NoNewline {
				nl = ""
			}
			if l.Op != Insert {
				o.WriteString(l.Text + nl)
			}
			if l.Op != Delete {
				n.WriteString(l.Text + nl)
			}
		}
	}
	return o.String(), n.String()
}

func segText(segs []Segment, skip Op) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Op != skip {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestComputeDiffLines(t *testing.T) {
	tests := []struct {
		name             string
		old, new         string
		added, removed   int
		unified          string
		wantSegOld       []Segment // segments of the first deleted line, if any
		wantSegNewChange string    // concatenated Insert segments of first inserted line
	}{
		{
			name: "one line changed",
			old:  "a\nb\nc\n", new: "a\nB\nc\n",
			added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
		},
		{
			name: "line added at end",
			old:  "a\nb\n", new: "a\nb\nc\n",
			added:   1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,3 @@\n a\n b\n+c\n",
		},
		{
			name: "line removed at start",
			old:  "a\nb\n", new: "b\n",
			removed: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1 @@\n-a\n b\n",
		},
		{
			name: "from empty",
			old:  "", new: "x\n",
			added:   1,
			unified: "--- old\n+++ new\n@@ -0,0 +1 @@\n+x\n",
		},
		{
			name: "missing final newline added",
			old:  "a\nb", new: "a\nb\n",
			added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			name: "word refined inside line",
			old:  "The quick brown fox jumps.\n", new: "The quick red fox jumps.\n",
			added: 1, removed: 1,
			unified:          "--- old\n+++ new\n@@ -1 +1 @@\n-The quick brown fox jumps.\n+The quick red fox jumps.\n",
			wantSegOld:       []Segment{{Equal, "The quick "}, {Delete, "brown"}, {Equal, " fox jumps."}},
			wantSegNewChange: "red",
		},
		{
			name: "arabic",
			old:  "مرحبا بالعالم\nسطر ثان\n", new: "مرحبا بالجميع\nسطر ثان\n",
			added: 1, removed: 1,
			unified: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n-مرحبا بالعالم\n+مرحبا بالجميع\n سطر ثان\n",
			// go-diff keeps the shared "ع" between the two words.
			wantSegOld:       []Segment{{Equal, "مرحبا بالع"}, {Delete, "الم"}},
			wantSegNewChange: "جمي",
		},
		{
			name: "cjk",
			old:  "我们学习数学。\n", new: "我们学习物理。\n",
			added: 1, removed: 1,
			unified:          "--- old\n+++ new\n@@ -1 +1 @@\n-我们学习数学。\n+我们学习物理。\n",
			wantSegOld:       []Segment{{Equal, "我们学习"}, {Delete, "数学"}, {Equal, "。"}},
			wantSegNewChange: "物理",
		},
		{
			name: "emoji",
			old:  "Smile 😀 please\n", new: "Smile 😎 please\n",
			added: 1, removed: 1,
			unified:          "--- old\n+++ new\n@@ -1 +1 @@\n-Smile 😀 please\n+Smile 😎 please\n",
			wantSegNewChange: "😎",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ComputeDiff(tc.old, tc.new, 3)
			if err != nil {
				t.Fatal(err)
			}
			if d.Identical {
				t.Fatal("Identical set for different texts")
			}
			if d.Added != tc.added || d.Removed != tc.removed {
				t.Errorf("added/removed = %d/%d, want %d/%d", d.Added, d.Removed, tc.added, tc.removed)
			}
			if got := d.Unified(); got != tc.unified {
				t.Errorf("unified:\n%s\nwant:\n%s", got, tc.unified)
			}
			full, err := ComputeDiff(tc.old, tc.new, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			o, n := rebuild(full)
			if o != tc.old || n != tc.new {
				t.Errorf("rebuild = %q, %q; want %q, %q", o, n, tc.old, tc.new)
			}
			var firstDel, firstIns *Line
			for _, h := range d.Hunks {
				for i := range h.Lines {
					l := &h.Lines[i]
					if l.Op == Delete && firstDel == nil {
						firstDel = l
					}
					if l.Op == Insert && firstIns == nil {
						firstIns = l
					}
				}
			}
			if firstDel != nil && firstIns != nil {
				// Paired lines: segments rebuild each side.
				if got := segText(firstDel.Segments, Insert); got != firstDel.Text {
					t.Errorf("old segments rebuild %q, want %q", got, firstDel.Text)
				}
				if got := segText(firstIns.Segments, Delete); got != firstIns.Text {
					t.Errorf("new segments rebuild %q, want %q", got, firstIns.Text)
				}
			}
			if tc.wantSegOld != nil {
				if len(firstDel.Segments) != len(tc.wantSegOld) {
					t.Fatalf("old segments = %+v, want %+v", firstDel.Segments, tc.wantSegOld)
				}
				for i := range tc.wantSegOld {
					if firstDel.Segments[i] != tc.wantSegOld[i] {
						t.Errorf("old segment %d = %+v, want %+v", i, firstDel.Segments[i], tc.wantSegOld[i])
					}
				}
			}
			if tc.wantSegNewChange != "" {
				var ins strings.Builder
				for _, s := range firstIns.Segments {
					if s.Op == Insert {
						ins.WriteString(s.Text)
					}
				}
				if ins.String() != tc.wantSegNewChange {
					t.Errorf("inserted segments = %q, want %q", ins.String(), tc.wantSegNewChange)
				}
			}
		})
	}
}

func TestComputeDiffHunksAndContext(t *testing.T) {
	var old, new strings.Builder
	for i := range 30 {
		line := "line " + string(rune('A'+i%26)) + "\n"
		old.WriteString(line)
		if i == 2 || i == 25 {
			line = "changed\n"
		}
		new.WriteString(line)
	}
	d, err := ComputeDiff(old.String(), new.String(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Hunks) != 2 {
		t.Fatalf("hunks = %d, want 2\n%s", len(d.Hunks), d.Unified())
	}
	h := d.Hunks[0]
	if h.OldStart != 1 || h.OldLines != 6 || h.NewStart != 1 || h.NewLines != 6 {
		t.Errorf("first hunk header = %+v", h)
	}
	h = d.Hunks[1]
	if h.OldStart != 23 || h.OldLines != 7 || h.NewStart != 23 || h.NewLines != 7 {
		t.Errorf("second hunk = -%d,%d +%d,%d", h.OldStart, h.OldLines, h.NewStart, h.NewLines)
	}
	if l := h.Lines[3]; l.Op != Delete || l.OldNo != 26 || l.NewNo != 0 {
		t.Errorf("deleted line = %+v", l)
	}
	// With a wide context both changes share one hunk.
	d, _ = ComputeDiff(old.String(), new.String(), 12)
	if len(d.Hunks) != 1 {
		t.Errorf("hunks with context 12 = %d, want 1", len(d.Hunks))
	}
	// Negative context means the default.
	d, _ = ComputeDiff(old.String(), new.String(), -1)
	if len(d.Hunks) != 2 || len(d.Hunks[0].Lines) != 7 {
		t.Errorf("default context: %d hunks, first has %d lines", len(d.Hunks), len(d.Hunks[0].Lines))
	}
}

func TestComputeDiffIdentical(t *testing.T) {
	for _, s := range []string{"", "same\n", "no newline", "😀\n"} {
		d, err := ComputeDiff(s, s, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Identical || len(d.Hunks) != 0 || d.Added != 0 || d.Removed != 0 || d.Unified() != "" {
			t.Errorf("ComputeDiff(%q, same) = %+v", s, d)
		}
	}
}

func TestComputeDiffInvalidUTF8(t *testing.T) {
	for _, pair := range [][2]string{{"ok\n", "bad \xff\n"}, {"\xc3\x28", "ok"}} {
		if _, err := ComputeDiff(pair[0], pair[1], 3); !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("ComputeDiff(%q, %q) err = %v, want ErrInvalidUTF8", pair[0], pair[1], err)
		}
	}
}

package translation

import (
	"fmt"
	"strings"
	"testing"
)

// alignSummary renders alignments as "kind:old→new" with segment sources.
func alignSummary(as []Alignment) []string {
	var out []string
	for _, a := range as {
		o, n := "-", "-"
		if a.Old != nil {
			o = a.Old.Source
		}
		if a.New != nil {
			n = a.New.Source
		}
		out = append(out, fmt.Sprintf("%s:%s→%s", a.Kind, o, n))
	}
	return out
}

func TestAlign(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"unchanged", "One here. Two here.\n", "One here. Two here.\n",
			[]string{"unchanged:One here.→One here.", "unchanged:Two here.→Two here."}},
		{"minor whitespace and markup", "The cell is small. Next one.\n", "The **cell**  is small. Next one.\n",
			[]string{"minor:The cell is small.→The {1}cell{/1}  is small.", "unchanged:Next one.→Next one."}},
		{"minor url", "See [docs](http://a.org/x). End.\n", "See [docs](https://b.org/y). End.\n",
			[]string{"minor:See {1}docs{/1}.→See {1}docs{/1}.", "unchanged:End.→End."}},
		{"changed", "Plants need water every day. End.\n", "Plants need sunlight every day. End.\n",
			[]string{"changed:Plants need water every day.→Plants need sunlight every day.", "unchanged:End.→End."}},
		{"added", "One here.\n\nThree here.\n", "One here.\n\nTwo is new.\n\nThree here.\n",
			[]string{"unchanged:One here.→One here.", "added:-→Two is new.", "unchanged:Three here.→Three here."}},
		{"removed", "One here.\n\nTwo goes away.\n\nThree here.\n", "One here.\n\nThree here.\n",
			[]string{"unchanged:One here.→One here.", "removed:Two goes away.→-", "unchanged:Three here.→Three here."}},
		{"replaced by something unrelated", "Alpha beta gamma.\n", "Completely different words here.\n",
			[]string{"removed:Alpha beta gamma.→-", "added:-→Completely different words here."}},
		{"reordered", "First para.\n\nSecond para.\n\nThird para.\n", "Third para.\n\nFirst para.\n\nSecond para.\n",
			[]string{"unchanged:Third para.→Third para.", "unchanged:First para.→First para.", "unchanged:Second para.→Second para."}},
		{"reordered and minor", "Apples are red.\n\nPears are green.\n", "Pears are *green*.\n\nApples are red.\n",
			[]string{"minor:Pears are green.→Pears are {1}green{/1}.", "unchanged:Apples are red.→Apples are red."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := alignSummary(Align(mustSegment(t, tt.old), mustSegment(t, tt.new)))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestAlignCoversEverySegment(t *testing.T) {
	old := mustSegment(t, "A one. B two. C three.\n\nD four.\n")
	new := mustSegment(t, "B two. X new. C three!\n\nE five. A one.\n")
	as := Align(old, new)
	seenOld, seenNew := map[string]int{}, map[string]int{}
	for _, a := range as {
		if a.Old != nil {
			seenOld[a.Old.ID]++
		}
		if a.New != nil {
			seenNew[a.New.ID]++
		}
	}
	for _, s := range old.Segments {
		if seenOld[s.ID] != 1 {
			t.Errorf("old %q appears %d times", s.Source, seenOld[s.ID])
		}
	}
	for _, s := range new.Segments {
		if seenNew[s.ID] != 1 {
			t.Errorf("new %q appears %d times", s.Source, seenNew[s.ID])
		}
	}
	if got := Align(nil, new); len(got) != len(new.Segments) || got[0].Kind != Added {
		t.Errorf("Align(nil, new) = %v", alignSummary(got))
	}
}

func TestIsMinorChange(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Hello world", "Hello world", true},
		{"Hello  world ", "Hello world", true},
		{"Hello\nworld", "Hello world", true},
		{"Hello {1}world{/1}", "Hello world", true},
		{"Hello {1}world{/1}", "Hello {2/}world", true},
		{"Visit https://a.org/x now", "Visit https://b.org/y now", true},
		{"Read **this** [page](http://a.org)", "Read this [page](https://b.org)", true},
		{"Hello world", "Hello World", false},
		{"Hello world", "Hello world!", false},
		{"Take 5 mg", "Take 50 mg", false},
		{"helloworld", "hello world", false},
	}
	for _, tt := range tests {
		if got := IsMinorChange(tt.a, tt.b); got != tt.want {
			t.Errorf("IsMinorChange(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWordDiff(t *testing.T) {
	tests := []struct {
		a, b string
		want []DiffPart
	}{
		{"the cat sat", "the dog sat", []DiffPart{{DiffEqual, "the "}, {DiffDelete, "cat"}, {DiffInsert, "dog"}, {DiffEqual, " sat"}}},
		{"same", "same", []DiffPart{{DiffEqual, "same"}}},
		{"", "new words", []DiffPart{{DiffInsert, "new words"}}},
		{"我们学习数学", "我们学习历史", []DiffPart{{DiffEqual, "我们学习"}, {DiffDelete, "数学"}, {DiffInsert, "历史"}}},
		{"أحب العلوم كثيرا", "أحب الرياضيات كثيرا", []DiffPart{{DiffEqual, "أحب "}, {DiffDelete, "العلوم"}, {DiffInsert, "الرياضيات"}, {DiffEqual, " كثيرا"}}},
		{"version 1.2 works", "version 1.3 works", []DiffPart{{DiffEqual, "version "}, {DiffDelete, "1.2"}, {DiffInsert, "1.3"}, {DiffEqual, " works"}}},
	}
	for _, tt := range tests {
		got := WordDiff(tt.a, tt.b)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("WordDiff(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		// The parts always rebuild both texts.
		var oa, ob strings.Builder
		for _, p := range got {
			if p.Op != DiffInsert {
				oa.WriteString(p.Text)
			}
			if p.Op != DiffDelete {
				ob.WriteString(p.Text)
			}
		}
		if oa.String() != tt.a || ob.String() != tt.b {
			t.Errorf("WordDiff(%q, %q) does not rebuild its inputs", tt.a, tt.b)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 100},
		{"abc", "abc", 100},
		{"abc", "", 0},
		{"kitten", "sitting", 57}, // distance 3 over 7
		{"Press F5 to run", "Press F6 to run", 93},
		{"数学很有趣", "数学很难", 60},
		{"مرحبا", "مرحبا!", 83},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); got != tt.want {
			t.Errorf("Similarity(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if Similarity(tt.a, tt.b) != Similarity(tt.b, tt.a) {
			t.Errorf("Similarity(%q, %q) is not symmetric", tt.a, tt.b)
		}
	}
}

func TestDirection(t *testing.T) {
	rtl := []string{"ar", "ar-EG", "he", "fa", "ur", "ckb", "dv", "yi", "ps", "az-Arab", "ku-Arab", "sd"}
	ltr := []string{"en", "fr", "zh-Hans", "ja", "ku", "tr", "", "not a tag!", "az"}
	for _, l := range rtl {
		if Direction(l) != "rtl" {
			t.Errorf("Direction(%q) = %s, want rtl", l, Direction(l))
		}
	}
	for _, l := range ltr {
		if Direction(l) != "ltr" {
			t.Errorf("Direction(%q) = %s, want ltr", l, Direction(l))
		}
	}
}

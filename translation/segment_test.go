package translation

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func mustSegment(t testing.TB, md string) *Document {
	t.Helper()
	d, err := SegmentMarkdown([]byte(md))
	if err != nil {
		t.Fatalf("SegmentMarkdown: %v", err)
	}
	return d
}

func sources(d *Document) []string {
	var out []string
	for _, s := range d.Segments {
		out = append(out, s.Source)
	}
	return out
}

func findSegment(t *testing.T, d *Document, source string) Segment {
	t.Helper()
	for _, s := range d.Segments {
		if s.Source == source {
			return s
		}
	}
	t.Fatalf("no segment %q in %q", source, sources(d))
	return Segment{}
}

func TestSegmentLesson(t *testing.T) {
	b, err := os.ReadFile("testdata/lesson.md")
	if err != nil {
		t.Fatal(err)
	}
	d := mustSegment(t, string(b))
	want := []string{
		"Photosynthesis: how plants {1}make{/1} food",
		"Plants turn light into chemical energy.",
		"Dr. Jane Smith, e.g. in her 2019 paper, calls this {1}the engine of life{/1}.",
		"See {1}the glossary{/1} for terms.",
		"What you need",
		"Sunlight, water and carbon dioxide.",
		"A leaf with chlorophyll (see Fig. 2).",
		"Read the introduction.",
		"Put the plant in the sun.",
		"Wait {1}two{/1} days, then measure with {2/}.",
		"Note: the reaction is\n6 CO₂ + 6 H₂O → C₆H₁₂O₆ + 6 O₂.",
		"Part", "Role", "Leaf", "Catches {1}light{/1}", "Root", "Takes up water",
		"Visit {1/} or {2/} today.",
		"A new line after a hard break.",
		"Use {braces} carefully.",
		"A green leaf", // the image's alt text, a segment of its own
	}
	got := sources(d)
	if strings.Join(got, "\n§") != strings.Join(want, "\n§") {
		t.Fatalf("segments:\n got %q\nwant %q", got, want)
	}
	// Things that must stay in the skeleton.
	for _, s := range d.Segments {
		for _, no := range []string{"not translated", "Raw HTML", "title:", "glossary]:", "print("} {
			if strings.Contains(s.Source, no) {
				t.Errorf("segment %q should not be offered (%s)", s.Source, no)
			}
		}
	}
	link := findSegment(t, d, "See {1}the glossary{/1} for terms.")
	wantPH := []Placeholder{
		{ID: "1", Kind: KindOpen, Bytes: "[", Display: "[link]"},
		{ID: "1", Kind: KindClose, Bytes: `](https://example.org/glossary "Glossary")`, Display: "[/link]"},
	}
	if len(link.Placeholders) != 2 || link.Placeholders[0] != wantPH[0] || link.Placeholders[1] != wantPH[1] {
		t.Errorf("link placeholders = %+v, want %+v", link.Placeholders, wantPH)
	}
	code := findSegment(t, d, "Wait {1}two{/1} days, then measure with {2/}.")
	if p := code.Placeholders[2]; p.Bytes != "`ruler.measure()`" || p.Kind != KindStandalone {
		t.Errorf("code placeholder = %+v", p)
	}
	// Block and order.
	if s := findSegment(t, d, "Plants turn light into chemical energy."); s.Order != 0 {
		t.Errorf("order = %d", s.Order)
	}
	if s := findSegment(t, d, "See {1}the glossary{/1} for terms."); s.Order != 2 || s.Block != 1 {
		t.Errorf("block/order = %d/%d, want 1/2", s.Block, s.Order)
	}
	out, err := d.Rebuild(nil)
	if err != nil || out != string(b) {
		t.Fatalf("Rebuild(nil) differs from the input (err %v)", err)
	}
	out, err = d.Rebuild(identityTargets(d))
	if err != nil || out != string(b) {
		t.Fatalf("Rebuild(sources) differs from the input (err %v)", err)
	}
}

func TestSentenceBoundaries(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string
	}{
		{"english", "One sentence. Two sentences! Three?\n", []string{"One sentence.", "Two sentences!", "Three?"}},
		{"abbreviations", "Mr. Smith met Dr. Jones at No. 5. They talked.\n", []string{"Mr. Smith met Dr. Jones at No. 5.", "They talked."}},
		{"latin abbreviations", "Use tools, e.g. Python, i.e. Code etc. Then stop.\n", []string{"Use tools, e.g. Python, i.e. Code etc. Then stop."}},
		{"figure", "See Fig. 3 for details. Done.\n", []string{"See Fig. 3 for details.", "Done."}},
		{"german", "Das ist z. B. Ein Test. Zweiter Satz.\n", []string{"Das ist z. B. Ein Test.", "Zweiter Satz."}},
		{"initials", "J. R. R. Tolkien wrote books. Many.\n", []string{"J. R. R. Tolkien wrote books.", "Many."}},
		{"arabic question mark", "هل تحب العلوم؟ نعم، أحبها كثيرا.\n", []string{"هل تحب العلوم؟", "نعم، أحبها كثيرا."}},
		{"japanese", "今日は晴れです。明日は雨です。\n", []string{"今日は晴れです。", "明日は雨です。"}},
		{"chinese", "我们学习数学。你好吗？很好！\n", []string{"我们学习数学。", "你好吗？", "很好！"}},
		{"no split inside emphasis", "**Bold one. Bold two.** After.\n", []string{"{1}Bold one. Bold two.{/1}", "After."}},
		{"no split inside link", "[First. Second.](u) Third.\n", []string{"{1}First. Second.{/1}", "Third."}},
		{"split before emphasis", "First. **Second.**\n", []string{"First.", "{1}Second.{/1}"}},
		{"numbers only are skipped", "| a | 2 |\n|---|---|\n| 3.5 | b |\n", []string{"a", "b"}},
		{"soft break", "Line one\ncontinues. Next\none.\n", []string{"Line one\ncontinues.", "Next\none."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustSegment(t, tt.md)
			got := sources(d)
			if strings.Join(got, "§") != strings.Join(tt.want, "§") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if out, _ := d.Rebuild(identityTargets(d)); out != tt.md {
				t.Errorf("identity rebuild = %q", out)
			}
		})
	}
}

func TestPlaceholderKinds(t *testing.T) {
	md := "Hi *a* **b** ~~c~~ `d` ![e](f.png) <https://g.org> <span>h</span> [i][ref] j\\\nk.\n\n[ref]: /x\n"
	d := mustSegment(t, md)
	if len(d.Segments) != 2 || d.Segments[1].Source != "e" {
		t.Fatalf("segments %q (the sentence, then the image's alt text)", sources(d))
	}
	s := d.Segments[0]
	wantSrc := "Hi {1}a{/1} {2}b{/2} {3}c{/3} {4/} {5/} {6/} {7/}h{8/} {9}i{/9} j{10/}k."
	if s.Source != wantSrc {
		t.Fatalf("source = %q, want %q", s.Source, wantSrc)
	}
	want := map[string]string{"4": "`d`", "5": "![e](f.png)", "6": "<https://g.org>", "7": "<span>", "8": "</span>", "10": "\\\n"}
	for _, p := range s.Placeholders {
		if w, ok := want[p.ID]; ok && p.Bytes != w {
			t.Errorf("placeholder %s = %q, want %q", p.ID, p.Bytes, w)
		}
		if p.ID == "9" && p.Kind == KindClose && p.Bytes != "][ref]" {
			t.Errorf("reference link close = %q", p.Bytes)
		}
	}
}

func TestTranslatedRebuild(t *testing.T) {
	md := "# The *red* car\n\nThe **red** car and the _blue_ bike. See [the map](https://example.org/a_(b) \"T\") now.\n"
	d := mustSegment(t, md)
	if got := sources(d); len(got) != 3 {
		t.Fatalf("segments %q", got)
	}
	targets := map[string]string{
		d.Segments[0].ID: "La voiture {1}rouge{/1}",
		// placeholders reordered
		d.Segments[1].ID: "Le vélo {2}bleu{/2} et la voiture {1}rouge{/1}.",
		d.Segments[2].ID: "Voir {1}la carte{/1} maintenant.",
	}
	out, err := d.Rebuild(targets)
	if err != nil {
		t.Fatal(err)
	}
	want := "# La voiture *rouge*\n\nLe vélo _bleu_ et la voiture **rouge**. Voir [la carte](https://example.org/a_(b) \"T\") maintenant.\n"
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
	// Partial translation: missing targets keep the source.
	out, err = d.Rebuild(map[string]string{d.Segments[2].ID: targets[d.Segments[2].ID]})
	if err != nil || !strings.HasPrefix(out, "# The *red* car\n\nThe **red** car and the _blue_ bike. Voir") {
		t.Errorf("partial = %q, %v", out, err)
	}
}

func TestSoftBreaksInTargets(t *testing.T) {
	md := "> Quoted line one\n> and line two.\n\n# Title\n"
	d := mustSegment(t, md)
	if len(d.Segments) != 2 {
		t.Fatalf("segments %q", sources(d))
	}
	out, err := d.Rebuild(map[string]string{
		d.Segments[0].ID: "Zitat eins\nund zwei\nund drei.",
		d.Segments[1].ID: "Titel\nlang",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "> Zitat eins\n> und zwei\n> und drei.\n\n# Titel lang\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestPlaceholderBreakingTargets(t *testing.T) {
	d := mustSegment(t, "Some **bold** and `code` text.\n")
	seg := d.Segments[0]
	if seg.Source != "Some {1}bold{/1} and {2/} text." {
		t.Fatalf("source %q", seg.Source)
	}
	bad := map[string]string{
		"lost":         "Du {1}gras{/1} et du texte.",
		"duplicated":   "Du {1}gras{/1} et {2/} {2/}.",
		"wrong kind":   "Du {1/}gras et {2/}.",
		"close first":  "Du {/1}gras{1} et {2/}.",
		"crossing":     "Du {1}gras {2/}{/1}.{1}",
		"lost closing": "Du {1}gras et {2/}.",
	}
	for name, target := range bad {
		t.Run(name, func(t *testing.T) {
			err := CheckPlaceholders(seg, target)
			if !errors.Is(err, ErrPlaceholders) {
				t.Fatalf("CheckPlaceholders(%q) = %v, want ErrPlaceholders", target, err)
			}
			_, err = d.Rebuild(map[string]string{seg.ID: target})
			if !errors.Is(err, ErrPlaceholders) || !strings.Contains(err.Error(), seg.ID) {
				t.Fatalf("Rebuild error %v should name segment %s", err, seg.ID)
			}
		})
	}
	// Braces that name no placeholder of the segment are text: LaTeX,
	// templates, a lone brace.
	good := []string{"Du {1}gras{/1} et {2/}.", "{2/} puis {1}gras{/1}.", "Texte {{littéral}} {1}gras{/1} {2/}",
		"Accolade seule } ok {1}x{/1}{2/}", "Du {1}gras{/1} et {2/} {x.", "Du {1}gras{/1} et {2/} {3/}.", "$x_{i}$ {1}y{/1}{2/}"}
	for _, g := range good {
		if err := CheckPlaceholders(seg, g); err != nil {
			t.Errorf("CheckPlaceholders(%q) = %v", g, err)
		}
	}
}

func TestRebuildMarked(t *testing.T) {
	d := mustSegment(t, "First one. Second one.\n")
	out, err := d.RebuildMarked(map[string]string{d.Segments[0].ID: "Premier."}, func(s string) string { return "⟦" + s + "⟧" })
	if err != nil {
		t.Fatal(err)
	}
	if want := "Premier. ⟦Second one.⟧\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestInvalidUTF8(t *testing.T) {
	_, err := SegmentMarkdown([]byte("ok\xff\xfe"))
	if !errors.Is(err, ErrInvalidUTF8) || !strings.Contains(err.Error(), "offset 2") {
		t.Fatalf("err = %v", err)
	}
}

func TestStableIDs(t *testing.T) {
	a := mustSegment(t, "Hello world. Same.\n\nSame.\n")
	b := mustSegment(t, "New intro.\n\nHello  world. Same.\n\nSame.\n")
	if a.Segments[1].ID == a.Segments[2].ID {
		t.Fatalf("duplicate text must get distinct ids: %s", a.Segments[1].ID)
	}
	if !strings.HasSuffix(a.Segments[1].ID, "-1") || !strings.HasSuffix(a.Segments[2].ID, "-2") {
		t.Errorf("occurrence suffixes: %s %s", a.Segments[1].ID, a.Segments[2].ID)
	}
	for i := range a.Segments {
		if a.Segments[i].ID != b.Segments[i+1].ID {
			t.Errorf("segment %d id changed: %s → %s", i, a.Segments[i].ID, b.Segments[i+1].ID)
		}
	}
	if a.Segments[0].Hash == b.Segments[1].Hash {
		t.Error("hash must follow the exact bytes (double space)")
	}
	c := mustSegment(t, "Hello world. Same.\n\nSame.\n")
	for i := range a.Segments {
		if a.Segments[i].ID != c.Segments[i].ID {
			t.Error("re-segmenting changed ids")
		}
	}
}

func TestFrontMatterAndSkeleton(t *testing.T) {
	md := "---\ntitle: Hello there\n---\n\nBody text.\n\n    indented code.\n\n<!-- comment -->\n\n---\n\n[x]: http://x.org\n"
	d := mustSegment(t, md)
	if got := sources(d); len(got) != 1 || got[0] != "Body text." {
		t.Fatalf("segments %q", got)
	}
	if out, _ := d.Rebuild(nil); out != md {
		t.Fatal("rebuild differs")
	}
}

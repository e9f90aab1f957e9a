package a11ycheck

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// Offsets count bytes for Go, UTF-16 code units for the browser; both point at the same spot
// after astral characters (emoji) and CJK text.
func TestPositionsCountEveryWay(t *testing.T) {
	t.Parallel()
	prefix := "## Emoji 😀 and 中文\n\nLine with 😀😀 here. "
	src := prefix + "![](a.png)\n"
	fs := Check(src, Options{Language: "en"}).Findings
	var img *Finding
	for i := range fs {
		if fs[i].Rule == ImageAltMissing {
			img = &fs[i]
		}
	}
	if img == nil {
		t.Fatalf("no image finding in %+v", fs)
	}
	if img.Start.Offset != len(prefix) {
		t.Errorf("byte offset %d, want %d", img.Start.Offset, len(prefix))
	}
	if want := len(utf16.Encode([]rune(prefix))); img.Start.Offset16 != want {
		t.Errorf("UTF-16 offset %d, want %d", img.Start.Offset16, want)
	}
	if img.Start.Line != 3 || img.Start.Column != len([]rune("Line with 😀😀 here. "))+1 {
		t.Errorf("line %d column %d", img.Start.Line, img.Start.Column)
	}
	if img.End.Offset != len(prefix)+len("![](a.png)") {
		t.Errorf("end %d", img.End.Offset)
	}
}

// A dismissal is keyed by the fingerprint: it must survive edits elsewhere, change when the
// spot itself changes, and tell two identical spots apart.
func TestFingerprintsSurviveEditsElsewhere(t *testing.T) {
	t.Parallel()
	base := "## Fractions\n\nSee ![](a.png) here.\n\nAnd ![](a.png) again.\n"
	prints := func(src string) []string {
		var out []string
		for _, f := range Check(src, Options{Language: "en"}).Findings {
			out = append(out, f.Fingerprint)
		}
		return out
	}
	before := prints(base)
	if len(before) != 2 || before[0] == before[1] {
		t.Fatalf("two identical images need two fingerprints: %v", before)
	}
	edited := prints("# Title\n\nA new introduction.\n\n" + strings.Replace(base, "here", "over there", 1))
	if strings.Join(edited, ",") != strings.Join(before, ",") {
		t.Errorf("edits elsewhere changed fingerprints: %v → %v", before, edited)
	}
	changed := prints(strings.Replace(base, "![](a.png) here", "![](b.png) here", 1))
	if changed[0] == before[0] {
		t.Errorf("a different image kept the fingerprint")
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"# A\n\n![](x.png)\n", "<video><track kind=captions></video>", "$$\nx\n$$\n", "| |\n|-|\n|a|\n",
		"مرحبا [here](x) THE RED WORDS ARE LOUD", "<span lang=ar>x</span", "[![](a)](b)", "---\ntitle: x\n---\n# y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r := Check(src, Options{Language: "en"})
		for _, x := range r.Findings {
			if x.Start.Offset < 0 || x.End.Offset > len(src) || x.Start.Offset > x.End.Offset {
				t.Fatalf("span %d–%d outside %d bytes", x.Start.Offset, x.End.Offset, len(src))
			}
		}
	})
}

package translation_test

import (
	"regexp"
	"strings"
	"testing"
)

// Formulas are placeholders: their TeX is never offered for translation,
// and "_" inside one never becomes emphasis or a pair of placeholders.
func TestFormulaIsOnePlaceholder(t *testing.T) {
	d := mustDoc(t, "Let $a_1$ and $b_1$ be *small*, and $$\\sum_i x_i$$ their sum.\n\n$$\nx_1 + x_2\n$$\n\n```math\ny_1\n```\n\nDone.\n")
	var sources []string
	for _, s := range d.Segments {
		sources = append(sources, s.Source)
	}
	want := []string{"Let {1/} and {2/} be {3}small{/3}, and {4/} their sum.", "Done."}
	if strings.Join(sources, "|") != strings.Join(want, "|") {
		t.Fatalf("segments %q, want %q", sources, want)
	}
	phs := d.Segments[0].Placeholders
	for i, b := range []string{"$a_1$", "$b_1$", "", "", "$$\\sum_i x_i$$"} {
		if b != "" && phs[i].Bytes != b {
			t.Errorf("placeholder %d covers %q, want %q", i, phs[i].Bytes, b)
		}
	}
	out, err := d.Rebuild(map[string]string{d.Segments[0].ID: "Sean {1/} y {2/} {3}pequeños{/3}, y {4/} su suma."})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "Sean $a_1$ y $b_1$ *pequeños*, y $$\\sum_i x_i$$ su suma.\n\n$$\nx_1 + x_2\n$$\n") {
		t.Errorf("rebuilt %q", out)
	}
}

var (
	mathRe       = regexp.MustCompile(`(?s)<math.*?</math>`)
	annotationRe = regexp.MustCompile(`(?s)<annotation encoding="application/x-tex">(.*?)</annotation>`)
)

// In the lessons with LaTeX, a text translated through and through keeps
// every formula as it was: the same MathML, the same TeX, nothing of the
// translation inside a formula.
func TestLessonFormulasSurviveTranslation(t *testing.T) {
	found := 0
	for name, src := range lessons(t) {
		before := render(t, src)
		formulas := annotationRe.FindAllStringSubmatch(before, -1)
		if len(formulas) == 0 {
			continue
		}
		found++
		t.Run(name, func(t *testing.T) {
			d := mustDoc(t, src)
			targets := map[string]string{}
			for _, s := range d.Segments {
				targets[s.ID] = pseudo(s)
			}
			out, err := d.Rebuild(targets)
			if err != nil {
				t.Fatal(err)
			}
			after := render(t, out)
			got := annotationRe.FindAllStringSubmatch(after, -1)
			if len(got) != len(formulas) {
				t.Fatalf("%d formulas after translation, %d before", len(got), len(formulas))
			}
			for i := range got {
				if got[i][1] != formulas[i][1] {
					t.Errorf("formula %d changed: %q → %q", i, formulas[i][1], got[i][1])
				}
			}
			for _, m := range mathRe.FindAllString(after, -1) {
				if strings.ContainsAny(m, "⟪⟫") || strings.Contains(m, "<em>") {
					t.Errorf("translation or emphasis inside a formula: %.200s", m)
				}
			}
		})
	}
	if found < 2 {
		t.Errorf("%d lessons with formulas in the corpus, want at least 2", found)
	}
}

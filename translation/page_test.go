package translation_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/markdown"
	"github.com/commonplace/commonplace/translation"
)

const spanOpen = `<span class="untranslated" lang="en" dir="ltr">`

func mustDoc(t *testing.T, md string) *translation.Document {
	t.Helper()
	d, err := translation.SegmentMarkdown([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func render(t *testing.T, md string) string {
	t.Helper()
	h, err := markdown.New().Render(md)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

// displayHTML is what a translation page shows: the Markdown rebuilt with
// untranslated runs marked, rendered by the real renderer, marks replaced.
func displayHTML(t *testing.T, d *translation.Document, targets map[string]string) (string, int) {
	t.Helper()
	md, runs, err := d.RebuildForDisplay(targets)
	if err != nil {
		t.Fatal(err)
	}
	return translation.ReplaceMarks(render(t, md), spanOpen, "</span>"), runs
}

var tagRe = regexp.MustCompile(`<(strong|em|a|del|code)[ >]`)

func countTags(html string) map[string]int {
	n := map[string]int{}
	for _, m := range tagRe.FindAllStringSubmatch(html, -1) {
		n[m[1]]++
	}
	return n
}

// Point 6(a): spaces just inside a pair are moved outside on rebuild.
func TestSpaceInsidePlaceholderPair(t *testing.T) {
	d := mustDoc(t, "Some **bold** text.\n")
	out, err := d.Rebuild(map[string]string{d.Segments[0].ID: "Un {1} texto {/1}aquí, {1}y{/1}."})
	if err == nil {
		t.Fatalf("a repeated pair must be refused, got %q", out)
	}
	out, err = d.Rebuild(map[string]string{d.Segments[0].ID: "Un {1} texto {/1}aquí."})
	if err != nil {
		t.Fatal(err)
	}
	if out != "Un **texto** aquí.\n" {
		t.Errorf("rebuilt %q", out)
	}
	if h := render(t, out); !strings.Contains(h, "<strong>texto</strong>") {
		t.Errorf("rendered %s", h)
	}
}

// Point 6(b): a part-translated page keeps every emphasis and link.
func TestPartTranslatedPageKeepsMarkup(t *testing.T) {
	src := "**Note.** This is _one_ sentence. A **\"quoted\"** one, with [a link](https://x.org).\n\n" +
		"Start _here_. Then **there.** And ~~old~~ _snake_case_ too.\n\n" +
		"**Two sentences. In one strong.** After.\n\n* _Item one._ Second.\n"
	d := mustDoc(t, src)
	want := countTags(render(t, src))
	for k := 0; k < 3; k++ { // translate none, every other one, all but one
		targets := map[string]string{}
		for i, s := range d.Segments {
			if k == 1 && i%2 == 0 || k == 2 && i != 3 {
				targets[s.ID] = s.Source
			}
		}
		html, _ := displayHTML(t, d, targets)
		if got := countTags(html); !mapsEqual(got, want) {
			t.Errorf("case %d: tags %v, want %v\n%s", k, got, want, html)
		}
		if strings.Contains(html, "**") || strings.Contains(html, translation.MarkOpen) || strings.Contains(html, translation.MarkClose) {
			t.Errorf("case %d: raw markup or markers shown:\n%s", k, html)
		}
		if k == 0 && !strings.Contains(html, spanOpen) {
			t.Errorf("nothing marked:\n%s", html)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Point 6(c): translating a shortcut reference link keeps the link.
func TestShortcutReferenceLinkTranslated(t *testing.T) {
	d := mustDoc(t, "Open [Options] and [Help][] now.\n\n[Options]: https://x.org/opt\n[help]: https://x.org/help\n")
	s := d.Segments[0]
	if s.Source != "Open {1}Options{/1} and {2}Help{/2} now." {
		t.Fatalf("source %q", s.Source)
	}
	out, err := d.Rebuild(map[string]string{s.ID: "Abre {1}Opciones{/1} y {2}Ayuda{/2} ya."})
	if err != nil {
		t.Fatal(err)
	}
	h := render(t, out)
	for _, want := range []string{`<a href="https://x.org/opt" rel="nofollow noreferrer">Opciones</a>`, `<a href="https://x.org/help" rel="nofollow noreferrer">Ayuda</a>`} {
		if !strings.Contains(h, want) {
			t.Errorf("link lost: %s\n%s", want, h)
		}
	}
	// The same text keeps the shortcut form byte for byte.
	if out, _ := d.Rebuild(map[string]string{s.ID: s.Source}); out != d.Source() {
		t.Errorf("identity rebuild %q", out)
	}
}

// Point 6(d): adjacent untranslated sentences form one isolate.
func TestOneIsolatePerRun(t *testing.T) {
	d := mustDoc(t, "First one. Second one. Third one.\n\nFourth. Fifth.\n")
	targets := map[string]string{d.Segments[2].ID: "الثالثة."}
	html, runs := displayHTML(t, d, targets)
	if runs != 2 {
		t.Errorf("runs = %d, want 2 (sentences 1–2, then 4–5)", runs)
	}
	if !strings.Contains(html, spanOpen+"First one. Second one.</span> الثالثة.") ||
		!strings.Contains(html, spanOpen+"Fourth. Fifth.</span>") {
		t.Errorf("html %s", html)
	}
}

// A marked run never takes half of a pair whose other half is translated.
func TestMarksStayBalanced(t *testing.T) {
	d := mustDoc(t, "*One. Two* three. Four.\n")
	targets := map[string]string{d.Segments[1].ID: "Cuatro."}
	html, _ := displayHTML(t, d, targets)
	if !strings.Contains(html, spanOpen+"<em>One. Two</em> three.</span> Cuatro.") {
		t.Errorf("html %s", html)
	}
	if got := translation.ReplaceMarks("a"+translation.MarkOpen+"<em>b"+translation.MarkClose+"</em>", "<s>", "</s>"); got != "a<em>b</em>" {
		t.Errorf("unbalanced pair kept: %q", got)
	}
}

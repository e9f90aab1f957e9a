package markdown

import (
	"strings"
	"testing"
)

// A picture keeps an alt text with any punctuation (bluemonday's default drops it whole).
func TestAltTextWithPunctuationSurvives(t *testing.T) {
	for _, alt := range []string{"A leaf: rows of green cells", "Is it 50% water?", `The "red" cell; enlarged ×400`} {
		html, err := New().Render("![" + alt + "](leaf.png)")
		if err != nil {
			t.Fatal(err)
		}
		want := `alt="` + strings.NewReplacer(`"`, "&#34;").Replace(alt) + `"`
		if !strings.Contains(string(html), want) {
			t.Errorf("alt %q: got %s", alt, html)
		}
	}
	html, _ := New().Render(`<img src="x.png" alt="x" onerror="alert(1)">`)
	if strings.Contains(string(html), "onerror") {
		t.Errorf("handler kept: %s", html)
	}
}

// On pages, a display formula takes the focus (it may scroll sideways on a phone); inline
// formulas and exports do not.
func TestDisplayFormulaFocusableOnScreens(t *testing.T) {
	src := "Inline $a^2$.\n\n$$a^2 + b^2 = c^2$$\n"
	page, err := New().ForScreens().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), `tabindex="0"`); n != 1 || !strings.Contains(string(page), `<math display="block" tabindex="0">`) {
		t.Errorf("page: %d focusable, %s", n, page)
	}
	plain, _ := New().Render(src)
	if strings.Contains(string(plain), "tabindex") {
		t.Errorf("export: %s", plain)
	}
}

// On pages, a table with a header row scrolls in a focusable box named by that row; a raw HTML
// table without one stays as it is, and nesting keeps every box closed.
func TestTablesScrollInANamedBox(t *testing.T) {
	src := "| Plant | Light |\n|---|---|\n| Bean | 8000 |\n\n<table><tr><td>raw<table><tr><td>inner</td></tr></table></td></tr></table>\n\n| A |\n|---|\n| 1 |\n"
	page, err := New().ForScreens().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if n := strings.Count(s, `<div class="table-scroll" role="region" tabindex="0" aria-labelledby="tbl-`); n != 2 {
		t.Errorf("%d boxes, want 2: %s", n, s)
	}
	if strings.Count(s, "<div") != strings.Count(s, "</div>") || strings.Count(s, "<table") != strings.Count(s, "</table>") {
		t.Errorf("unbalanced: %s", s)
	}
	for _, id := range []string{"-1", "-2"} {
		i := strings.Index(s, `aria-labelledby="tbl-`)
		j := strings.Index(s[i:], `"`+">")
		label := s[i+len(`aria-labelledby="`) : i+j]
		if !strings.HasSuffix(label, id) || !strings.Contains(s, `<tr id="`+label+`">`) {
			t.Errorf("box %s: label %q has no row: %s", id, label, s)
		}
		s = s[i+j:]
	}
	plain, _ := New().Render(src)
	if strings.Contains(string(plain), "table-scroll") {
		t.Errorf("export: %s", plain)
	}
}

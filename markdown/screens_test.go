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

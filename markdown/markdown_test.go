package markdown

import (
	"strings"
	"testing"
)

func TestRenderIsInert(t *testing.T) {
	r := New()
	cases := []struct {
		name, src string
		forbidden []string
	}{
		{"script tag", "Hello <script>alert(1)</script>", []string{"<script", "alert(1)</script>"}},
		{"event handler", `<img src="x.png" onerror="alert(1)">`, []string{"onerror"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"javascript:"}},
		{"javascript autolink html", `<a href="javascript:alert(1)">x</a>`, []string{"javascript:"}},
		{"data html", `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, []string{"data:text/html"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}},
		{"style attr", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"style=", "javascript:"}},
		{"svg", `<svg onload="alert(1)"></svg>`, []string{"onload", "<svg"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := r.Render(c.src)
			if err != nil {
				t.Fatal(err)
			}
			low := strings.ToLower(string(out))
			for _, f := range c.forbidden {
				if strings.Contains(low, strings.ToLower(f)) {
					t.Errorf("output %q contains %q", out, f)
				}
			}
		})
	}
}

func TestRenderGFM(t *testing.T) {
	out, err := New().Render("# Fractions\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ https://example.org\n")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`<h1 id="fractions">Fractions</h1>`, "<table>", `<td align="center">2</td>`, "<del>old</del>", `href="https://example.org"`, `type="checkbox" aria-label="done"`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in %s", want, s)
		}
	}
}

// Real lessons use these; they used to vanish because raw HTML never reached the sanitiser.
func TestRenderKeepsLessonHTML(t *testing.T) {
	src := "3. three\n4. four\n\n<ol start=\"7\"><li>seven</li></ol>\n\n" +
		"Press <kbd>Ctrl</kbd>+<kbd>C</kbd>: H<sub>2</sub>O, x<sup>2</sup><br>next\n\n" +
		"<details><summary>Solution</summary>\n\nIt is *42*.\n\n</details>\n\n```python\nprint(1)\n```\n"
	out, err := New().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`<ol start="3">`, `<ol start="7">`, "<kbd>Ctrl</kbd>", "<sub>2</sub>",
		"<sup>2</sup>", "<br>", "<details><summary>Solution</summary>", "<em>42</em>", `<code class="language-python">`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in %s", want, s)
		}
	}
}

func TestRenderRefusesDisguisedAttributes(t *testing.T) {
	out, err := New().Render(`<ol start="1 onclick=alert(1)"><li>x</li></ol><code class="evil language-go">x</code><kbd onmouseover="alert(1)">k</kbd>`)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, bad := range []string{"onclick", "onmouseover", "evil", "start="} {
		if strings.Contains(s, bad) {
			t.Errorf("output %q contains %q", s, bad)
		}
	}
}

package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

func render(t *testing.T, src string) string {
	t.Helper()
	out, err := New().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestFormulasBecomeMathML(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
		wantNot   []string
	}{
		{"inline", `Let $x_i$ and $y_i$ be _data_.`,
			[]string{`<math><semantics><mrow><msub><mi>x</mi><mi>i</mi></msub>`, "<em>data</em>"},
			[]string{"$", "<em>i"}},
		{"underscores are never emphasis", `$a_1 + b_2 = c_3$ and $d_1$`,
			[]string{"<msub><mi>a</mi><mn>1</mn></msub>"}, []string{"<em>", "$"}},
		{"display on its own lines", "Before\n\n$$\n\\frac{a}{b}\n$$\n\nAfter",
			[]string{`<math display="block">`, "<mfrac><mi>a</mi><mi>b</mi></mfrac>", "<p>After</p>"}, []string{"$$"}},
		{"display on one line", "$$x^2$$\n", []string{`<math display="block">`, "<msup>"}, nil},
		{"display inside a paragraph", "so that\n$$\na=b\n$$\nholds", []string{`<math display="block">`, "holds"}, []string{"$$"}},
		{"math fence", "```math\n\\sqrt{2}\n```\n", []string{`<math display="block">`, "<msqrt><mn>2</mn></msqrt>"}, []string{"<pre>"}},
		{"backtick form", "$`x_{*}`$", []string{"<msub><mi>x</mi><mo>∗</mo></msub>"}, []string{"`"}},
		{"prices stay text", "It costs $5 and $10, between $ 3 and $4.", []string{"$5 and $10", "$ 3 and $4"}, []string{"<math"}},
		{"shell variables stay text", "Use `$filename` then $ ls and echo $HOME", []string{"<code>$filename</code>", "$ ls", "$HOME"}, []string{"<math"}},
		{"escaped dollar", `A \$ sign and \$x\$`, []string{"$ sign", "$x$"}, []string{"<math"}},
		{"unclosed display stays text", "$$\nx\n\nnext", []string{"$$"}, []string{"<math"}},
		{"annotation keeps source", `$a<b$`, []string{`<annotation encoding="application/x-tex">a&lt;b</annotation>`, "<mo>&lt;</mo>"}, nil},
		{"in a table", "| a | b |\n|---|---|\n| $\\alpha$ | $x^2$ |\n", []string{"<td><math>", "<mi>α</mi>"}, nil},
		{"in a list", "- item $e^{i\\pi}$\n", []string{"<li>item <math>"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := render(t, c.src)
			for _, w := range c.want {
				if !strings.Contains(s, w) {
					t.Errorf("missing %q in\n%s", w, s)
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(removeAnnotations(s), w) {
					t.Errorf("unexpected %q in\n%s", w, s)
				}
			}
		})
	}
}

// removeAnnotations drops the TeX source kept in <annotation>, which legitimately holds "$" or
// "`" characters, before looking for leftovers in what readers see.
func removeAnnotations(s string) string {
	for {
		i := strings.Index(s, "<annotation")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "</annotation>")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+len("</annotation>"):]
	}
}

// The sanitiser now lets MathML through, so a hand-written <math> is checked as a browser would
// read it: parsed by the HTML5 tree builder (foreign content rules included), no element or
// attribute may be able to run script.
func TestMathMLCannotCarryScript(t *testing.T) {
	vectors := []string{
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
		`<math href="javascript:alert(1)"><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<math><maction actiontype="statusline#http://evil">x</maction></math>`,
		`<math><annotation-xml encoding="text/html"><script>alert(1)</script></annotation-xml></math>`,
		`<math><semantics><annotation encoding="text/html"><img src=x onerror=alert(1)></annotation></semantics></math>`,
		`<math><mi><svg><style><img src=x onerror=alert(1)></style></svg></mi></math>`,
		`<math><mo style="x:expression(alert(1))">x</mo></math>`,
		`<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">`,
		"$x$<math><mtext><noscript><img src=x onerror=alert(1)></noscript></mtext></math>",
	}
	for _, v := range vectors {
		out := render(t, v)
		doc, err := html.Parse(strings.NewReader("<!doctype html><body>" + out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "style", "iframe", "svg", "maction", "annotation-xml", "mglyph", "textarea", "form", "noscript":
					t.Errorf("vector %q: element <%s> survived in %s", v, n.Data, out)
				}
				for _, a := range n.Attr {
					low := strings.ToLower(a.Key + "=" + a.Val)
					if strings.HasPrefix(a.Key, "on") || strings.Contains(low, "javascript:") || a.Key == "href" || a.Key == "style" {
						t.Errorf("vector %q: attribute %s survived in %s", v, low, out)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
}

// The translation segmenter parses with the same extension: a formula is one node whose Segment
// covers exactly its source, delimiters included, and a display block is a MathBlock.
func TestMathNodesMapToTheirSource(t *testing.T) {
	src := []byte("Let $x_1$ be *small*.\n\n$$\n\\sum_i x_i\n$$\n\n```math\ny\n```\n")
	doc := NewGoldmark().Parser().Parse(text.NewReader(src))
	var inline []string
	blocks := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch m := n.(type) {
		case *MathInline:
			inline = append(inline, string(src[m.Segment.Start:m.Segment.Stop]))
		case *MathBlock:
			blocks++
			if got := string(m.TeX(src)); got != `\sum_i x_i` && got != "y" {
				t.Errorf("block TeX %q", got)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(inline) != 1 || inline[0] != "$x_1$" || blocks != 2 {
		t.Errorf("inline %q, %d blocks", inline, blocks)
	}
}

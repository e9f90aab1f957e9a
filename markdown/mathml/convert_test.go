package mathml

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	cases := []struct {
		tex     string
		display bool
		want    []string
	}{
		{`x^2`, false, []string{`<math><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>`}},
		{`\frac{-b\pm\sqrt{b^2-4ac}}{2a}`, true, []string{`<math display="block">`, "<mfrac>", "<mo>±</mo>", "<msqrt>", "<mo>−</mo>"}},
		{`\sum_{i=1}^{m} x_i`, true, []string{"<munderover><mo>∑</mo>"}},
		{`\sum_{i=1}^{m} x_i`, false, []string{"<msubsup><mo>∑</mo>"}},
		{`\int_0^1 f(x)\,dx`, true, []string{"<msubsup><mo>∫</mo>", `<mspace width="0.1667em">`}},
		{`\lim_{x\to 0}\frac{\sin x}{x}`, true, []string{"<munder><mi>lim</mi>", "<mi>sin</mi><mo>\u2061</mo><mi>x</mi>"}},
		{`\boldsymbol{x}_{i}=(x_{i1};x_{i2})`, false, []string{"<msub><mi>𝒙</mi><mi>i</mi></msub>"}},
		{`\mathcal{X}\mathbb{R}\mathbf{W1}\mathfrak{g}\mathrm{d}x`, false, []string{"<mi>𝒳</mi>", "<mi>ℝ</mi>", "<mi>𝐖</mi><mn>𝟏</mn>", "<mi>𝔤</mi>", `<mi mathvariant="normal">d</mi>`}},
		{`\mathrm{Var}(X)`, false, []string{"<mi>Var</mi>"}},
		{`\text{青绿}`, false, []string{"<mtext>青绿</mtext>"}},
		{`\left(\frac{a}{b}\right)`, false, []string{`<mo fence="true" form="prefix" stretchy="true">(</mo>`, `form="postfix"`}},
		{`(a)`, false, []string{`<mo stretchy="false">(</mo>`}},
		{`\hat{y} \bar{x} \vec{v} \overline{AB}`, false, []string{`<mover accent="true"><mi>y</mi><mo stretchy="false">^</mo></mover>`, `<mo stretchy="true">‾</mo>`}},
		{`\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}`, false, []string{"<mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr>", `<mo fence="true" form="prefix" stretchy="true">(</mo>`}},
		{`\begin{aligned} f(x) &= x^2 \\ &= x \cdot x \end{aligned}`, true, []string{`<mtable displaystyle="true" columnalign="right left"`, "<mtd><mi></mi><mo>=</mo>"}},
		{`|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}`, false, []string{`<mtable columnalign="left left">`, "<mo>≥</mo>", "<mo>&lt;</mo>"}},
		{`a &= b \\ c &= d`, true, []string{`columnalign="right left"`}},
		{`\binom{n}{k}`, false, []string{`<mfrac linethickness="0">`}},
		{`\sqrt[3]{x}`, false, []string{"<mroot><mi>x</mi><mn>3</mn></mroot>"}},
		{`x \not= y \not\in A`, false, []string{"<mo>≠</mo>", "<mo>∉</mo>"}},
		{`f'(x) + g''`, false, []string{"<msup><mi>f</mi><mo>′</mo></msup>", "<mo>′′</mo>"}},
		{`\underset{(w,b)}{\arg\min}`, true, []string{"<munder>"}},
		{`\operatorname*{argmax}_{\theta} L`, true, []string{"<munder><mi>argmax</mi>"}},
		{`\underbrace{a+b}_{n}`, false, []string{"<munder><munder>", "⏟"}},
		{`3.14 + 2`, false, []string{"<mn>3.14</mn>"}},
		{`\frac12`, false, []string{"<mfrac><mn>1</mn><mn>2</mn></mfrac>"}},
		{`{a \over b}`, false, []string{"<mfrac><mi>a</mi><mi>b</mi></mfrac>"}},
		{`\Gamma(\alpha)`, false, []string{`<mi mathvariant="normal">Γ</mi>`, "<mi>α</mi>"}},
		{`\unknowncommand x`, false, []string{"<merror><mtext>\\unknowncommand</mtext></merror>"}},
		{`a < b & c`, false, []string{"<mo>&lt;</mo>"}},
		{`\{x\}`, false, []string{`<mo stretchy="false">{</mo>`}},
		{`\textcircled{1}\textcircled{a}`, false, []string{"<mtext>①</mtext><mtext>ⓐ</mtext>"}},
		{`x % comment`, false, []string{"<mi>x</mi></mrow>"}},
	}
	for _, c := range cases {
		got := Convert(c.tex, c.display)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("Convert(%q, %v):\n got %s\nwant %s", c.tex, c.display, got, w)
			}
		}
		if err := wellFormed(got); err != nil {
			t.Errorf("Convert(%q): not well-formed XML: %v\n%s", c.tex, err, got)
		}
	}
}

// Broken TeX must still give a well-formed element, never a panic, and never hang.
func TestConvertToleratesBrokenInput(t *testing.T) {
	for _, tex := range []string{"", "{", "}", "}}}{{{", `\`, `\frac`, `\frac{`, `\sqrt[`, `\left(`, `\right)`,
		`\begin{matrix}`, `\end{matrix}`, `x^`, `_`, `^^^^`, `a_b_c`, `\begin{array}{`, `&&&\\\\`, `\left.\right.`,
		`\text{`, `\not`, `\operatorname`, strings.Repeat("{", 10000), strings.Repeat(`\frac`, 5000),
		strings.Repeat("x^", 5000), strings.Repeat(`\left(`, 3000), strings.Repeat(`\sqrt[`, 3000)} {
		got := Convert(tex, true)
		if err := wellFormed(got); err != nil {
			t.Errorf("Convert(%.40q): %v", tex, err)
		}
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{`\frac{a}{b}`, `\begin{cases}a&b\\c\end{cases}`, `\left(x\right]`, `x_{i}^{2}`, `\sqrt[3]{\mathbf{x}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tex string) {
		if err := wellFormed(Convert(tex, false)); err != nil {
			t.Fatalf("Convert(%q): %v", tex, err)
		}
	})
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func BenchmarkConvert(b *testing.B) {
	tex := `\hat{\boldsymbol{w}}^{*}=\underset{\hat{\boldsymbol{w}}}{\arg\min}\left(\boldsymbol{y}-\mathbf{X}\hat{\boldsymbol{w}}\right)^{\mathrm{T}}\left(\boldsymbol{y}-\mathbf{X}\hat{\boldsymbol{w}}\right)`
	for b.Loop() {
		Convert(tex, true)
	}
}

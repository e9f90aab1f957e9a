package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// mathElements are the MathML elements package mathml writes; the policy allows these and no
// other MathML (no maction, no href, no annotation-xml, no mglyph).
var mathElements = []string{
	"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup",
	"msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd",
	"mstyle", "mphantom", "merror",
}

var (
	boolValue   = regexp.MustCompile(`^(true|false)$`)
	mathLength  = regexp.MustCompile(`^-?[0-9]*\.?[0-9]+(em|ex|px|pt)$|^0$`)
	alignList   = regexp.MustCompile(`^((left|right|center)( |$))+$`)
	lengthList  = regexp.MustCompile(`^([0-9]*\.?[0-9]+em( |$))+$`)
	languageTag = regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]+$`)
)

// newPolicy is bluemonday's policy for user-generated content, extended with what real lessons
// use: numbered lists that start elsewhere than 1, keyboard keys, code language classes (for
// highlighting) and the MathML of formulas. The sanitiser decides what is safe; the Markdown
// renderer passes raw HTML through to it.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("align").Matching(bluemonday.CellAlign).OnElements("th", "td")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("class").Matching(languageTag).OnElements("code")
	p.AllowElements("kbd")
	// bluemonday's images take an alt text of letters, digits and a little punctuation only and
	// drop any other (a colon, a question mark, quotes): the picture then has no text at all.
	// Attribute values are escaped on output, so any alt text is safe.
	p.AllowAttrs("alt").OnElements("img")
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)

	p.AllowNoAttrs().OnElements(mathElements...)
	p.AllowAttrs("display").Matching(regexp.MustCompile(`^(block|inline)$`)).OnElements("math")
	p.AllowAttrs("encoding").Matching(regexp.MustCompile(`^application/x-tex$`)).OnElements("annotation")
	p.AllowAttrs("mathvariant").Matching(regexp.MustCompile(`^normal$`)).OnElements("mi")
	p.AllowAttrs("stretchy", "fence", "symmetric").Matching(boolValue).OnElements("mo")
	p.AllowAttrs("form").Matching(regexp.MustCompile(`^(prefix|infix|postfix)$`)).OnElements("mo")
	p.AllowAttrs("minsize", "maxsize").Matching(mathLength).OnElements("mo")
	p.AllowAttrs("accent").Matching(boolValue).OnElements("mover")
	p.AllowAttrs("accentunder").Matching(boolValue).OnElements("munder")
	p.AllowAttrs("linethickness").Matching(mathLength).OnElements("mfrac")
	p.AllowAttrs("width").Matching(mathLength).OnElements("mspace")
	p.AllowAttrs("displaystyle").Matching(boolValue).OnElements("mstyle", "mtable")
	p.AllowAttrs("scriptlevel").Matching(regexp.MustCompile(`^[0-2]$`)).OnElements("mstyle")
	p.AllowAttrs("columnalign").Matching(alignList).OnElements("mtable")
	p.AllowAttrs("columnspacing").Matching(lengthList).OnElements("mtable")
	return p
}

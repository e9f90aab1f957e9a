package frontend

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"text/template/parse"

	"golang.org/x/net/html"

	"github.com/commonplace/commonplace/i18n/extract"
)

// Interface text in the templates comes from the catalogues: a test fails
// on a literal word in a text node or in an attribute people read (alt,
// title, aria-label, placeholder, a button's value). Text in code, kbd,
// pre, script and style is not interface text, nor are the names below.
var notInterfaceText = map[string]bool{
	"Commonplace": true, // the name
	"WCAG":        true, "XLIFF 2.0": true, "XLIFF 1.2": true, "PO": true,
}

var letter = regexp.MustCompile(`\p{L}`)

func TestTemplatesHoldNoUntranslatedText(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(Templates, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		src, err := fs.ReadFile(Templates, n)
		if err != nil {
			t.Fatal(err)
		}
		trees, err := extract.ParseTemplate(n, string(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trees {
			for _, lit := range untranslated(skeleton(tr.Root)) {
				t.Errorf("%s (%s): untranslated text %q: use {{t %q}}", n, tr.ParseName, lit, lit)
			}
		}
	}
}

// skeleton is a template's HTML with every action replaced by a NUL byte
// (its output is data or a message, never literal text).
func skeleton(root parse.Node) string {
	var b strings.Builder
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch x := n.(type) {
		case *parse.ListNode:
			if x == nil {
				return
			}
			for _, c := range x.Nodes {
				walk(c)
			}
		case *parse.TextNode:
			b.Write(x.Text)
		case *parse.IfNode:
			walk(x.List)
			walk(x.ElseList)
		case *parse.RangeNode:
			walk(x.List)
			walk(x.ElseList)
		case *parse.WithNode:
			walk(x.List)
			walk(x.ElseList)
		default:
			b.WriteByte(0)
		}
	}
	walk(root)
	return b.String()
}

// untranslated lists the literal words an HTML skeleton shows people.
func untranslated(s string) []string {
	var out []string
	check := func(text string) {
		text = strings.TrimSpace(strings.ReplaceAll(text, "\x00", " "))
		for _, part := range strings.Fields(text) {
			if letter.MatchString(part) && !notInterfaceText[strings.Trim(part, "().,:;·—")] {
				out = append(out, text)
				return
			}
		}
	}
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // inside code, kbd, pre, script or style
	noscript := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			text := string(z.Text())
			switch {
			case noscript:
				out = append(out, untranslated(text)...) // the tokenizer gives its HTML as text
			case skip == 0 && !notInterfaceText[strings.TrimSpace(text)]:
				check(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			noscript = tok.Data == "noscript"
			switch tok.Data {
			case "code", "kbd", "pre", "script", "style":
				if tok.Type == html.StartTagToken {
					skip++
				}
			}
			button := false // an input shown as a button shows its value
			for _, a := range tok.Attr {
				if tok.Data == "input" && a.Key == "type" && (a.Val == "submit" || a.Val == "button") {
					button = true
				}
			}
			for _, a := range tok.Attr {
				switch a.Key {
				case "alt", "title", "aria-label", "placeholder":
					check(a.Val)
				case "value":
					if button {
						check(a.Val)
					}
				}
			}
		case html.EndTagToken:
			noscript = false
			switch z.Token().Data {
			case "code", "kbd", "pre", "script", "style":
				if skip > 0 {
					skip--
				}
			}
		}
	}
}

func TestTheCheckFindsLiterals(t *testing.T) {
	t.Parallel()
	trees, err := extract.ParseTemplate("x", `<noscript><p>Hi</p></noscript><p>Hello {{.Name}}</p><img alt="A cat" src="x"><button aria-label="{{t "Close"}}">{{t "Close"}}</button><input type="submit" value="Go"><kbd>Ctrl</kbd><p>{{if .X}}Yes{{else}}{{t "No"}}{{end}}</p>`)
	if err != nil {
		t.Fatal(err)
	}
	got := untranslated(skeleton(trees["x"].Root))
	want := []string{"Hi", "Hello", "A cat", "Go", "Yes"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("found %q, want %q", got, want)
	}
}

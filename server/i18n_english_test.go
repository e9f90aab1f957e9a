package server_test

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"golang.org/x/net/html"
)

// englishSentences are the English message ids with placeholders ("The image “{image}” has no
// alt text.") as patterns, by language: the ids that language translates differently and whose
// own words are long enough not to match ordinary text by chance. A page's interface text that
// matches one is a sentence left in English, whatever was put in its placeholders.
var englishSentences = struct {
	sync.Mutex
	by map[string][]*regexp.Regexp
}{by: map[string][]*regexp.Regexp{}}

// minSentenceLetters is how many letters of its own a message needs to be looked for inside
// longer text (short ids like "{title}." or "{n} error" are not: the exact-match check covers
// the ones without placeholders).
const minSentenceLetters = 14

func englishPatterns(l *i18n.Locale) []*regexp.Regexp {
	englishSentences.Lock()
	defer englishSentences.Unlock()
	if ps, ok := englishSentences.by[l.Code]; ok {
		return ps
	}
	var ps []*regexp.Regexp
	for _, id := range i18n.MessageIDs() {
		// A plural id is no key of the catalogue (its singular is); both are translated.
		if _, isKey := l.Translation(id); !strings.Contains(id, "{") || isKey && l.T(id) == id {
			continue
		}
		parts := placeholderLeft.Split(id, -1)
		letters := 0
		for i, p := range parts {
			for _, r := range p {
				if unicode.IsLetter(r) {
					letters++
				}
			}
			parts[i] = regexp.QuoteMeta(p)
		}
		if letters < minSentenceLetters {
			continue
		}
		ps = append(ps, regexp.MustCompile(strings.Join(parts, `.+?`)))
	}
	englishSentences.by[l.Code] = ps
	return ps
}

// englishSentenceIn returns the English message s holds (as the id's pattern), if any.
func englishSentenceIn(l *i18n.Locale, s string) string {
	for _, p := range englishPatterns(l) {
		if p.MatchString(s) {
			return p.String()
		}
	}
	return ""
}

// walkPage visits a page's nodes that are not in script, style or code, with the language each
// is in (its nearest lang attribute).
func walkPage(page string, visit func(n *html.Node, lang string)) error {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return err
	}
	var walk func(n *html.Node, in string)
	walk = func(n *html.Node, in string) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "code", "kbd", "pre", "textarea", "datalist":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" {
					in = a.Val
				}
			}
		}
		visit(n, in)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, "")
	return nil
}

// textNodes are a page's text nodes (spaces folded) inside elements of language lang ("" for all).
func textNodes(page, lang string) []string {
	var out []string
	_ = walkPage(page, func(n *html.Node, in string) {
		if n.Type == html.TextNode && (lang == "" || in == lang) {
			if s := strings.Join(strings.Fields(n.Data), " "); s != "" {
				out = append(out, s)
			}
		}
	})
	return out
}

// licenceNames are proper names, the same in every language.
var licenceNames = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range license.All() {
		m[l.Name] = true
	}
	return m
}()

// looksLikeASentence: four words or more of Latin letters, the kind of text a translation
// never leaves the same (names, numbers, codes, licence names and short labels may stay as
// they are).
func looksLikeASentence(s string) bool {
	if licenceNames[s] {
		return false
	}
	words := 0
	for _, w := range strings.Fields(s) {
		letters := 0
		for _, r := range w {
			if unicode.Is(unicode.Latin, r) {
				letters++
			}
		}
		if letters >= 2 {
			words++
		}
	}
	return words >= 4
}

package a11ycheck

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// scripts are the writing systems the language rule tells apart, by their Unicode names (Latin
// first: it is the most common and the cheapest to test).
var scripts = []string{"Latin", "Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Cyrillic", "Greek", "Hebrew",
	"Devanagari", "Bengali", "Thai", "Ethiopic", "Georgian", "Armenian", "Tamil", "Telugu", "Kannada", "Malayalam",
	"Gujarati", "Gurmukhi", "Oriya", "Sinhala", "Khmer", "Lao", "Myanmar", "Tibetan", "Thaana", "Syriac", "Mongolian"}

// byISO maps ISO 15924 codes (what golang.org/x/text/language says a language is written in)
// to Unicode script names; Japanese and Korean mix several.
var byISO = map[string][]string{
	"Latn": {"Latin"}, "Hans": {"Han"}, "Hant": {"Han"}, "Hani": {"Han"}, "Jpan": {"Han", "Hiragana", "Katakana"},
	"Kore": {"Hangul", "Han"}, "Hang": {"Hangul"}, "Arab": {"Arabic"}, "Cyrl": {"Cyrillic"}, "Grek": {"Greek"},
	"Hebr": {"Hebrew"}, "Deva": {"Devanagari"}, "Beng": {"Bengali"}, "Thai": {"Thai"}, "Ethi": {"Ethiopic"},
	"Geor": {"Georgian"}, "Armn": {"Armenian"}, "Taml": {"Tamil"}, "Telu": {"Telugu"}, "Knda": {"Kannada"},
	"Mlym": {"Malayalam"}, "Gujr": {"Gujarati"}, "Guru": {"Gurmukhi"}, "Orya": {"Oriya"}, "Sinh": {"Sinhala"},
	"Khmr": {"Khmer"}, "Laoo": {"Lao"}, "Mymr": {"Myanmar"}, "Tibt": {"Tibetan"}, "Thaa": {"Thaana"},
	"Syrc": {"Syriac"}, "Mong": {"Mongolian"},
}

// isoOf names a Unicode script by its ISO 15924 code, which a finding carries (the interface
// writes the script's name in the reader's language); kana are one script to a reader.
var isoOf = func() map[string]string {
	m := map[string]string{"Han": "Hani", "Hiragana": "Kana", "Katakana": "Kana", "Hangul": "Hang"}
	for iso, names := range byISO {
		if len(names) == 1 && m[names[0]] == "" {
			m[names[0]] = iso
		}
	}
	return m
}()

// minLetters is how long a run of another script must be to count as a passage. A single
// Chinese, Japanese or Korean character is already a word; a lone Greek letter is usually a
// symbol (π, θ), so Greek needs a word of four letters; Latin words inside a text in another
// script are mostly names and technical terms (GitHub, Python), which WCAG 3.1.2 exempts, so
// Latin needs a passage: four words or more.
func minLetters(script string) int {
	switch script {
	case "Han", "Hiragana", "Katakana", "Hangul":
		return 1
	case "Greek":
		return 4
	case "Latin":
		return 16
	}
	return 2
}

const minLatinWords = 4

// latinFunctionWords are short words running text in English, Spanish, French, Portuguese,
// German or Italian is full of and names and titles are not ("The Alan Turing Institute", "Why
// Most Published Research Findings Are False"): a Latin passage needs two of them, in lower case,
// to count as a sentence in another language.
var latinFunctionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an and or of to in on at for with is are was be it that this by from as not you we they
		el la los las y o de del en un una que es por con para se no su al lo
		le les et ou des du une est dans pour avec sur pas au qui ce il
		os as um uma em do da dos das não com
		der die das und ist nicht mit ein eine zu von den
		il di che è per non con gli`) {
		latinFunctionWords[w] = true
	}
}

// functionWords counts the lower-case function words of a passage.
func functionWords(s string) int {
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		if latinFunctionWords[w] {
			n++
		}
	}
	return n
}

func scriptOf(r rune) string {
	if r < 0x80 {
		if unicode.IsLetter(r) {
			return "Latin"
		}
		return ""
	}
	if !unicode.IsLetter(r) {
		return ""
	}
	for _, s := range scripts {
		if unicode.Is(unicode.Scripts[s], r) {
			return s
		}
	}
	return ""
}

// ownScripts are the scripts the text's language is written in: from its tag, or, when that
// says nothing, the script most of its letters are in.
func (c *checker) ownScripts() map[string]bool {
	out := map[string]bool{}
	if t, err := language.Parse(c.opts.Language); err == nil && c.opts.Language != "" {
		if s, conf := t.Script(); conf != language.No {
			for _, name := range byISO[s.String()] {
				out[name] = true
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	counts := map[string]int{}
	for _, p := range c.prose {
		for _, r := range string(p.text) {
			if s := scriptOf(r); s != "" {
				counts[s]++
			}
		}
	}
	best := ""
	for _, s := range scripts {
		if counts[s] > counts[best] {
			best = s
		}
	}
	if best != "" {
		out[best] = true
	}
	return out
}

// addresses are left out of the language check: they are in Latin letters in any text.
var addresses = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+|\S+@\S+\.\w+`)

// checkLanguage finds runs of letters in a script the text's language is not written in, and
// flags those not inside an element that marks their language. Spaces, digits and punctuation
// continue a run; a letter of another script ends it.
func (c *checker) checkLanguage() {
	own := c.ownScripts()
	if len(own) == 0 {
		return
	}
	docLang := ""
	if c.opts.Language != "" {
		if t, err := language.Parse(c.opts.Language); err == nil {
			docLang = t.String()
		}
	}
	for _, p := range c.prose {
		text := string(p.text)
		if strings.Contains(text, "://") || strings.Contains(text, "www.") || strings.Contains(text, "@") {
			text = addresses.ReplaceAllStringFunc(text, func(s string) string { return strings.Repeat(" ", len(s)) })
		}
		type run struct {
			script         string
			start, end     int // byte indexes into text
			letters, words int
			inWord         bool
		}
		var cur run
		flush := func() {
			if cur.script == "" || own[cur.script] {
				return
			}
			if cur.letters < minLetters(cur.script) || (cur.script == "Latin" && (cur.words < minLatinWords || functionWords(text[cur.start:cur.end]) < 2)) {
				return
			}
			start, end := p.span(cur.start, cur.end)
			if c.marked(start, end) {
				return
			}
			passage := strings.TrimSpace(text[cur.start:cur.end])
			detail, args := DetailUnmarkedPassage, []string{"passage", shorten(passage, 50), "script", isoOf[cur.script]}
			if docLang != "" {
				detail, args = DetailUnmarkedInLanguage, append(args, "language", docLang)
			}
			c.add(LanguageUnmarked, detail, start, end, passage, args...)
		}
		for i, r := range text {
			s := scriptOf(r)
			if s == "" {
				if unicode.Is(unicode.Inherited, r) || r == '\'' || r == '’' || r == '-' {
					continue // combining marks and apostrophes stay within a word
				}
				cur.inWord = false
				continue
			}
			if s != cur.script && !(sameFamily(s, cur.script) && !own[s]) {
				flush()
				cur = run{script: s, start: i}
			}
			cur.end = i + len(string(r))
			cur.letters++
			if !cur.inWord {
				cur.words++
			}
			cur.inWord = true
		}
		flush()
	}
}

// sameFamily joins the scripts Japanese mixes into one run (a Japanese sentence in an English
// text is one passage, not one per script).
func sameFamily(a, b string) bool {
	jp := map[string]bool{"Han": true, "Hiragana": true, "Katakana": true}
	return jp[a] && jp[b]
}

package server_test

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/commonplace/commonplace/i18n"
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

package search

import (
	"strings"

	"golang.org/x/text/language"
)

// configs maps a primary language subtag to PostgreSQL's built-in
// text-search configuration for it (PostgreSQL 13–17 ship these 28 plus
// "simple"). A language without one is indexed with "simple": words are
// lower-cased, never stemmed.
var configs = map[string]string{
	"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
	"en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
	"hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
	"no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ro": "romanian",
	"ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

// Simple is the configuration of languages PostgreSQL has no stemmer for.
const Simple = "simple"

// Configs lists every configuration a document may be indexed with, each
// once, "simple" last: a query is parsed once per configuration and each
// parse is matched only against documents of that configuration, so that
// a Spanish stem never matches an English word that happens to share it.
func Configs() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range configs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sortStrings(out)
	return append(out, Simple)
}

// ConfigFor is the configuration a resource in the BCP 47 language tag is
// indexed with.
func ConfigFor(tag string) string {
	if c, ok := configs[Primary(tag)]; ok {
		return c
	}
	return Simple
}

// Primary is a tag's primary language subtag in lower case ("es-MX" → "es",
// "zh-Hans" → "zh"), or the lower-cased tag when it does not parse.
func Primary(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		if i := strings.IndexByte(tag, '-'); i > 0 {
			tag = tag[:i]
		}
		return strings.ToLower(tag)
	}
	b, _ := t.Base()
	return b.String()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

package license

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// languageName gives the English name of a BCP 47 tag ("fr" → "French", "pt-BR" → "Brazilian
// Portuguese"), or "" when the tag is empty or not understood.
func languageName(tag string) string {
	if strings.TrimSpace(tag) == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	return display.English.Languages().Name(t)
}

// article picks "a" or "an" for a language name by its sound, not just its first letter:
// "an English", "an Urdu", but "a Ukrainian", "a European Portuguese".
func article(name string) string {
	lower := strings.ToLower(name)
	for _, p := range []string{"uk", "uy", "uni", "eu"} {
		if strings.HasPrefix(lower, p) {
			return "a"
		}
	}
	if lower != "" && strings.ContainsRune("aeiou", rune(lower[0])) {
		return "an"
	}
	return "a"
}

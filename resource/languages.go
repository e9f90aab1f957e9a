package resource

import (
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// LanguageChoice is one language offered by name in a picker.
type LanguageChoice struct {
	Tag     string // canonical BCP 47 tag
	Name    string // English name from CLDR ("Brazilian Portuguese")
	Autonym string // its name in itself ("português"), "" when CLDR has none
}

// Label is how a picker shows and accepts the language: "Spanish (es)".
// LanguageFromInput reads it back.
func (c LanguageChoice) Label() string { return c.Name + " (" + c.Tag + ")" }

// languageIndex holds the CLDR names (golang.org/x/text/language/display)
// once: the choices a picker offers and every name that maps to a tag.
type languageIndex struct {
	choices []LanguageChoice
	byName  map[string]string // lower-case English name or autonym → tag
}

var languages = sync.OnceValue(buildLanguageIndex)

func buildLanguageIndex() languageIndex {
	ix := languageIndex{byName: map[string]string{}}
	en := display.English.Tags()
	tags := display.Values.Tags()
	// Plain languages claim a name before regional variants do.
	sort.SliceStable(tags, func(i, j int) bool {
		return !strings.Contains(tags[i].String(), "-") && strings.Contains(tags[j].String(), "-")
	})
	for _, t := range tags {
		tag, err := CanonicalLanguage(t.String())
		if err != nil {
			continue
		}
		name, self := en.Name(t), display.Self.Name(t)
		if name == "" {
			continue
		}
		for _, n := range []string{name, self} {
			if k := strings.ToLower(n); n != "" {
				if _, taken := ix.byName[k]; !taken {
					ix.byName[k] = tag
				}
			}
		}
		// Offered: the languages CLDR has locale data for (they have a name
		// in themselves) and the named regional variants (pt-BR, es-419…).
		if self != "" || strings.Contains(tag, "-") {
			ix.choices = append(ix.choices, LanguageChoice{Tag: tag, Name: name, Autonym: self})
		}
	}
	col := collate.New(language.English, collate.Loose)
	sort.SliceStable(ix.choices, func(i, j int) bool { return col.CompareString(ix.choices[i].Name, ix.choices[j].Name) < 0 })
	return ix
}

// LanguageChoices lists the languages pickers offer, sorted by English name.
// The slice is shared: do not modify it.
func LanguageChoices() []LanguageChoice { return languages().choices }

// LanguageLabel is the picker's text for a tag ("Spanish (es)"), or the tag
// itself when it has no name.
func LanguageLabel(tag string) string {
	if tag == "" {
		return ""
	}
	name := LanguageName(tag)
	if name == tag {
		return tag
	}
	return name + " (" + tag + ")"
}

// LanguageFromInput reads what a person typed in a language picker: a
// picker label ("Spanish (es)"), a BCP 47 tag, or a language's English name
// or name in itself, in any case ("spanish", "Español"). It returns the
// canonical tag, or the input trimmed and unchanged when it names no
// language, so that validation reports it in the person's own words.
func LanguageFromInput(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if i := strings.LastIndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		if tag, err := CanonicalLanguage(s[i+1 : len(s)-1]); err == nil {
			return tag
		}
	}
	if tag, err := CanonicalLanguage(s); err == nil {
		return tag
	}
	if tag, ok := languages().byName[strings.ToLower(s)]; ok {
		return tag
	}
	return s
}

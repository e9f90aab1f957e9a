package a11ytext

import (
	"sort"
	"strconv"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/i18n"
)

// Finding is a finding with its words in one language. The codes (rule, detail, args) stay as
// a11ycheck gives them, for programs; the words are for people.
type Finding struct {
	a11ycheck.Finding
	Title   string `json:"title"`
	Message string `json:"message"` // what was found, quoting the spot
	Why     string `json:"why"`
	Fix     string `json:"fix"`
}

// Dismissed is a dismissed finding with its words.
type Dismissed struct {
	Finding
	Dismissal a11ycheck.Dismissal
}

// Words writes a finding in loc's language.
func Words(loc *i18n.Locale, f a11ycheck.Finding) Finding {
	return Finding{Finding: f, Title: Title(loc, f.Rule), Message: Message(loc, f), Why: Why(loc, f.Rule), Fix: Fix(loc, f.Rule)}
}

// List writes findings in loc's language.
func List(loc *i18n.Locale, fs []a11ycheck.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, Words(loc, f))
	}
	return out
}

// DismissedList writes dismissed findings in loc's language.
func DismissedList(loc *i18n.Locale, ds []a11ycheck.Dismissed) []Dismissed {
	out := make([]Dismissed, 0, len(ds))
	for _, d := range ds {
		out = append(out, Dismissed{Finding: Words(loc, d.Finding), Dismissal: d.Dismissal})
	}
	return out
}

// Title is a rule's short name; an unknown rule is named by its id.
func Title(loc *i18n.Locale, rule string) string {
	if w, ok := rules[rule]; ok {
		return loc.T(w.title)
	}
	return rule
}

// word is the translation of the message m holds for key, or key itself when m has none.
func word(loc *i18n.Locale, m map[string]string, key string) string {
	if id, ok := m[key]; ok {
		return loc.T(id)
	}
	return key
}

// Why says why a rule matters.
func Why(loc *i18n.Locale, rule string) string { return loc.T(rules[rule].why) }

// Fix says how to fix what a rule finds.
func Fix(loc *i18n.Locale, rule string) string { return loc.T(rules[rule].fix) }

// Severity names a severity.
func Severity(loc *i18n.Locale, s a11ycheck.Severity) string {
	return word(loc, severities, string(s))
}

// Message is a finding's sentence: what was found, with its values.
func Message(loc *i18n.Locale, f a11ycheck.Finding) string {
	kv := make([]any, 0, 2*len(f.Args))
	keys := make([]string, 0, len(f.Args))
	for k := range f.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := f.Args[k]
		switch k {
		case "script":
			v = ScriptName(loc, v)
		case "language":
			v = loc.LanguageName(v)
		case "level", "previous":
			if n, err := strconv.Atoi(v); err == nil {
				v = loc.Number(n)
			}
		}
		kv = append(kv, k, v)
	}
	if p, ok := plurals[f.Detail]; ok {
		n, _ := strconv.Atoi(f.Args["n"])
		return loc.N(p[0], p[1], n, kv...)
	}
	if id, ok := details[f.Detail]; ok {
		return loc.T(id, kv...)
	}
	return Title(loc, f.Rule)
}

// scriptNames are the scripts whose CLDR name says little to most readers ("Han", "Katakana"
// for all kana); the others are named by CLDR in the reader's language.
var scriptNames = map[string]string{
	"Hani": i18n.M("Chinese characters (Han)"),
	"Kana": i18n.M("Japanese kana"),
	"Hang": i18n.M("Korean Hangul"),
}

// ScriptName names an ISO 15924 script for the reader: "the Arabic script".
func ScriptName(loc *i18n.Locale, code string) string {
	if _, ok := scriptNames[code]; ok {
		return word(loc, scriptNames, code)
	}
	s, err := language.ParseScript(code)
	if err != nil {
		return code
	}
	name := display.Scripts(loc.Tag).Name(s)
	if name == "" {
		name = code
	}
	return loc.T("the {name} script", "name", name)
}

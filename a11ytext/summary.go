package a11ytext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/i18n"
)

// featureWords say what a claimed schema.org feature means to a reader.
var featureWords = map[string]string{
	"alternativeText":      i18n.M("images have text alternatives"),
	"structuralNavigation": i18n.M("headings are in order"),
	"MathML":               i18n.M("formulas are MathML, readable by screen readers"),
	"captions":             i18n.M("videos have captions"),
	"transcript":           i18n.M("recordings have transcripts"),
}

// terms name the schema.org accessibility vocabulary for people (the JSON-LD keeps the terms).
var terms = map[string]string{
	"textual":                       i18n.M("text"),
	"visual":                        i18n.M("images"),
	"auditory":                      i18n.M("sound"),
	"colorDependent":                i18n.M("colour"),
	"displayTransformability":       i18n.M("text can be enlarged and restyled"),
	"structuralNavigation":          i18n.M("headings in order"),
	"alternativeText":               i18n.M("text alternatives for images"),
	"MathML":                        i18n.M("formulas in MathML"),
	"captions":                      i18n.M("captions"),
	"transcript":                    i18n.M("transcripts"),
	"none":                          i18n.M("none"),
	"unknownFlashingHazard":         i18n.M("may flash (not checked)"),
	"unknownMotionSimulationHazard": i18n.M("may simulate motion (not checked)"),
	"unknownSoundHazard":            i18n.M("may play sound (not checked)"),
}

// Term names one schema.org accessibility term for people; an unknown one stays as it is.
func Term(loc *i18n.Locale, term string) string { return word(loc, terms, term) }

// Terms names a list of terms, joined as a list in the reader's language.
func Terms(loc *i18n.Locale, list []string) string {
	out := make([]string, 0, len(list))
	for _, t := range list {
		out = append(out, Term(loc, t))
	}
	return strings.Join(out, loc.T(", "))
}

// Sufficient names the sets of modes that suffice: "text; or images + text".
func Sufficient(loc *i18n.Locale, sets [][]string) string {
	out := make([]string, 0, len(sets))
	for _, set := range sets {
		names := make([]string, 0, len(set))
		for _, t := range set {
			names = append(names, Term(loc, t))
		}
		out = append(out, strings.Join(names, " + "))
	}
	return strings.Join(out, loc.T("; or "))
}

// Summary is accessibilitySummary in loc's language: what a reader can expect, and what the
// checker still finds.
func Summary(loc *i18n.Locale, m a11ycheck.Metadata) string {
	var good []string
	for _, f := range m.AccessibilityFeature {
		if id, ok := featureWords[f]; ok {
			good = append(good, loc.T(id))
		}
	}
	// Not schema.org features, but worth saying.
	if m.Summary.TablesHaveHeaders {
		good = append(good, loc.T("tables have header rows"))
	}
	if m.Summary.PassagesMarked {
		good = append(good, loc.T("passages in other languages are marked"))
	}
	first := loc.T("Text that can be enlarged, restyled and read aloud.")
	if len(good) > 0 {
		first = loc.T("Text that can be enlarged, restyled and read aloud; {features}.", "features", strings.Join(good, loc.T("; ")))
	}
	if m.Summary.Open == 0 {
		return loc.T("{sentence} {next}", "sentence", first, "next", loc.T("Commonplace's accessibility checker finds no open problems."))
	}
	titles := make([]string, 0, len(m.Summary.OpenRules))
	for _, r := range m.Summary.OpenRules {
		titles = append(titles, lowerFirst(Title(loc, r)))
	}
	next := loc.N("Commonplace's accessibility checker finds {n} open problem: {problems}.",
		"Commonplace's accessibility checker finds {n} open problems: {problems}.", m.Summary.Open,
		"problems", strings.Join(titles, loc.T("; ")))
	return loc.T("{sentence} {next}", "sentence", first, "next", next)
}

// lowerFirst puts a title inside a sentence ("image without alt text"); scripts without case
// are unchanged.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

package web

import (
	"regexp"

	"github.com/commonplace/commonplace/i18n"
)

// Error messages shown to people on pages come from the application in
// English (the API keeps them, with stable codes, for programs). Pages show
// them in the reader's language: a message the catalogue knows is
// translated as it is; the ones that carry a number are matched by pattern
// and translated with the number as a placeholder. Any other message is
// said by its code (codeMessages, in error_codes.go), less precisely but in
// the reader's language: no English reaches a page in another language.

// ErrorText is an error's message for people in loc's language (the JSON API sends it beside
// the English message, for the browser bundle to show).
func ErrorText(loc *i18n.Locale, code, msg string) string {
	return formMessage(loc, code, sentence(msg))
}

// formMessage is an error message in loc's language; code is the error's
// stable code, for the messages the catalogue does not know word for word.
func formMessage(loc *i18n.Locale, code, msg string) string {
	for _, p := range formPatterns {
		if m := p.re.FindStringSubmatch(msg); m != nil {
			kv := make([]any, 0, 2*len(p.names))
			for i, n := range p.names {
				kv = append(kv, n, m[i+1])
			}
			return loc.T(p.msgid, kv...)
		}
	}
	if _, known := loc.Translation(msg); known || loc.Code == i18n.Source {
		return loc.T(msg)
	}
	return codeMessage(loc, code)
}

var formPatterns = []struct {
	re    *regexp.Regexp
	msgid string
	names []string
}{
	{regexp.MustCompile(`^Must be at most (\d+) characters \(got (\d+)\)$`), i18n.M("Must be at most {max} characters (got {n})"), []string{"max", "n"}},
	{regexp.MustCompile(`^Must be at most (\d+) characters$`), i18n.M("Must be at most {max} characters"), []string{"max"}},
	{regexp.MustCompile(`^Too many sign-in attempts; try again in (\d+) seconds$`), i18n.M("Too many sign-in attempts; try again in {n} seconds"), []string{"n"}},
	{regexp.MustCompile(`^too many sign-in attempts; try again in (\d+) seconds$`), i18n.M("Too many sign-in attempts; try again in {n} seconds"), []string{"n"}},
	{regexp.MustCompile(`^[Tt]oo many name changes; try again in (\d+) seconds$`), i18n.M("Too many name changes; try again in {n} seconds"), []string{"n"}},
	{regexp.MustCompile(`^[Tt]oo many e-mail changes; try again in (\d+) seconds$`), i18n.M("Too many e-mail changes; try again in {n} seconds"), []string{"n"}},
	{regexp.MustCompile(`^[Tt]oo many confirmation links; try again in (\d+) seconds$`), i18n.M("Too many confirmation links; try again in {n} seconds"), []string{"n"}},
	{regexp.MustCompile(`^"([^"]*)" is not a language we know: pick one from the list or type a BCP 47 tag \(examples: en, fr-CA, ar, zh-Hans\)$`),
		i18n.M("“{value}” is not a language we know: pick one from the list or type a BCP 47 tag (examples: en, fr-CA, ar, zh-Hans)"), []string{"value"}},
	{regexp.MustCompile(`^"([^"]*)" names no language \(examples: en, fr-CA, ar, zh-Hans\)$`),
		i18n.M("“{value}” names no language (examples: en, fr-CA, ar, zh-Hans)"), []string{"value"}},
}

// The form messages the application sends as they are (field prefix taken
// off, first letter capitalised by formErrors), marked for the catalogue.
var _ = []string{
	i18n.M("Must be 2–30 letters, digits, '-' or '_', starting with a letter or digit"),
	i18n.M("Must be an email address such as amina@example.org"),
	i18n.M("Must be at least 10 characters"),
	i18n.M("Must be at most 256 bytes"),
	i18n.M("Is required, at most 100 characters"),
	i18n.M("Is already taken"),
	i18n.M("wrong handle, email or password"),
	i18n.M("Is required"),
	i18n.M("Is required: pick a language from the list or type a BCP 47 tag such as en, fr-CA or ar"),
	i18n.M("Is required: an SPDX id such as CC-BY-4.0"),
	i18n.M("Must be valid UTF-8"),
	i18n.M("Must not contain control characters"),
	i18n.M("Is required: say in a few words what you propose"),
	i18n.M("Is required: say what this version is (e.g. “Ready for term 2”)"),
	i18n.M("Is required: write your comment"),
	i18n.M("Is required: describe the picture for people who cannot see it"),
	i18n.M("Say what needs changing when sending a segment back"),
	i18n.M("your role does not allow this"),
	i18n.M("sign in or send an Authorization: Bearer token"),
}

package resource

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/commonplace/commonplace/license"
)

// Limits on what a resource may hold. Content is bounded so one resource
// cannot exhaust memory in the live editor.
const (
	MaxTitle       = 200
	MaxSummary     = 2000
	MaxContent     = 2 << 20
	MaxSubjects    = 20
	MaxSubjectLen  = 60
	DefaultLicense = "CC-BY-4.0"
)

// ValidationError names the field at fault and what is allowed.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// ErrInvalid is wrapped by every ValidationError check, for errors.Is.
var ErrInvalid = errors.New("invalid field")

// Is lets errors.Is(err, ErrInvalid) match any ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// CanonicalLanguage validates a BCP 47 tag and returns its canonical form
// ("pt-br" → "pt-BR"). "und" and private-use-only tags are refused: a
// resource's language drives lang, dir and translation pairs.
func CanonicalLanguage(tag string) (string, error) {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return "", invalid("language", "is required: pick a language from the list or type a BCP 47 tag such as en, fr-CA or ar")
	}
	t, err := language.Parse(tag)
	if err != nil {
		return "", invalid("language", "%q is not a language we know: pick one from the list or type a BCP 47 tag (examples: en, fr-CA, ar, zh-Hans)", tag)
	}
	// Base() guesses a language for "und"; only an explicit one counts.
	if base, conf := t.Base(); conf != language.Exact || base.String() == "und" || strings.HasPrefix(t.String(), "und") {
		return "", invalid("language", "%q names no language (examples: en, fr-CA, ar, zh-Hans)", tag)
	}
	return t.String(), nil
}

// Direction is "rtl" for languages written right to left, else "ltr".
func Direction(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "ltr"
	}
	script, _ := t.Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return "rtl"
	}
	return "ltr"
}

// Apply validates f and writes it onto r. Every field is checked and every
// fault reported at once (a ValidationErrors in form order, or one
// *ValidationError); on error r is unchanged.
func (r *Resource) Apply(f Fields) error {
	next, errs := r.applied(f)
	if len(errs) > 0 {
		return errs.Err()
	}
	*r = next
	return nil
}

// ApplyNew is Apply for a resource being created: besides the fields' own
// faults it reports the required fields that are still missing, all in
// one answer.
func (r *Resource) ApplyNew(f Fields) error {
	next, errs := r.applied(f)
	for _, e := range next.missing() {
		if !errs.Has(e.Field) {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		errs.sortByField()
		return errs.Err()
	}
	*r = next
	return nil
}

// applied checks every field of f and returns r with the valid ones written.
func (r *Resource) applied(f Fields) (Resource, ValidationErrors) {
	next := *r
	var errs ValidationErrors
	add := func(err error) {
		var ve *ValidationError
		if errors.As(err, &ve) {
			errs = append(errs, ve)
		}
	}
	if f.Title != nil {
		t := strings.TrimSpace(*f.Title)
		if err := checkText("title", t, 1, MaxTitle); err != nil {
			add(err)
		}
		next.Title = t
	}
	if f.Summary != nil {
		s := strings.TrimSpace(*f.Summary)
		if err := checkText("summary", s, 0, MaxSummary); err != nil {
			add(err)
		}
		next.Summary = s
	}
	if f.Language != nil {
		lang, err := CanonicalLanguage(*f.Language)
		if err != nil {
			add(err)
		}
		next.Language = lang
	}
	if f.License != nil {
		l, err := license.Lookup(strings.TrimSpace(*f.License))
		if err != nil {
			add(invalid("license", "%q is not a licence we know; use an SPDX id such as CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0 or PDM-1.0", *f.License))
		}
		next.License = l.ID
	}
	if f.Subjects != nil {
		subjects, err := cleanSubjects(*f.Subjects)
		if err != nil {
			add(err)
		}
		next.Subjects = subjects
	}
	if f.Level != nil {
		lv := Level(strings.TrimSpace(*f.Level))
		if lv != "" && !slices.Contains(Levels, lv) {
			add(invalid("level", "%q is not one of %s (or empty)", lv, joinLevels()))
		}
		next.Level = lv
	}
	if f.Visibility != nil {
		v := Visibility(strings.TrimSpace(*f.Visibility))
		if v != Public && v != Unlisted && v != Private {
			add(invalid("visibility", "%q must be public, unlisted or private", v))
		}
		next.Visibility = v
	}
	if f.Content != nil {
		switch {
		case !utf8.ValidString(*f.Content):
			add(invalid("content", "must be valid UTF-8"))
		case strings.IndexByte(*f.Content, 0) >= 0:
			// PostgreSQL's text type cannot hold U+0000: one accepted NUL
			// would break every later snapshot, revision and fork.
			add(invalid("content", "must not contain the NUL character (U+0000)"))
		case len(*f.Content) > MaxContent:
			add(invalid("content", "must be at most %d bytes", MaxContent))
		}
		next.Content = *f.Content
	}
	if f.AllowSelfReview != nil {
		next.AllowSelfReview = *f.AllowSelfReview
	}
	return next, errs
}

// ValidateNew checks that a resource being created has every required
// field, reporting all that are missing.
func (r *Resource) ValidateNew() error {
	return r.missing().Err()
}

func (r *Resource) missing() ValidationErrors {
	var errs ValidationErrors
	if r.Title == "" {
		errs = append(errs, &ValidationError{Field: "title", Message: "is required"})
	}
	if r.Language == "" {
		errs = append(errs, &ValidationError{Field: "language", Message: "is required: pick a language from the list or type a BCP 47 tag such as en, fr-CA or ar"})
	}
	if r.License == "" {
		errs = append(errs, &ValidationError{Field: "license", Message: "is required: an SPDX id such as CC-BY-4.0"})
	}
	return errs
}

func checkText(field, s string, min, max int) error {
	if !utf8.ValidString(s) {
		return invalid(field, "must be valid UTF-8")
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		return invalid(field, "is required")
	}
	if n > max {
		return invalid(field, "must be at most %d characters (got %d)", max, n)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			return invalid(field, "must not contain control characters")
		}
	}
	return nil
}

func cleanSubjects(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if err := checkText("subjects", s, 1, MaxSubjectLen); err != nil {
			return nil, err
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > MaxSubjects {
		return nil, invalid("subjects", "at most %d subjects", MaxSubjects)
	}
	return out, nil
}

func joinLevels() string {
	s := make([]string, len(Levels))
	for i, l := range Levels {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}

// LanguageName is the English name of a BCP 47 tag ("es-MX" → "Mexican
// Spanish"), or the tag itself when it has none.
func LanguageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if name := display.English.Tags().Name(t); name != "" {
		return name
	}
	return tag
}

// LanguageAutonym is a BCP 47 tag's name in the language itself ("es" → "español", "zh-Hans"
// → "简体中文"), for text written in that language; the English name when CLDR has none.
func LanguageAutonym(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if name := display.Self.Name(t); name != "" {
		return name
	}
	return LanguageName(tag)
}

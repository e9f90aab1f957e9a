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
		return "", invalid("language", "is required: a BCP 47 tag such as en, fr-CA or ar")
	}
	t, err := language.Parse(tag)
	if err != nil {
		return "", invalid("language", "%q is not a valid BCP 47 language tag (examples: en, fr-CA, ar, zh-Hans)", tag)
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

// Apply validates f and writes it onto r. On error r is unchanged.
func (r *Resource) Apply(f Fields) error {
	next := *r
	if f.Title != nil {
		t := strings.TrimSpace(*f.Title)
		if err := checkText("title", t, 1, MaxTitle); err != nil {
			return err
		}
		next.Title = t
	}
	if f.Summary != nil {
		s := strings.TrimSpace(*f.Summary)
		if err := checkText("summary", s, 0, MaxSummary); err != nil {
			return err
		}
		next.Summary = s
	}
	if f.Content != nil {
		if !utf8.ValidString(*f.Content) {
			return invalid("content", "must be valid UTF-8")
		}
		if strings.IndexByte(*f.Content, 0) >= 0 {
			// PostgreSQL's text type cannot hold U+0000: one accepted NUL
			// would break every later snapshot, revision and fork.
			return invalid("content", "must not contain the NUL character (U+0000)")
		}
		if len(*f.Content) > MaxContent {
			return invalid("content", "must be at most %d bytes", MaxContent)
		}
		next.Content = *f.Content
	}
	if f.Language != nil {
		lang, err := CanonicalLanguage(*f.Language)
		if err != nil {
			return err
		}
		next.Language = lang
	}
	if f.License != nil {
		l, err := license.Lookup(strings.TrimSpace(*f.License))
		if err != nil {
			return invalid("license", "%q is not a licence we know; use an SPDX id such as CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0 or PDM-1.0", *f.License)
		}
		next.License = l.ID
	}
	if f.Subjects != nil {
		subjects, err := cleanSubjects(*f.Subjects)
		if err != nil {
			return err
		}
		next.Subjects = subjects
	}
	if f.Level != nil {
		lv := Level(strings.TrimSpace(*f.Level))
		if lv != "" && !slices.Contains(Levels, lv) {
			return invalid("level", "%q is not one of %s (or empty)", lv, joinLevels())
		}
		next.Level = lv
	}
	if f.Visibility != nil {
		v := Visibility(strings.TrimSpace(*f.Visibility))
		if v != Public && v != Unlisted && v != Private {
			return invalid("visibility", "%q must be public, unlisted or private", v)
		}
		next.Visibility = v
	}
	if f.AllowSelfReview != nil {
		next.AllowSelfReview = *f.AllowSelfReview
	}
	*r = next
	return nil
}

// ValidateNew checks that a resource being created has every required field.
func (r *Resource) ValidateNew() error {
	switch {
	case r.Title == "":
		return invalid("title", "is required")
	case r.Language == "":
		return invalid("language", "is required: a BCP 47 tag such as en, fr-CA or ar")
	case r.License == "":
		return invalid("license", "is required: an SPDX id such as CC-BY-4.0")
	}
	return nil
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

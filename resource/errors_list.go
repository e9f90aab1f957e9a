package resource

import (
	"errors"
	"slices"
	"strings"
)

// ValidationErrors is every field at fault in one request, so a form can
// show them all at once instead of one per attempt. errors.As finds the
// first *ValidationError in it and errors.Is(err, ErrInvalid) holds, so
// callers written for one error keep working.
type ValidationErrors []*ValidationError

func (e ValidationErrors) Error() string {
	parts := make([]string, len(e))
	for i, v := range e {
		parts[i] = v.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap exposes each field's error to errors.Is and errors.As.
func (e ValidationErrors) Unwrap() []error {
	out := make([]error, len(e))
	for i, v := range e {
		out[i] = v
	}
	return out
}

// Has reports whether field is among the faults.
func (e ValidationErrors) Has(field string) bool {
	return slices.ContainsFunc(e, func(v *ValidationError) bool { return v.Field == field })
}

// Err is nil for no faults, the single *ValidationError for one, and the
// list for several.
func (e ValidationErrors) Err() error {
	switch len(e) {
	case 0:
		return nil
	case 1:
		return e[0]
	}
	return e
}

// fieldOrder is the order of a resource's fields in forms and answers.
var fieldOrder = []string{"title", "summary", "language", "license", "subjects", "level", "visibility", "content"}

func (e ValidationErrors) sortByField() {
	rank := func(f string) int {
		if i := slices.Index(fieldOrder, f); i >= 0 {
			return i
		}
		return len(fieldOrder)
	}
	slices.SortStableFunc(e, func(a, b *ValidationError) int { return rank(a.Field) - rank(b.Field) })
}

// ValidationList returns every field error err holds, in order: the list of
// a ValidationErrors, or the one *ValidationError (nil when there is none).
func ValidationList(err error) []*ValidationError {
	var list ValidationErrors
	if errors.As(err, &list) {
		return list
	}
	var one *ValidationError
	if errors.As(err, &one) {
		return []*ValidationError{one}
	}
	return nil
}

package versioning

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var (
	// ErrInvalidUTF8 is returned when a text handed to the package is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("versioning: text is not valid UTF-8")
	// ErrTooLarge is returned when a text has more distinct lines than the
	// line differ can encode (about a million).
	ErrTooLarge = errors.New("versioning: text too large to diff")
	// ErrSpanLength is returned when attribution spans do not cover their text
	// exactly (sum of Len != UTF-16 length of the text).
	ErrSpanLength = errors.New("versioning: spans do not match text length")
	// ErrUnresolved is matched (errors.Is) by *UnresolvedError.
	ErrUnresolved = errors.New("versioning: unresolved conflicts")
	// ErrBadResolution is returned for a resolution that names an unknown
	// conflict, repeats one, or has an unknown Take.
	ErrBadResolution = errors.New("versioning: bad resolution")
)

// UnresolvedError lists the conflicts (by Conflict.Index) that a call to
// Resolve left without a resolution.
type UnresolvedError struct {
	Missing []int
}

func (e *UnresolvedError) Error() string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = strconv.Itoa(m)
	}
	noun := "conflicts"
	if len(e.Missing) == 1 {
		noun = "conflict"
	}
	return fmt.Sprintf("versioning: %s %s not resolved", noun, strings.Join(parts, ", "))
}

// Is makes errors.Is(err, ErrUnresolved) true.
func (e *UnresolvedError) Is(target error) bool { return target == ErrUnresolved }

func checkUTF8(what, s string) error {
	if !utf8Valid(s) {
		return fmt.Errorf("%s: %w", what, ErrInvalidUTF8)
	}
	return nil
}

package importer

import (
	"errors"
	"fmt"
)

// The kinds of refusal, for the HTTP layer to map once: ErrUnsupported → 415, ErrTooLarge →
// 413, ErrMalformed and ErrEmpty → 400. An *Error wraps one of them with the reason a person
// can act on.
var (
	ErrUnsupported = errors.New("unsupported file")
	ErrMalformed   = errors.New("malformed file")
	ErrTooLarge    = errors.New("file too large")
	ErrEmpty       = errors.New("no text to import")
)

// Error is a refused import: which format, why, and the kind (one of the errors above).
type Error struct {
	Format Format
	Reason string // a sentence for the person importing: "the EPUB has no META-INF/container.xml"
	Kind   error
	Cause  error // the underlying error, when there is one
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("import %s: %s: %v", e.Format, e.Reason, e.Cause)
	}
	return fmt.Sprintf("import %s: %s", e.Format, e.Reason)
}

// Unwrap lets errors.Is match the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Kind, e.Cause}
	}
	return []error{e.Kind}
}

func refuse(f Format, kind error, reason string, cause error) *Error {
	return &Error{Format: f, Reason: reason, Kind: kind, Cause: cause}
}

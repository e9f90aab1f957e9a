package media

import (
	"errors"
	"fmt"
)

// The kinds of refusal, for adapters to map once: ErrUnsupported → 415, ErrTooLarge → 413,
// ErrMalformed → 400.
var (
	ErrUnsupported = errors.New("unsupported image")
	ErrTooLarge    = errors.New("image too large")
	ErrMalformed   = errors.New("malformed image")
)

// Error is a refused image: the kind and a sentence for the person uploading.
type Error struct {
	Kind   error
	Reason string
	Cause  error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("image: %s: %v", e.Reason, e.Cause)
	}
	return "image: " + e.Reason
}

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Kind, e.Cause}
	}
	return []error{e.Kind}
}

func refuse(kind error, reason string) *Error { return &Error{Kind: kind, Reason: reason} }

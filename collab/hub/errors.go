package hub

import (
	"errors"

	"github.com/commonplace/commonplace/collab"
)

// Errors returned by Manager methods; server/ maps them to status codes and error frames in one
// place. Errors wrap these, so test with errors.Is.
var (
	// ErrForbidden: the client may not edit (CanEdit is false).
	ErrForbidden = errors.New("hub: forbidden")
	// ErrBaseUnknown: the base version is beyond the head, negative, or too old to transform.
	ErrBaseUnknown = errors.New("hub: base version unknown")
	// ErrBadOp: the operation is malformed or does not fit the document (wraps collab.ErrBadOp
	// or collab.ErrBaseLength as well).
	ErrBadOp = errors.New("hub: bad operation")
	// ErrTooLarge: the operation or the resulting document exceeds the limits (wraps
	// collab.ErrTooLarge as well).
	ErrTooLarge = errors.New("hub: too large")
	// ErrRateLimited: the client sent more than its rate allows.
	ErrRateLimited = errors.New("hub: rate limited")
	// ErrBadClient: the ClientInfo lacks a client id or user id.
	ErrBadClient = errors.New("hub: bad client info")
	// ErrClosed: the manager is shutting down.
	ErrClosed = errors.New("hub: closed")
	// ErrMoved means the document is no longer at the version a request named.
	ErrMoved = errors.New("hub: document moved on")
)

// opError wraps an engine error so it matches both the hub sentinel and the collab one.
type opError struct {
	hub   error
	cause error
}

func (e *opError) Error() string   { return e.cause.Error() }
func (e *opError) Unwrap() []error { return []error{e.hub, e.cause} }

// classify maps an engine error onto the hub sentinels.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, collab.ErrTooLarge):
		return &opError{hub: ErrTooLarge, cause: err}
	case errors.Is(err, collab.ErrBadOp), errors.Is(err, collab.ErrBaseLength):
		return &opError{hub: ErrBadOp, cause: err}
	}
	return err
}

// errorCode is the wire code for an error (docs/protocol.md).
func errorCode(err error) string {
	switch {
	case errors.Is(err, ErrForbidden):
		return CodeForbidden
	case errors.Is(err, ErrTooLarge):
		return CodeTooLarge
	case errors.Is(err, ErrBadOp):
		return CodeBadOp
	case errors.Is(err, ErrRateLimited):
		return CodeRateLimited
	case errors.Is(err, ErrBaseUnknown):
		return CodeBaseUnknown
	}
	return CodeBadMessage
}

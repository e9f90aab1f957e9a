package app

import (
	"fmt"
	"time"

	"github.com/commonplace/commonplace/versioning"
)

// Kind classifies an application error. Adapters map each kind to one
// answer (an HTTP status, a WebSocket error frame) in one place.
type Kind int

// Kinds of failure a use case reports. Domain errors (resource.ValidationError,
// the licence, translation and live-editing errors, resource.ErrNotFound)
// pass through unchanged and adapters map them too.
const (
	Invalid      Kind = iota + 1 // the request is well-formed but not acceptable (422)
	BadRequest                   // the request cannot be read (400)
	NotFound                     // nothing there, or hidden from the caller (404)
	Unauthorized                 // signing in might help (401)
	Forbidden                    // the caller's role does not allow it (403)
	Conflict                     // the current state does not allow it (409)
	TooLarge                     // above a size limit (413)
	RateLimited                  // too many attempts; see RetryAfter (429)
	Unavailable                  // the service cannot do it now (503)
)

// Error is a use case's refusal: what kind of failure, a stable code for
// programs, a sentence for people and, for invalid input, the field at fault.
type Error struct {
	Kind       Kind
	Code       string
	Message    string
	Field      string
	RetryAfter time.Duration // for RateLimited
	// Extra holds further members for the answer (e.g. the licences that are
	// allowed); values are strings, numbers or slices of them.
	Extra map[string]any
}

func (e *Error) Error() string { return e.Message }

func newErr(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

func invalid(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Code: "invalid", Field: field, Message: fmt.Sprintf(format, args...)}
}

// The refusals every capability shares.
var (
	ErrUnauthorized = newErr(Unauthorized, "unauthorized", "sign in or send an Authorization: Bearer token")
	ErrForbidden    = newErr(Forbidden, "forbidden", "your role does not allow this")
)

// MergeConflictError refuses a merge whose sides changed the same lines:
// nothing changed, and the conflicts are shown for resolving.
type MergeConflictError struct {
	Conflicts []versioning.Conflict
	Upstream  string // the incoming revision
	Base      string // the last common revision
	Version   int64  // the target's version the conflicts were computed at
}

func (e *MergeConflictError) Error() string {
	return "both sides changed the same lines; resolve the conflicts (take mine, take theirs or edit) and merge again; nothing was changed"
}

// ResolutionError refuses resolutions that do not resolve the conflicts.
type ResolutionError struct {
	Err       error
	Conflicts []versioning.Conflict
}

func (e *ResolutionError) Error() string { return e.Err.Error() }
func (e *ResolutionError) Unwrap() error { return e.Err }

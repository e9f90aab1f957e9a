package resource

import "errors"

// ErrNotFound means the thing asked for does not exist, or the asker may
// not know that it does (a private resource looks exactly like a missing
// one). Storage returns it for any missing row; the HTTP adapter answers 404.
var ErrNotFound = errors.New("not found")

// ErrConflict means a change clashes with the current state (a unique name
// taken, the last owner removed).
var ErrConflict = errors.New("conflict")

// ConflictError says which unique field clashed ("handle", "email").
type ConflictError struct{ Field string }

func (e *ConflictError) Error() string { return e.Field + " is already taken" }

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

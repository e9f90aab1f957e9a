package httpx

import (
	"errors"
	"net/http"
	"strings"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
)

// liveAPIError maps live-editing errors (collab/hub) to statuses and codes;
// ToError calls it. The codes match the error frames of docs/protocol.md.
func liveAPIError(err error) *Error {
	// The innermost message says what was wrong without our wrapping context.
	msg := func(err error) string {
		m := err.Error()
		if i := strings.LastIndex(m, ": "); i >= 0 {
			return m[i+2:]
		}
		return m
	}
	switch {
	case errors.Is(err, hub.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, hub.ErrForbidden):
		return appError(app.ErrForbidden)
	case errors.Is(err, hub.ErrTooLarge), errors.Is(err, collab.ErrTooLarge):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "the operation or the resulting text is above the limits: " + msg(err), cause: err}
	case errors.Is(err, hub.ErrBaseUnknown):
		return &Error{Status: http.StatusConflict, Code: "base_unknown", Message: "the base version is unknown or too old; fetch the text again", cause: err}
	case errors.Is(err, hub.ErrBadOp), errors.Is(err, collab.ErrBadOp), errors.Is(err, collab.ErrBaseLength):
		return &Error{Status: http.StatusUnprocessableEntity, Code: "bad_op", Message: "the operation does not fit the document: " + msg(err), Field: "ops", cause: err}
	case errors.Is(err, hub.ErrRateLimited):
		return &Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: "too many edits; slow down", cause: err}
	case errors.Is(err, hub.ErrClosed):
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the server is shutting down; try again", cause: err}
	}
	return nil
}

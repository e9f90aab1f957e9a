package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/wire"
)

// Error is an error with its HTTP status and stable code. Handlers return
// it (or a domain error that ToError maps) and handleError writes it once.
type Error struct {
	Status  int
	Code    string
	Message string
	Field   string         // for 422: the field at fault
	Extra   map[string]any // further members of the error object
	cause   error
	// RetryAfter, in seconds, is sent as the Retry-After header.
	RetryAfter int
}

func (e *Error) Error() string {
	if e.cause != nil {
		return e.Message + ": " + e.cause.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.cause }

func NewError(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

var ErrNotFound = NewError(http.StatusNotFound, "not_found", "no such resource, or you cannot see it")

// statusOf is the HTTP status of each kind of application error.
var statusOf = map[app.Kind]int{
	app.Invalid:      http.StatusUnprocessableEntity,
	app.BadRequest:   http.StatusBadRequest,
	app.NotFound:     http.StatusNotFound,
	app.Unauthorized: http.StatusUnauthorized,
	app.Forbidden:    http.StatusForbidden,
	app.Conflict:     http.StatusConflict,
	app.TooLarge:     http.StatusRequestEntityTooLarge,
	app.RateLimited:  http.StatusTooManyRequests,
	app.Unavailable:  http.StatusServiceUnavailable,
}

// ToError maps domain, store and echo errors to statuses and codes. It is
// the one place where that mapping lives.
func ToError(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	if ae := appError(err); ae != nil {
		return ae
	}
	if list := resource.ValidationList(err); len(list) > 0 {
		return validationAPIError(list)
	}
	var fd *license.ForbidsDerivativesError
	if errors.As(err, &fd) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "license_forbids_derivatives", Message: fd.Error(), Field: "license"}
	}
	var ie *license.IncompatibleError
	if errors.As(err, &ie) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "license_incompatible", Message: ie.Error(), Field: "license",
			Extra: map[string]any{"allowed": ie.Allowed}}
	}
	if ae := translationError(err); ae != nil {
		return ae
	}
	if ae := formatError(err); ae != nil {
		return ae
	}
	if ae := discoveryError(err); ae != nil {
		return ae
	}
	var ce *resource.ConflictError
	if errors.As(err, &ce) {
		return &Error{Status: http.StatusConflict, Code: "conflict", Message: ce.Error(), Field: ce.Field}
	}
	if ae := liveAPIError(err); ae != nil {
		return ae
	}
	switch {
	case errors.Is(err, resource.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, resource.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: "conflict", Message: conflictMessage(err)}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusRequestEntityTooLarge:
			return NewError(he.Code, "too_large", "the request body is larger than this server accepts")
		case http.StatusNotFound:
			return NewError(he.Code, "not_found", "no such page or endpoint")
		case http.StatusMethodNotAllowed:
			return NewError(he.Code, "method_not_allowed", "this endpoint does not accept %s", "that method")
		case http.StatusForbidden:
			return NewError(he.Code, "csrf", "the form or request is missing its CSRF token; reload the page and try again")
		case http.StatusBadRequest:
			return NewError(he.Code, "bad_request", "%v", he.Message)
		}
		return &Error{Status: he.Code, Code: strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_")), Message: fmt.Sprint(he.Message)}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "something went wrong on our side; nothing was changed", cause: err}
}

// appError maps the application layer's refusals.
func appError(err error) *Error {
	var e *app.Error
	if errors.As(err, &e) {
		status, ok := statusOf[e.Kind]
		if !ok {
			status = http.StatusInternalServerError
		}
		out := &Error{Status: status, Code: e.Code, Message: e.Message, Field: e.Field, Extra: e.Extra, cause: err}
		if e.RetryAfter > 0 {
			out.RetryAfter = int(e.RetryAfter.Seconds() + 0.999)
		}
		return out
	}
	var mc *app.MergeConflictError
	if errors.As(err, &mc) {
		return &Error{Status: http.StatusConflict, Code: "merge_conflict", Message: mc.Error(),
			Extra: map[string]any{"conflicts": wire.ConflictsJSON(mc.Conflicts), "upstream": mc.Upstream, "base": mc.Base, "version": mc.Version}}
	}
	var re *app.ResolutionError
	if errors.As(err, &re) {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "resolutions", Message: re.Error(),
			Extra: map[string]any{"conflicts": wire.ConflictsJSON(re.Conflicts)}}
	}
	return nil
}

func conflictMessage(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": conflict"); i > 0 {
		msg = msg[:i]
	}
	return msg
}

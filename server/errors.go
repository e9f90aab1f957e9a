package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
)

// apiError is an error with its HTTP status and stable code. Handlers return
// it (or a domain error that toAPIError maps) and handleError writes it once.
type apiError struct {
	Status  int
	Code    string
	Message string
	Field   string         // for 422: the field at fault
	Extra   map[string]any // further members of the error object
	cause   error
	// retryAfter, in seconds, is sent as the Retry-After header.
	retryAfter int
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return e.Message + ": " + e.cause.Error()
	}
	return e.Message
}

func (e *apiError) Unwrap() error { return e.cause }

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

var errNotFound = newError(http.StatusNotFound, "not_found", "no such resource, or you cannot see it")

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

// toAPIError maps domain, store and echo errors to statuses and codes. It is
// the one place where that mapping lives.
func toAPIError(err error) *apiError {
	var ae *apiError
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
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "license_forbids_derivatives", Message: fd.Error(), Field: "license"}
	}
	var ie *license.IncompatibleError
	if errors.As(err, &ie) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "license_incompatible", Message: ie.Error(), Field: "license",
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
		return &apiError{Status: http.StatusConflict, Code: "conflict", Message: ce.Error(), Field: ce.Field}
	}
	if ae := liveAPIError(err); ae != nil {
		return ae
	}
	switch {
	case errors.Is(err, resource.ErrNotFound):
		return errNotFound
	case errors.Is(err, resource.ErrConflict):
		return &apiError{Status: http.StatusConflict, Code: "conflict", Message: conflictMessage(err)}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusRequestEntityTooLarge:
			return newError(he.Code, "too_large", "the request body is larger than this server accepts")
		case http.StatusNotFound:
			return newError(he.Code, "not_found", "no such page or endpoint")
		case http.StatusMethodNotAllowed:
			return newError(he.Code, "method_not_allowed", "this endpoint does not accept %s", "that method")
		case http.StatusForbidden:
			return newError(he.Code, "csrf", "the form or request is missing its CSRF token; reload the page and try again")
		case http.StatusBadRequest:
			return newError(he.Code, "bad_request", "%v", he.Message)
		}
		return &apiError{Status: he.Code, Code: strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_")), Message: fmt.Sprint(he.Message)}
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "something went wrong on our side; nothing was changed", cause: err}
}

// appError maps the application layer's refusals.
func appError(err error) *apiError {
	var e *app.Error
	if errors.As(err, &e) {
		status, ok := statusOf[e.Kind]
		if !ok {
			status = http.StatusInternalServerError
		}
		out := &apiError{Status: status, Code: e.Code, Message: e.Message, Field: e.Field, Extra: e.Extra, cause: err}
		if e.RetryAfter > 0 {
			out.retryAfter = int(e.RetryAfter.Seconds() + 0.999)
		}
		return out
	}
	var mc *app.MergeConflictError
	if errors.As(err, &mc) {
		return &apiError{Status: http.StatusConflict, Code: "merge_conflict", Message: mc.Error(),
			Extra: map[string]any{"conflicts": conflictsJSON(mc.Conflicts), "upstream": mc.Upstream, "base": mc.Base, "version": mc.Version}}
	}
	var re *app.ResolutionError
	if errors.As(err, &re) {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "resolutions", Message: re.Error(),
			Extra: map[string]any{"conflicts": conflictsJSON(re.Conflicts)}}
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

// handleError writes any error once: JSON under /api/, a page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae := toAPIError(err)
	if ae.retryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	if ae.Status >= 500 {
		s.log.ErrorContext(c.Request().Context(), "request failed", "err", err, "path", c.Path(), "request_id", requestID(c))
	}
	if isAPI(c) {
		body := map[string]any{"code": ae.Code, "message": ae.Message}
		if ae.Field != "" {
			body["field"] = ae.Field
			if ae.Status == http.StatusUnprocessableEntity {
				// Every 422 about a field lists its fields, one or many.
				body["errors"] = []fieldErrorJSON{{Field: ae.Field, Message: ae.Message}}
			}
		}
		for k, v := range ae.Extra {
			body[k] = v
		}
		_ = c.JSON(ae.Status, map[string]any{"error": body})
		return
	}
	_ = s.renderError(c, ae)
}

func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

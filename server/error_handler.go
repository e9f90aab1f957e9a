package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/web"
)

// statusClientClosed is how a request the client abandoned is counted, after nginx: not a
// 5xx, since nothing failed here.
const statusClientClosed = 499

// handleError writes any error once: JSON under /api/, a page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		// The client went away (a closed tab, a cancelled fetch) and the work stopped with it.
		// Nobody reads the answer; the request's log line and metrics say 499.
		c.Response().WriteHeader(statusClientClosed)
		return
	}
	ae := httpx.ToError(err)
	if ae.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(ae.RetryAfter))
	}
	if ae.Status >= 500 {
		s.log.ErrorContext(c.Request().Context(), "request failed", "err", err, "path", c.Path(), "request_id", requestID(c))
	}
	if isAPI(c) {
		// message is English, for programs; text says it to people in the caller's language.
		body := map[string]any{"code": ae.Code, "message": ae.Message, "text": web.ErrorText(httpx.Locale(c), ae.Code, ae.Message)}
		if ae.Field != "" {
			body["field"] = ae.Field
			if ae.Status == http.StatusUnprocessableEntity {
				// Every 422 about a field lists its fields, one or many.
				body["errors"] = []httpx.FieldErrorJSON{{Field: ae.Field, Message: ae.Message}}
			}
		}
		for k, v := range ae.Extra {
			body[k] = v
		}
		_ = c.JSON(ae.Status, map[string]any{"error": body})
		return
	}
	_ = s.web.RenderError(c, ae)
}

func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

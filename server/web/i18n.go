package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/server/httpx"
)

// The pages' side of the interface language (issue 14); the choice itself
// is httpx.Locale.

func localeOf(c echo.Context) *i18n.Locale { return httpx.Locale(c) }

// tr translates a message for the request's reader: tr(c, "Sign in").
func tr(c echo.Context, msgid string, kv ...any) string { return localeOf(c).T(msgid, kv...) }

// trn translates a message that depends on a count.
func trn(c echo.Context, singular, plural string, n int, kv ...any) string {
	return localeOf(c).N(singular, plural, n, kv...)
}

// statusTitle names an HTTP status for the error page.
func statusTitle(c echo.Context, status int) string {
	if t, ok := statusTitles[status]; ok {
		return tr(c, t)
	}
	return http.StatusText(status)
}

var statusTitles = map[int]string{
	http.StatusBadRequest: i18n.M("Bad Request"), http.StatusUnauthorized: i18n.M("Unauthorized"), http.StatusForbidden: i18n.M("Forbidden"),
	http.StatusNotFound: i18n.M("Not found"), http.StatusConflict: i18n.M("Conflict"), http.StatusRequestEntityTooLarge: i18n.M("Request Entity Too Large"),
	http.StatusUnprocessableEntity: i18n.M("Unprocessable Entity"), http.StatusTooManyRequests: i18n.M("Too Many Requests"),
	http.StatusInternalServerError: i18n.M("Internal Server Error"), http.StatusServiceUnavailable: i18n.M("Service Unavailable"),
}

package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/i18n"
)

// The interface language of a request (issue 14): the signed-in person's
// setting, else the language cookie the switcher sets for everyone, else
// Accept-Language, else English. It is worked out once per request and kept
// on the echo context; pages, flashes, form errors and the bundle's strings
// all read it from there.

const (
	ctxLocale      = "locale"
	languageCookie = "lang"
)

func localeOf(c echo.Context) *i18n.Locale {
	if l, ok := c.Get(ctxLocale).(*i18n.Locale); ok {
		return l
	}
	b := i18n.Default()
	setting := ""
	if u := currentUser(c); u != nil {
		setting = u.UILanguage
	}
	if setting == "" {
		if ck, err := c.Cookie(languageCookie); err == nil {
			setting = ck.Value
		}
	}
	l := b.Choose(setting, c.Request().Header.Get("Accept-Language"))
	// A page's language depends on these headers: caches must keep them apart.
	c.Response().Header().Add("Vary", "Accept-Language, Cookie")
	c.Set(ctxLocale, l)
	return l
}

// tr translates a message for the request's reader: tr(c, "Sign in").
func tr(c echo.Context, msgid string, kv ...any) string { return localeOf(c).T(msgid, kv...) }

// trn translates a message that depends on a count.
func trn(c echo.Context, singular, plural string, n int, kv ...any) string {
	return localeOf(c).N(singular, plural, n, kv...)
}

// setLanguageCookie remembers an anonymous reader's choice for a year.
func setLanguageCookie(c echo.Context, code string) {
	ck := &http.Cookie{Name: languageCookie, Value: code, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", Expires: time.Now().Add(365 * 24 * time.Hour)}
	if code == "" {
		ck.MaxAge = -1
		ck.Expires = time.Unix(0, 0)
	}
	c.SetCookie(ck)
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

package httpx

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/i18n"
)

// The interface language of a request (issue 14): the signed-in person's
// setting, else the language cookie the switcher sets for everyone, else
// Accept-Language, else English. It is worked out once per request and kept
// on the echo context; pages, flashes, form errors, the bundle's strings and
// the sentences use cases compose for the caller (Actor.Lang) read it there.

const (
	ctxLocale = "cp.locale"
	// LanguageCookie keeps the switcher's choice.
	LanguageCookie = "lang"
)

// Locale is the request's interface language.
func Locale(c echo.Context) *i18n.Locale {
	if l, ok := c.Get(ctxLocale).(*i18n.Locale); ok {
		return l
	}
	setting := ""
	if u := CurrentUser(c); u != nil {
		setting = u.UILanguage
	}
	if setting == "" {
		if ck, err := c.Cookie(LanguageCookie); err == nil {
			setting = ck.Value
		}
	}
	l := i18n.Default().Choose(setting, c.Request().Header.Get("Accept-Language"))
	// A page's language depends on these headers: caches must keep them apart.
	c.Response().Header().Add("Vary", "Accept-Language, Cookie")
	c.Set(ctxLocale, l)
	return l
}

// SetLanguageCookie remembers a reader's choice for a year ("" forgets it).
func SetLanguageCookie(c echo.Context, code string) {
	ck := &http.Cookie{Name: LanguageCookie, Value: code, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", Expires: time.Now().Add(365 * 24 * time.Hour)}
	if code == "" {
		ck.MaxAge = -1
		ck.Expires = time.Unix(0, 0)
	}
	c.SetCookie(ck)
}

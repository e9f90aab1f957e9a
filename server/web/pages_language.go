package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/server/httpx"
)

// pageSetLanguage is the switcher's form (every page's footer): it works
// without JavaScript. The choice is kept in a cookie for everyone and, for a
// signed-in person, in their settings; "" goes back to the browser's
// Accept-Language.
func (s *Site) pageSetLanguage(c echo.Context) error {
	code := c.FormValue("lang")
	if code != "" {
		l, ok := i18n.Default().Lookup(code)
		if !ok {
			return httpx.NewError(http.StatusUnprocessableEntity, "invalid", "no such interface language")
		}
		code = l.Code
	}
	if httpx.CurrentUser(c) != nil {
		if _, err := s.app.SetInterfaceLanguage(c.Request().Context(), httpx.Actor(c), code); err != nil {
			return err
		}
	}
	httpx.SetLanguageCookie(c, code)
	return c.Redirect(http.StatusSeeOther, safeNextOr(c.FormValue("next"), "/"))
}

// safeNextOr keeps a redirect on this site, with a fallback.
func safeNextOr(next, fallback string) string {
	if n := safeNext(next); n != "/me" || next == "/me" {
		return n
	}
	return fallback
}

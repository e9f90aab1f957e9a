package httpx

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

const ctxCSRF = "csrf"

// CSRF protects cookie-authenticated changes. Browsers send Sec-Fetch-Site,
// which echo checks first; without it a token from the form (_csrf) or the
// X-CSRF-Token header must match the cookie. Bearer-token requests carry no
// ambient credential and skip the check; so do header-less clients (scripts)
// that have no session cookie to abuse.
func CSRF() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper: func(c echo.Context) bool {
			if _, ok := BearerToken(c.Request()); ok {
				return true
			}
			_, err := c.Cookie(SessionCookie)
			return err != nil && c.Request().Header.Get("Sec-Fetch-Site") == ""
		},
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     "cp_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
		ContextKey:     ctxCSRF,
		ErrorHandler: func(err error, c echo.Context) error {
			return NewError(http.StatusForbidden, "csrf", "the form or request is missing its CSRF token; reload the page and try again")
		},
	})
}

func CSRFToken(c echo.Context) string {
	t, _ := c.Get(ctxCSRF).(string)
	return t
}

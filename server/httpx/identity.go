package httpx

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

const (
	SessionCookie = "cp_session"
	ctxUser       = "cp.user"
	ctxViaBearer  = "cp.bearer"
	ctxCredential = "cp.credential"
)

// Identify finds who is calling: a bearer token (scripts) or the session
// cookie (browsers). A bad bearer token is refused outright; a stale cookie
// is cleared and the request goes on anonymously.
func Identify(a *app.App) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc { return identify(a, next) }
}

func identify(a *app.App, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if token, ok := BearerToken(c.Request()); ok {
			u, err := a.UserByToken(ctx, token)
			if errors.Is(err, resource.ErrNotFound) {
				return NewError(http.StatusUnauthorized, "unauthorized", "the bearer token is not valid")
			}
			if err != nil {
				return err
			}
			c.Set(ctxUser, &u)
			c.Set(ctxViaBearer, true)
			c.Set(ctxCredential, app.TokenCredential(token))
			return next(c)
		}
		if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
			u, err := a.UserBySession(ctx, ck.Value)
			switch {
			case err == nil:
				c.Set(ctxUser, &u)
				c.Set(ctxCredential, app.SessionCredential(ck.Value))
			case errors.Is(err, resource.ErrNotFound):
				ClearSessionCookie(c)
			default:
				return err
			}
		}
		return next(c)
	}
}

// BearerToken is the token of an "Authorization: Bearer" header, if there is one.
func BearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// CurrentUser is the signed-in user, or nil.
func CurrentUser(c echo.Context) *auth.User {
	u, _ := c.Get(ctxUser).(*auth.User)
	return u
}

// Actor is the caller as the application layer knows them, with the
// credential they authenticated with.
func Actor(c echo.Context) app.Actor {
	if u := CurrentUser(c); u != nil {
		a := app.ActorOf(*u)
		a.Credential, _ = c.Get(ctxCredential).(app.Credential)
		a.Lang = Locale(c).Code // sentences composed for the caller (notifications) are in their language
		return a
	}
	return app.Anonymous
}

// ViaBearer tells a caller that authenticated with a bearer token (no ambient credential).
func ViaBearer(c echo.Context) bool {
	v, _ := c.Get(ctxViaBearer).(bool)
	return v
}

// RequireUser answers 401 to anonymous callers.
func RequireUser(c echo.Context) (*auth.User, error) {
	if u := CurrentUser(c); u != nil {
		return u, nil
	}
	return nil, app.ErrUnauthorized
}

// StartSession signs the caller in: a new session and its cookie.
func StartSession(c echo.Context, a *app.App, userID string) error {
	token, ttl, err := a.StartSession(c.Request().Context(), userID, c.Request().UserAgent())
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", MaxAge: int(ttl.Seconds()),
	})
	return nil
}

// EndSession signs the caller out: the session ends and its cookie is cleared.
func EndSession(c echo.Context, a *app.App) error {
	if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
		if err := a.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	ClearSessionCookie(c)
	return nil
}

// ClearSessionCookie tells the browser to forget the session cookie.
func ClearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", MaxAge: -1})
}

// Origin is the site's address as the caller reached it, for absolute links.
func Origin(c echo.Context) string { return c.Scheme() + "://" + c.Request().Host }

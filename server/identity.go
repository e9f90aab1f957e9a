package server

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
	sessionCookie = "cp_session"
	ctxUser       = "cp.user"
	ctxViaBearer  = "cp.bearer"
	ctxCredential = "cp.credential"
)

// identify finds who is calling: a bearer token (scripts) or the session
// cookie (browsers). A bad bearer token is refused outright; a stale cookie
// is cleared and the request goes on anonymously.
func (s *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if token, ok := bearerToken(c.Request()); ok {
			u, err := s.app.UserByToken(ctx, token)
			if errors.Is(err, resource.ErrNotFound) {
				return newError(http.StatusUnauthorized, "unauthorized", "the bearer token is not valid")
			}
			if err != nil {
				return err
			}
			c.Set(ctxUser, &u)
			c.Set(ctxViaBearer, true)
			c.Set(ctxCredential, app.TokenCredential(token))
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			u, err := s.app.UserBySession(ctx, ck.Value)
			switch {
			case err == nil:
				c.Set(ctxUser, &u)
				c.Set(ctxCredential, app.SessionCredential(ck.Value))
			case errors.Is(err, resource.ErrNotFound):
				s.clearSessionCookie(c)
			default:
				return err
			}
		}
		return next(c)
	}
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// currentUser is the signed-in user, or nil.
func currentUser(c echo.Context) *auth.User {
	u, _ := c.Get(ctxUser).(*auth.User)
	return u
}

// actor is the caller as the application layer knows them, with the
// credential they authenticated with.
func actor(c echo.Context) app.Actor {
	if u := currentUser(c); u != nil {
		a := app.ActorOf(*u)
		a.Credential, _ = c.Get(ctxCredential).(app.Credential)
		return a
	}
	return app.Anonymous
}

// requireUser answers 401 to anonymous callers.
func requireUser(c echo.Context) (*auth.User, error) {
	if u := currentUser(c); u != nil {
		return u, nil
	}
	return nil, app.ErrUnauthorized
}

func (s *Server) startSession(c echo.Context, userID string) error {
	token, ttl, err := s.app.StartSession(c.Request().Context(), userID, c.Request().UserAgent())
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", MaxAge: int(ttl.Seconds()),
	})
	return nil
}

func (s *Server) endSession(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.app.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", MaxAge: -1})
}

// origin is the site's address as the caller reached it, for absolute links.
func origin(c echo.Context) string { return c.Scheme() + "://" + c.Request().Host }

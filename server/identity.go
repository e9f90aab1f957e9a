package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

const (
	sessionCookie = "cp_session"
	ctxUser       = "cp.user"
	ctxViaBearer  = "cp.bearer"
)

// identify finds who is calling: a bearer token (scripts) or the session
// cookie (browsers). A bad bearer token is refused outright; a stale cookie
// is cleared and the request goes on anonymously.
func (s *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if token, ok := bearerToken(c.Request()); ok {
			u, err := s.db.UserByAPIToken(ctx, auth.HashToken(token))
			if errors.Is(err, store.ErrNotFound) {
				return newError(http.StatusUnauthorized, "unauthorized", "the bearer token is not valid")
			}
			if err != nil {
				return err
			}
			c.Set(ctxUser, &u)
			c.Set(ctxViaBearer, true)
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			u, err := s.db.UserBySession(ctx, auth.HashToken(ck.Value))
			switch {
			case err == nil:
				c.Set(ctxUser, &u)
			case errors.Is(err, store.ErrNotFound):
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

func actorOf(c echo.Context) resource.Actor {
	if u := currentUser(c); u != nil {
		return resource.Actor{UserID: u.ID}
	}
	return resource.Actor{}
}

func userID(c echo.Context) string {
	if u := currentUser(c); u != nil {
		return u.ID
	}
	return ""
}

// requireUser answers 401 to anonymous callers.
func requireUser(c echo.Context) (*auth.User, error) {
	if u := currentUser(c); u != nil {
		return u, nil
	}
	return nil, errUnauthorized
}

func (s *Server) startSession(c echo.Context, userID string) error {
	token, hash, err := auth.NewToken(auth.SessionPrefix)
	if err != nil {
		return err
	}
	if err := s.db.CreateSession(c.Request().Context(), userID, hash, time.Now().Add(s.cfg.SessionTTL)); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", MaxAge: int(s.cfg.SessionTTL.Seconds()),
	})
	return nil
}

func (s *Server) endSession(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.db.DeleteSession(c.Request().Context(), auth.HashToken(ck.Value)); err != nil {
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

// resourceFor loads a resource and decides whether the caller may perform
// action on it. Outsiders get a 404 for private resources, anonymous callers
// a 401 for the rest, and people with the wrong role a 403.
func (s *Server) resourceFor(c echo.Context, id string, action resource.Action) (resource.Resource, resource.Role, error) {
	r, role, err := s.db.ResourceFor(c.Request().Context(), id, userID(c))
	if err != nil {
		return r, role, err
	}
	return r, role, s.authorize(c, role, r.Visibility, action)
}

// authorize answers whether the caller, holding role on a resource with
// visibility vis, may perform action, as the error to return (nil: allowed).
func (s *Server) authorize(c echo.Context, role resource.Role, vis resource.Visibility, action resource.Action) error {
	switch resource.Authorize(actorOf(c), role, vis, action) {
	case resource.Allowed:
		return nil
	case resource.Hidden:
		return errNotFound
	case resource.Unauthorized:
		return errUnauthorized
	default:
		return errForbidden
	}
}

package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

type userJSON struct {
	ID     string `json:"id"`
	Handle string `json:"handle"`
	Name   string `json:"name"`
}

func toUserJSON(u *auth.User) userJSON { return userJSON{ID: u.ID, Handle: u.Handle, Name: u.Name} }

type signupRequest struct {
	Handle   string `json:"handle"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

var (
	handlePattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{1,29}$`)
	emailPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// validate checks a sign-up and returns the first field at fault.
func (r *signupRequest) validate() error {
	r.Handle, r.Email, r.Name = strings.TrimSpace(r.Handle), strings.TrimSpace(r.Email), strings.TrimSpace(r.Name)
	bad := func(field, msg string) error { return &resource.ValidationError{Field: field, Message: msg} }
	switch {
	case !handlePattern.MatchString(r.Handle):
		return bad("handle", "must be 2–30 letters, digits, '-' or '_', starting with a letter or digit")
	case len(r.Email) > 254 || !emailPattern.MatchString(r.Email):
		return bad("email", "must be an email address such as amina@example.org")
	case utf8.RuneCountInString(r.Password) < 10:
		return bad("password", "must be at least 10 characters")
	case len(r.Password) > 256:
		return bad("password", "must be at most 256 bytes")
	case r.Name == "" || utf8.RuneCountInString(r.Name) > 100:
		return bad("name", "is required, at most 100 characters")
	}
	return nil
}

// signup creates an account and returns an API token for it (and signs the
// browser in, so the JSON API and the pages agree).
func (s *Server) signup(ctx context.Context, req signupRequest) (*auth.User, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	hash, err := s.cfg.Hasher.Hash(req.Password)
	if err != nil {
		return nil, err
	}
	u, err := s.db.CreateUser(ctx, auth.User{Handle: req.Handle, Email: req.Email, Name: req.Name, PasswordHash: hash})
	if err != nil {
		return nil, err
	}
	_ = s.db.Audit(ctx, u.ID, "signup", "", nil)
	return &u, nil
}

func (s *Server) issueToken(ctx context.Context, userID, name string) (string, error) {
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return "", err
	}
	if err := s.db.CreateAPIToken(ctx, userID, name, hash); err != nil {
		return "", err
	}
	return token, nil
}

func (s *Server) apiSignup(c echo.Context) error {
	var req signupRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, err := s.signup(c.Request().Context(), req)
	if err != nil {
		return err
	}
	token, err := s.issueToken(c.Request().Context(), u.ID, "signup")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"user": toUserJSON(u), "token": token})
}

var errBadLogin = newError(http.StatusUnauthorized, "unauthorized", "wrong handle, email or password")

// checkLogin verifies credentials under per-account and per-address limits.
// The limits count every attempt, so guessing is slow whether or not the
// account exists.
func (s *Server) checkLogin(c echo.Context, login, password string) (*auth.User, error) {
	login = strings.TrimSpace(login)
	now := time.Now()
	if ok, retry := s.addrLimit.Allow("ip:"+c.RealIP(), now); !ok {
		return nil, rateLimited(c, retry)
	}
	if ok, retry := s.acctLimit.Allow("acct:"+strings.ToLower(login), now); !ok {
		return nil, rateLimited(c, retry)
	}
	if login == "" || password == "" || len(password) > 256 {
		return nil, errBadLogin
	}
	u, err := s.db.UserByLogin(c.Request().Context(), login)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	if err := auth.Verify(password, u.PasswordHash); err != nil {
		if errors.Is(err, auth.ErrMismatch) {
			return nil, errBadLogin
		}
		return nil, err
	}
	return &u, nil
}

func rateLimited(c echo.Context, retry time.Duration) error {
	secs := int(retry.Seconds() + 0.999)
	c.Response().Header().Set("Retry-After", fmt.Sprint(secs))
	return newError(http.StatusTooManyRequests, "rate_limited", "too many sign-in attempts; try again in %d seconds", secs)
}

func (s *Server) apiLogin(c echo.Context) error {
	var req struct {
		Login    string `json:"login"`
		Password string `json:"password"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, err := s.checkLogin(c, req.Login, req.Password)
	if err != nil {
		return err
	}
	if err := s.startSession(c, u.ID); err != nil {
		return err
	}
	token, err := s.issueToken(c.Request().Context(), u.ID, "login")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toUserJSON(u), "token": token})
}

// apiLogout ends the session behind the cookie, or revokes the bearer token
// that made the call.
func (s *Server) apiLogout(c echo.Context) error {
	if token, ok := bearerToken(c.Request()); ok {
		if err := s.db.DeleteAPIToken(c.Request().Context(), auth.HashToken(token)); err != nil {
			return err
		}
	}
	if err := s.endSession(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMe(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toUserJSON(u)})
}

package app

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

// SignupRequest is what a new account needs.
type SignupRequest struct {
	Handle, Email, Password, Name string
}

var (
	handlePattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{1,29}$`)
	emailPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// validate checks a sign-up and returns the first field at fault.
func (r *SignupRequest) validate() error {
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

// Signup creates an account.
func (a *App) Signup(ctx context.Context, req SignupRequest) (auth.User, error) {
	if err := req.validate(); err != nil {
		return auth.User{}, err
	}
	hash, err := a.cfg.Hasher.Hash(req.Password)
	if err != nil {
		return auth.User{}, err
	}
	u, err := a.db.CreateUser(ctx, auth.User{Handle: req.Handle, Email: req.Email, Name: req.Name, PasswordHash: hash})
	if err != nil {
		return auth.User{}, err
	}
	a.audit(ctx, ActorOf(u), "signup", "", nil)
	return u, nil
}

var errBadLogin = newErr(Unauthorized, "unauthorized", "wrong handle, email or password")

// Login checks credentials under per-account and per-address limits, from
// the network address the adapter saw. The limits count every attempt, so
// guessing is slow whether or not the account exists.
func (a *App) Login(ctx context.Context, addr, login, password string) (auth.User, error) {
	login = strings.TrimSpace(login)
	now := a.cfg.Now()
	if ok, retry := a.addrLimit.Allow("ip:"+addr, now); !ok {
		return auth.User{}, tooManyLogins(retry)
	}
	if ok, retry := a.acctLimit.Allow("acct:"+strings.ToLower(login), now); !ok {
		return auth.User{}, tooManyLogins(retry)
	}
	if login == "" || password == "" || len(password) > 256 {
		return auth.User{}, errBadLogin
	}
	u, err := a.db.UserByLogin(ctx, login)
	if errors.Is(err, resource.ErrNotFound) {
		return auth.User{}, errBadLogin
	}
	if err != nil {
		return auth.User{}, err
	}
	if err := auth.Verify(password, u.PasswordHash); err != nil {
		if errors.Is(err, auth.ErrMismatch) {
			return auth.User{}, errBadLogin
		}
		return auth.User{}, err
	}
	return u, nil
}

func tooManyLogins(retry time.Duration) error {
	secs := int(retry.Seconds() + 0.999)
	e := newErr(RateLimited, "rate_limited", "too many sign-in attempts; try again in %d seconds", secs)
	e.RetryAfter = retry
	return e
}

// IssueToken creates an API token for the user; only its hash is stored.
func (a *App) IssueToken(ctx context.Context, userID, name string) (string, error) {
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return "", err
	}
	if err := a.db.CreateAPIToken(ctx, userID, name, hash); err != nil {
		return "", err
	}
	return token, nil
}

// RevokeToken deletes an API token; live connections opened with it end.
func (a *App) RevokeToken(ctx context.Context, token string) error {
	user, err := a.db.DeleteAPIToken(ctx, auth.HashToken(token))
	if err != nil {
		return err
	}
	a.liveSignedOut(ctx, user)
	return nil
}

// StartSession signs a browser in: the token goes into its cookie, which
// lasts as long as the session.
func (a *App) StartSession(ctx context.Context, userID string) (token string, ttl time.Duration, err error) {
	token, hash, err := auth.NewToken(auth.SessionPrefix)
	if err != nil {
		return "", 0, err
	}
	if err := a.db.CreateSession(ctx, userID, hash, a.cfg.Now().Add(a.cfg.SessionTTL)); err != nil {
		return "", 0, err
	}
	return token, a.cfg.SessionTTL, nil
}

// EndSession signs a browser out; live connections opened with the session end.
func (a *App) EndSession(ctx context.Context, token string) error {
	user, err := a.db.DeleteSession(ctx, auth.HashToken(token))
	if err != nil {
		return err
	}
	a.liveSignedOut(ctx, user)
	return nil
}

// UserByToken is the owner of an API token (resource.ErrNotFound when the
// token is unknown or revoked).
func (a *App) UserByToken(ctx context.Context, token string) (auth.User, error) {
	return a.db.UserByAPIToken(ctx, auth.HashToken(token))
}

// UserBySession is the user signed in with a session cookie's token.
func (a *App) UserBySession(ctx context.Context, token string) (auth.User, error) {
	return a.db.UserBySession(ctx, auth.HashToken(token))
}

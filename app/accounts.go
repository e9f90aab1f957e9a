package app

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode"
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
	case strings.HasPrefix(strings.ToLower(r.Handle), tombstonePrefix):
		return bad("handle", "must not start with \""+tombstonePrefix+"\", which marks deleted accounts")
	case len(r.Email) > 254 || !emailPattern.MatchString(r.Email):
		return bad("email", "must be an email address such as amina@example.org")
	case utf8.RuneCountInString(r.Password) < 10:
		return bad("password", "must be at least 10 characters")
	case len(r.Password) > 256:
		return bad("password", "must be at most 256 bytes")
	case r.Name == "" || utf8.RuneCountInString(r.Name) > 100:
		return bad("name", "is required, at most 100 characters")
	case strings.ContainsFunc(r.Email, unicode.IsControl):
		return bad("email", "must not contain control characters")
	case strings.ContainsFunc(r.Name, unicode.IsControl):
		return bad("name", "must not contain control characters")
	}
	if err := auth.CheckPassword(r.Password, auth.Personal{Handle: r.Handle, Email: r.Email, Name: r.Name}); err != nil {
		return bad("password", err.Error())
	}
	return nil
}

// Signup creates an account and mails its address the link that confirms it
// (email_confirm.go). Sign-ups that pass validation are limited per
// network address (addr, as the adapter saw it), so one machine cannot
// mint accounts by the thousand.
func (a *App) Signup(ctx context.Context, addr string, req SignupRequest) (auth.User, error) {
	if err := req.validate(); err != nil {
		return auth.User{}, err
	}
	if ok, retry := a.signupLimit.Allow("ip:"+addr, a.cfg.Now()); !ok {
		return auth.User{}, rateLimited(retry, "too many sign-ups from your network address; try again in %d seconds")
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
	a.mailNewAccountLink(ctx, u)
	return u, nil
}

// checkNewPassword applies the sign-up password rules (auth.CheckPassword)
// to a password set with a reset token.
func (a *App) checkNewPassword(ctx context.Context, resetToken, password string) error {
	uid, err := a.db.PasswordResetUser(ctx, auth.HashToken(resetToken), a.dbNow())
	if err != nil {
		return err
	}
	u, err := a.db.UserByID(ctx, uid)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword(password, auth.Personal{Handle: u.Handle, Email: u.Email, Name: u.Name}); err != nil {
		return &resource.ValidationError{Field: "password", Message: err.Error()}
	}
	return nil
}

var errBadLogin = newErr(Unauthorized, "unauthorized", "wrong handle, email or password")

// Login checks credentials from the network address the adapter saw, under
// limits that count failed attempts (docs/security.md): per address, per
// account and address, and per account from addresses that have not
// signed in to it lately. An account is the user a handle or e-mail names
// (unknown logins count under their lower-cased text), so trying the
// e-mail after the handle buys no more guesses; and because the account's
// own limit is per address, an attacker elsewhere cannot lock its owner out.
func (a *App) Login(ctx context.Context, addr, login, password string) (auth.User, error) {
	login = strings.TrimSpace(login)
	if login == "" || password == "" || len(password) > 256 || len(login) > 320 ||
		!utf8.ValidString(login) || strings.IndexByte(login, 0) >= 0 {
		return auth.User{}, errBadLogin
	}
	now := a.cfg.Now()
	var giveBack []func()
	giveAllBack := func() {
		for _, g := range giveBack {
			g()
		}
	}
	refuse := func(retry time.Duration) error {
		giveAllBack()
		return rateLimited(retry, "too many sign-in attempts; try again in %d seconds")
	}
	ok, retry, g := a.addrLimit.Take("ip:"+addr, now)
	if !ok {
		return auth.User{}, refuse(retry)
	}
	giveBack = append(giveBack, g)
	u, err := a.db.UserByLogin(ctx, login)
	account := "login:" + strings.ToLower(login)
	switch {
	case err == nil:
		account = "user:" + u.ID
	case !errors.Is(err, resource.ErrNotFound):
		giveAllBack()
		return auth.User{}, err
	}
	if ok, retry, g = a.pairLimit.Take(account+" ip:"+addr, now); !ok {
		return auth.User{}, refuse(retry)
	}
	giveBack = append(giveBack, g)
	if !a.known.Has(account, addr, now) {
		if ok, retry, g = a.acctLimit.Take(account, now); !ok {
			return auth.User{}, refuse(retry)
		}
		giveBack = append(giveBack, g)
	}
	if err != nil { // no such account: the attempts stay counted
		return auth.User{}, errBadLogin
	}
	if err := auth.Verify(password, u.PasswordHash); err != nil {
		if errors.Is(err, auth.ErrMismatch) {
			return auth.User{}, errBadLogin
		}
		return auth.User{}, err
	}
	giveAllBack()
	a.known.Remember(account, addr, now)
	return u, nil
}

func rateLimited(retry time.Duration, format string) error {
	secs := int(retry.Seconds() + 0.999)
	e := newErr(RateLimited, "rate_limited", format, secs)
	e.RetryAfter = retry
	return e
}

// IssueToken creates an API token for the user, valid for the configured
// token lifetime; only its hash is stored.
func (a *App) IssueToken(ctx context.Context, userID, name string) (string, error) {
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return "", err
	}
	if err := a.db.CreateAPIToken(ctx, userID, name, hash, a.cfg.Now().Add(a.cfg.TokenTTL)); err != nil {
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
// lasts as long as the session. userAgent (as the browser named itself)
// helps its owner tell sessions apart when listing them.
func (a *App) StartSession(ctx context.Context, userID, userAgent string) (token string, ttl time.Duration, err error) {
	token, hash, err := auth.NewToken(auth.SessionPrefix)
	if err != nil {
		return "", 0, err
	}
	if err := a.db.CreateSession(ctx, userID, hash, a.cfg.Now().Add(a.cfg.SessionTTL), clip(userAgent, 200)); err != nil {
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

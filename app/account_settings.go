package app

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

// The caller's own account: name, e-mail address, password, signing out
// everywhere. Changing the address or the password, or deleting the
// account, asks for the current password again: a session left open on a
// shared computer must not be enough to take the account over.

var errWrongPassword = &Error{Kind: Invalid, Code: "wrong_password", Field: "current_password", Message: "is not your current password"}

// reauthenticate loads the caller's account and checks password against it.
// Wrong guesses count under the same limit as sign-in attempts for the
// account, so a stolen session cannot be used to guess the password.
func (a *App) reauthenticate(ctx context.Context, who Actor, password string) (auth.User, error) {
	if !who.SignedIn() {
		return auth.User{}, ErrUnauthorized
	}
	u, err := a.db.UserByID(ctx, who.ID)
	if err != nil || u.Deleted {
		return auth.User{}, ErrUnauthorized
	}
	ok, retry, giveBack := a.pairLimit.Take("reauth user:"+u.ID, a.cfg.Now())
	if !ok {
		return auth.User{}, rateLimited(retry, "too many wrong passwords; try again in %d seconds")
	}
	if password == "" || len(password) > 256 {
		return auth.User{}, errWrongPassword
	}
	if err := auth.Verify(password, u.PasswordHash); err != nil {
		if errors.Is(err, auth.ErrMismatch) {
			return auth.User{}, errWrongPassword
		}
		giveBack()
		return auth.User{}, err
	}
	giveBack()
	return u, nil
}

// checkName trims and checks a display name.
func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || utf8.RuneCountInString(name) > 100:
		return "", invalid("name", "is required, at most 100 characters")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return "", invalid("name", "must not contain control characters")
	}
	return name, nil
}

// ChangeName sets the caller's display name; it is how they are credited
// everywhere from now on, in credits copied into derivatives too.
func (a *App) ChangeName(ctx context.Context, who Actor, name string) (auth.User, error) {
	if !who.SignedIn() {
		return auth.User{}, ErrUnauthorized
	}
	name, err := checkName(name)
	if err != nil {
		return auth.User{}, err
	}
	u, err := a.db.UserByID(ctx, who.ID)
	if err != nil || u.Deleted {
		return auth.User{}, ErrUnauthorized
	}
	if name == u.Name {
		return u, nil // nothing to rewrite or re-index
	}
	if ok, retry := a.renameLimit.Allow("user:"+u.ID, a.cfg.Now()); !ok {
		return auth.User{}, rateLimited(retry, "too many name changes; try again in %d seconds")
	}
	if err := a.db.SetUserName(ctx, u.ID, name, "/u/"+u.Handle); err != nil {
		return auth.User{}, err
	}
	a.audit(ctx, who, "account.name", "", nil)
	u.Name = name
	return u, nil
}

// ChangePassword sets a new password, given the current one, under the
// sign-up rules. Every other session and API token of the account ends
// (and the live connections opened with them); the one this request came
// with stays signed in.
func (a *App) ChangePassword(ctx context.Context, who Actor, current, next string) error {
	switch {
	case utf8.RuneCountInString(next) < 10:
		return invalid("password", "must be at least 10 characters")
	case len(next) > 256:
		return invalid("password", "must be at most 256 bytes")
	}
	u, err := a.reauthenticate(ctx, who, current)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword(next, auth.Personal{Handle: u.Handle, Email: u.Email, Name: u.Name}); err != nil {
		return &resource.ValidationError{Field: "password", Message: err.Error()}
	}
	if current == next {
		return invalid("password", "must differ from your current password")
	}
	hash, err := a.cfg.Hasher.Hash(next)
	if err != nil {
		return err
	}
	var keepSession, keepToken []byte
	if kind, h, ok := who.Credential.parse(); ok {
		if kind == 's' {
			keepSession = h
		} else {
			keepToken = h
		}
	}
	if err := a.db.SetUserPassword(ctx, u.ID, hash, keepSession, keepToken); err != nil {
		return err
	}
	a.liveSignedOut(ctx, u.ID)
	a.audit(ctx, who, "account.password", "", nil)
	return nil
}

// SignOutEverywhere ends every session and API token of the caller's
// account, this one too, and closes every live connection opened with them
// (in other processes too, through the rights notification).
func (a *App) SignOutEverywhere(ctx context.Context, who Actor) error {
	if !who.SignedIn() {
		return ErrUnauthorized
	}
	if err := a.db.EndAllCredentials(ctx, who.ID); err != nil {
		return err
	}
	a.liveSignedOut(ctx, who.ID)
	a.audit(ctx, who, "account.signout_everywhere", "", nil)
	return nil
}

func newFieldErr(kind Kind, code, field, message string) *Error {
	return &Error{Kind: kind, Code: code, Field: field, Message: message}
}

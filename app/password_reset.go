package app

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// "Forgot password": a single-use link, valid for Mail.ResetTTL, is e-mailed
// to the account's address; only the token's hash is stored; using it sets
// a new password and ends every session and API token of the account. The
// answer to a request is the same whether or not the address has an
// account, and so is its timing: the work is done after answering.

// resetsPerAccount bounds the links one account is sent per resetWindow,
// whoever asks; further requests are dropped silently (a visible refusal
// would tell that the account exists).
const (
	resetsPerAccount = 3
	resetWindow      = time.Hour
)

// RequestPasswordReset asks for a reset link to be e-mailed to email. It
// refuses malformed addresses and too many requests from one network
// address or for one e-mail address, and otherwise answers nil at once,
// whether or not an account has that address.
func (a *App) RequestPasswordReset(ctx context.Context, addr, email string) error {
	email = strings.TrimSpace(email)
	if len(email) > 254 || !emailPattern.MatchString(email) {
		return invalid("email", "must be an email address such as amina@example.org")
	}
	now := a.cfg.Now()
	if ok, retry := a.resetAddr.Allow("ip:"+addr, now); !ok {
		return tooManyResets(retry)
	}
	if ok, retry := a.resetEmail.Allow("email:"+strings.ToLower(email), now); !ok {
		return tooManyResets(retry)
	}
	a.mail.wg.Add(1)
	go func() {
		defer a.mail.wg.Done()
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if err := a.sendResetLink(bg, email); err != nil {
			a.log.WarnContext(bg, "password reset request", "err", err)
		}
	}()
	return nil
}

func tooManyResets(retry time.Duration) error {
	e := newErr(RateLimited, "rate_limited", "too many password-reset requests; try again in %d seconds", int(retry.Seconds()+0.999))
	e.RetryAfter = retry
	return e
}

// sendResetLink issues a token for the account with that address (if any,
// and if it has not had too many lately) and queues the e-mail.
func (a *App) sendResetLink(ctx context.Context, email string) error {
	u, err := a.db.UserByLogin(ctx, email)
	if errors.Is(err, resource.ErrNotFound) || (err == nil && !strings.EqualFold(u.Email, email)) {
		return nil
	}
	if err != nil {
		return err
	}
	now := a.dbNow()
	n, err := a.db.PasswordResetsSince(ctx, u.ID, now.Add(-resetWindow))
	if err != nil {
		return err
	}
	if n >= resetsPerAccount {
		a.log.InfoContext(ctx, "password reset: account limit reached; request dropped", "user", u.ID)
		return nil
	}
	token, hash, err := auth.NewToken(auth.ResetPrefix)
	if err != nil {
		return err
	}
	expires := now.Add(a.cfg.Mail.ResetTTL)
	if err := a.db.CreatePasswordReset(ctx, u.ID, u.Email, hash, expires); err != nil {
		return err
	}
	link := a.cfg.Mail.PublicURL + "/reset-password?token=" + url.QueryEscape(token)
	mins := int(a.cfg.Mail.ResetTTL.Minutes())
	loc := i18n.Default().Choose(u.UILanguage, "")
	hello := loc.T("Hello {name},", "name", u.Name)
	asked := loc.T("Someone (we hope you) asked to set a new password for your Commonplace account @{handle}.", "handle", u.Handle)
	once := loc.N("The link works once, for {n} minute. Using it signs you out everywhere.", "The link works once, for {n} minutes. Using it signs you out everywhere.", mins)
	ignore := loc.T("If you did not ask, ignore this e-mail: your password stays as it is.")
	text := fmt.Sprintf("%s\n\n%s\n\n%s\n\n%s\n%s\n", hello, asked, loc.T("Set a new password: {link}", "link", link), once, ignore)
	body := fmt.Sprintf("<p>%s</p>\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n<p>%s %s</p>\n",
		helloHTML(loc, u.Name), html.EscapeString(asked), html.EscapeString(link), html.EscapeString(loc.T("Set a new password")), html.EscapeString(once), html.EscapeString(ignore))
	if err := a.db.EnqueueMail(ctx, store.Mail{UserID: u.ID, Kind: mailPasswordReset, To: u.Email,
		Subject: loc.T("Set a new password for Commonplace"), Text: text, HTML: body, Sensitive: true, Expires: &expires, NextTry: a.dbNow()}); err != nil {
		return err
	}
	a.audit(ctx, ActorOf(u), "password.reset_requested", "", nil)
	a.wakeMail()
	return nil
}

var errResetLink = newErr(NotFound, "invalid_token", "this link has expired or was already used; ask for a new one")

// CheckPasswordReset reports whether a reset token still works (for the page
// that asks for the new password).
func (a *App) CheckPasswordReset(ctx context.Context, token string) error {
	if !strings.HasPrefix(token, auth.ResetPrefix) || len(token) > 100 {
		return errResetLink
	}
	if _, err := a.db.PasswordResetUser(ctx, auth.HashToken(token), a.dbNow()); err != nil {
		if errors.Is(err, resource.ErrNotFound) {
			return errResetLink
		}
		return err
	}
	return nil
}

// ResetPassword sets a new password with a reset token, uses the token up
// and ends every session and API token of the account, and so every live
// connection opened with them.
func (a *App) ResetPassword(ctx context.Context, token, password string) error {
	if !strings.HasPrefix(token, auth.ResetPrefix) || len(token) > 100 {
		return errResetLink
	}
	switch {
	case utf8.RuneCountInString(password) < 10:
		return &resource.ValidationError{Field: "password", Message: "must be at least 10 characters"}
	case len(password) > 256:
		return &resource.ValidationError{Field: "password", Message: "must be at most 256 bytes"}
	}
	// Hash only for a live token: a stream of bad tokens costs no hashing.
	if err := a.CheckPasswordReset(ctx, token); err != nil {
		return err
	}
	if err := a.checkNewPassword(ctx, token, password); err != nil {
		return err
	}
	hash, err := a.cfg.Hasher.Hash(password)
	if err != nil {
		return err
	}
	uid, err := a.db.ResetPassword(ctx, auth.HashToken(token), a.dbNow(), hash)
	if errors.Is(err, resource.ErrNotFound) {
		return errResetLink
	}
	if err != nil {
		return err
	}
	a.liveSignedOut(ctx, uid)
	a.audit(ctx, Actor{ID: uid}, "password.reset", "", nil)
	return nil
}

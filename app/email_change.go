package app

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Changing the e-mail address takes two steps, as on GitHub or Moodle: the account's owner
// asks, with their password, and a single-use link valid for Mail.ConfirmTTL is mailed to
// the new address; the address changes only when that link is followed. Until then the old
// address keeps receiving password-reset links and notifications. So a typo cannot cut
// anyone off from their account, and no one can point an account's mail at an address
// they do not read. Once changed, the old address is told.

const (
	mailEmailChanged = "email_changed" // to the old address, after the change
	mailEmailConfirm = "email_confirm" // to the new address, with the link
)

// emailLinksPerAccount bounds the confirmation links one account is sent per
// emailLinkWindow: each is a mail to an address of the asker's choosing.
const (
	emailLinksPerAccount = 3
	emailLinkWindow      = time.Hour
)

// PendingEmail is a change of address waiting for its link to be followed.
type PendingEmail struct {
	Email   string
	Expires time.Time
	// Confirms is true for a link to the address the account already has: following it
	// confirms the address and changes nothing (email_confirm.go).
	Confirms bool
}

var errEmailLink = newErr(NotFound, "invalid_token", "this link has expired or was already used; ask for a new one from your account page")

// checkEmail is a new address in its canonical form, or the reason it is refused.
func checkEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	if len(email) > 254 || !emailPattern.MatchString(email) || strings.ContainsFunc(email, unicode.IsControl) {
		return "", invalid("email", "must be an email address such as amina@example.org")
	}
	return email, nil
}

// ChangeEmail asks for the caller's address to become email, given their current password:
// it mails a confirmation link to email and returns the change it waits for. A newer
// request voids the links of the older ones.
func (a *App) ChangeEmail(ctx context.Context, who Actor, password, email string) (PendingEmail, error) {
	email, err := checkEmail(email)
	if err != nil {
		return PendingEmail{}, err
	}
	u, err := a.reauthenticate(ctx, who, password)
	if err != nil {
		return PendingEmail{}, err
	}
	if strings.EqualFold(email, u.Email) {
		return PendingEmail{}, invalid("email", "is already your address")
	}
	// Refused now rather than when the link is followed; the check at confirmation
	// still decides, should someone take the address meanwhile.
	taken, err := a.db.EmailTaken(ctx, u.ID, email)
	if err != nil {
		return PendingEmail{}, err
	}
	if taken {
		return PendingEmail{}, newFieldErr(Conflict, "email_taken", "email", "another account uses this address")
	}
	if err := a.emailLinkAllowed(ctx, u.ID, "too many e-mail changes; try again in %d seconds"); err != nil {
		return PendingEmail{}, err
	}
	token, expires, err := a.newEmailLink(ctx, u.ID, email, false)
	if err != nil {
		return PendingEmail{}, err
	}
	if err := a.mailConfirmLink(ctx, u, email, token, expires); err != nil {
		return PendingEmail{}, err
	}
	a.audit(ctx, who, "account.email_requested", "", nil)
	return PendingEmail{Email: email, Expires: expires}, nil
}

// emailLinkAllowed refuses, with msg, a link past the account's emailLinksPerAccount.
func (a *App) emailLinkAllowed(ctx context.Context, userID, msg string) error {
	now := a.dbNow()
	n, first, err := a.db.EmailChangesSince(ctx, userID, now.Add(-emailLinkWindow))
	if err != nil {
		return err
	}
	if n >= emailLinksPerAccount {
		// At least a second: the rows are stamped by the database's clock, now by ours.
		wait := max(first.Add(emailLinkWindow).Sub(now), time.Second)
		return rateLimited(wait, msg)
	}
	return nil
}

// newEmailLink stores a link that sets userID's address to email (or confirms it, when it
// is the address already), voiding the account's earlier links, and returns its token.
// atSignup marks the link sign-up sends, which emailLinkAllowed does not count.
func (a *App) newEmailLink(ctx context.Context, userID, email string, atSignup bool) (token string, expires time.Time, err error) {
	token, hash, err := auth.NewToken(auth.EmailPrefix)
	if err != nil {
		return "", time.Time{}, err
	}
	expires = a.dbNow().Add(a.cfg.Mail.ConfirmTTL)
	if err := a.db.CreateEmailChange(ctx, userID, email, hash, expires, atSignup); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// mailConfirmLink queues the mail that carries token to the new address.
func (a *App) mailConfirmLink(ctx context.Context, u auth.User, email, token string, expires time.Time) error {
	link := a.cfg.Mail.PublicURL + "/account/email/confirm?token=" + url.QueryEscape(token)
	hours := int(a.cfg.Mail.ConfirmTTL.Hours())
	loc := i18n.Default().Choose(u.UILanguage, "")
	hello := loc.T("Hello {name},", "name", u.Name)
	asked := loc.T("Someone (we hope you) asked for {email} to become the e-mail address of the Commonplace account @{handle}.", "email", email, "handle", u.Handle)
	once := loc.N("The link works once, for {n} hour. Until it is followed, the account keeps its old address.",
		"The link works once, for {n} hours. Until it is followed, the account keeps its old address.", hours)
	ignore := loc.T("If you did not ask, ignore this e-mail: nothing changes.")
	text := fmt.Sprintf("%s\n\n%s\n\n%s\n\n%s\n%s\n", hello, asked, loc.T("Confirm the new address: {link}", "link", link), once, ignore)
	body := fmt.Sprintf("<p>%s</p>\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n<p>%s %s</p>\n",
		helloHTML(loc, u.Name), html.EscapeString(asked), html.EscapeString(link), html.EscapeString(loc.T("Confirm the new address")),
		html.EscapeString(once), html.EscapeString(ignore))
	if err := a.db.EnqueueMail(ctx, store.Mail{UserID: u.ID, Kind: mailEmailConfirm, To: email,
		Subject: loc.T("Confirm your new Commonplace e-mail address"), Text: text, HTML: body, Sensitive: true, Expires: &expires, NextTry: a.dbNow()}); err != nil {
		return err
	}
	a.wakeMail()
	return nil
}

// PendingEmailChange is the caller's change of address waiting for its link; ok is false
// when there is none.
func (a *App) PendingEmailChange(ctx context.Context, who Actor) (p PendingEmail, ok bool, err error) {
	if !who.SignedIn() {
		return PendingEmail{}, false, ErrUnauthorized
	}
	c, err := a.db.PendingEmailChange(ctx, who.ID, a.dbNow())
	if errors.Is(err, resource.ErrNotFound) {
		return PendingEmail{}, false, nil
	}
	if err != nil {
		return PendingEmail{}, false, err
	}
	return PendingEmail{Email: c.Email, Expires: c.Expires}, true, nil
}

// CancelEmailChange voids the caller's confirmation links; the address stays as it is.
func (a *App) CancelEmailChange(ctx context.Context, who Actor) error {
	if !who.SignedIn() {
		return ErrUnauthorized
	}
	if err := a.db.CancelEmailChanges(ctx, who.ID); err != nil {
		return err
	}
	a.audit(ctx, who, "account.email_cancelled", "", nil)
	return nil
}

// EmailChangeFor is the change a confirmation token would make (for the page that asks to
// confirm it: following a link must not be enough, as mail scanners follow links).
func (a *App) EmailChangeFor(ctx context.Context, token string) (PendingEmail, auth.User, error) {
	if !strings.HasPrefix(token, auth.EmailPrefix) || len(token) > 100 {
		return PendingEmail{}, auth.User{}, errEmailLink
	}
	c, err := a.db.EmailChangeByToken(ctx, auth.HashToken(token), a.dbNow())
	if errors.Is(err, resource.ErrNotFound) {
		return PendingEmail{}, auth.User{}, errEmailLink
	}
	if err != nil {
		return PendingEmail{}, auth.User{}, err
	}
	u, err := a.db.UserByID(ctx, c.UserID)
	if err != nil {
		return PendingEmail{}, auth.User{}, err
	}
	return PendingEmail{Email: c.Email, Expires: c.Expires, Confirms: strings.EqualFold(c.Email, u.Email)}, u, nil
}

// ConfirmEmailChange follows a confirmation link: the account's address becomes the one the
// link was sent to and counts as confirmed, the account's other links and the reset links
// sent to the old address stop working, and the old address is told. A link sent to the
// address the account has only confirms it (changed is false). Whoever holds the link may
// follow it, signed in or not: it was mailed to the address at its owner's request.
func (a *App) ConfirmEmailChange(ctx context.Context, token string) (u auth.User, changed bool, err error) {
	if !strings.HasPrefix(token, auth.EmailPrefix) || len(token) > 100 {
		return auth.User{}, false, errEmailLink
	}
	c, old, err := a.db.ConfirmEmailChange(ctx, auth.HashToken(token), a.dbNow())
	var conflict *store.ConflictError
	switch {
	case errors.Is(err, resource.ErrNotFound):
		return auth.User{}, false, errEmailLink
	case errors.As(err, &conflict):
		return auth.User{}, false, newFieldErr(Conflict, "email_taken", "email", "another account uses this address")
	case err != nil:
		return auth.User{}, false, err
	}
	u, err = a.db.UserByID(ctx, c.UserID)
	if err != nil {
		return auth.User{}, false, err
	}
	if strings.EqualFold(old, u.Email) {
		a.audit(ctx, ActorOf(u), "account.email_confirmed", "", nil)
		return u, false, nil
	}
	if err := a.tellOldAddress(ctx, u, old); err != nil {
		return auth.User{}, false, err
	}
	a.audit(ctx, ActorOf(u), "account.email", "", nil)
	return u, true, nil
}

// tellOldAddress tells the old address of a change: if it was not its owner's doing, they
// learn of it and can ask for help.
func (a *App) tellOldAddress(ctx context.Context, u auth.User, old string) error {
	loc := i18n.Default().Choose(u.UILanguage, "")
	hello := loc.T("Hello {name},", "name", u.Name)
	changed := loc.T("The e-mail address of your Commonplace account @{handle} was changed from {old} to {new}.", "handle", u.Handle, "old", old, "new", u.Email)
	advice := loc.T("If you did this, there is nothing more to do. If you did not, someone who knows your password has your account: write to the people who run this service at once.")
	text := fmt.Sprintf("%s\n\n%s\n\n%s\n", hello, changed, advice)
	body := fmt.Sprintf("<p>%s</p>\n<p>%s</p>\n<p>%s</p>\n", helloHTML(loc, u.Name), html.EscapeString(changed), html.EscapeString(advice))
	if err := a.db.EnqueueMail(ctx, store.Mail{UserID: u.ID, Kind: mailEmailChanged, To: old,
		Subject: loc.T("Your Commonplace e-mail address was changed"), Text: text, HTML: body, NextTry: a.dbNow()}); err != nil {
		return err
	}
	a.wakeMail()
	return nil
}

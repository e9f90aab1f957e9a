package app

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// An address counts as confirmed once a link mailed to it has been followed, as GitHub or
// Moodle ask: at sign-up the new account is sent one, and its owner can ask for another
// from the account page. Until then the account works, but notification mail waits
// (notification_mail.go): anyone can type someone else's address at sign-up, and that
// person should not hear from an account they never made. A password reset also confirms
// the address it was mailed to, and a change of address is confirmed by its own link.
//
// The link is an email_changes row whose address is the one the account has: following it
// changes nothing but the confirmation (ConfirmEmailChange).

const mailEmailVerify = "email_verify" // the link that confirms the address an account has

var (
	errAlreadyConfirmed = newErr(Conflict, "already_confirmed", "your e-mail address is already confirmed")
	errChangePending    = newErr(Conflict, "email_change_pending",
		"a change of e-mail address is waiting for its link; follow it (it confirms the new address) or cancel the change first")
)

// mailNewAccountLink sends a new account the link that confirms its address. The account
// exists whatever happens here, so a failure is logged, not returned: its owner can ask
// for the link again from the account page.
func (a *App) mailNewAccountLink(ctx context.Context, u auth.User) {
	token, expires, err := a.newEmailLink(ctx, u.ID, u.Email, true)
	if err == nil {
		err = a.mailAddressLink(ctx, u, token, expires)
	}
	if err != nil {
		a.log.WarnContext(ctx, "sign-up: the address confirmation link was not sent", "user", u.ID, "err", err)
	}
}

// SendEmailConfirmation mails the caller a new link that confirms their address, voiding the
// one before; it returns the link's expiry.
func (a *App) SendEmailConfirmation(ctx context.Context, who Actor) (PendingEmail, error) {
	if !who.SignedIn() {
		return PendingEmail{}, ErrUnauthorized
	}
	u, err := a.db.UserByID(ctx, who.ID)
	if err != nil || u.Deleted {
		return PendingEmail{}, ErrUnauthorized
	}
	if u.EmailVerified {
		return PendingEmail{}, errAlreadyConfirmed
	}
	if _, pending, err := a.PendingEmailChange(ctx, who); err != nil {
		return PendingEmail{}, err
	} else if pending {
		return PendingEmail{}, errChangePending
	}
	if err := a.emailLinkAllowed(ctx, u.ID, "too many confirmation links; try again in %d seconds"); err != nil {
		return PendingEmail{}, err
	}
	token, expires, err := a.newEmailLink(ctx, u.ID, u.Email, false)
	if err != nil {
		return PendingEmail{}, err
	}
	if err := a.mailAddressLink(ctx, u, token, expires); err != nil {
		return PendingEmail{}, err
	}
	a.audit(ctx, who, "account.email_confirmation_requested", "", nil)
	return PendingEmail{Email: u.Email, Expires: expires, Confirms: true}, nil
}

// PendingConfirmation is when the caller's live link to confirm their address expires; ok is
// false when there is none.
func (a *App) PendingConfirmation(ctx context.Context, who Actor) (expires time.Time, ok bool, err error) {
	if !who.SignedIn() {
		return time.Time{}, false, ErrUnauthorized
	}
	expires, err = a.db.PendingConfirmation(ctx, who.ID, a.dbNow())
	if errors.Is(err, resource.ErrNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	return expires, true, nil
}

// mailAddressLink queues the mail that carries token to the account's own address.
func (a *App) mailAddressLink(ctx context.Context, u auth.User, token string, expires time.Time) error {
	link := a.cfg.Mail.PublicURL + "/account/email/confirm?token=" + url.QueryEscape(token)
	hours := int(a.cfg.Mail.ConfirmTTL.Hours())
	loc := i18n.Default().Choose(u.UILanguage, "")
	hello := loc.T("Hello {name},", "name", u.Name)
	asked := loc.T("Please confirm that {email} is the address of your Commonplace account @{handle}. Until it is confirmed, Commonplace sends it no notifications.",
		"email", u.Email, "handle", u.Handle)
	once := loc.N("The link works once, for {n} hour.", "The link works once, for {n} hours.", hours)
	ignore := loc.T("If you did not make this account, ignore this e-mail: notifications are sent only to an address its owner has confirmed.")
	text := fmt.Sprintf("%s\n\n%s\n\n%s\n\n%s\n%s\n", hello, asked, loc.T("Confirm your address: {link}", "link", link), once, ignore)
	body := fmt.Sprintf("<p>%s</p>\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n<p>%s %s</p>\n",
		helloHTML(loc, u.Name), html.EscapeString(asked), html.EscapeString(link), html.EscapeString(loc.T("Confirm your address")),
		html.EscapeString(once), html.EscapeString(ignore))
	if err := a.db.EnqueueMail(ctx, store.Mail{UserID: u.ID, Kind: mailEmailVerify, To: u.Email,
		Subject: loc.T("Confirm your Commonplace e-mail address"), Text: text, HTML: body, Sensitive: true, Expires: &expires, NextTry: a.dbNow()}); err != nil {
		return err
	}
	a.wakeMail()
	return nil
}

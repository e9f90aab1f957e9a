package app

import (
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/resource"
)

// mailsOfKind are the outbox's mails of kind to addr, newest first.
func (f *fixture) mailsOfKind(kind, addr string) []OutboxMail {
	f.t.Helper()
	all, err := f.a.Outbox(f.ctx, "", 100)
	f.must(err)
	var out []OutboxMail
	for _, m := range all {
		if m.Kind == kind && m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// waitMail is the newest mail of kind to addr, waited for a while: some mail (a reset
// link) is queued after the request has been answered.
func (f *fixture) waitMail(kind, addr string) OutboxMail {
	f.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got := f.mailsOfKind(kind, addr); len(got) > 0 {
			return got[0]
		}
	}
	f.t.Fatalf("no %s mail to %s", kind, addr)
	return OutboxMail{}
}

// A new account is mailed a link that confirms its address; until it is followed, the
// account works but no notification is mailed to the address.
func TestSignupAddressIsConfirmedByItsLink(t *testing.T) {
	t.Parallel()
	f, _ := mailFixture(t, nil)
	nadia, bruno := f.unconfirmedUser("nadia"), f.user("bruno")
	links := f.mailsOfKind(mailEmailVerify, "nadia@example.org")
	if len(links) != 1 || !links[0].Sensitive || !strings.Contains(links[0].Text, "https://cp.example.org/account/email/confirm?token=cpe_") ||
		!strings.Contains(links[0].Text, "@nadia") {
		t.Fatalf("sign-up link: %+v", links)
	}
	if u, err := f.a.db.UserByID(f.ctx, nadia.ID); err != nil || u.EmailVerified {
		t.Fatalf("a new address counts as confirmed: %+v %v", u, err)
	}
	if _, ok, err := f.a.PendingConfirmation(f.ctx, nadia); err != nil || !ok {
		t.Fatalf("no pending confirmation: %v %v", ok, err)
	}

	// Notifications reach the inbox, not the unconfirmed address.
	f.setEmail(nadia, "immediate")
	src := f.create(nadia, "Tides", "The sea rises twice a day.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.Fork(f.ctx, bruno, src.ID, ForkRequest{Title: ptr("Tides for Year 5")})
	f.must(err)
	f.a.MailRound(f.ctx)
	if in, _ := f.inbox(nadia); len(in.Notifications) != 1 {
		t.Fatalf("inbox: %+v", in.Notifications)
	}
	if got := f.mailsOfKind(mailNotification, "nadia@example.org"); len(got) != 0 {
		t.Fatalf("notification mailed to an unconfirmed address: %+v", got)
	}

	// The link confirms and changes nothing else; a new one voids it.
	first := f.addressLink("nadia@example.org")
	if p, u, err := f.a.EmailChangeFor(f.ctx, first); err != nil || !p.Confirms || p.Email != "nadia@example.org" || u.ID != nadia.ID {
		t.Fatalf("what the link would do: %+v %+v %v", p, u, err)
	}
	if _, ok, err := f.a.PendingEmailChange(f.ctx, nadia); err != nil || ok {
		t.Fatalf("a confirmation shows as a change of address: %v %v", ok, err)
	}
	again, err := f.a.SendEmailConfirmation(f.ctx, nadia)
	f.must(err)
	if !again.Confirms || again.Email != "nadia@example.org" {
		t.Fatalf("resent link: %+v", again)
	}
	_, _, err = f.a.ConfirmEmailChange(f.ctx, first)
	wantKind(t, "a superseded link", err, NotFound, "invalid_token")
	f.must(f.a.RequestPasswordReset(f.ctx, "192.0.2.7", "nadia@example.org"))
	u, changed, err := f.a.ConfirmEmailChange(f.ctx, f.addressLink("nadia@example.org"))
	f.must(err)
	if changed || !u.EmailVerified || u.Email != "nadia@example.org" {
		t.Fatalf("after confirming: changed %v, %+v", changed, u)
	}
	if got := f.mailsOfKind(mailEmailChanged, "nadia@example.org"); len(got) != 0 {
		t.Fatalf("a confirmation told the address it changed: %+v", got)
	}
	reset := resetLink.FindStringSubmatch(f.waitMail(mailPasswordReset, "nadia@example.org").Text)
	f.must(f.a.CheckPasswordReset(f.ctx, reset[1])) // the reset link sent before still works
	_, err = f.a.SendEmailConfirmation(f.ctx, nadia)
	wantKind(t, "confirming a confirmed address", err, Conflict, "already_confirmed")

	// From now on notifications are mailed.
	_, err = f.a.Fork(f.ctx, bruno, src.ID, ForkRequest{Title: ptr("Tides for Year 6")})
	f.must(err)
	f.a.MailRound(f.ctx)
	if got := f.mailsOfKind(mailNotification, "nadia@example.org"); len(got) != 1 {
		t.Fatalf("after confirming, notification mail: %+v", got)
	}
}

// A daily digest waits for a confirmed address too.
func TestDigestWaitsForAConfirmedAddress(t *testing.T) {
	t.Parallel()
	f, clk := mailFixture(t, nil)
	nadia, bruno := f.unconfirmedUser("nadia"), f.user("bruno")
	f.setEmail(nadia, "daily")
	src := f.create(nadia, "Dunes", "Wind moves sand.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.Fork(f.ctx, bruno, src.ID, ForkRequest{})
	f.must(err)
	clk.add(25 * time.Hour)
	f.a.MailRound(f.ctx)
	if got := f.mailsOfKind(mailDigest, "nadia@example.org"); len(got) != 0 {
		t.Fatalf("a digest went to an unconfirmed address: %+v", got)
	}
}

// Links to one's own address share the limit of a change's links (sign-up's aside), and wait for a pending
// change; following a password-reset link also confirms the address it was mailed to.
func TestAddressConfirmationLimitsAndOtherProofs(t *testing.T) {
	t.Parallel()
	f, _ := mailFixture(t, nil)
	omar, lena := f.unconfirmedUser("omar"), f.unconfirmedUser("lena")
	// The link sign-up sent is not counted: three more, not a fourth.
	for range 3 {
		_, err := f.a.SendEmailConfirmation(f.ctx, omar)
		f.must(err)
	}
	_, err := f.a.SendEmailConfirmation(f.ctx, omar)
	wantKind(t, "a fourth link in an hour", err, RateLimited, "rate_limited")
	_, err = f.a.SendEmailConfirmation(f.ctx, Actor{})
	wantKind(t, "anonymous", err, Unauthorized, "")

	// A pending change: its own link is the one that confirms.
	_, err = f.a.ChangeEmail(f.ctx, lena, testPassword, "lena@school.example")
	f.must(err)
	_, err = f.a.SendEmailConfirmation(f.ctx, lena)
	wantKind(t, "while a change waits", err, Conflict, "email_change_pending")
	if _, ok, err := f.a.PendingConfirmation(f.ctx, lena); err != nil || ok {
		t.Fatalf("the change's link shows as a confirmation: %v %v", ok, err)
	}
	var token string
	for _, m := range f.mailsOfKind(mailEmailConfirm, "lena@school.example") {
		token = cpeToken.FindString(m.Text)
	}
	u, changed, err := f.a.ConfirmEmailChange(f.ctx, token)
	f.must(err)
	if !changed || !u.EmailVerified {
		t.Fatalf("after the change: changed %v, %+v", changed, u)
	}

	// A password reset mailed to the address confirms it.
	f.must(f.a.RequestPasswordReset(f.ctx, "192.0.2.8", "omar@example.org"))
	reset := resetLink.FindStringSubmatch(f.waitMail(mailPasswordReset, "omar@example.org").Text)
	f.must(f.a.ResetPassword(f.ctx, reset[1], "tidal meadow lantern"))
	if u, err := f.a.db.UserByID(f.ctx, omar.ID); err != nil || !u.EmailVerified {
		t.Fatalf("a followed reset link left the address unconfirmed: %+v %v", u, err)
	}
}

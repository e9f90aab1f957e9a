package app

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/internal/smtptest"
	"github.com/commonplace/commonplace/resource"
)

// fixture is the application over a fresh database, driven without HTTP.
type fixture struct {
	t   *testing.T
	a   *App
	ctx context.Context
	// smtp is the SMTP server the application sends to, if any (mailFixture).
	smtp *smtptest.Server
}

func newFixture(t *testing.T, mutate ...func(*Config)) *fixture {
	t.Helper()
	cfg := Config{Hasher: auth.Hasher{Memory: 64, Time: 1, Threads: 1}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, m := range mutate {
		m(&cfg)
	}
	a := New(cfg, pgtest.DB(t))
	ctx, cancel := context.WithCancel(context.Background())
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = a.Close(sctx)
	})
	return &fixture{t: t, a: a, ctx: ctx}
}

// user signs up a person with the address handle@example.org and confirms it, following the
// link sign-up mailed; that mail is then taken out of the outbox (and the SMTP server's
// inbox), which the tests count.
func (f *fixture) user(handle string) Actor {
	f.t.Helper()
	who := f.unconfirmedUser(handle)
	addr := handle + "@example.org"
	var token string
	if f.smtp != nil {
		// The worker was woken for the mail, and a sent link is erased from the outbox:
		// take the link from the mail that arrives, then forget the mail.
		sent := func(m smtptest.Message) bool {
			return smtptest.To(addr)(m) && m.Subject == "Confirm your Commonplace e-mail address"
		}
		m, err := f.smtp.Wait(10*time.Second, sent)
		f.must(err)
		token = cpeToken.FindString(m.Text)
		f.smtp.Forget(sent)
	} else {
		token = f.addressLink(addr)
	}
	_, changed, err := f.a.ConfirmEmailChange(f.ctx, token)
	f.must(err)
	if changed {
		f.t.Fatal("confirming the sign-up address changed it")
	}
	_, err = f.a.db.Pool.Exec(f.ctx, `DELETE FROM mail_outbox WHERE user_id = $1 AND kind = $2`, who.ID, mailEmailVerify)
	f.must(err)
	return who
}

// unconfirmedUser signs up a person who has not followed the link mailed to their address.
func (f *fixture) unconfirmedUser(handle string) Actor {
	f.t.Helper()
	u, err := f.a.Signup(f.ctx, "192.0.2.1", SignupRequest{Handle: handle, Email: handle + "@example.org", Password: "correct horse battery", Name: "User " + handle})
	if err != nil {
		f.t.Fatal(err)
	}
	return ActorOf(u)
}

// cpeToken is an e-mail link's token in a mail's text.
var cpeToken = regexp.MustCompile(`cpe_[A-Za-z0-9_-]+`)

// addressLink is the token of the newest mail to addr that confirms an address.
func (f *fixture) addressLink(addr string) string {
	f.t.Helper()
	mails, err := f.a.Outbox(f.ctx, "", 100)
	f.must(err)
	for _, m := range mails {
		if m.To == addr && m.Kind == mailEmailVerify {
			return cpeToken.FindString(m.Text)
		}
	}
	f.t.Fatalf("no confirmation link mailed to %s", addr)
	return ""
}

func ptr[T any](v T) *T { return &v }

// create makes a resource owned by who.
func (f *fixture) create(who Actor, title, content, lic string, vis resource.Visibility) resource.Resource {
	f.t.Helper()
	r, err := f.a.CreateResource(f.ctx, who, resource.Fields{Title: ptr(title), Content: ptr(content), Language: ptr("en"),
		License: ptr(lic), Visibility: ptr(string(vis))})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// edit replaces a resource's text as who.
func (f *fixture) edit(who Actor, id, content string) {
	f.t.Helper()
	if _, _, err := f.a.UpdateResource(f.ctx, who, id, resource.Fields{Content: ptr(content)}); err != nil {
		f.t.Fatal(err)
	}
}

// text is a resource's current text as its owner sees it.
func (f *fixture) text(who Actor, id string) string {
	f.t.Helper()
	r, _, err := f.a.Resource(f.ctx, who, id, resource.View)
	if err != nil {
		f.t.Fatal(err)
	}
	return r.Content
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

package app

import (
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/smtptest"
	"github.com/commonplace/commonplace/mail"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// clock is a settable time for the mail worker.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mailFixture is the application sending to a real SMTP server the test runs
// (none when srv is nil: mail stays in the outbox).
func mailFixture(t *testing.T, srv *smtptest.Server, tune ...func(*MailConfig)) (*fixture, *clock) {
	t.Helper()
	c := &clock{t: time.Now()}
	f := newFixture(t, func(cfg *Config) {
		cfg.Now = c.now
		cfg.Mail = MailConfig{PublicURL: "https://cp.example.org/", Poll: time.Hour, Backoff: time.Minute, Retries: 3}
		if srv != nil {
			s, err := mail.NewSMTP(srv.URL(), "Commonplace <noreply@cp.example.org>")
			if err != nil {
				t.Fatal(err)
			}
			cfg.Mail.Mailer = s
		}
		for _, fn := range tune {
			fn(&cfg.Mail)
		}
	})
	f.smtp = srv
	return f, c
}

func (f *fixture) setEmail(who Actor, mode string) {
	f.t.Helper()
	_, err := f.a.SetNotificationSettings(f.ctx, who, NotificationSettings{Email: mode})
	f.must(err)
}

func TestImmediateMailReachesTheSMTPServer(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	f, _ := mailFixture(t, srv)
	alice, bob := f.user("alice"), f.user("bob")
	f.setEmail(alice, "immediate")
	src := f.create(alice, "Séismes", "Le sol tremble.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("地震")})
	f.must(err)
	got, err := srv.Wait(10*time.Second, smtptest.To("alice@example.org"))
	f.must(err)
	if got.Subject != "User bob forked “Séismes” as “地震”" {
		t.Errorf("subject %q", got.Subject)
	}
	in, _ := f.inbox(alice)
	link := "https://cp.example.org/notifications/" + in.Notifications[0].ID
	for _, want := range []string{"Hello User alice", "User bob forked “Séismes” as “地震”.", link, "https://cp.example.org/settings/notifications"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("mail text lacks %q:\n%s", want, got.Text)
		}
	}
	if !strings.Contains(got.HTML, `href="`+link+`"`) || got.Header.Get("List-Unsubscribe") != "<https://cp.example.org/settings/notifications>" {
		t.Errorf("html %q, List-Unsubscribe %q", got.HTML, got.Header.Get("List-Unsubscribe"))
	}
	// In HTML the titles keep their language (a fork keeps its source's) and the name is set apart.
	if !strings.Contains(got.HTML, `<p>Hello <bdi>User alice</bdi>,</p>`) {
		t.Errorf("html greets without setting the name apart:\n%s", got.HTML)
	}
	if want := `<bdi>User bob</bdi> forked “<span lang="en" dir="ltr">Séismes</span>” as “<span lang="en" dir="ltr">地震</span>”.`; !strings.Contains(got.HTML, want) {
		t.Errorf("html lacks %s:\n%s", want, got.HTML)
	}
	// Sent mail is recorded (once the worker's round is over).
	f.a.MailRound(f.ctx)
	sent, err := f.a.Outbox(f.ctx, "sent", 10)
	f.must(err)
	if len(sent) != 1 || sent[0].To != "alice@example.org" {
		t.Errorf("outbox: %+v", sent)
	}
}

func TestWithoutSMTPMailStaysInTheOutbox(t *testing.T) {
	t.Parallel()
	f, _ := mailFixture(t, nil)
	alice, bob := f.user("alice"), f.user("bob")
	f.setEmail(alice, "immediate")
	src := f.create(alice, "Caves", "Dark and cool.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.StartTranslation(f.ctx, bob, src.ID, StartRequest{Language: "pt"})
	f.must(err)
	f.a.MailRound(f.ctx)
	f.a.MailRound(f.ctx)
	list, err := f.a.Outbox(f.ctx, "pending", 10)
	f.must(err)
	if len(list) != 1 || list[0].Subject != "User bob started a Portuguese translation of “Caves”" || list[0].Attempts != 0 {
		t.Fatalf("outbox: %+v", list)
	}
	if _, err := f.a.Outbox(f.ctx, "lost", 10); err == nil {
		t.Error("an unknown status was accepted")
	}
}

func TestDeliveryRetriesWithBackoffAndKeepsFailures(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	f, clk := mailFixture(t, srv)
	alice, bob := f.user("alice"), f.user("bob")
	f.setEmail(alice, "immediate")
	src := f.create(alice, "Bees", "Bees dance.\n", "CC-BY-4.0", resource.Public)

	srv.RejectNext(2)
	_, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{})
	f.must(err)
	f.a.MailRound(f.ctx) // attempt 1 fails
	m := f.onlyMail()
	if m.Status != "pending" || m.Attempts != 1 || !strings.Contains(m.LastError, "451") || !near(m.NextTry, clk.now().Add(time.Minute)) {
		t.Fatalf("after one failure: %+v", m)
	}
	f.a.MailRound(f.ctx) // not due yet
	if m := f.onlyMail(); m.Attempts != 1 {
		t.Fatalf("retried before its time: %+v", m)
	}
	clk.add(time.Minute)
	f.a.MailRound(f.ctx) // attempt 2 fails, next wait doubles
	if m := f.onlyMail(); m.Attempts != 2 || !near(m.NextTry, clk.now().Add(2*time.Minute)) {
		t.Fatalf("after two failures: %+v", m)
	}
	clk.add(2 * time.Minute)
	f.a.MailRound(f.ctx) // attempt 3 succeeds
	if m := f.onlyMail(); m.Status != "sent" || m.Sent == nil {
		t.Fatalf("after the third attempt: %+v", m)
	}
	if _, err := srv.Wait(5*time.Second, smtptest.To("alice@example.org")); err != nil {
		t.Fatal(err)
	}

	// Mail that keeps failing is kept as failed after the last attempt, and can be retried.
	f.must(f.a.db.EnqueueMail(f.ctx, OutboxMail{Kind: "notification", To: "nobody@example.org", Subject: "x", Text: "x"}))
	srv.RejectNext(100)
	for range 3 {
		f.a.MailRound(f.ctx)
		clk.add(time.Hour)
	}
	failed, err := f.a.Outbox(f.ctx, "failed", 10)
	f.must(err)
	if len(failed) != 1 || failed[0].Attempts != 3 || failed[0].Text != "x" {
		t.Fatalf("failed mail: %+v", failed)
	}
	srv.RejectNext(0)
	f.must(f.a.RetryMail(f.ctx, failed[0].ID))
	f.a.MailRound(f.ctx)
	if m, err := f.a.OutboxEntry(f.ctx, failed[0].ID); err != nil || m.Status != "sent" {
		t.Errorf("retried mail: %+v %v", m, err)
	}
}

// near compares times as PostgreSQL keeps them (microseconds).
func near(a, b time.Time) bool { d := a.Sub(b); return d > -time.Millisecond && d < time.Millisecond }

// onlyMail is the one mail of the outbox.
func (f *fixture) onlyMail() OutboxMail {
	f.t.Helper()
	list, err := f.a.Outbox(f.ctx, "", 10)
	f.must(err)
	if len(list) != 1 {
		f.t.Fatalf("outbox holds %d mails: %+v", len(list), list)
	}
	return list[0]
}

func TestDailyDigestIsBuiltAtSendTime(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	f, clk := mailFixture(t, srv)
	alice, bob := f.user("alice"), f.user("bob")
	f.setEmail(alice, "daily")
	src := f.create(alice, "Moss", "Moss is green.\n", "CC-BY-4.0", resource.Public)
	_, err := f.a.Fork(f.ctx, bob, src.ID, ForkRequest{Title: ptr("Moss for kids")})
	f.must(err)
	tr, err := f.a.StartTranslation(f.ctx, bob, src.ID, StartRequest{Language: "nl"})
	f.must(err)
	f.a.MailRound(f.ctx)
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("a digest went out before its day: %d", n)
	}
	// Before the digest is built, the translation goes private: it is left out.
	_, _, err = f.a.UpdateResource(f.ctx, bob, tr.ID, resource.Fields{Visibility: ptr("private")})
	f.must(err)
	clk.add(24*time.Hour + time.Second)
	f.a.MailRound(f.ctx)
	got, err := srv.Wait(10*time.Second, smtptest.To("alice@example.org"))
	f.must(err)
	if got.Subject != "Commonplace: 1 new notification" || !strings.Contains(got.Text, "“Moss for kids”") || strings.Contains(got.Text, "Dutch") {
		t.Errorf("digest %q:\n%s", got.Subject, got.Text)
	}
	// Nothing new: no digest the next day.
	clk.add(24*time.Hour + time.Second)
	f.a.MailRound(f.ctx)
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d mails after an empty day", n)
	}
}

func TestMailIsComposedUnderThePolicy(t *testing.T) {
	t.Parallel()
	f, _ := mailFixture(t, nil)
	alice, eve := f.user("alice"), f.user("eve")
	f.setEmail(eve, "immediate")
	p := f.create(alice, secretTitle, secretText+"\n", "CC-BY-4.0", resource.Private)
	// eve was told she became a viewer, and the role was taken away again
	// before the mail went out. The notification is stored as SetCollaborator
	// stores it, but without waking the background worker, so that it is
	// this test's MailRound, not a race, that composes the mail.
	f.must(f.a.db.AddNotification(f.ctx, store.Notification{UserID: eve.ID, Kind: KindRoleGranted, ResourceID: p.ID,
		ActorID: alice.ID, Detail: map[string]string{"role": string(resource.RoleViewer)}}))
	f.a.MailRound(f.ctx)
	list, err := f.a.Outbox(f.ctx, "", 50)
	f.must(err)
	for _, m := range list {
		if strings.Contains(m.Text+m.HTML+m.Subject, secretTitle) || strings.Contains(m.Text+m.HTML, p.ID) {
			t.Errorf("mail to %s tells of the private resource: %+v", m.To, m)
		}
	}
	if len(list) != 0 {
		t.Errorf("mail for a notification eve may no longer read: %+v", list)
	}
}

var resetLink = regexp.MustCompile(`https://cp\.example\.org/reset-password\?token=(cpr_[A-Za-z0-9_-]+)`)

func TestPasswordResetByEmail(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	f, clk := mailFixture(t, srv)
	alice := f.user("alice")
	session, _, err := f.a.StartSession(f.ctx, alice.ID, "test")
	f.must(err)
	apiToken, err := f.a.IssueToken(f.ctx, alice.ID, "script")
	f.must(err)

	// Same answer for an address with and without an account; a bad one is refused.
	f.must(f.a.RequestPasswordReset(f.ctx, "10.0.0.1", "nobody@example.org"))
	f.must(f.a.RequestPasswordReset(f.ctx, "10.0.0.1", "Alice@Example.org"))
	if err := f.a.RequestPasswordReset(f.ctx, "10.0.0.1", "not-an-address"); !isInvalid(err) {
		t.Errorf("malformed address: %v", err)
	}
	got, err := srv.Wait(10*time.Second, smtptest.To("alice@example.org"))
	f.must(err)
	m := resetLink.FindStringSubmatch(got.Text)
	if m == nil {
		t.Fatalf("no reset link in:\n%s", got.Text)
	}
	token := m[1]
	// The outbox keeps no secret once sent; the database keeps only a hash.
	f.a.MailRound(f.ctx)
	for _, om := range f.mustOutbox() {
		if strings.Contains(om.Text+om.HTML, token) {
			t.Errorf("the sent reset mail still holds its token: %+v", om)
		}
	}
	var hashed int
	f.must(f.a.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM password_resets WHERE token_hash = $1`, auth.HashToken(token)).Scan(&hashed))
	if hashed != 1 {
		t.Errorf("%d reset rows hold the token's hash, want 1", hashed)
	}

	f.must(f.a.CheckPasswordReset(f.ctx, token))
	if err := f.a.ResetPassword(f.ctx, token, "short"); !isInvalid(err) {
		t.Errorf("short password: %v", err)
	}
	f.must(f.a.ResetPassword(f.ctx, token, "a brand new passphrase"))
	if _, err := f.a.UserBySession(f.ctx, session); err == nil {
		t.Error("the old session survived the reset")
	}
	if _, err := f.a.UserByToken(f.ctx, apiToken); err == nil {
		t.Error("the API token survived the reset")
	}
	if _, err := f.a.Login(f.ctx, "10.0.0.2", "alice", "correct horse battery"); err == nil {
		t.Error("the old password still works")
	}
	if _, err := f.a.Login(f.ctx, "10.0.0.2", "alice", "a brand new passphrase"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if err := f.a.ResetPassword(f.ctx, token, "yet another passphrase"); !isNotFound(err) {
		t.Errorf("a used token worked again: %v", err)
	}

	// A link expires.
	f.must(f.a.RequestPasswordReset(f.ctx, "10.0.0.3", "alice@example.org"))
	second, err := srv.Wait(10*time.Second, func(m smtptest.Message) bool {
		return smtptest.To("alice@example.org")(m) && !strings.Contains(m.Text, token)
	})
	f.must(err)
	clk.add(time.Hour + time.Second)
	if err := f.a.ResetPassword(f.ctx, resetLink.FindStringSubmatch(second.Text)[1], "late passphrase!"); !isNotFound(err) {
		t.Errorf("an expired link worked: %v", err)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d mails sent, want 2 (none for the address without an account)", n)
	}
}

func (f *fixture) mustOutbox() []OutboxMail {
	f.t.Helper()
	l, err := f.a.Outbox(f.ctx, "", 50)
	f.must(err)
	return l
}

func isInvalid(err error) bool {
	var e *Error
	var ve *resource.ValidationError
	return (errors.As(err, &e) && e.Kind == Invalid) || errors.As(err, &ve)
}

func TestPasswordResetRequestsAreLimited(t *testing.T) {
	t.Parallel()
	f, _ := mailFixture(t, nil)
	f.user("alice")
	limited := func(err error) bool {
		var e *Error
		return errors.As(err, &e) && e.Kind == RateLimited && e.RetryAfter > 0
	}
	// Per e-mail address: the same limit whether or not it has an account.
	for _, addr := range []string{"alice@example.org", "ghost@example.org"} {
		for i := range 4 {
			err := f.a.RequestPasswordReset(f.ctx, "10.1.0."+string(rune('1'+i)), addr)
			if (i < 3) != (err == nil) || (i == 3 && !limited(err)) {
				t.Errorf("%s request %d: %v", addr, i+1, err)
			}
		}
	}
	// Per network address.
	var last error
	for i := range 11 {
		last = f.a.RequestPasswordReset(f.ctx, "10.2.0.1", "someone"+string(rune('a'+i))+"@example.org")
	}
	if !limited(last) {
		t.Errorf("eleventh request from one address: %v", last)
	}
}

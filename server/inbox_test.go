package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/internal/smtptest"
	"github.com/commonplace/commonplace/mail"
	"github.com/commonplace/commonplace/server"
)

// withSMTP sends the environment's mail to a real SMTP server the test runs.
func withSMTP(t *testing.T, srv *smtptest.Server) envOption {
	return func(c *app.Config, _ *server.Config) {
		s, err := mail.NewSMTP(srv.URL(), "Commonplace <noreply@example.org>")
		if err != nil {
			t.Fatal(err)
		}
		c.Mail.Mailer, c.Mail.PublicURL = s, "https://cp.example.org"
	}
}

// forkAndPropose has bob fork amina's public lesson, change it and propose it.
func forkAndPropose(t *testing.T, amina, bob *client) (src, fork, proposal string) {
	t.Helper()
	src = amina.createResource(map[string]any{"visibility": "public", "title": "Fractions", "content": "# Fractions\n\nHalf is 1/2.\n"})
	st, body := bob.do("POST", "/api/v1/resources/"+src+"/forks", map[string]any{"title": "Fractions, simpler"})
	if st != http.StatusCreated {
		t.Fatalf("fork: %d %v", st, body)
	}
	fork = body["id"].(string)
	if st, body := bob.do("PATCH", "/api/v1/resources/"+fork, map[string]any{"content": "# Fractions\n\nHalf is one of two equal parts: 1/2.\n"}); st != http.StatusOK {
		t.Fatalf("edit fork: %d %v", st, body)
	}
	st, body = bob.do("POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Explain halves"})
	if st != http.StatusCreated {
		t.Fatalf("propose: %d %v", st, body)
	}
	return src, fork, body["id"].(string)
}

func TestNotificationsAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bob := env.signup("amina"), env.signup("bob")
	_, _, pid := forkAndPropose(t, amina, bob)

	st, body := amina.do("GET", "/api/v1/notifications", nil)
	if st != http.StatusOK || body["unread"].(float64) != 2 {
		t.Fatalf("list: %d %v", st, body)
	}
	list := body["notifications"].([]any)
	first := list[0].(map[string]any)
	for _, k := range []string{"id", "kind", "text", "url", "resource", "read", "created"} {
		if _, ok := first[k]; !ok {
			t.Errorf("notification lacks %q: %v", k, first)
		}
	}
	if first["kind"] != "proposal_opened" || first["url"] != "/proposals/"+pid || first["read"] != false {
		t.Errorf("newest notification: %v", first)
	}
	// The sentence in parts: joined they are the text, and the proposal's title is set apart.
	var joined strings.Builder
	isolated := 0
	for _, p := range first["parts"].([]any) {
		part := p.(map[string]any)
		joined.WriteString(part["text"].(string))
		if part["isolated"] == true {
			isolated++
		}
	}
	if joined.String() != first["text"] || isolated != 3 { // who, the proposal, the resource
		t.Errorf("parts %v join to %q (%d isolated), text %q", first["parts"], joined.String(), isolated, first["text"])
	}
	// Mark one read, then all.
	st, body = amina.do("POST", "/api/v1/notifications/read", map[string]any{"ids": []string{first["id"].(string)}})
	if st != http.StatusOK || body["marked"].(float64) != 1 {
		t.Errorf("mark one: %d %v", st, body)
	}
	if _, body := amina.do("GET", "/api/v1/notifications?unread=true", nil); body["unread"].(float64) != 1 || len(body["notifications"].([]any)) != 1 {
		t.Errorf("unread after one: %v", body)
	}
	if st, body := amina.do("POST", "/api/v1/notifications/read", map[string]any{}); st != http.StatusUnprocessableEntity {
		t.Errorf("mark nothing: %d %v", st, body)
	}
	if st, body := amina.do("POST", "/api/v1/notifications/read", map[string]any{"all": true}); st != http.StatusOK || body["marked"].(float64) != 1 {
		t.Errorf("mark all: %d %v", st, body)
	}
	// Bad input is a 4xx; anonymous callers are refused.
	if st, _ := amina.do("GET", "/api/v1/notifications?limit=abc", nil); st != http.StatusBadRequest {
		t.Errorf("bad limit: %d", st)
	}
	if st, _ := env.anon().do("GET", "/api/v1/notifications", nil); st != http.StatusUnauthorized {
		t.Errorf("anonymous list: %d", st)
	}
	if st, _ := env.anon().do("POST", "/api/v1/notifications/read", map[string]any{"all": true}); st != http.StatusUnauthorized {
		t.Errorf("anonymous mark: %d", st)
	}
	// Settings.
	if st, body := amina.do("GET", "/api/v1/me/notification-settings", nil); st != http.StatusOK || body["email"] != "off" {
		t.Errorf("settings: %d %v", st, body)
	}
	if st, body := amina.do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": "daily"}); st != http.StatusOK || body["email"] != "daily" {
		t.Errorf("put settings: %d %v", st, body)
	}
	if st, body := amina.do("PUT", "/api/v1/me/notification-settings", map[string]any{"email": "hourly"}); st != http.StatusUnprocessableEntity || errorCode(body) != "invalid" {
		t.Errorf("bad settings: %d %v", st, body)
	}
}

func TestInboxPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bob := env.signup("amina"), env.signup("bob")
	_, _, pid := forkAndPropose(t, amina, bob)
	b := env.browser()
	if resp := b.post("/login", map[string]string{"login": "amina", "password": passwordOf("amina")}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	st, html := b.get("/inbox")
	// The sentence sets apart who and the titles; the button's name is the plain sentence.
	if st != http.StatusOK || !strings.Contains(html, `<bdi>Bob</bdi> proposed “<bdi>Explain halves</bdi>” for “<span lang="en" dir="ltr">Fractions</span>”.`) ||
		!strings.Contains(html, `aria-label="Mark as read: Bob proposed “Explain halves” for “Fractions”."`) || !strings.Contains(html, `<span class="count">2</span>`) {
		t.Fatalf("inbox: %d %s", st, html)
	}
	id := regexp.MustCompile(`href="/notifications/([0-9a-f-]+)"><bdi>Bob</bdi> proposed`).FindStringSubmatch(html)
	if id == nil {
		t.Fatal("no link to the proposal notification")
	}
	// Opening it leads to the proposal and marks it read.
	st, _ = b.get("/notifications/" + id[1])
	if st != http.StatusSeeOther {
		t.Errorf("open: %d", st)
	}
	if _, html := b.get("/me"); !strings.Contains(html, `<span class="count">1</span>`) {
		t.Errorf("the bell after opening one: %s", html)
	}
	if resp := b.post("/inbox/read", map[string]string{"all": "1"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("mark all: %d", resp.StatusCode)
	}
	if _, html := b.get("/inbox"); !strings.Contains(html, "Nothing unread.") || !strings.Contains(html, `id="inbox-count" hidden`) {
		t.Errorf("inbox after mark all: %s", html)
	}
	// Settings page saves a choice.
	if resp := b.post("/settings/notifications", map[string]string{"email": "immediate"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("settings: %d", resp.StatusCode)
	}
	if _, html := b.get("/settings/notifications"); !strings.Contains(html, `value="immediate" checked`) {
		t.Errorf("settings page: %s", html)
	}
	// Anonymous visitors are sent to sign in; someone else's notification is not found.
	anon := env.browser()
	if st, _ := anon.get("/inbox"); st != http.StatusSeeOther {
		t.Errorf("anonymous inbox: %d", st)
	}
	bb := env.browser()
	bb.post("/login", map[string]string{"login": "bob", "password": passwordOf("bob")}, nil)
	if st, _ := bb.get("/notifications/" + id[1]); st != http.StatusNotFound {
		t.Errorf("bob opening amina's notification: %d", st)
	}
	_ = pid
}

var resetLinkRE = regexp.MustCompile(`https://cp\.example\.org(/reset-password\?token=cpr_[A-Za-z0-9_-]+)`)

// resetMailTo matches a mail to addr that carries a reset link (sign-up mails the address a
// link of its own too).
func resetMailTo(addr string) func(smtptest.Message) bool {
	return func(m smtptest.Message) bool { return smtptest.To(addr)(m) && resetLinkRE.MatchString(m.Text) }
}

func TestForgotPasswordAPIAnswersAlike(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	env := newEnv(t, withSMTP(t, srv))
	amina := env.signup("amina")
	anon := env.anon()
	st1, b1 := anon.do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": "amina@example.org"})
	st2, b2 := anon.do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": "nobody@example.org"})
	if st1 != http.StatusAccepted || st2 != st1 || b1["message"] != b2["message"] {
		t.Errorf("answers differ: %d %v / %d %v", st1, b1, st2, b2)
	}
	if st, body := anon.do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": "nope"}); st != http.StatusUnprocessableEntity {
		t.Errorf("malformed address: %d %v", st, body)
	}
	got, err := srv.Wait(10*time.Second, resetMailTo("amina@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimPrefix(resetLinkRE.FindStringSubmatch(got.Text)[1], "/reset-password?token=")
	if st, body := anon.do("POST", "/api/v1/auth/reset-password", map[string]any{"token": token, "password": "short"}); st != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d %v", st, body)
	}
	for _, pw := range []string{"qwertyuiop", "amina's new password"} { // common; holds the handle
		if st, body := anon.do("POST", "/api/v1/auth/reset-password", map[string]any{"token": token, "password": pw}); st != http.StatusUnprocessableEntity {
			t.Errorf("reset to %q: %d %v", pw, st, body)
		}
	}
	if st, body := anon.do("POST", "/api/v1/auth/reset-password", map[string]any{"token": token, "password": "a new and long passphrase"}); st != http.StatusNoContent {
		t.Fatalf("reset: %d %v", st, body)
	}
	if st, _ := amina.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Errorf("the old token still works: %d", st)
	}
	if st, body := anon.do("POST", "/api/v1/auth/reset-password", map[string]any{"token": token, "password": "another long passphrase"}); st != http.StatusNotFound || errorCode(body) != "invalid_token" {
		t.Errorf("reuse: %d %v", st, body)
	}
	if st, _ := anon.do("POST", "/api/v1/auth/login", map[string]any{"login": "amina", "password": "a new and long passphrase"}); st != http.StatusOK {
		t.Errorf("sign in with the new password: %d", st)
	}
	var resets int
	for _, m := range srv.Messages() {
		if resetLinkRE.MatchString(m.Text) {
			resets++
		}
	}
	if resets != 1 {
		t.Errorf("%d reset mails, want 1", resets)
	}
}

// loginToken signs handle in through the API and returns a bearer token.
func loginToken(t testing.TB, env *testEnv, handle string) string {
	t.Helper()
	st, body := env.anon().do("POST", "/api/v1/auth/login", map[string]any{"login": handle, "password": passwordOf(handle)})
	if st != http.StatusOK {
		t.Fatalf("login %s: %d %v", handle, st, body)
	}
	return body["token"].(string)
}

// outboxEmailLink reads from the outbox the newest link that confirms addr as a new address.
func outboxEmailLink(t *testing.T, env *testEnv, addr string) string {
	t.Helper()
	return regexp.MustCompile(`/account/email/confirm\?token=cpe_[A-Za-z0-9_-]+`).FindString(outboxText(t, env, addr, "email_confirm"))
}

// outboxResetLink asks for a reset link for addr and reads it from the
// outbox (no SMTP server configured), as an operator would.
func outboxResetLink(t *testing.T, env *testEnv, addr string) string {
	t.Helper()
	if st, body := env.anon().do("POST", "/api/v1/auth/forgot-password", map[string]any{"email": addr}); st != http.StatusAccepted {
		t.Fatalf("forgot password: %d %v", st, body)
	}
	return regexp.MustCompile(`/reset-password\?token=cpr_[A-Za-z0-9_-]+`).FindString(outboxText(t, env, addr, "password_reset"))
}

// outboxText is the text of the newest mail of kind to addr, waiting for it a while (some
// mail is queued after the request has been answered).
func outboxText(t *testing.T, env *testEnv, addr, kind string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		list, err := env.DB.Outbox(context.Background(), "", 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			if m.To == addr && m.Kind == kind {
				return m.Text
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no %s mail for %s in the outbox", kind, addr)
	return ""
}

package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// outboxConfirmLink is the newest link mailed to addr that confirms the address an account has.
func outboxConfirmLink(t *testing.T, env *testEnv, addr string) string {
	t.Helper()
	return regexp.MustCompile(`/account/email/confirm\?token=cpe_[A-Za-z0-9_-]+`).FindString(outboxText(t, env, addr, "email_verify"))
}

func TestAddressConfirmationAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	nadia := env.signup("nadia")
	first := outboxConfirmLink(t, env, "nadia@example.org")
	st, body := nadia.do("GET", "/api/v1/me/email", nil)
	if st != http.StatusOK || body["verified"] != false || body["confirmation"] == nil || body["pending"] != nil {
		t.Fatalf("a new account's address: %d %v", st, body)
	}
	if st, _ := env.anon().do("POST", "/api/v1/me/email/confirmation", nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", st)
	}
	st, body = nadia.do("POST", "/api/v1/me/email/confirmation", nil)
	if st != http.StatusAccepted || body["confirmation"].(map[string]any)["email"] != "nadia@example.org" {
		t.Fatalf("a new link: %d %v", st, body)
	}
	second := outboxConfirmLink(t, env, "nadia@example.org")
	if second == first {
		t.Fatal("the new link is the old one")
	}
	token := func(link string) string { return strings.TrimPrefix(link, "/account/email/confirm?token=") }
	if st, body := env.anon().do("POST", "/api/v1/auth/confirm-email", map[string]any{"token": token(first)}); st != http.StatusNotFound || errorCode(body) != "invalid_token" {
		t.Fatalf("a superseded link: %d %v", st, body)
	}
	st, body = env.anon().do("POST", "/api/v1/auth/confirm-email", map[string]any{"token": token(second)})
	if st != http.StatusOK || body["changed"] != false || body["user"].(map[string]any)["email_verified"] != true ||
		body["user"].(map[string]any)["email"] != "nadia@example.org" {
		t.Fatalf("confirm: %d %v", st, body)
	}
	if st, body := nadia.do("GET", "/api/v1/me/email", nil); st != http.StatusOK || body["verified"] != true || body["confirmation"] != nil {
		t.Fatalf("after confirming: %d %v", st, body)
	}
	if st, body := nadia.do("POST", "/api/v1/me/email/confirmation", nil); st != http.StatusConflict || errorCode(body) != "already_confirmed" {
		t.Fatalf("confirming again: %d %v", st, body)
	}

	// While a change of address waits, its own link is the one that confirms.
	omar := env.signup("omar")
	if st, body := omar.do("PUT", "/api/v1/me/email", map[string]any{"email": "omar@school.example", "current_password": passwordOf("omar")}); st != http.StatusAccepted {
		t.Fatalf("change: %d %v", st, body)
	}
	if st, body := omar.do("POST", "/api/v1/me/email/confirmation", nil); st != http.StatusConflict || errorCode(body) != "email_change_pending" {
		t.Fatalf("a link while a change waits: %d %v", st, body)
	}
	for range 2 {
		omar.do("DELETE", "/api/v1/me/email/pending", nil)
		if st, body := omar.do("POST", "/api/v1/me/email/confirmation", nil); st != http.StatusAccepted {
			t.Fatalf("a link after cancelling: %d %v", st, body)
		}
	}
	st, body = omar.do("POST", "/api/v1/me/email/confirmation", nil)
	if st != http.StatusTooManyRequests || errorCode(body) != "rate_limited" {
		t.Fatalf("a fourth link in an hour: %d %v", st, body)
	}
}

func TestAddressConfirmationPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	b := env.browser()
	resp := b.post("/signup", map[string]string{"handle": "lena", "email": "lena@example.org", "password": passwordOf("lena"), "name": "Lena"}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me?done=signedup" {
		t.Fatalf("sign-up: %d %s", resp.StatusCode, readAll(t, resp))
	}
	if st, page := b.get("/me?done=signedup"); st != http.StatusOK || !strings.Contains(page, "follow it to confirm the address") {
		t.Fatalf("after sign-up: %d", st)
	}
	st, page := b.get("/account")
	if st != http.StatusOK || !strings.Contains(page, `id="unconfirmed-email"`) || !strings.Contains(page, `action="/account/email/confirmation"`) ||
		!strings.Contains(page, "follow the link we mailed to it before") {
		t.Fatalf("account page of a new account: %d", st)
	}
	if st, page := b.get("/settings/notifications"); st != http.StatusOK || !strings.Contains(page, `id="unconfirmed-email"`) ||
		!strings.Contains(page, `href="/account#email-heading"`) {
		t.Fatalf("notification settings of a new account: %d", st)
	}
	resp = b.post("/account/email/confirmation", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=confirmsent" {
		t.Fatalf("a new link: %d %s", resp.StatusCode, readAll(t, resp))
	}
	link := outboxConfirmLink(t, env, "lena@example.org")
	st, page = env.browser().get(link)
	if st != http.StatusOK || !strings.Contains(page, "<h1>Confirm your e-mail address</h1>") || !strings.Contains(page, "Confirm this address") ||
		!strings.Contains(page, "<strong>lena@example.org</strong>") || strings.Contains(page, "we tell the old address") {
		t.Fatalf("confirmation page: %d", st)
	}
	token := strings.TrimPrefix(link, "/account/email/confirm?token=")
	resp = b.post("/account/email/confirm", map[string]string{"token": token}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=emailconfirmed" {
		t.Fatalf("confirm: %d %s", resp.StatusCode, readAll(t, resp))
	}
	st, page = b.get("/account?done=emailconfirmed")
	if st != http.StatusOK || strings.Contains(page, `id="unconfirmed-email"`) || !strings.Contains(page, "Your e-mail address is confirmed.") {
		t.Fatalf("account page once confirmed: %d", st)
	}
	if st, page := b.get("/settings/notifications"); st != http.StatusOK || strings.Contains(page, `id="unconfirmed-email"`) {
		t.Fatalf("notification settings once confirmed: %d", st)
	}
	// Asked again once confirmed: the account page says why, in the reader's language.
	resp = b.post("/account/email/confirmation", nil, map[string]string{"Accept-Language": "fr"})
	if body := readAll(t, resp); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Votre adresse e-mail est déjà confirmée") {
		t.Fatalf("a link for a confirmed address: %d", resp.StatusCode)
	}
}

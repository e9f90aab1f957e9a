package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

// errorField returns error.field of an error body.
func errorField(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	f, _ := e["field"].(string)
	return f
}

func TestAccountSettingsAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("bruno")
	other := &client{env: env, token: mintToken(t, env, amina.id(), time.Now().Add(24*time.Hour))}

	if st, _ := env.anon().do("PATCH", "/api/v1/me", map[string]any{"name": "X"}); st != http.StatusUnauthorized {
		t.Fatalf("anonymous rename: %d", st)
	}
	if st, body := amina.do("PATCH", "/api/v1/me", map[string]any{"name": ""}); st != http.StatusUnprocessableEntity || errorField(body) != "name" {
		t.Fatalf("empty name: %d %v", st, body)
	}
	if st, body := amina.do("PATCH", "/api/v1/me", map[string]any{"nmae": "typo"}); st != http.StatusUnprocessableEntity || errorField(body) != "nmae" {
		t.Fatalf("unknown field: %d %v", st, body)
	}
	st, body := amina.do("PATCH", "/api/v1/me", map[string]any{"name": "Amina Diallo"})
	if st != http.StatusOK || body["user"].(map[string]any)["name"] != "Amina Diallo" {
		t.Fatalf("rename: %d %v", st, body)
	}
	if st, body := amina.do("PUT", "/api/v1/me/email", map[string]any{"email": "a@school.example", "current_password": "nope"}); st != http.StatusUnprocessableEntity || errorCode(body) != "wrong_password" {
		t.Fatalf("wrong password: %d %v", st, body)
	}
	if st, body := amina.do("PUT", "/api/v1/me/email", map[string]any{"email": "bruno@example.org", "current_password": passwordOf("amina")}); st != http.StatusConflict || errorCode(body) != "email_taken" {
		t.Fatalf("taken address: %d %v", st, body)
	}
	// The address changes only once the link mailed to the new one is followed.
	st, body = amina.do("PUT", "/api/v1/me/email", map[string]any{"email": "a@school.example", "current_password": passwordOf("amina")})
	if st != http.StatusAccepted || body["pending"].(map[string]any)["email"] != "a@school.example" {
		t.Fatalf("change address: %d %v", st, body)
	}
	st, body = amina.do("GET", "/api/v1/me/email", nil)
	if st != http.StatusOK || body["email"] != "amina@example.org" || body["pending"].(map[string]any)["email"] != "a@school.example" {
		t.Fatalf("address while the link waits: %d %v", st, body)
	}
	link := outboxEmailLink(t, env, "a@school.example")
	token := strings.TrimPrefix(link, "/account/email/confirm?token=")
	if st, body := env.anon().do("POST", "/api/v1/auth/confirm-email", map[string]any{"token": "cpe_nothing"}); st != http.StatusNotFound || errorCode(body) != "invalid_token" {
		t.Fatalf("unknown confirmation token: %d %v", st, body)
	}
	st, body = env.anon().do("POST", "/api/v1/auth/confirm-email", map[string]any{"token": token})
	if st != http.StatusOK || body["user"].(map[string]any)["email"] != "a@school.example" {
		t.Fatalf("confirm address: %d %v", st, body)
	}
	if st, body := env.anon().do("POST", "/api/v1/auth/confirm-email", map[string]any{"token": token}); st != http.StatusNotFound {
		t.Fatalf("a confirmation link used twice: %d %v", st, body)
	}
	if st, body := amina.do("GET", "/api/v1/me/email", nil); st != http.StatusOK || body["email"] != "a@school.example" || body["pending"] != nil {
		t.Fatalf("address after confirming: %d %v", st, body)
	}
	if st, body := amina.do("PUT", "/api/v1/me/password", map[string]any{"current_password": passwordOf("amina"), "password": "password123"}); st != http.StatusUnprocessableEntity || errorField(body) != "password" {
		t.Fatalf("common password: %d %v", st, body)
	}
	if st, body := amina.do("PUT", "/api/v1/me/password", map[string]any{"current_password": passwordOf("amina"), "password": "quiet harbour lights"}); st != http.StatusNoContent {
		t.Fatalf("change password: %d %v", st, body)
	}
	// The token that changed it still works; the other one does not.
	if st, _ := amina.do("GET", "/api/v1/me", nil); st != http.StatusOK {
		t.Fatalf("the token that changed the password: %d", st)
	}
	if st, _ := other.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Fatalf("another token after the password change: %d", st)
	}
	if st, _ := amina.do("POST", "/api/v1/me/signout-everywhere", nil); st != http.StatusNoContent {
		t.Fatalf("sign out everywhere: %d", st)
	}
	if st, _ := amina.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Fatalf("after signing out everywhere: %d", st)
	}
	if st, body := env.anon().do("POST", "/api/v1/auth/login", map[string]any{"login": "a@school.example", "password": "quiet harbour lights"}); st != http.StatusOK {
		t.Fatalf("sign in with the new address and password: %d %v", st, body)
	}
}

func TestDeleteAccountAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	draft := amina.createResource(map[string]any{"title": "Draft", "visibility": "private"})
	shared := amina.createResource(map[string]any{"title": "Shared", "visibility": "public"})
	if st, body := amina.do("PUT", "/api/v1/resources/"+shared+"/collaborators/bruno", map[string]any{"role": "editor"}); st != http.StatusOK {
		t.Fatalf("add bruno: %d %v", st, body)
	}
	st, body := amina.do("GET", "/api/v1/me/deletion", nil)
	plan, _ := body["plan"].(map[string]any)
	if st != http.StatusOK || len(plan["deleted"].([]any)) != 1 || len(plan["handovers"].([]any)) != 1 || plan["ready"] != false {
		t.Fatalf("plan: %d %v", st, body)
	}
	if st, body := amina.do("GET", "/api/v1/me/deletion?to."+shared+"=bruno", nil); st != http.StatusOK || body["plan"].(map[string]any)["ready"] != true {
		t.Fatalf("plan with a new owner: %d %v", st, body)
	}
	req := map[string]any{"password": passwordOf("amina"), "confirm": "amina", "credit": "former"}
	if st, body := amina.do("DELETE", "/api/v1/me", req); st != http.StatusUnprocessableEntity || errorField(body) != "to" {
		t.Fatalf("without a new owner: %d %v", st, body)
	}
	req["to"] = map[string]string{shared: "bruno"}
	req["confirm"] = "bruno"
	if st, body := amina.do("DELETE", "/api/v1/me", req); st != http.StatusUnprocessableEntity || errorField(body) != "confirm" {
		t.Fatalf("wrong handle typed: %d %v", st, body)
	}
	req["confirm"] = "amina"
	if st, body := amina.do("DELETE", "/api/v1/me", req); st != http.StatusNoContent {
		t.Fatalf("delete: %d %v", st, body)
	}
	if st, _ := amina.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Fatalf("the deleted account's token: %d", st)
	}
	if st, _ := bruno.do("GET", "/api/v1/resources/"+draft, nil); st != http.StatusNotFound {
		t.Fatalf("the private draft: %d", st)
	}
	if st, _ := env.anon().do("GET", "/api/v1/people/amina", nil); st != http.StatusNotFound {
		t.Fatalf("the deleted account's profile: %d", st)
	}
	st, body = bruno.do("GET", "/api/v1/resources/"+shared, nil)
	if st != http.StatusOK || body["role"] != "owner" || body["owner"].(map[string]any)["name"] != "former member" {
		t.Fatalf("the shared resource: %d %v", st, body)
	}
	// Credits link to the tombstone's page: its name, nothing gathered.
	tomb := body["owner"].(map[string]any)["handle"].(string)
	if st, body := env.anon().do("GET", "/api/v1/people/"+tomb, nil); st != http.StatusOK || body["deleted"] != true || len(body["contributions"].([]any)) != 0 {
		t.Fatalf("the tombstone's page %s: %d %v", tomb, st, body)
	}
	if st, page := env.browser().get("/u/" + tomb); st != http.StatusOK || !strings.Contains(page, "This account was deleted") {
		t.Fatalf("the tombstone's page: %d", st)
	}
	st, body = env.anon().do("GET", "/api/v1/people/bruno", nil)
	if list, _ := body["contributions"].([]any); st != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["id"] != shared {
		t.Fatalf("bruno's contributions: %d %v", st, body)
	}
	_, page := env.browser().get("/r/" + shared)
	if !strings.Contains(page, "former member") || strings.Contains(page, "amina@example.org") || strings.Contains(page, "/u/amina") {
		t.Fatalf("the resource page does not credit the former member")
	}
	if st, body := env.anon().do("POST", "/api/v1/auth/signup", map[string]any{"handle": "Amina", "email": "new@example.org",
		"password": "quiet harbour lights", "name": "Impostor"}); st != http.StatusConflict {
		t.Fatalf("signing up under the retired handle: %d %v", st, body)
	}
}

func TestAccountPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.signup("amina")
	env.signup("bruno")
	a, elsewhere := env.browser(), env.browser()
	a.signIn("amina")
	elsewhere.signIn("amina")
	st, page := a.get("/account")
	for _, want := range []string{`action="/account/name"`, `action="/account/email"`, `action="/account/password"`,
		`action="/account/signout-everywhere"`, `href="/account/delete"`, `for="email_current_password"`} {
		if st != http.StatusOK || !strings.Contains(page, want) {
			t.Fatalf("account page lacks %s (%d)", want, st)
		}
	}
	resp := a.post("/account/name", map[string]string{"name": ""}, nil)
	if body := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="error-summary"`) ||
		!strings.Contains(body, `href="#name"`) || !strings.Contains(body, `aria-invalid="true" aria-describedby="name-error"`) {
		t.Fatalf("empty name: %d", resp.StatusCode)
	}
	resp = a.post("/account/email", map[string]string{"email": "a@school.example", "email_current_password": "nope"}, nil)
	if body := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#email_current_password"`) ||
		!strings.Contains(body, `value="a@school.example"`) {
		t.Fatalf("wrong password for the address: %d", resp.StatusCode)
	}
	if resp := a.post("/account/name", map[string]string{"name": "Amina Diallo"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", resp.StatusCode)
	}
	// A new address: the page says what it waits for, and the change can be cancelled.
	resp = a.post("/account/email", map[string]string{"email": "a@school.example", "email_current_password": passwordOf("amina")}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=emailsent" {
		t.Fatalf("ask for a new address: %d %s", resp.StatusCode, readAll(t, resp))
	}
	if st, page := a.get("/account?done=emailsent"); st != http.StatusOK || !strings.Contains(page, `id="pending-email"`) ||
		!strings.Contains(page, "<strong>a@school.example</strong>") || !strings.Contains(page, "<strong>amina@example.org</strong>") {
		t.Fatalf("account page while the link waits: %d", st)
	}
	cancelled := outboxEmailLink(t, env, "a@school.example")
	if resp := a.post("/account/email/cancel", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel the change: %d", resp.StatusCode)
	}
	if st, page := a.get("/account"); st != http.StatusOK || strings.Contains(page, `id="pending-email"`) {
		t.Fatalf("account page after cancelling: %d", st)
	}
	if st, page := env.browser().get(cancelled); st != http.StatusNotFound || !strings.Contains(page, `id="confirm-expired"`) {
		t.Fatalf("a cancelled link: %d", st)
	}
	resp = a.post("/account/email", map[string]string{"email": "a@school.example", "email_current_password": passwordOf("amina")}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask again: %d", resp.StatusCode)
	}
	link := outboxEmailLink(t, env, "a@school.example")
	// Following the link shows what it will do; only the button does it (mail scanners
	// follow links). Whoever holds the link may use it, signed in or not.
	stranger := env.browser()
	st, page = stranger.get(link)
	if st != http.StatusOK || !strings.Contains(page, "<strong>a@school.example</strong>") || !strings.Contains(page, "<strong>@amina</strong>") {
		t.Fatalf("confirmation page: %d", st)
	}
	if st, page := a.get("/account"); st != http.StatusOK || !strings.Contains(page, "<strong>amina@example.org</strong>") {
		t.Fatalf("the address changed before the button: %d", st)
	}
	token := strings.TrimPrefix(link, "/account/email/confirm?token=")
	resp = stranger.post("/account/email/confirm", map[string]string{"token": token}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?done=emailchanged" {
		t.Fatalf("confirm: %d %s", resp.StatusCode, readAll(t, resp))
	}
	if st, page := a.get("/account"); st != http.StatusOK || !strings.Contains(page, "<strong>a@school.example</strong>") {
		t.Fatalf("account page after confirming: %d", st)
	}
	if st, page := stranger.get(link); st != http.StatusNotFound || !strings.Contains(page, `id="confirm-expired"`) {
		t.Fatalf("a used link: %d", st)
	}
	// Followed in the account's own browser, the link comes back to the account page.
	if resp := a.post("/account/email", map[string]string{"email": "a@home.example", "email_current_password": passwordOf("amina")}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask for another address: %d", resp.StatusCode)
	}
	token = strings.TrimPrefix(outboxEmailLink(t, env, "a@home.example"), "/account/email/confirm?token=")
	if resp := a.post("/account/email/confirm", map[string]string{"token": token}, nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=emailchanged" {
		t.Fatalf("confirm in the account's own browser: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := a.post("/account/password", map[string]string{"current_password": passwordOf("amina"), "password": "quiet harbour lights"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d %s", resp.StatusCode, readAll(t, resp))
	}
	if st, _ := a.get("/account"); st != http.StatusOK {
		t.Fatalf("this browser after the password change: %d", st)
	}
	if st, _ := elsewhere.get("/account"); st != http.StatusSeeOther {
		t.Fatalf("the other browser after the password change: %d", st)
	}
	st, page = a.get("/account/delete")
	if st != http.StatusOK || !strings.Contains(page, "Type your handle, amina, to confirm") || !strings.Contains(page, "Under my name, Amina Diallo") {
		t.Fatalf("deletion page: %d", st)
	}
	resp = a.post("/account/delete", map[string]string{"password": "quiet harbour lights", "confirm": "nobody", "credit": "former"}, nil)
	if body := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#confirm"`) {
		t.Fatalf("wrong handle typed: %d", resp.StatusCode)
	}
	resp = a.post("/account/delete", map[string]string{"password": "quiet harbour lights", "confirm": "amina", "credit": "name"}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/?done=accountdeleted" {
		t.Fatalf("delete: %d %s", resp.StatusCode, readAll(t, resp))
	}
	if st, _ := a.get("/account"); st != http.StatusSeeOther {
		t.Fatalf("after deletion the browser is signed out: %d", st)
	}
}

func TestSignOutEverywherePage(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"visibility": "private"})
	a, elsewhere := env.browser(), env.browser()
	a.signIn("amina")
	elsewhere.signIn("amina")
	// An editor open in a third browser, and one opened with an API token.
	byCookie := dialCookie(t, env.URL, sessionFor(t, env, amina.id()), id, "third")
	byCookie.until("snapshot")
	byToken, _ := dialLive(t, env.URL, amina.token, id, "script", -1)
	byToken.until("snapshot")
	resp := a.post("/account/signout-everywhere", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?done=everywhere" {
		t.Fatalf("sign out everywhere: %d", resp.StatusCode)
	}
	for what, ws := range map[string]*wsClient{"cookie": byCookie, "token": byToken} {
		if code, _ := ws.closed(5 * time.Second); code != 4401 {
			t.Errorf("the editor opened with a %s closed with %d, want 4401", what, code)
		}
	}
	if st, _ := amina.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Fatalf("the API token after signing out everywhere: %d", st)
	}
	for _, b := range []*browser{a, elsewhere} {
		if st, _ := b.get("/account"); st != http.StatusSeeOther {
			t.Fatalf("still signed in: %d", st)
		}
	}
}

func TestProfilePageListsContributions(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	open := amina.createResource(map[string]any{"title": "Open lesson", "visibility": "public"})
	closed := amina.createResource(map[string]any{"title": "Closed draft", "visibility": "private"})
	for _, id := range []string{open, closed} {
		if st, body := amina.do("PUT", "/api/v1/resources/"+id+"/collaborators/bruno", map[string]any{"role": "editor"}); st != http.StatusOK {
			t.Fatalf("add bruno: %d %v", st, body)
		}
		if st, body := bruno.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# Fractions\n\nBruno's line.\n"}); st != http.StatusOK {
			t.Fatalf("bruno edits: %d %v", st, body)
		}
	}
	st, page := env.browser().get("/u/bruno")
	if st != http.StatusOK || !strings.Contains(page, "Open lesson") || strings.Contains(page, "Closed draft") || !strings.Contains(page, "edited the text") {
		t.Fatalf("bruno's page for anyone: %d", st)
	}
	a := env.browser()
	a.signIn("amina")
	if _, page := a.get("/u/bruno"); !strings.Contains(page, "Closed draft") {
		t.Fatal("amina, who may read the draft, does not see it on bruno's page")
	}
}

// The account page says, in the reader's language, when a rename is refused for coming too
// soon after the last ones; the page and the API send the wait in Retry-After too.
func TestRenameLimitOnThePageAndTheAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(c *app.Config, _ *server.Config) { c.RenameBurst, c.RenameInterval = 1, time.Hour })
	amina := env.signup("amina")
	a := env.browser()
	a.signIn("amina")
	if resp := a.post("/account/name", map[string]string{"name": "Amina Diallo"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first rename: %d", resp.StatusCode)
	}
	resp := a.post("/account/name", map[string]string{"name": "A. Diallo"}, map[string]string{"Accept-Language": "es"})
	if body := readAll(t, resp); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "3600" ||
		!strings.Contains(body, `role="alert">Demasiados cambios de nombre; vuelve a intentarlo dentro de 3600 segundos<`) {
		t.Fatalf("second rename on the page: %d, Retry-After %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if st, body := amina.do("PATCH", "/api/v1/me", map[string]any{"name": "Amina Diallo"}); st != http.StatusOK {
		t.Fatalf("saving the same name: %d %v", st, body)
	}
	req, _ := http.NewRequest("PATCH", env.URL+"/api/v1/me", strings.NewReader(`{"name":"A. Diallo"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+amina.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, `"code":"rate_limited"`) {
		t.Fatalf("second rename through the API: %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

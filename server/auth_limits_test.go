package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/server"
)

// loginFrom signs in with X-Forwarded-For set to xff (none when empty).
func loginFrom(t *testing.T, env *testEnv, xff, login, password string) int {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"login": login, "password": password})
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/auth/login", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func limits(f func(c *app.Config, s *server.Config)) envOption { return f }

// TestForwardedForIsNotTrustedByDefault: a spoofed X-Forwarded-For no
// longer makes each guess come from a new address; behind a trusted proxy
// the header names the client.
func TestForwardedForIsNotTrustedByDefault(t *testing.T) {
	t.Parallel()
	env := newEnv(t, limits(func(c *app.Config, _ *server.Config) {
		c.LoginBurstAddress, c.LoginBurstAccount, c.LoginBurstAccountAll, c.LoginInterval = 3, 100, 100, time.Hour
	}))
	for i, xff := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		if st := loginFrom(t, env, xff, "nobody"+xff, "wrong password!"); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, st)
		}
	}
	if st := loginFrom(t, env, "203.0.113.4", "someone", "wrong password!"); st != http.StatusTooManyRequests {
		t.Fatalf("a fourth guess from the same peer with a new X-Forwarded-For: %d, want 429", st)
	}

	proxied := newEnv(t, limits(func(c *app.Config, s *server.Config) {
		c.LoginBurstAddress, c.LoginBurstAccount, c.LoginBurstAccountAll, c.LoginInterval = 3, 100, 100, time.Hour
		s.TrustedProxies = []string{"127.0.0.1", "::1"}
	}))
	for i := range 3 {
		if st := loginFrom(t, proxied, "198.51.100."+string(rune('1'+i)), "nobody", "wrong password!"); st != http.StatusUnauthorized {
			t.Fatalf("proxied client %d: %d", i, st)
		}
	}
	for i := range 3 {
		loginFrom(t, proxied, "203.0.113.9", "nobody", "wrong password!")
		_ = i
	}
	if st := loginFrom(t, proxied, "203.0.113.9", "nobody", "wrong password!"); st != http.StatusTooManyRequests {
		t.Fatalf("one proxied client past its limit: %d", st)
	}
	if st := loginFrom(t, proxied, "198.51.100.200", "nobody", "wrong password!"); st != http.StatusUnauthorized {
		t.Fatalf("another proxied client: %d", st)
	}
	if _, err := server.New(server.Config{TrustedProxies: []string{"10.0.0.0/33"}}, nil); err == nil || !strings.Contains(err.Error(), "10.0.0.0/33") {
		t.Errorf("a bad trusted proxy range: %v", err)
	}
}

// TestAccountLimitIsPerAccount: the handle and the e-mail name one
// account, and share its limit.
func TestAccountLimitIsPerAccount(t *testing.T) {
	t.Parallel()
	env := newEnv(t, limits(func(c *app.Config, _ *server.Config) {
		c.LoginBurstAddress, c.LoginBurstAccount, c.LoginBurstAccountAll, c.LoginInterval = 100, 3, 100, time.Hour
	}))
	env.signup("bruno")
	for range 3 {
		if st := loginFrom(t, env, "", "bruno", "wrong password!"); st != http.StatusUnauthorized {
			t.Fatalf("guess: %d", st)
		}
	}
	for _, login := range []string{"bruno@example.org", "BRUNO", " Bruno@Example.org "} {
		if st := loginFrom(t, env, "", login, "wrong password!"); st != http.StatusTooManyRequests {
			t.Errorf("%q after three guesses at bruno: %d, want 429", login, st)
		}
	}
	// A sign-in that succeeds does not use up the limit.
	env.signup("carla")
	for range 5 {
		if st := loginFrom(t, env, "", "carla", passwordOf("carla")); st != http.StatusOK {
			t.Fatalf("carla signing in again and again: %d", st)
		}
	}
}

// TestVictimNotLockedOutByAttacker: guesses from other addresses never
// lock the owner out of an address they signed in from before; the
// account's own limit across addresses slows a distributed attacker.
func TestVictimNotLockedOutByAttacker(t *testing.T) {
	t.Parallel()
	env := newEnv(t, limits(func(c *app.Config, s *server.Config) {
		c.LoginBurstAddress, c.LoginBurstAccount, c.LoginBurstAccountAll, c.LoginInterval, c.LoginAccountInterval = 100, 3, 5, time.Hour, time.Hour
		s.TrustedProxies = []string{"127.0.0.1", "::1"}
	}))
	env.signup("bruno")
	const home = "198.51.100.7"
	if st := loginFrom(t, env, home, "bruno", passwordOf("bruno")); st != http.StatusOK {
		t.Fatalf("bruno at home: %d", st)
	}
	attacker := []int{}
	for _, addr := range []string{"203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2", "203.0.113.3", "203.0.113.4"} {
		attacker = append(attacker, loginFrom(t, env, addr, "bruno", "guess guess guess"))
	}
	want := []int{401, 401, 401, 429, 401, 401, 429, 429} // one address's own limit; then the account's across addresses
	for i := range want {
		if attacker[i] != want[i] {
			t.Fatalf("attacker's answers %v, want %v", attacker, want)
		}
	}
	if st := loginFrom(t, env, home, "bruno", passwordOf("bruno")); st != http.StatusOK {
		t.Fatalf("bruno at home during the attack: %d, want 200", st)
	}
	if st := loginFrom(t, env, home, "bruno", "a typo here"); st != http.StatusUnauthorized {
		t.Fatalf("bruno's own typo at home: %d", st)
	}
	if st := loginFrom(t, env, "198.51.100.8", "bruno", passwordOf("bruno")); st != http.StatusTooManyRequests {
		t.Fatalf("bruno from a new address during the attack: %d (documented: 429 until the attack slows)", st)
	}
}

// TestSignupLimitedPerAddress: sign-ups that pass validation are limited
// per address; refused ones do not count.
func TestSignupLimitedPerAddress(t *testing.T) {
	t.Parallel()
	env := newEnv(t, limits(func(c *app.Config, _ *server.Config) { c.SignupBurstAddress, c.SignupInterval = 2, time.Hour }))
	anon := env.anon()
	if st, _ := anon.do("POST", "/api/v1/auth/signup", map[string]any{"handle": "x y", "email": "a@b.org", "password": "lantern meadow", "name": "X"}); st != http.StatusUnprocessableEntity {
		t.Fatalf("bad handle: %d", st)
	}
	env.signup("ana")
	env.signup("ben")
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/auth/signup", strings.NewReader(`{"handle":"cai","email":"cai@example.org","password":"lantern meadow","name":"Cai"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("third sign-up from one address: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	b := env.browser()
	r := b.post("/signup", map[string]string{"handle": "dee", "email": "dee@example.org", "password": "lantern meadow", "name": "Dee"}, nil)
	if page := readAll(t, r); r.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "too many sign-ups") {
		t.Fatalf("sign-up form past the limit: %d", r.StatusCode)
	}
}

// TestNewPasswordsAreChecked: common passwords and ones built from the
// handle, e-mail or name are refused at sign-up, with the field named.
func TestNewPasswordsAreChecked(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	anon := env.anon()
	for _, pw := range []string{"qwertyuiop", "Password123", "1q2w3e4r5t", "zadie_k is me", "ZADIE.KAMAU77", "kamau forever"} {
		st, body := anon.do("POST", "/api/v1/auth/signup", map[string]any{"handle": "zadie_k", "email": "zadie.kamau@example.org", "password": pw, "name": "Zadie Kamau"})
		if e, _ := body["error"].(map[string]any); st != http.StatusUnprocessableEntity || e["field"] != "password" {
			t.Errorf("password %q: %d %v", pw, st, body)
		}
	}
	if st, body := anon.do("POST", "/api/v1/auth/signup", map[string]any{"handle": "zadie_k", "email": "zadie.kamau@example.org", "password": "lantern meadow river", "name": "Zadie Kamau"}); st != http.StatusCreated {
		t.Errorf("a good password: %d %v", st, body)
	}
}

// TestTokensExpireAndCanBeRevoked: API tokens expire; their owner lists
// and revokes tokens and sessions, by API and on the account page.
func TestTokensExpireAndCanBeRevoked(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("eve")
	st, body := amina.do("GET", "/api/v1/me/tokens", nil)
	tokens, _ := body["tokens"].([]any)
	if st != http.StatusOK || len(tokens) != 1 || tokens[0].(map[string]any)["current"] != true {
		t.Fatalf("tokens: %d %v", st, body)
	}
	exp, _ := time.Parse(time.RFC3339, tokens[0].(map[string]any)["expires"].(string))
	if d := time.Until(exp); d < 89*24*time.Hour || d > 91*24*time.Hour {
		t.Errorf("a new token expires in %v, want 90 days", d)
	}
	// A second token (another script), then revoke it from the first.
	var second struct {
		Token string `json:"token"`
	}
	resp, err := http.Post(env.URL+"/api/v1/auth/login", "application/json", strings.NewReader(`{"login":"amina","password":"`+passwordOf("amina")+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&second)
	resp.Body.Close()
	script := &client{env: env, token: second.Token}
	_, body = amina.do("GET", "/api/v1/me/tokens", nil)
	var other string
	for _, x := range body["tokens"].([]any) {
		if m := x.(map[string]any); m["current"] != true {
			other = m["id"].(string)
		}
	}
	eve := env.signup("eve2")
	if st, _ := eve.do("DELETE", "/api/v1/me/tokens/"+other, nil); st != http.StatusNotFound {
		t.Errorf("someone else revoking amina's token: %d", st)
	}
	if st, _ := script.do("GET", "/api/v1/me", nil); st != http.StatusOK {
		t.Fatalf("second token before revoking: %d", st)
	}
	if st, _ := amina.do("DELETE", "/api/v1/me/tokens/"+other, nil); st != http.StatusNoContent {
		t.Fatalf("revoke: %d", st)
	}
	if st, _ := script.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Errorf("revoked token still works: %d", st)
	}
	// An expired token is refused.
	expired := &client{env: env, token: mintToken(t, env, amina.id(), time.Now().Add(-time.Minute))}
	if st, _ := expired.do("GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Errorf("expired token: %d", st)
	}

	// Sessions (the API sign-in above started one too): one browser signs
	// another out from the account page.
	a, other2 := env.browser(), env.browser()
	a.signIn("amina")
	other2.signIn("amina")
	st, page := a.get("/account")
	if st != http.StatusOK || strings.Count(page, "this browser") != 1 || strings.Count(page, `action="/account/sessions/`) != 3 ||
		strings.Count(page, `action="/account/tokens/`) != 1 {
		t.Fatalf("account page: %d\n%s", st, page)
	}
	_, body = amina.do("GET", "/api/v1/me/sessions", nil)
	if sessions := body["sessions"].([]any); len(sessions) != 3 || sessions[0].(map[string]any)["user_agent"] != "Go-http-client/1.1" {
		t.Fatalf("sessions: %v", body)
	}
	_, page2 := other2.get("/account")
	m := regexp.MustCompile(`id="session-([0-9a-f-]+)"><td>[^<]*<span class="badge">this browser`).FindStringSubmatch(page2)
	if m == nil {
		t.Fatalf("the other browser's page marks no session as its own:\n%s", page2)
	}
	target := m[1]
	if r := a.post("/account/sessions/"+url.PathEscape(target)+"/revoke", nil, nil); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/account?done=revoked" {
		t.Fatalf("revoke the other session: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if st, _ := other2.get("/account"); st != http.StatusSeeOther {
		t.Errorf("the signed-out browser still sees the account page: %d", st)
	}
	if st, _ := a.get("/account"); st != http.StatusOK {
		t.Errorf("the browser that revoked: %d", st)
	}
	// Signing out here from the list ends this browser's session.
	_, page = a.get("/account")
	m = regexp.MustCompile(`id="session-([0-9a-f-]+)"><td>[^<]*<span class="badge">this browser`).FindStringSubmatch(page)
	if r := a.post("/account/sessions/"+m[1]+"/revoke", nil, nil); r.Header.Get("Location") != "/?done=signedout" {
		t.Errorf("signing out here: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if st, _ := a.get("/account"); st != http.StatusSeeOther {
		t.Errorf("after signing out here: %d", st)
	}
}

// TestSignInRedirectStaysOnSite: next after sign-in is a clean
// site-relative path or /me; tabs, newlines, backslashes and schemes are
// refused (browsers drop tabs: "/\t/evil.example" is "//evil.example").
func TestSignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.signup("amina")
	for next, want := range map[string]string{
		"/\t/evil.example":     "/me",
		"/\n/evil.example":     "/me",
		"/\r\n/evil.example":   "/me",
		"//evil.example":       "/me",
		"/\\evil.example":      "/me",
		"\\\\evil.example":     "/me",
		"https://evil.example": "/me",
		" /r/x":                "/me",
		"/ /evil.example":      "/me",
		"/%2F/evil.example":    "/me",
		"javascript:alert(1)":  "/me",
		"":                     "/me",
		"/r/abc?view=live#top": "/r/abc?view=live#top",
		"/reviews":             "/reviews",
	} {
		b := env.browser()
		r := b.post("/login", map[string]string{"login": "amina", "password": passwordOf("amina"), "next": next}, nil)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("next %q: %d → %q, want %q", next, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
}

// TestRevokingATokenClosesItsLiveConnections: a token revoked from the
// list loses its live connections at once, as on sign-out.
func TestRevokingATokenClosesItsLiveConnections(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"content": "abc", "visibility": "private"})
	script := mintToken(t, env, amina.id(), time.Now().Add(time.Hour))
	c, _ := dialLive(t, env.URL, script, id, "script", -1)
	c.until("snapshot")
	_, body := amina.do("GET", "/api/v1/me/tokens", nil)
	var target string
	for _, x := range body["tokens"].([]any) {
		if m := x.(map[string]any); m["current"] != true {
			target = m["id"].(string)
		}
	}
	if st, _ := amina.do("DELETE", "/api/v1/me/tokens/"+target, nil); st != http.StatusNoContent {
		t.Fatalf("revoke: %d", st)
	}
	if code, _ := c.closed(10 * time.Second); code != hub.CloseSignedOut {
		t.Fatalf("close code %d, want %d", code, hub.CloseSignedOut)
	}
}

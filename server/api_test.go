package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

func TestSignupLoginLogout(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	if amina.token == "" || !strings.HasPrefix(amina.token, "cpt_") {
		t.Fatalf("token %q", amina.token)
	}
	anon := env.anon()
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"handle": "Amina", "email": "x@example.org", "password": "long enough pw", "name": "X"}, "handle"},
		{map[string]any{"handle": "other", "email": "AMINA@example.org", "password": "long enough pw", "name": "X"}, "email"},
	} {
		status, body := anon.do("POST", "/api/v1/auth/signup", tc.body)
		if status != http.StatusConflict || errorCode(body) != "conflict" || body["error"].(map[string]any)["field"] != tc.field {
			t.Errorf("duplicate %s: %d %v", tc.field, status, body)
		}
	}
	status, body := anon.do("POST", "/api/v1/auth/signup", map[string]any{"handle": "x y", "email": "a@b.org", "password": "long enough pw", "name": "X"})
	if status != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "handle" {
		t.Errorf("bad handle: %d %v", status, body)
	}
	status, body = anon.do("POST", "/api/v1/auth/signup", map[string]any{"handle": "shorty", "email": "s@b.org", "password": "short", "name": "X"})
	if status != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "password" {
		t.Errorf("short password: %d %v", status, body)
	}

	status, _ = anon.do("POST", "/api/v1/auth/login", map[string]any{"login": "amina", "password": "wrong password"})
	if status != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", status)
	}
	// Login returns a token and a hardened session cookie.
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/auth/login", strings.NewReader(`{"login":"amina@example.org","password":"`+passwordOf("amina")+`"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "cp_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("session cookie: %+v", cookie)
	}

	if status, body := amina.do("GET", "/api/v1/me", nil); status != http.StatusOK || body["user"].(map[string]any)["handle"] != "amina" {
		t.Fatalf("me: %d %v", status, body)
	}
	if status, _ := amina.do("POST", "/api/v1/auth/logout", nil); status != http.StatusNoContent {
		t.Fatalf("logout: %d", status)
	}
	if status, body := amina.do("GET", "/api/v1/me", nil); status != http.StatusUnauthorized || errorCode(body) != "unauthorized" {
		t.Fatalf("revoked token still works: %d %v", status, body)
	}
}

func TestLoginRateLimited(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(c *app.Config, _ *server.Config) { c.LoginBurstAccount, c.LoginInterval = 3, time.Hour })
	env.signup("bruno")
	anon := env.anon()
	for i := 0; i < 3; i++ {
		if status, _ := anon.do("POST", "/api/v1/auth/login", map[string]any{"login": "bruno", "password": "nope nope nope"}); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, status)
		}
	}
	status, body := anon.do("POST", "/api/v1/auth/login", map[string]any{"login": "bruno", "password": passwordOf("bruno")})
	if status != http.StatusTooManyRequests || errorCode(body) != "rate_limited" {
		t.Fatalf("4th attempt: %d %v", status, body)
	}
	// Another account from the same address is not locked by bruno's limit.
	env.signup("carla")
	if status, _ := anon.do("POST", "/api/v1/auth/login", map[string]any{"login": "carla", "password": passwordOf("carla")}); status != http.StatusOK {
		t.Fatalf("other account: %d", status)
	}
}

func TestResourceCRUD(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	status, r := amina.do("POST", "/api/v1/resources", map[string]any{
		"title": "  Las fracciones ", "language": "es-mx", "license": "cc-by-sa-4.0", "content": "# Fracciones\n",
		"summary": "Medios y cuartos", "visibility": "public", "subjects": []string{"math", "math", "fractions"}, "level": "primary",
	})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, r)
	}
	id := r["id"].(string)
	checks := map[string]any{"title": "Las fracciones", "language": "es-MX", "license": "CC-BY-SA-4.0", "visibility": "public",
		"kind": "original", "level": "primary", "content": "# Fracciones\n", "dir": "ltr"}
	for k, want := range checks {
		if r[k] != want {
			t.Errorf("created %s = %v, want %v", k, r[k], want)
		}
	}
	if fam, _ := r["family_id"].(string); fam == "" || fam == id {
		t.Errorf("family_id = %v: a family has an id of its own", r["family_id"])
	}
	if subj := r["subjects"].([]any); len(subj) != 2 {
		t.Errorf("subjects not deduplicated: %v", subj)
	}

	status, got := env.anon().do("GET", "/api/v1/resources/"+id, nil)
	if status != http.StatusOK || got["title"] != "Las fracciones" || got["owner"].(map[string]any)["handle"] != "amina" {
		t.Fatalf("get: %d %v", status, got)
	}
	status, got = amina.do("PATCH", "/api/v1/resources/"+id, map[string]any{"title": "Fracciones", "content": "# Fracciones\n\nUn medio.\n"})
	if status != http.StatusOK || got["title"] != "Fracciones" || got["content"] != "# Fracciones\n\nUn medio.\n" || got["version"].(float64) < 1 {
		t.Fatalf("patch: %d %v", status, got)
	}
	status, list := env.anon().do("GET", "/api/v1/resources?language=es&owner=amina", nil)
	if status != http.StatusOK || list["total"].(float64) != 1 {
		t.Fatalf("list: %d %v", status, list)
	}
	if _, has := list["resources"].([]any)[0].(map[string]any)["content"]; has {
		t.Error("list carries content")
	}
	if status, _ := amina.do("DELETE", "/api/v1/resources/"+id, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if status, body := amina.do("GET", "/api/v1/resources/"+id, nil); status != http.StatusNotFound || errorCode(body) != "not_found" {
		t.Fatalf("deleted: %d %v", status, body)
	}
}

func TestBadInputIsRefusedClearly(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(_ *app.Config, c *server.Config) { c.MaxBodyBytes = 64 << 10 })
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"visibility": "public"})
	cases := []struct {
		name, method, path string
		body               any
		status             int
		code, field        string
	}{
		{"malformed JSON", "POST", "/api/v1/resources", `{"title":`, 400, "invalid_json", ""},
		{"empty body", "POST", "/api/v1/resources", "", 400, "invalid_json", ""},
		{"two values", "POST", "/api/v1/resources", `{} {}`, 400, "invalid_json", ""},
		{"invalid UTF-8", "POST", "/api/v1/resources", []byte("{\"title\":\"\xff\xfe\",\"language\":\"en\",\"license\":\"CC0-1.0\"}"), 400, "invalid_utf8", ""},
		{"wrong type", "POST", "/api/v1/resources", `{"title":5,"language":"en","license":"CC0-1.0"}`, 422, "invalid", "title"},
		{"unknown licence", "POST", "/api/v1/resources", map[string]any{"title": "x", "language": "en", "license": "MIT"}, 422, "invalid", "license"},
		{"bad language", "POST", "/api/v1/resources", map[string]any{"title": "x", "language": "english!", "license": "CC0-1.0"}, 422, "invalid", "language"},
		{"missing title", "POST", "/api/v1/resources", map[string]any{"language": "en", "license": "CC0-1.0"}, 422, "invalid", "title"},
		{"bad visibility", "PATCH", "/api/v1/resources/" + id, map[string]any{"visibility": "secret"}, 422, "invalid", "visibility"},
		{"bad level", "PATCH", "/api/v1/resources/" + id, map[string]any{"level": "kindergarten-ish"}, 422, "invalid", "level"},
		{"oversized", "PATCH", "/api/v1/resources/" + id, map[string]any{"content": strings.Repeat("a", 70<<10)}, 413, "too_large", ""},
		{"bad role", "PUT", "/api/v1/resources/" + id + "/collaborators/amina", map[string]any{"role": "boss"}, 422, "invalid", "role"},
		{"unknown user", "PUT", "/api/v1/resources/" + id + "/collaborators/nobody", map[string]any{"role": "editor"}, 422, "invalid", "handle"},
		{"unknown endpoint", "GET", "/api/v1/nope", nil, 404, "not_found", ""},
		{"unknown resource", "GET", "/api/v1/resources/0195f6a0-0000-7000-8000-000000000000", nil, 404, "not_found", ""},
		{"malformed id", "GET", "/api/v1/resources/../../etc", nil, 404, "not_found", ""},
	}
	for _, tc := range cases {
		status, body := amina.do(tc.method, tc.path, tc.body)
		if status != tc.status || errorCode(body) != tc.code {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, body, tc.status, tc.code)
			continue
		}
		e := body["error"].(map[string]any)
		if msg, _ := e["message"].(string); msg == "" {
			t.Errorf("%s: empty message", tc.name)
		}
		if tc.field != "" && e["field"] != tc.field {
			t.Errorf("%s: field %v, want %s", tc.name, e["field"], tc.field)
		}
	}
	// Nothing above changed the resource.
	_, got := amina.do("GET", "/api/v1/resources/"+id, nil)
	if got["title"] != "Fractions" || got["visibility"] != "public" || got["content"] != "# Fractions\n\nHalf is 1/2.\n" {
		t.Fatalf("resource changed by refused requests: %v", got)
	}
	if status, body := env.anon().do("POST", "/api/v1/resources", map[string]any{"title": "x"}); status != 401 || errorCode(body) != "unauthorized" {
		t.Errorf("anonymous create: %d %v", status, body)
	}
	bad := &client{env: env, token: "cpt_forged"}
	if status, body := bad.do("GET", "/api/v1/resources", nil); status != 401 || errorCode(body) != "unauthorized" {
		t.Errorf("forged token: %d %v", status, body)
	}
}

func TestOperationsEndpoints(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	for path, want := range map[string]string{"/healthz": `"ok"`, "/readyz": `"ready"`} {
		status, body := env.browser().get(path)
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %s", path, status, body)
		}
	}
	env.browser().get("/")
	if body := env.metrics(); !strings.Contains(body, `commonplace_http_requests_total{method="GET",route="/",status="200"}`) {
		t.Errorf("metrics: %.300s", body)
	}
	// Metrics name routes and counts: never on the public listener.
	if status, _ := env.browser().get("/metrics"); status != http.StatusNotFound {
		t.Errorf("/metrics on the public listener: %d", status)
	}
	req, _ := http.NewRequest("GET", env.URL+"/healthz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("no request id header")
	}
}

// TestReadmeScriptLabelsJSONAsAForm runs the README's "Using it from a script" as curl sends
// it: `curl -d` labels the JSON body application/x-www-form-urlencoded. The API reads it as
// JSON all the same, and refuses a real form body as the JSON it is not.
func TestReadmeScriptLabelsJSONAsAForm(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	post := func(path, token, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", env.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = jsonUnmarshal([]byte(readAll(t, resp)), &out)
		return resp.StatusCode, out
	}
	st, body := post("/api/v1/auth/signup", "", `{"handle":"amina","email":"amina@example.org","password":"correct horse battery","name":"Amina"}`)
	token, _ := body["token"].(string)
	if st != http.StatusCreated || token == "" {
		t.Fatalf("sign-up as the README sends it: %d %v", st, body)
	}
	st, body = post("/api/v1/resources", token, `{"title":"Fractions","language":"en","license":"CC-BY-4.0","visibility":"public","content":"# Fractions\n"}`)
	if st != http.StatusCreated || body["title"] != "Fractions" {
		t.Fatalf("create as the README sends it: %d %v", st, body)
	}
	st, body = post("/api/v1/resources", token, "title=Fractions&language=en&license=CC-BY-4.0")
	if st != http.StatusBadRequest || errorCode(body) != "invalid_json" {
		t.Fatalf("a real form body: %d %v", st, body)
	}
}

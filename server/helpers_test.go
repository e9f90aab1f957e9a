package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/apptest"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/server"
	"github.com/commonplace/commonplace/store"
)

// testEnv is a real server on a loopback port over a fresh database.
type testEnv struct {
	t   testing.TB
	URL string
	DB  *store.DB
	Srv *server.Server
	App *app.App
}

// envOption adjusts the application's and the server's settings.
type envOption func(*app.Config, *server.Config)

func newEnv(t testing.TB, opts ...envOption) *testEnv {
	t.Helper()
	db := pgtest.DB(t)
	scfg := server.Config{Logger: slog.New(slog.DiscardHandler)}
	a := apptest.New(t, db, func(c *app.Config) {
		c.LoginBurstAccount, c.LoginBurstAddress = 0, 0 // the service's defaults
		for _, o := range opts {
			o(c, &scfg)
		}
	})
	srv, err := server.New(scfg, a)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &testEnv{t: t, URL: hs.URL, DB: db, Srv: srv, App: a}
}

// client calls the JSON API with a bearer token (or none).
type client struct {
	env   *testEnv
	token string
	user  map[string]any
}

func (e *testEnv) anon() *client { return &client{env: e} }

// passwordOf is a test user's password: one per handle, and never holding
// the handle or name (the service refuses those).
func passwordOf(handle string) string {
	n := 7919 * len(handle)
	for _, b := range []byte(handle) {
		n = n*31 + int(b)
	}
	return fmt.Sprintf("lantern meadow %d", n%1000000)
}

// mintToken stores an API token for userID that expires at expires.
func mintToken(t *testing.T, env *testEnv, userID string, expires time.Time) string {
	t.Helper()
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.DB.CreateAPIToken(context.Background(), userID, "test", hash, expires); err != nil {
		t.Fatal(err)
	}
	return token
}

// signup creates a user through the API and returns a client holding its token.
func (e *testEnv) signup(handle string) *client {
	e.t.Helper()
	c := e.anon()
	status, body := c.do("POST", "/api/v1/auth/signup", map[string]any{
		"handle": handle, "email": handle + "@example.org", "password": passwordOf(handle), "name": strings.ToUpper(handle[:1]) + handle[1:],
	})
	if status != http.StatusCreated {
		e.t.Fatalf("signup %s: %d %v", handle, status, body)
	}
	c.token = body["token"].(string)
	c.user = body["user"].(map[string]any)
	return c
}

func (c *client) id() string { return c.user["id"].(string) }

// do sends body (marshalled unless it is a string or []byte) and decodes a JSON answer.
func (c *client) do(method, path string, body any) (int, map[string]any) {
	c.env.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.env.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.env.URL+path, rd)
	if err != nil {
		c.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.env.t.Fatalf("%s %s: bad JSON %q", method, path, raw)
		}
	}
	return resp.StatusCode, out
}

// createResource makes a resource through the API and returns its id.
func (c *client) createResource(fields map[string]any) string {
	c.env.t.Helper()
	body := map[string]any{"title": "Fractions", "language": "en", "license": "CC-BY-4.0", "content": "# Fractions\n\nHalf is 1/2.\n"}
	for k, v := range fields {
		body[k] = v
	}
	status, out := c.do("POST", "/api/v1/resources", body)
	if status != http.StatusCreated {
		c.env.t.Fatalf("create resource: %d %v", status, out)
	}
	return out["id"].(string)
}

// errorCode returns error.code of an error body.
func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// browser is an HTTP client with a cookie jar, acting like a signed-in browser
// (it sends Sec-Fetch-Site: same-origin as browsers do for their own forms).
type browser struct {
	env *testEnv
	hc  *http.Client
}

func (e *testEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{env: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (int, string) {
	b.env.t.Helper()
	req, _ := http.NewRequest("GET", b.env.URL+path, nil)
	req.Header.Set("Sec-Fetch-Site", "none")
	resp, err := b.hc.Do(req)
	if err != nil {
		b.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func (b *browser) post(path string, form map[string]string, headers map[string]string) *http.Response {
	b.env.t.Helper()
	vals := url.Values{}
	for k, v := range form {
		vals.Set(k, v)
	}
	req, _ := http.NewRequest("POST", b.env.URL+path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		b.env.t.Fatal(err)
	}
	b.env.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// metrics reads the Prometheus metrics, served on their own listener.
func (e *testEnv) metrics() string {
	e.t.Helper()
	ms := httptest.NewServer(e.Srv.MetricsHandler())
	defer ms.Close()
	resp, err := http.Get(ms.URL + "/metrics")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("metrics: %d", resp.StatusCode)
	}
	return readAll(e.t, resp)
}

func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// syncBuffer collects output written from other goroutines (a logger, a child process) for the
// test to read meanwhile.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

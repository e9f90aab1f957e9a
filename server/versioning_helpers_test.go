package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/internal/apptest"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

// vtEnv is a real server on a fresh database, driven through HTTP.
type vtEnv struct {
	t   testing.TB
	srv *Server
	ts  *httptest.Server
	db  *store.DB
}

type vtUser struct {
	ID, Handle, Name, Token string
}

func newVT(t testing.TB) *vtEnv {
	t.Helper()
	db := pgtest.DB(t)
	var logOut io.Writer = io.Discard
	if os.Getenv("VT_LOG") != "" {
		logOut = os.Stderr
	}
	srv, err := New(Config{Logger: slog.New(slog.NewTextHandler(logOut, nil))}, apptest.New(t, db))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &vtEnv{t: t, srv: srv, ts: ts, db: db}
}

func (e *vtEnv) signup(handle string) vtUser {
	e.t.Helper()
	name := "User " + strings.ToUpper(handle[:1]) + handle[1:]
	st, body := e.do(nil, "POST", "/api/v1/auth/signup", map[string]any{"handle": handle, "email": handle + "@example.org",
		"password": "correct horse battery", "name": name})
	if st != http.StatusCreated {
		e.t.Fatalf("signup %s: %d %v", handle, st, body)
	}
	u := body["user"].(map[string]any)
	return vtUser{ID: u["id"].(string), Handle: handle, Name: name, Token: body["token"].(string)}
}

// do sends a JSON request as u (nil: anonymous) and decodes a JSON object.
func (e *vtEnv) do(u *vtUser, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	st, raw := e.raw(u, method, path, body)
	out := map[string]any{}
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return st, out
}

func (e *vtEnv) raw(u *vtUser, method, path string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if u != nil {
		req.Header.Set("Authorization", "Bearer "+u.Token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, b
}

// must sends a request that has to answer want, and returns the body.
func (e *vtEnv) must(u *vtUser, want int, method, path string, body any) map[string]any {
	e.t.Helper()
	st, out := e.do(u, method, path, body)
	if st != want {
		e.t.Fatalf("%s %s: status %d, want %d: %v", method, path, st, want, out)
	}
	return out
}

// create makes a resource owned by u and returns its id.
func (e *vtEnv) create(u vtUser, title, content, lic, vis string) string {
	e.t.Helper()
	out := e.must(&u, http.StatusCreated, "POST", "/api/v1/resources", map[string]any{"title": title, "content": content,
		"language": "en", "license": lic, "visibility": vis})
	return out["id"].(string)
}

func (e *vtEnv) setContent(u vtUser, id, content string) {
	e.t.Helper()
	e.must(&u, http.StatusOK, "PATCH", "/api/v1/resources/"+id, map[string]any{"content": content})
}

func (e *vtEnv) content(u *vtUser, id string) string {
	e.t.Helper()
	out := e.must(u, http.StatusOK, "GET", "/api/v1/resources/"+id, nil)
	return out["content"].(string)
}

func (e *vtEnv) fork(u vtUser, id string, body map[string]any) string {
	e.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	out := e.must(&u, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/forks", body)
	return out["id"].(string)
}

func errCode(body map[string]any) string {
	if e, ok := body["error"].(map[string]any); ok {
		c, _ := e["code"].(string)
		return c
	}
	return ""
}

// blameText returns the blame spans as "name:text" pieces.
func blamePieces(t testing.TB, body map[string]any) []string {
	t.Helper()
	var out []string
	spans, _ := body["spans"].([]any)
	for _, s := range spans {
		m := s.(map[string]any)
		out = append(out, m["name"].(string)+":"+m["text"].(string))
	}
	return out
}

// form posts an urlencoded form as u and returns the status and either the
// redirect location (3xx) or the page.
func (e *vtEnv) form(u *vtUser, path, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if u != nil {
		req.Header.Set("Authorization", "Bearer "+u.Token)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 == 3 {
		return res.StatusCode, res.Header.Get("Location")
	}
	return res.StatusCode, string(b)
}

package server_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/store"
)

// hostileWorld is what the hostile-input test walks every route against:
// amina's public lesson, her translation of it, a fork of it by bruno with a
// proposal back, a named revision, and a lesson that may be deleted.
type hostileWorld struct {
	env                        *testEnv
	amina, bruno, eve          *client
	pub, tr, fork, victim, rev string
	proposal, spare, segment   string // spare: a proposal that may be closed
	xliff, po, tmx             []byte
	hc                         *http.Client
}

func newHostileWorld(t *testing.T, env *testEnv) *hostileWorld {
	t.Helper()
	w := &hostileWorld{env: env, amina: env.signup("amina"), bruno: env.signup("bruno"), eve: env.signup("eve"),
		// Plain answers: what the handlers make of bad input is the question here, and gzip
		// under the race detector was a third of this test's CPU (124–138 s against 91–95).
		hc: &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport: &http.Transport{TLSClientConfig: &tls.Config{}, MaxIdleConnsPerHost: 8, DisableCompression: true}}}
	w.pub = w.amina.createResource(map[string]any{"visibility": "public", "content": "# Fractions\n\nHalf is 1/2. A quarter is 1/4.\n"})
	w.victim = w.amina.createResource(map[string]any{"visibility": "public"})
	st, body := w.amina.do("POST", "/api/v1/resources/"+w.pub+"/translations", map[string]any{"language": "es", "visibility": "public"})
	if st != http.StatusCreated {
		t.Fatalf("translate: %d %v", st, body)
	}
	w.tr = body["id"].(string)
	_, segs := w.amina.do("GET", "/api/v1/resources/"+w.tr+"/segments", nil)
	w.segment = segs["segments"].([]any)[0].(map[string]any)["id"].(string)
	if st, body := w.amina.do("PUT", "/api/v1/resources/"+w.tr+"/segments/"+w.segment, map[string]any{"target": "# Fracciones"}); st != http.StatusOK {
		t.Fatalf("translate a segment: %d %v", st, body)
	}
	st, body = w.bruno.do("POST", "/api/v1/resources/"+w.pub+"/forks", map[string]any{"visibility": "public"})
	if st != http.StatusCreated {
		t.Fatalf("fork: %d %v", st, body)
	}
	w.fork = body["id"].(string)
	if st, body := w.bruno.do("PATCH", "/api/v1/resources/"+w.fork, map[string]any{"content": "# Fractions\n\nHalf is 1/2. A third is 1/3.\n"}); st != http.StatusOK {
		t.Fatalf("edit fork: %d %v", st, body)
	}
	w.bruno.share(w.fork, "amina", "editor")
	st, body = w.bruno.do("POST", "/api/v1/resources/"+w.fork+"/proposals", map[string]any{"title": "Thirds"})
	if st != http.StatusCreated {
		t.Fatalf("propose: %d %v", st, body)
	}
	w.proposal = body["id"].(string)
	st, body = w.bruno.do("POST", "/api/v1/resources/"+w.fork+"/proposals", map[string]any{"title": "Endorse", "kind": "endorse"})
	if st != http.StatusCreated {
		t.Fatalf("propose an endorsement: %d %v", st, body)
	}
	w.spare = body["id"].(string)
	st, body = w.amina.do("POST", "/api/v1/resources/"+w.pub+"/revisions", map[string]any{"message": "First"})
	if st != http.StatusCreated {
		t.Fatalf("name a version: %d %v", st, body)
	}
	w.rev = body["id"].(string)
	w.xliff = w.export(t, "/api/v1/resources/"+w.tr+"/xliff")
	w.po = w.export(t, "/api/v1/resources/"+w.tr+"/po")
	w.tmx = w.export(t, "/api/v1/resources/"+w.tr+"/tm.tmx")
	return w
}

func (w *hostileWorld) export(t *testing.T, path string) []byte {
	t.Helper()
	st, b := w.send(w.amina.token, "GET", path, "", nil)
	if st != http.StatusOK {
		t.Fatalf("export %s: %d %s", path, st, b)
	}
	return b
}

// send makes one request with a raw target (path and query, already
// escaped as the test wants them) and a raw body.
func (w *hostileWorld) send(token, method, target, contentType string, body []byte) (int, []byte) {
	req, err := http.NewRequest(method, w.env.URL+"/", bytes.NewReader(body))
	if err != nil {
		w.env.t.Fatal(err)
	}
	path, query, _ := strings.Cut(target, "?")
	req.URL.Opaque = path
	req.URL.RawQuery = query
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := w.hc.Do(req)
	if err != nil {
		w.env.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b
}

// freshToken mints a token for u, for requests that revoke the one they use.
func (w *hostileWorld) freshToken(u *client) string {
	w.env.t.Helper()
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		w.env.t.Fatal(err)
	}
	if err := w.env.DB.CreateAPIToken(context.Background(), u.id(), "fuzz", hash, time.Now().Add(time.Hour)); err != nil {
		w.env.t.Fatal(err)
	}
	return token
}

// throwawayToken is a token of a new account of its own, for requests that
// end every credential of the account they are sent as.
func (w *hostileWorld) throwawayToken() string {
	w.env.t.Helper()
	u, err := w.env.DB.CreateUser(context.Background(), auth.User{Handle: "tmp" + strings.ReplaceAll(store.NewID(), "-", "")[16:],
		Email: store.NewID() + "@example.org", Name: "Throwaway", PasswordHash: "none"})
	if err != nil {
		w.env.t.Fatal(err)
	}
	return w.freshToken(&client{env: w.env, user: map[string]any{"id": u.ID}})
}

// idFor picks the resource a route is probed on.
func (w *hostileWorld) idFor(method, path string) string {
	switch {
	case method == "DELETE" && strings.HasSuffix(path, "/resources/:id"), strings.HasSuffix(path, "/delete"):
		return w.victim
	case strings.Contains(path, "/segments"), strings.HasSuffix(path, "/translation"), strings.HasSuffix(path, "/xliff"),
		strings.HasSuffix(path, "/po"), strings.HasSuffix(path, "/tm.tmx"), strings.HasSuffix(path, "/translate"),
		strings.HasSuffix(path, "/presence"):
		return w.tr
	case strings.HasSuffix(path, "/:id/proposals") && method == "POST", strings.HasSuffix(path, "/propose"), strings.HasSuffix(path, "/sync"):
		return w.fork
	}
	return w.pub
}

// fill puts the world's ids into a route's parameters.
func (w *hostileWorld) fill(method, path string) string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		switch seg {
		case ":id":
			seg = w.idFor(method, path)
		case ":sid":
			seg = w.segment
		case ":p":
			seg = w.proposal
			if strings.HasSuffix(path, "/close") || strings.HasSuffix(path, "/reopen") {
				seg = w.spare
			}
		case ":rev":
			seg = w.rev
		case ":handle":
			seg = "bruno"
		case ":name":
			seg = "dot.png"
		case ":rule", ":fp":
			seg = "x"
		case "*":
			seg = "x"
		}
		out = append(out, seg)
	}
	return strings.Join(out, "/")
}

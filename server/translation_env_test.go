package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/commonplace/commonplace/internal/apptest"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/store"
)

// tenv is a real server on a fresh database, for translation tests.
type tenv struct {
	t   *testing.T
	s   *Server
	db  *store.DB
	srv *httptest.Server
}

func newTEnv(t *testing.T) *tenv {
	t.Helper()
	db := pgtest.DB(t)
	s, err := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, apptest.New(t, db))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &tenv{t: t, s: s, db: db, srv: srv}
}

// importReport is an import's answer.
type importReport struct {
	Updated  int `json:"updated"`
	Outdated int `json:"outdated"`
	Skipped  []struct {
		ID     string `json:"id"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	Units []struct {
		ID      string `json:"id"`
		Segment string `json:"segment"`
		Result  string `json:"result"`
		Reason  string `json:"reason"`
	} `json:"units"`
}

type tuser struct {
	ID, Handle, Token string
}

func (e *tenv) signup(handle string) tuser {
	e.t.Helper()
	var out struct {
		User  userJSON `json:"user"`
		Token string   `json:"token"`
	}
	st := e.do("POST", "/api/v1/auth/signup", "", map[string]string{"handle": handle, "email": handle + "@example.org",
		"password": "correct horse battery", "name": "User " + handle}, &out)
	if st != http.StatusCreated {
		e.t.Fatalf("signup %s: status %d", handle, st)
	}
	return tuser{ID: out.User.ID, Handle: handle, Token: out.Token}
}

// raw sends a request and returns status and body.
func (e *tenv) raw(method, path, token, contentType string, body []byte) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// do sends JSON and decodes the JSON answer into out (when not nil).
func (e *tenv) do(method, path, token string, in, out any) int {
	e.t.Helper()
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			e.t.Fatal(err)
		}
	}
	st, b := e.raw(method, path, token, "application/json", body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return st
}

// must is do that fails the test unless the status is want.
func (e *tenv) must(want int, method, path, token string, in, out any) {
	e.t.Helper()
	var raw json.RawMessage
	st := e.do(method, path, token, in, &raw)
	if st != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, st, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
}

type apiErr struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
		Segment string `json:"segment"`
	} `json:"error"`
}

func (e *tenv) newResource(owner tuser, lang, lic, content string) resourceJSON {
	e.t.Helper()
	var r resourceJSON
	e.must(http.StatusCreated, "POST", "/api/v1/resources", owner.Token, map[string]any{"title": "Lesson", "language": lang,
		"license": lic, "content": content, "visibility": "public"}, &r)
	return r
}

func (e *tenv) startTranslation(u tuser, sourceID, lang string) resourceJSON {
	e.t.Helper()
	var r resourceJSON
	e.must(http.StatusCreated, "POST", "/api/v1/resources/"+sourceID+"/translations", u.Token, map[string]any{"language": lang}, &r)
	return r
}

type segmentsAnswer struct {
	SourceRevision int64               `json:"source_revision"`
	SourceMoved    bool                `json:"source_moved"`
	Rev            int64               `json:"rev"`
	Segments       []wire.TSegmentJSON `json:"segments"`
	Progress       wire.ProgressJSON   `json:"progress"`
	Archived       []struct {
		ID, Source, Target string
	} `json:"archived"`
}

// segments lists the segments of a translation's text: the title's and
// summary's (ids "title" and "summary", listed first by the API) are left
// out here; TestReviewQueueOverHTTP and TestTranslatorPageThroughput cover them.
func (e *tenv) segments(u tuser, id, query string) segmentsAnswer {
	e.t.Helper()
	var out segmentsAnswer
	e.must(http.StatusOK, "GET", "/api/v1/resources/"+id+"/segments"+query, u.Token, nil, &out)
	text := out.Segments[:0]
	for _, sg := range out.Segments {
		if sg.ID != "title" && sg.ID != "summary" {
			text = append(text, sg)
		}
	}
	out.Segments = text
	return out
}

func (e *tenv) put(u tuser, id, sid string, body map[string]any) wire.TSegmentJSON {
	e.t.Helper()
	var out wire.TSegmentJSON
	e.must(http.StatusOK, "PUT", "/api/v1/resources/"+id+"/segments/"+sid, u.Token, body, &out)
	return out
}

func (e *tenv) content(u tuser, id, query string) string {
	e.t.Helper()
	var r resourceJSON
	e.must(http.StatusOK, "GET", "/api/v1/resources/"+id+query, u.Token, nil, &r)
	if r.Content == nil {
		e.t.Fatal("no content")
	}
	return *r.Content
}

func (e *tenv) addRole(owner tuser, resID string, who tuser, role string) {
	e.t.Helper()
	e.must(http.StatusOK, "PUT", "/api/v1/resources/"+resID+"/collaborators/"+who.Handle, owner.Token, map[string]any{"role": role}, nil)
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
}

package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestNULIsRefusedAndNeverPoisons sends U+0000 through every way text
// enters a document — PATCH, the REST op endpoint, the settings form, a
// live op frame, a segment, a PO file, a new resource — and checks each is
// a 4xx and that the document still snapshots, names versions, forks and
// translates afterwards. (Before, one accepted NUL broke all of these for
// good: PostgreSQL's text type cannot hold it.)
func TestNULIsRefusedAndNeverPoisons(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, eve := env.signup("amina"), env.signup("eve")
	const text = "# Fractions\n\nHalf is 1/2.\n"
	id := amina.createResource(map[string]any{"visibility": "public", "content": text})

	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"PATCH content", "PATCH", "/api/v1/resources/" + id, `{"content":"a\u0000b"}`, 422, "content"},
		{"PATCH title", "PATCH", "/api/v1/resources/" + id, `{"title":"a\u0000b"}`, 422, "title"},
		{"REST op", "POST", "/api/v1/resources/" + id + "/ops", `{"base":0,"ops":[26,"\u0000"]}`, 422, "ops"},
		{"new resource", "POST", "/api/v1/resources", `{"title":"x","language":"en","license":"CC0-1.0","content":"\u0000"}`, 422, "content"},
		{"nested field", "POST", "/api/v1/resources/" + id + "/sync", `{"resolutions":[{"index":0,"take":"edit","text":"\u0000"}]}`, 422, "resolutions.text"},
	} {
		st, body := amina.do(tc.method, tc.path, tc.body)
		e, _ := body["error"].(map[string]any)
		if st != tc.status || e["field"] != tc.field || !strings.Contains(e["message"].(string), "NUL") {
			t.Errorf("%s: %d %v, want %d on %s", tc.name, st, body, tc.status, tc.field)
		}
	}
	// An escaped backslash before "u0000" is ordinary text, not a NUL.
	if st, body := amina.do("POST", "/api/v1/render", `{"markdown":"\\u0000"}`); st != http.StatusOK {
		t.Errorf("literal \\u0000 text refused: %d %v", st, body)
	}

	b := env.browser()
	b.signIn("amina")
	resp := b.post("/r/"+id+"/settings", map[string]string{"title": "Fractions", "content": "a\x00b"}, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("settings form with NUL: %d", resp.StatusCode)
	}

	ws, _ := dialLive(t, env.URL, amina.token, id, "nul", -1)
	snap := ws.next()
	ws.sendOp(snap.Version, 1, `[26,"\u0000"]`)
	if e := ws.until("error"); e.Code != "bad_op" || e.Seq == nil || *e.Seq != 1 {
		t.Errorf("live op with NUL: %+v", e)
	}
	ws.sendOp(snap.Version, 2, `["x\u0000y",26]`)
	if e := ws.until("error"); e.Code != "bad_op" {
		t.Errorf("live op with NUL first: %+v", e)
	}

	st, tr := amina.do("POST", "/api/v1/resources/"+id+"/translations", map[string]any{"language": "es", "visibility": "public"})
	if st != http.StatusCreated {
		t.Fatalf("translate: %d %v", st, tr)
	}
	trID := tr["id"].(string)
	_, segs := amina.do("GET", "/api/v1/resources/"+trID+"/segments", nil)
	sid := segs["segments"].([]any)[0].(map[string]any)["id"].(string)
	if st, body := amina.do("PUT", "/api/v1/resources/"+trID+"/segments/"+sid, `{"target":"Medio\u0000"}`); st != http.StatusUnprocessableEntity {
		t.Errorf("segment with NUL: %d %v", st, body)
	}
	w := &hostileWorld{env: env, hc: http.DefaultClient}
	_, po := w.send(amina.token, "GET", "/api/v1/resources/"+trID+"/po", "", nil)
	spoilt := strings.Replace(string(po), `msgstr ""`, `msgstr "\0"`, 1)
	if st, out := w.send(amina.token, "PUT", "/api/v1/resources/"+trID+"/po", "text/x-gettext-translation", []byte(spoilt)); st != http.StatusUnprocessableEntity {
		t.Errorf("PO with NUL: %d %s", st, out)
	}

	// Nothing got in, and everything that reads the text still works.
	if got, v := amina.liveText(id); got != text || v != 0 {
		t.Errorf("text after refused NULs: %q v%d", got, v)
	}
	ws.sendOp(snap.Version, 3, `[26,"Done."]`)
	if ack := ws.until("ack"); ack.Version != 1 {
		t.Errorf("clean op after refused ones: %+v", ack)
	}
	if st, body := amina.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "after"}); st != http.StatusCreated {
		t.Errorf("name a version: %d %v", st, body)
	}
	if st, body := eve.do("POST", "/api/v1/resources/"+id+"/forks", map[string]any{}); st != http.StatusCreated {
		t.Errorf("fork: %d %v", st, body)
	}
	if st, body := eve.do("POST", "/api/v1/resources/"+id+"/translations", map[string]any{"language": "fr"}); st != http.StatusCreated {
		t.Errorf("translate again: %d %v", st, body)
	}
}

// TestUnknownJSONFieldIsRefused: a misspelt field is a 422 naming it, not
// a silently private resource.
func TestUnknownJSONFieldIsRefused(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	st, body := amina.do("POST", "/api/v1/resources", map[string]any{"title": "Fractions", "language": "en", "license": "CC0-1.0", "visiblity": "public"})
	e, _ := body["error"].(map[string]any)
	if st != http.StatusUnprocessableEntity || errorCode(body) != "invalid" || e["field"] != "visiblity" ||
		!strings.Contains(e["message"].(string), "visibility") {
		t.Fatalf("misspelt visibility: %d %v", st, body)
	}
	if _, list := amina.do("GET", "/api/v1/resources?mine=true", nil); list["total"].(float64) != 0 {
		t.Fatalf("a resource was created anyway: %v", list)
	}
	id := amina.createResource(map[string]any{"visibility": "public"})
	if st, body := amina.do("PATCH", "/api/v1/resources/"+id, map[string]any{"titel": "x"}); st != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "titel" {
		t.Errorf("misspelt title: %d %v", st, body)
	}
	if st, body := amina.do("POST", "/api/v1/resources/"+id+"/sync", `{"resolutions":[{"index":0,"tkae":"mine"}]}`); st != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "tkae" {
		t.Errorf("misspelt nested field: %d %v", st, body)
	}
}

// TestQueryAndPathInputIsChecked: numbers out of range, invalid UTF-8 and
// NUL in queries and paths are 400s naming the parameter.
func TestQueryAndPathInputIsChecked(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"visibility": "public"})
	w := &hostileWorld{env: env, hc: http.DefaultClient}
	for _, tc := range []struct {
		target, code, mention string
	}{
		{"/api/v1/resources?page=99999999999999999999", "bad_request", "page"},
		{"/api/v1/resources?page=9223372036854775807", "bad_request", "page"},
		{"/api/v1/resources?page=-1", "bad_request", "page"},
		{"/api/v1/resources?per_page=1000", "bad_request", "per_page"},
		{"/api/v1/resources?q=%ff%fe", "invalid_utf8", "q"},
		{"/api/v1/resources?owner=a%00b", "bad_request", "owner"},
		{"/api/v1/resources/" + id + "/ops?since=-1", "bad_request", "since"},
		{"/api/v1/resources/" + id + "/ops?limit=abc", "bad_request", "limit"},
		{"/api/v1/resources/" + id + "/revisions?offset=1e400", "bad_request", "offset"},
		{"/u/a%00b", "bad_request", "handle"},
		{"/u/%ED%A0%80", "invalid_utf8", "handle"},
		{"/?page=99999999999999", "bad_request", "page"},
	} {
		st, out := w.send(amina.token, "GET", tc.target, "", nil)
		if st != http.StatusBadRequest || !strings.Contains(string(out), tc.mention) || (strings.HasPrefix(tc.target, "/api/") && !strings.Contains(string(out), `"code":"`+tc.code+`"`)) {
			t.Errorf("%s: %d %.300s", tc.target, st, out)
		}
	}
	if st, body := amina.do("DELETE", "/api/v1/resources/"+id+"/collaborators/a%00b", nil); st != http.StatusBadRequest || !strings.Contains(body["error"].(map[string]any)["message"].(string), "handle") {
		t.Errorf("NUL in a path parameter: %d %v", st, body)
	}
	if st, body := amina.do("GET", "/api/v1/resources?page=2&per_page=5&q="+url.QueryEscape("é"), nil); st != http.StatusOK {
		t.Errorf("ordinary query: %d %v", st, body)
	}
}

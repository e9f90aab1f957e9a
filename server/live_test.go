package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestLiveSnapshotOpAckBroadcast(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner, ed := env.signup("olga"), env.signup("edik")
	id := owner.createResource(map[string]any{"content": "abc"})
	owner.share(id, ed.handle(), "editor")

	a, _ := dialLive(t, env.URL, owner.token, id, "a", -1)
	snap := a.next()
	if snap.Type != "snapshot" || snap.Text != "abc" || snap.Version != 0 || snap.Role != "owner" {
		t.Fatalf("snapshot: %+v", snap)
	}
	b, _ := dialLive(t, env.URL, ed.token, id, "b", -1)
	if s := b.next(); s.Type != "snapshot" || s.Role != "editor" {
		t.Fatalf("editor snapshot: %+v", s)
	}
	a.until("join")

	a.sendOp(0, 1, `[3,"d"]`)
	ack := a.until("ack")
	if ack.Version != 1 || ack.Seq == nil || *ack.Seq != 1 {
		t.Fatalf("ack: %+v", ack)
	}
	op := b.until("op")
	if op.Version != 1 || op.Author != owner.id() || op.Client != "a" || string(op.Ops) != `[3,"d"]` {
		t.Fatalf("broadcast: %+v ops=%s", op, op.Ops)
	}
	// b edits concurrently at the old base: transformed, both converge.
	b.sendOp(0, 1, `["X",3]`)
	if ack := b.until("ack"); ack.Version != 2 {
		t.Fatalf("b ack: %+v", ack)
	}
	if op := a.until("op"); op.Version != 2 || string(op.Ops) != `["X",4]` {
		t.Fatalf("transformed broadcast: %+v %s", op, op.Ops)
	}
	if text, v := owner.liveText(id); text != "Xabcd" || v != 2 {
		t.Fatalf("text after ops: %q v%d", text, v)
	}
	if body := env.metrics(); !strings.Contains(body, "commonplace_live_commits_total 2") ||
		!strings.Contains(body, "commonplace_live_connections 2") {
		t.Errorf("live metrics: %s", body)
	}
}

func TestLiveAccessAndBadFrames(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner, viewer, outsider := env.signup("pia"), env.signup("vic"), env.signup("oz")
	id := owner.createResource(map[string]any{"content": "abc", "visibility": "private"})
	owner.share(id, viewer.handle(), "viewer")

	// Private: outsiders and anonymous callers cannot even tell it exists.
	if _, st := dialLive(t, env.URL, outsider.token, id, "o", -1); st != http.StatusNotFound {
		t.Fatalf("outsider upgrade: %d", st)
	}
	if _, st := dialLive(t, env.URL, "", id, "o", -1); st != http.StatusNotFound {
		t.Fatalf("anonymous upgrade: %d", st)
	}
	if _, st := dialLive(t, env.URL, owner.token, id, "", -1); st != http.StatusBadRequest {
		t.Fatalf("missing client id: %d", st)
	}

	v, _ := dialLive(t, env.URL, viewer.token, id, "v", -1)
	if s := v.next(); s.Role != "viewer" {
		t.Fatalf("viewer snapshot: %+v", s)
	}
	v.sendOp(0, 1, `[3,"no"]`)
	if e := v.until("error"); e.Code != "forbidden" || e.Seq == nil || *e.Seq != 1 {
		t.Fatalf("viewer op: %+v", e)
	}

	o, _ := dialLive(t, env.URL, owner.token, id, "o", -1)
	o.next()
	for _, tc := range []struct{ frame, code string }{
		{`not json`, "bad_message"},
		{`{"type":"dance"}`, "bad_message"},
		{`{"type":"op","base":0,"seq":1,"ops":[5,"x"]}`, "bad_op"},   // does not span "abc"
		{`{"type":"op","base":0,"seq":2,"ops":[0]}`, "bad_op"},       // zero count
		{`{"type":"op","base":9,"seq":3,"ops":[3]}`, "base_unknown"}, // beyond the head
	} {
		o.send(tc.frame)
		if e := o.until("error"); e.Code != tc.code {
			t.Errorf("%s: got %+v, want %s", tc.frame, e, tc.code)
		}
	}
	if text, ver := owner.liveText(id); text != "abc" || ver != 0 {
		t.Fatalf("document changed by rejected frames: %q v%d", text, ver)
	}
	// The connection is still usable.
	o.sendOp(0, 4, `[3,"!"]`)
	if ack := o.until("ack"); ack.Version != 1 {
		t.Fatalf("ack after errors: %+v", ack)
	}
}

func TestLiveCrossOriginCookieRefused(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("cora")
	id := owner.createResource(map[string]any{"visibility": "public"})
	token := sessionFor(t, env, owner.id())
	h := http.Header{}
	h.Set("Cookie", "cp_session="+token)
	h.Set("Origin", "http://evil.example")
	if _, resp, err := dialHeader(wsURL(env.URL, id, "x", -1), h); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin cookie upgrade: %v %v", resp, err)
	}
	h.Set("Origin", env.URL)
	ws, _, err := dialHeader(wsURL(env.URL, id, "x", -1), h)
	if err != nil {
		t.Fatalf("same-origin cookie upgrade: %v", err)
	}
	ws.Close()
}

func TestLiveIdempotentResendAndResume(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("ines")
	id := owner.createResource(map[string]any{"content": "abc"})

	a, _ := dialLive(t, env.URL, owner.token, id, "tab1", -1)
	a.next()
	a.sendOp(0, 1, `[3,"1"]`)
	a.until("ack")
	a.sendOp(1, 2, `[4,"2"]`)
	a.until("ack")
	a.ws.Close()

	// Resume from version 1: the replay holds our own op 2 (its acknowledgement).
	b, _ := dialLive(t, env.URL, owner.token, id, "tab1", 1)
	op := b.next()
	if op.Type != "op" || op.Version != 2 || op.Client != "tab1" || op.Seq == nil || *op.Seq != 2 {
		t.Fatalf("replay: %+v", op)
	}
	// Resending op 2 (same base, same seq) is acknowledged, not applied again.
	b.sendOp(1, 2, `[4,"2"]`)
	if ack := b.until("ack"); ack.Version != 2 {
		t.Fatalf("resend ack: %+v", ack)
	}
	if text, v := owner.liveText(id); text != "abc12" || v != 2 {
		t.Fatalf("after resend: %q v%d", text, v)
	}
	// since beyond the head: base_unknown then a snapshot.
	c, _ := dialLive(t, env.URL, owner.token, id, "tab2", 99)
	if e := c.next(); e.Type != "error" || e.Code != "base_unknown" {
		t.Fatalf("resume beyond head: %+v", e)
	}
	if s := c.next(); s.Type != "snapshot" || s.Text != "abc12" {
		t.Fatalf("snapshot after base_unknown: %+v", s)
	}
}

func TestLiveRESTOpsAndBlame(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner, ed, viewer := env.signup("rita"), env.signup("sam"), env.signup("ted")
	id := owner.createResource(map[string]any{"content": "hello"})
	owner.share(id, ed.handle(), "editor")
	owner.share(id, viewer.handle(), "viewer")
	path := "/api/v1/resources/" + id + "/ops"

	st, body := ed.do("POST", path, map[string]any{"base": 0, "ops": json.RawMessage(`[5," world"]`)})
	if st != http.StatusOK || body["version"] != float64(1) {
		t.Fatalf("post op: %d %v", st, body)
	}
	// An op written against version 0 is transformed over version 1.
	st, body = owner.do("POST", path, map[string]any{"base": 0, "ops": json.RawMessage(`["Oh, ",5]`)})
	if st != http.StatusOK || body["version"] != float64(2) {
		t.Fatalf("post op at old base: %d %v", st, body)
	}
	if text, _ := owner.liveText(id); text != "Oh, hello world" {
		t.Fatalf("text: %q", text)
	}
	for _, tc := range []struct {
		who    *client
		body   any
		status int
		code   string
	}{
		{viewer, map[string]any{"base": 2, "ops": json.RawMessage(`[15,"!"]`)}, http.StatusForbidden, "forbidden"},
		{ed, map[string]any{"base": 2, "ops": json.RawMessage(`[3,"!"]`)}, http.StatusUnprocessableEntity, "bad_op"},
		{ed, map[string]any{"base": 7, "ops": json.RawMessage(`[15,"!"]`)}, http.StatusConflict, "base_unknown"},
		{ed, map[string]any{"base": 2, "ops": json.RawMessage(`[15,"` + strings.Repeat("x", 600<<10) + `"]`)}, http.StatusRequestEntityTooLarge, "too_large"},
	} {
		st, body := tc.who.do("POST", path, tc.body)
		if st != tc.status || errorCode(body) != tc.code {
			t.Errorf("post %v: %d %v, want %d %s", tc.body, st, body, tc.status, tc.code)
		}
	}

	st, body = viewer.do("GET", path+"?since=1", nil)
	ops, _ := body["ops"].([]any)
	if st != http.StatusOK || len(ops) != 1 {
		t.Fatalf("get ops: %d %v", st, body)
	}
	first := ops[0].(map[string]any)
	if first["version"] != float64(2) || first["author"] != owner.id() {
		t.Fatalf("op listing: %v", first)
	}

	st, body = viewer.do("GET", "/api/v1/resources/"+id+"/blame", nil)
	spans, _ := body["spans"].([]any)
	if st != http.StatusOK || len(spans) != 2 {
		t.Fatalf("blame: %d %v", st, body)
	}
	var all strings.Builder
	wantNames := []string{"Rita", "Sam"}
	for i, s := range spans {
		m := s.(map[string]any)
		all.WriteString(m["text"].(string))
		if m["name"] != wantNames[i] {
			t.Errorf("span %d name %v, want %s", i, m["name"], wantNames[i])
		}
	}
	if all.String() != "Oh, hello world" {
		t.Fatalf("blame texts concatenate to %q", all.String())
	}
}

func TestLivePatchContentReachesEditors(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner := env.signup("uma")
	id := owner.createResource(map[string]any{"content": "one two"})
	a, _ := dialLive(t, env.URL, owner.token, id, "a", -1)
	a.next()
	st, body := owner.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "one 2 two three"})
	if st != http.StatusOK || body["content"] != "one 2 two three" || body["version"] != float64(1) {
		t.Fatalf("patch: %d %v", st, body)
	}
	if op := a.until("op"); op.Version != 1 || op.Author != owner.id() {
		t.Fatalf("patch as op: %+v", op)
	}
}

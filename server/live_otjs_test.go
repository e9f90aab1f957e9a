package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"

	"github.com/commonplace/commonplace/internal/testenv"
)

// otjsDir holds ot.js (npm ci) and the plain live client that drives it.
var otjsDir = filepath.Join("..", "collab", "testdata", "otjs")

// plainOTJS runs collab/testdata/otjs/live-client.js: ot.js's own Client, connected without
// batch=1 or compose=1 and reading one frame per message, as a third party would write it.
type plainOTJS struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

func startPlainOTJS(t *testing.T, base, token, doc, client string, edits int, seed uint64) *plainOTJS {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(otjsDir, "node_modules", "ot"))
	}
	testenv.Need(t, "node with ot.js (npm ci in collab/testdata/otjs)", err)
	p := &plainOTJS{}
	p.cmd = exec.Command(node, "--experimental-websocket", "--no-warnings", "live-client.js",
		wsURL(base, doc, client, -1), token, fmt.Sprint(edits), fmt.Sprint(seed))
	p.cmd.Dir = otjsDir
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start node: %v", err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill() })
	return p
}

// result waits for the client and returns its final version and text.
func (p *plainOTJS) result(t *testing.T) (int64, string, int) {
	t.Helper()
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("ot.js client: %v: %s", err, p.stderr.String())
	}
	var out struct {
		Version  int64  `json:"version"`
		Text     string `json:"text"`
		Messages int    `json:"messages"`
	}
	if err := json.Unmarshal(p.stdout.Bytes(), &out); err != nil {
		t.Fatalf("ot.js client output %q: %v", p.stdout.String(), err)
	}
	return out.Version, out.Text, out.Messages
}

// checkPlainRun waits for the ot.js clients and checks they ended on the database's text, with
// every tag they inserted at most once.
func checkPlainRun(t *testing.T, env *testEnv, doc string, ps []*plainOTJS) string {
	t.Helper()
	type end struct {
		v    int64
		text string
		msgs int
	}
	var ends []end
	for _, p := range ps {
		v, text, msgs := p.result(t)
		ends = append(ends, end{v, text, msgs})
	}
	text, v := dbHead(t, env.DB, doc)()
	for i, e := range ends {
		pv, ptext, msgs := e.v, e.text, e.msgs
		if pv != v || ptext != text {
			t.Fatalf("ot.js client %d at version %d with %q; database at %d with %q", i, pv, ptext, v, text)
		}
		if msgs == 0 {
			t.Fatalf("ot.js client %d got no messages", i)
		}
	}
	seen := map[string]bool{}
	for _, tag := range tagRE.FindAllString(text, -1) {
		if seen[tag] {
			t.Fatalf("tag %s twice in %q", tag, text)
		}
		seen[tag] = true
	}
	if len(seen) == 0 {
		t.Fatalf("no edit survived: %q", text)
	}
	return text
}

// The plain ot.js client works against the server as DESIGN.md §4 describes the protocol:
// one frame per message, every op on its own.
func TestLivePlainOTJSClientsConverge(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner, ed := env.signup("petra"), env.signup("pablo")
	id := owner.createResource(map[string]any{"content": "start"})
	owner.share(id, ed.handle(), "editor")
	var ps []*plainOTJS
	for i := range 3 {
		tok := owner.token
		if i == 1 {
			tok = ed.token
		}
		ps = append(ps, startPlainOTJS(t, env.URL, tok, id, fmt.Sprintf("p%d", i), 25, uint64(i+1)))
	}
	checkPlainRun(t, env, id, ps)
}

// In a large room (ticks, composed ops for readers that asked for them) the plain ot.js clients
// still get every op on its own and converge, and so do readers that get composed ops.
func TestLiveLargeRoomPlainAndComposingClientsConverge(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(c *app.Config, _ *server.Config) {
		c.Live.TickAbove = 3 // the room below holds 3 editors and 4 readers
		c.Live.ComposeEvery = 30 * time.Millisecond
	})
	owner, ed := env.signup("rhea"), env.signup("rufus")
	id := owner.createResource(map[string]any{"content": "start", "visibility": "public"})
	owner.share(id, ed.handle(), "editor")
	var readers []*composingReader
	for i := range 4 {
		readers = append(readers, dialComposingReader(t, env.URL, id, fmt.Sprintf("r%d", i)))
	}
	var ps []*plainOTJS
	for i := range 3 {
		tok := owner.token
		if i == 1 {
			tok = ed.token
		}
		ps = append(ps, startPlainOTJS(t, env.URL, tok, id, fmt.Sprintf("q%d", i), 30, uint64(i+11)))
	}
	text := checkPlainRun(t, env, id, ps)
	_, v := dbHead(t, env.DB, id)()
	composed := 0
	for _, r := range readers {
		composed += r.await(t, v, text)
	}
	if composed == 0 {
		t.Fatal("no reader got a composed op")
	}
}

// composingReader is an anonymous reader that asked for composed ops (compose=1, batch=1).
type composingReader struct {
	ws   *wsClient
	text string
	ver  int64
	// composed counts the composed ops it applied.
	composed int
}

func dialComposingReader(t *testing.T, base, doc, client string) *composingReader {
	t.Helper()
	ws, status := dialLiveQuery(t, base, "", doc, client, -1, "&batch=1&compose=1")
	if ws == nil {
		t.Fatalf("reader %s: HTTP %d", client, status)
	}
	snap := ws.until("snapshot")
	return &composingReader{ws: ws, text: snap.Text, ver: snap.Version}
}

// await applies frames until the reader is at version v, checks its text and returns how many
// composed ops it applied.
func (r *composingReader) await(t *testing.T, v int64, want string) int {
	t.Helper()
	for r.ver < v {
		f := r.ws.next()
		if f.Type != "op" {
			continue
		}
		from := f.Version - 1
		if f.From != nil {
			from = *f.From
			r.composed++
		}
		if from != r.ver {
			t.Fatalf("reader at %d got an op from %d to %d", r.ver, from, f.Version)
		}
		r.text = applyJSON(t, r.text, f.Ops)
		r.ver = f.Version
	}
	if r.ver != v || r.text != want {
		t.Fatalf("reader at %d with %q, want %d with %q", r.ver, r.text, v, want)
	}
	return r.composed
}

// dialLiveQuery is dialLive with extra query parameters.
func dialLiveQuery(t testing.TB, base, token, id, client string, since int64, query string) (*wsClient, int) {
	t.Helper()
	return dialLiveURL(t, wsURL(base, id, client, since)+query, token)
}

package server_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

// commonplaceBinary builds cmd/commonplace into a temporary folder of t
// (the build cache makes repeated builds cheap).
func commonplaceBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "commonplace")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/commonplace/commonplace/cmd/commonplace")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveProc is a `commonplace serve` subprocess.
type serveProc struct {
	cmd *exec.Cmd
	URL string
	out *syncBuffer
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startServe(t *testing.T, bin, dbURL string) *serveProc {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--database-url", dbURL, "--addr", addr, "--data", t.TempDir(), "--log-level", "warn")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, URL: "http://" + addr, out: out}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
		}
	})
	for range 200 {
		resp, err := http.Get(p.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve did not come up:\n%s", out.String())
	return nil
}

// kill9 ends the process the hard way: no shutdown, no final snapshot.
func (p *serveProc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

func procEnv(t *testing.T, url string, db *store.DB) *testEnv {
	return &testEnv{t: t, URL: url, DB: db}
}

func TestLiveKill9KeepsAckedOps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	dbURL, bin := pgtest.URL(t), commonplaceBinary(t)
	srv := startServe(t, bin, dbURL)
	env := procEnv(t, srv.URL, nil)
	owner := env.signup("kim")
	id := owner.createResource(map[string]any{"content": ""})

	const n = 40
	ws, _ := dialLive(t, srv.URL, owner.token, id, "killer", -1)
	snap := ws.next()
	version, length := snap.Version, 0
	var acked []string
	for i := range n {
		tag := fmt.Sprintf("[%d]", i)
		version, length = appendAcked(ws, version, length, int64(i+1), tag)
		acked = append(acked, tag)
	}
	// Five more are stored but the client reads no ack for them, and three are in flight
	// when the process dies (they may or may not be stored).
	const stored, inFlight = 5, 3
	lateOp := func(i int) string { return fmt.Sprintf(`[%d,"(%d)"]`, length, i) }
	for i := n; i < n+stored; i++ {
		ws.sendOp(version, int64(i+1), lateOp(i))
	}
	waitStored(t, owner, id, n+stored)
	for i := n + stored; i < n+stored+inFlight; i++ {
		ws.sendOp(version, int64(i+1), lateOp(i))
	}
	srv.kill9(t)

	srv2 := startServe(t, bin, dbURL)
	env2 := procEnv(t, srv2.URL, nil)
	owner.env = env2
	text, v := owner.liveText(id)
	if v < int64(n) {
		t.Fatalf("version after restart %d < %d acked ops", v, n)
	}
	for _, tag := range acked {
		if !strings.Contains(text, tag) {
			t.Fatalf("acked %s lost after kill -9: %q", tag, text)
		}
	}
	if want := strings.Join(acked, ""); !strings.HasPrefix(text, want) {
		t.Fatalf("acked ops out of order: %q", text)
	}
	// The restarted server serves the same text live.
	ws2, _ := dialLive(t, srv2.URL, owner.token, id, "after", -1)
	if s := ws2.next(); s.Text != text || s.Version != v {
		t.Fatalf("live snapshot after restart: v%d %q, REST v%d %q", s.Version, s.Text, v, text)
	}

	// The client resumes and resends every op it has no ack for, unchanged. Each is applied
	// exactly once: the stored ones are found in the log by the hub (the ops table has no
	// resend key since migration 035), the others are applied now.
	ws3, _ := dialLive(t, srv2.URL, owner.token, id, "killer", version)
	for i := n; i < n+stored+inFlight; i++ {
		ws3.sendOp(version, int64(i+1), lateOp(i))
	}
	// Stored ones come back in the replay (since), which acknowledges them, and every resend
	// gets an ack as well: the two must agree.
	replayed, ackedAt := resendAnswers(t, ws3, "killer", stored+inFlight)
	for seq, v := range replayed {
		if ackedAt[seq] != v {
			t.Errorf("seq %d: replayed at version %d, its resend acknowledged at %d", seq, v, ackedAt[seq])
		}
	}
	if len(replayed) < stored {
		t.Errorf("%d of the %d stored ops replayed", len(replayed), stored)
	}
	text, _ = owner.liveText(id)
	for i := n; i < n+stored+inFlight; i++ {
		if c := strings.Count(text, fmt.Sprintf("(%d)", i)); c != 1 {
			t.Errorf("op (%d) is in the text %d times after its resend: %q", i, c, text)
		}
	}
}

func TestLiveTwoProcessesConverge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	dbURL, bin := pgtest.URL(t), commonplaceBinary(t)
	db, err := store.Open(context.Background(), dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	a, b := startServe(t, bin, dbURL), startServe(t, bin, dbURL)
	envA := procEnv(t, a.URL, db)
	owner, ed := envA.signup("ann"), envA.signup("ben")
	id := owner.createResource(map[string]any{"content": "shared"})
	owner.share(id, ed.handle(), "editor")

	const edits = 20
	clients := []*otClient{
		newOTClient(t, a.URL, owner.token, id, "a1", 1),
		newOTClient(t, b.URL, ed.token, id, "b1", 2),
		newOTClient(t, a.URL, ed.token, id, "a2", 3),
		newOTClient(t, b.URL, owner.token, id, "b2", 4),
	}
	text := converge(t, clients, edits, 0.03, dbHead(t, db, id))
	if checkTags(t, text, clients) == 0 {
		t.Errorf("no edit survived in %q", text)
	}
}

// Rights taken away through one `commonplace serve` end on the connections
// another one holds (they share the database; LISTEN/NOTIFY tells the other
// at once, its own re-checks within RightsEvery/RightsTTL if not).
func TestLiveRightsEndAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	dbURL, bin := pgtest.URL(t), commonplaceBinary(t)
	db, err := store.Open(context.Background(), dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	a, b := startServe(t, bin, dbURL), startServe(t, bin, dbURL)
	rightsEnd(t, procEnv(t, a.URL, db), b.URL, 3*time.Second, false)
}

// A client whose server goes away resumes on another one that shares the database and
// resends the ops it has no ack for. Each is acknowledged with the version it was stored at
// and applied once: the other server finds the originals in the log it has caught up with,
// or by clashing on their versions (since migration 035 the ops table has no resend key; the
// hubs decide).
func TestLiveResendToAnotherProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	dbURL, bin := pgtest.URL(t), commonplaceBinary(t)
	a, b := startServe(t, bin, dbURL), startServe(t, bin, dbURL)
	owner := procEnv(t, a.URL, nil).signup("rae")
	id := owner.createResource(map[string]any{"content": ""})
	watch, _ := dialLive(t, b.URL, owner.token, id, "watch", -1) // b has the document open throughout
	watch.next()

	ws, _ := dialLive(t, a.URL, owner.token, id, "mover", -1)
	version, length := ws.next().Version, 0
	const acked, unacked = 10, 5
	for i := range acked {
		version, length = appendAcked(ws, version, length, int64(i+1), fmt.Sprintf("<%d>", i))
	}
	lateOp := func(i int) string { return fmt.Sprintf(`[%d,"(%d)"]`, length, i) }
	for i := acked; i < acked+unacked; i++ {
		ws.sendOp(version, int64(i+1), lateOp(i))
	}
	waitStored(t, owner, id, acked+unacked)
	ws.ws.Close() // the acks of the last five are never read

	ws2, _ := dialLive(t, b.URL, owner.token, id, "mover", version)
	for i := acked; i < acked+unacked; i++ {
		ws2.sendOp(version, int64(i+1), lateOp(i))
	}
	// The replay (since) shows the client its stored ops, which acknowledges them; the server
	// answers each resend with an ack as well, and both must name the stored version.
	replayed, ackedAt := resendAnswers(t, ws2, "mover", unacked)
	for seq, v := range ackedAt {
		if v != seq || replayed[seq] != seq {
			t.Errorf("seq %d: acknowledged at version %d, replayed at %d, stored at %d", seq, v, replayed[seq], seq)
		}
	}
	owner.env = procEnv(t, b.URL, nil)
	text, v := owner.liveText(id)
	if v != acked+unacked {
		t.Errorf("version %d after the resends, want %d", v, acked+unacked)
	}
	for i := acked; i < acked+unacked; i++ {
		if c := strings.Count(text, fmt.Sprintf("(%d)", i)); c != 1 {
			t.Errorf("op (%d) is in the text %d times after its resend: %q", i, c, text)
		}
	}
}

// waitStored waits until the document's version reaches v.
func waitStored(t *testing.T, c *client, id string, v int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, at := c.liveText(id); at < int64(v); _, at = c.liveText(id) {
		if time.Now().After(deadline) {
			t.Fatalf("version %d, want %d: the ops were not stored", at, v)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// resendAnswers reads frames until n acks have come, and returns the versions the client's own
// ops were replayed at and the versions its resends were acknowledged at, by seq.
func resendAnswers(t *testing.T, ws *wsClient, client string, n int) (replayed, ackedAt map[int64]int64) {
	t.Helper()
	replayed, ackedAt = map[int64]int64{}, map[int64]int64{}
	for len(ackedAt) < n {
		switch f := ws.next(); {
		case f.Type == "ack":
			ackedAt[*f.Seq] = f.Version
		case f.Type == "op" && f.Client == client:
			replayed[*f.Seq] = f.Version
		case f.Type == "error":
			t.Fatalf("resend: %+v", f)
		}
	}
	return replayed, ackedAt
}

// appendAcked appends tag (ASCII) to a text of length at version with op seq, waits for its
// ack, and returns the new version and length.
func appendAcked(ws *wsClient, version int64, length int, seq int64, tag string) (int64, int) {
	ops := fmt.Sprintf(`[%q]`, tag)
	if length > 0 {
		ops = fmt.Sprintf(`[%d,%q]`, length, tag)
	}
	ws.sendOp(version, seq, ops)
	return ws.until("ack").Version, length + len(tag)
}

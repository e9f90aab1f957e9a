package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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
	out *bytes.Buffer
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
	out := &bytes.Buffer{}
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	cmd.Stdout, cmd.Stderr = w, w
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
	mu.Lock()
	defer mu.Unlock()
	t.Fatalf("serve did not come up:\n%s", out.String())
	return nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

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
		ops := fmt.Sprintf(`[%q]`, tag)
		if length > 0 {
			ops = fmt.Sprintf(`[%d,%q]`, length, tag)
		}
		ws.sendOp(version, int64(i+1), ops)
		ack := ws.until("ack")
		version, length = ack.Version, length+len(tag)
		acked = append(acked, tag)
	}
	// Five more are stored but the client reads no ack for them, and three are in flight
	// when the process dies (they may or may not be stored).
	const stored, inFlight = 5, 3
	lateOp := func(i int) string { return fmt.Sprintf(`[%d,"(%d)"]`, length, i) }
	for i := n; i < n+stored; i++ {
		ws.sendOp(version, int64(i+1), lateOp(i))
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, v := owner.liveText(id); v < int64(n+stored); _, v = owner.liveText(id) {
		if time.Now().After(deadline) {
			t.Fatalf("version %d: the late ops were not stored", v)
		}
		time.Sleep(10 * time.Millisecond)
	}
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
	ackedSeq := map[int64]bool{}
	for len(ackedSeq) < stored+inFlight {
		switch f := ws3.next(); {
		case f.Type == "ack", f.Type == "op" && f.Client == "killer":
			ackedSeq[*f.Seq] = true
		case f.Type == "error":
			t.Fatalf("resend after restart: %+v", f)
		}
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

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/commonplace/commonplace/internal/pgtest"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds cmd/commonplace once per test run (without -race: these
// tests look at the process from outside; the packages' own tests race),
// stamped with its commit when built from a git clone (-buildvcs=auto wins
// over a GOFLAGS=-buildvcs=false in the environment).
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "cpbin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "commonplace")
		out, err := exec.Command("go", "build", "-buildvcs=auto", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// dataDir is a fresh --data folder the postgres user can reach.
func dataDir(t *testing.T) string {
	return filepath.Dir(pgtest.ClusterDir(t))
}

// syncBuffer collects a process's output for reading while it runs.
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

// proc is one `commonplace serve` process.
type proc struct {
	t    *testing.T
	cmd  *exec.Cmd
	URL  string
	Data string
	out  *syncBuffer
	done chan struct{}
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

// launch starts serve on data (and extra flags) without waiting for it.
func launch(t *testing.T, data string, extra ...string) *proc {
	t.Helper()
	return launchEnv(t, data, "", extra...)
}

// launchEnv is launch with one more environment variable, env ("NAME=value"), unless empty.
func launchEnv(t *testing.T, data, env string, extra ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"serve", "--addr", addr, "--data", data}, extra...)
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL=")
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	p := &proc{t: t, cmd: cmd, URL: "http://" + addr, Data: data, out: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.stop() })
	return p
}

// serveOn starts serve on data and waits until /readyz says 200.
func serveOn(t *testing.T, data string, extra ...string) *proc {
	t.Helper()
	p := launch(t, data, extra...)
	p.waitReady(90 * time.Second)
	return p
}

func (p *proc) waitReady(d time.Duration) {
	p.t.Helper()
	if !p.pollReady(d, http.StatusOK) {
		p.t.Fatalf("serve did not become ready within %s:\n%s", d, p.out.String())
	}
}

// pollReady waits for /readyz to answer status.
func (p *proc) pollReady(d time.Duration, status int) bool {
	client := http.Client{Timeout: 3 * time.Second}
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		select {
		case <-p.done:
			return false
		default:
		}
		resp, err := client.Get(p.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == status {
				return true
			}
		}
	}
	return false
}

// exited waits up to d for the process to end and returns its exit code.
func (p *proc) exited(d time.Duration) (int, bool) {
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode(), true
	case <-time.After(d):
		return 0, false
	}
}

// stop sends SIGTERM and waits, as a supervisor stopping the service would.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if _, ok := p.exited(60 * time.Second); !ok {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *proc) kill9() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// postmasterPID is the pid in the data folder's postmaster.pid.
func postmasterPID(t *testing.T, data string) int {
	t.Helper()
	pid, err := readPostmasterPID(data)
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// readPostmasterPID is postmasterPID for polling: the file comes and goes
// while a cluster restarts.
func readPostmasterPID(data string) (int, error) {
	b, err := os.ReadFile(filepath.Join(data, "postgres", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	var pid int
	_, err = fmt.Sscanf(string(b), "%d", &pid)
	return pid, err
}

// request does a JSON request and decodes a 2xx answer into out (when not
// nil).
func request(method, url, token string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decode %s: %w", method, url, b, err)
		}
	}
	return resp.StatusCode, nil
}

// api is request that fails t unless the status is want.
func api(t *testing.T, method, url, token string, body any, want int, out any) {
	t.Helper()
	status, err := request(method, url, token, body, out)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d (%v)", method, url, status, want, err)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// author is a signed-up user with one resource to edit over REST.
type author struct {
	token, id string
}

func newAuthor(t *testing.T, p *proc, handle string) author {
	t.Helper()
	var su struct{ Token string }
	api(t, "POST", p.URL+"/api/v1/auth/signup", "", map[string]string{"handle": handle, "email": handle + "@example.org",
		"password": "correct horse battery", "name": strings.ToUpper(handle[:1]) + handle[1:]}, http.StatusCreated, &su)
	var r struct{ ID string }
	api(t, "POST", p.URL+"/api/v1/resources", su.Token, map[string]any{"title": "Crash notes", "language": "en",
		"license": "CC-BY-4.0", "visibility": "public", "content": ""}, http.StatusCreated, &r)
	return author{token: su.Token, id: r.ID}
}

// content is the resource's live text and version.
func (a author) content(t *testing.T, p *proc) (string, int64) {
	t.Helper()
	var r struct {
		Content string
		Version int64
	}
	api(t, "GET", p.URL+"/api/v1/resources/"+a.id, a.token, nil, http.StatusOK, &r)
	return r.Content, r.Version
}

// postOp posts one op that appends tag at the end of the text (length in
// UTF-16 units; tags are ASCII) and returns the acknowledged version.
func (a author) postOp(p *proc, base int64, length int, tag string) (int64, error) {
	ops := []any{tag}
	if length > 0 {
		ops = []any{length, tag}
	}
	var ack struct{ Version int64 }
	_, err := request("POST", p.URL+"/api/v1/resources/"+a.id+"/ops", a.token, map[string]any{"base": base, "ops": ops}, &ack)
	return ack.Version, err
}

// appendText is postOp that fails t on any error.
func (a author) appendText(t *testing.T, p *proc, base int64, length int, tag string) int64 {
	t.Helper()
	v, err := a.postOp(p, base, length, tag)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

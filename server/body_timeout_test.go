package server_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

// TestSlowBodyIsCutOff: a client that sends headers and then trickles (or
// stops sending) its body gets 408 once the body read deadline passes,
// instead of holding the connection and a goroutine for as long as it likes.
func TestSlowBodyIsCutOff(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(_ *app.Config, c *server.Config) { c.BodyReadTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", strings.TrimPrefix(env.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = conn.Write([]byte("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"login\":"))
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled body within 10 s: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("stalled body: %d after %v", resp.StatusCode, time.Since(start))
	}
	// An ordinary request on a new connection is not affected.
	if st, _ := env.anon().do("POST", "/api/v1/render", map[string]any{"markdown": "ok"}); st != http.StatusOK {
		t.Fatalf("ordinary request: %d", st)
	}
}

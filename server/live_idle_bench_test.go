package server_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

// BenchmarkLiveIdleConn opens idleConns live connections that then say nothing, and reports
// what each costs the process: heap in use plus goroutine stacks after a GC, and goroutines
// (issue 15: ≤ 16 KiB per idle connection; docs/benchmarks-live.md). The clients are bare
// sockets that sent a handshake and read its answer, so the figure is the server's cost plus a
// few hundred bytes of client net.Conn. Run without -race (the detector enlarges stacks):
//
//	go test -run '^$' -bench LiveIdleConn -benchtime 1x ./server/
func BenchmarkLiveIdleConn(b *testing.B) {
	const idleConns, docs = 2000, 20
	env := newEnv(b, func(_ *app.Config, s *server.Config) {
		s.LiveConnsPerUser, s.LiveConnsPerAddress = idleConns+10, idleConns+10
	})
	owner := env.signup("idler")
	ids := make([]string, docs)
	for i := range ids {
		ids[i] = owner.createResource(map[string]any{"content": strings.Repeat("word ", 200), "visibility": "public"})
	}
	addr := strings.TrimPrefix(env.URL, "http://")
	before := idleMemory()
	conns := make([]net.Conn, 0, idleConns)
	b.Cleanup(func() {
		for _, c := range conns {
			_ = c.Close()
		}
	})
	for i := range idleConns {
		conns = append(conns, dialIdle(b, addr, owner.token, ids[i%docs], fmt.Sprintf("idle-%d", i)))
	}
	waitConns(b, env, idleConns)
	after := idleMemory()
	for range b.N { // the figure is taken once; -benchtime 1x
	}
	per := func(a, z uint64) float64 { return (float64(z) - float64(a)) / idleConns }
	b.ReportMetric(per(before.heap, after.heap), "heap-B/conn")
	b.ReportMetric(per(before.stack, after.stack), "stack-B/conn")
	b.ReportMetric(per(before.heap+before.stack, after.heap+after.stack), "B/conn")
	b.ReportMetric(float64(after.goroutines-before.goroutines)/idleConns, "goroutines/conn")
}

type memFigures struct {
	heap, stack uint64
	goroutines  int
}

// idleMemory is the heap in use and the goroutine stacks once garbage is gone.
func idleMemory() memFigures {
	var ms runtime.MemStats
	for range 3 {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return memFigures{heap: ms.HeapInuse, stack: ms.StackInuse, goroutines: runtime.NumGoroutine()}
}

// dialIdle opens a live connection with a hand-written handshake and reads only the answer's
// headers: the client holds a socket and nothing else.
func dialIdle(b *testing.B, addr, token, id, client string) net.Conn {
	b.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatalf("dial: %v", err)
	}
	fmt.Fprintf(c, "GET /api/v1/resources/%s/live?client=%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer %s\r\n\r\n", id, client, addr, token)
	resp, err := http.ReadResponse(bufio.NewReaderSize(c, 512), nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		b.Fatalf("handshake %s: %v %v", client, resp, err)
	}
	return c
}

// waitConns waits until the hubs hold n connections and the writers have gone quiet.
func waitConns(b *testing.B, env *testEnv, n int) {
	b.Helper()
	deadline := time.Now().Add(time.Minute)
	for env.App.LiveStats().Conns != n {
		if time.Now().After(deadline) {
			b.Fatalf("%d live connections, want %d", env.App.LiveStats().Conns, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The presence frames of the joins are gathered for 250 ms and written by the shared
	// writers, which exit after 10 s without work: wait for them so that only idle state
	// remains.
	time.Sleep(12 * time.Second)
}

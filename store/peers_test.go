package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// The census of listeners (peers.go) with times a test can wait out: no periodic
// announcements (a process learns of another only from its hello or the answer to its own),
// a short grace after connecting, and ttl as given.
func censusProcesses(t *testing.T, n int, ttl time.Duration) (url string, dbs []*store.DB) {
	t.Helper()
	url = pgtest.URL(t)
	for range n {
		db, err := store.Open(context.Background(), url, 4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		store.SetPeerTimes(db, time.Hour, ttl, 200*time.Millisecond)
		dbs = append(dbs, db)
	}
	return url, dbs
}

// spy listens on channels with a connection of its own, which announces nothing, and passes
// on each notification as "channel|payload".
func spy(ctx context.Context, t *testing.T, url string, channels ...string) <-chan string {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			t.Fatal(err)
		}
	}
	got := make(chan string, 1024)
	go func() {
		defer conn.Close(context.Background())
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				return
			}
			got <- n.Channel + "|" + n.Payload
		}
	}()
	return got
}

// listen runs db's listener until the test ends, and waits for its hello on PeersChannel
// (heard through hellos, a spy on that channel).
func listen(t *testing.T, db *store.DB, l store.Listener, hellos <-chan string) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go db.Listen(ctx, l)
	for {
		select {
		case n := <-hellos:
			if strings.HasPrefix(n, store.PeersChannel+"|") && strings.HasSuffix(n, ";hello") {
				return cancel
			}
		case <-timeAfter(10000):
			t.Fatal("no hello from a listener in 10 s")
		}
	}
}

// appendOps appends ops v, v+1, … to doc, every 20 ms for d, and returns the next version.
func appendOps(ctx context.Context, t *testing.T, db *store.DB, doc, author string, v int64, d time.Duration) int64 {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); v++ {
		op := hub.StoredOp{Doc: doc, Version: v, Author: author, Client: "c", Seq: v, Op: mustOp(t, `[`+itoa(11+int(v))+`,"a"]`)}
		if res, err := db.Live().AppendOps(ctx, []hub.StoredOp{op}); err != nil || res[0].Status != hub.Appended {
			t.Fatalf("append %d: %v %v", v, res, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return v
}

// opsHints counts the ops notifications that arrive on got within d.
func opsHints(got <-chan string, d time.Duration) int {
	n := 0
	for wait := time.After(d); ; {
		select {
		case h := <-got:
			if strings.HasPrefix(h, store.OpsChannel+"|") {
				n++
			}
		case <-wait:
			return n
		}
	}
}

// A process that listens and has heard of no other sends no ops notifications once its grace
// is over; when a second process starts listening, the first hears its hello and hints it;
// when the second has gone for the TTL, the hints stop again.
func TestOpsHintsOnlyWhileAnotherListens(t *testing.T) {
	t.Parallel()
	url, dbs := censusProcesses(t, 2, 600*time.Millisecond)
	db, other := dbs[0], dbs[1]
	u := newUser(t, db, "peers")
	r := newResource(t, db, u, resource.Public)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := spy(ctx, t, url, store.OpsChannel, store.PeersChannel)

	listen(t, db, store.Listener{}, seen)
	time.Sleep(600 * time.Millisecond) // the grace, with room
	v := appendOps(ctx, t, db, r.ID, u.ID, 1, 300*time.Millisecond)
	if n := opsHints(seen, 300*time.Millisecond); n != 0 {
		t.Fatalf("a process alone sent %d ops notifications", n)
	}

	l, heard := hintsFor(r.ID)
	stop := listen(t, other, l, seen)
	last, hv := appendUntilHeardFrom(ctx, t, db, r.ID, u.ID, v, heard)
	if hv < v {
		t.Fatalf("the newcomer heard version %d, after %d were appended before it listened", hv, v)
	}

	stop()
	time.Sleep(800 * time.Millisecond) // the TTL
	drain(seen)
	appendOps(ctx, t, db, r.ID, u.ID, last+1, 300*time.Millisecond)
	if n := opsHints(seen, 300*time.Millisecond); n != 0 {
		t.Fatalf("%d ops notifications after the only other listener went", n)
	}
}

// A process that starts listening after another learns of it from the answer to its hello,
// not from the other's periodic announcement (an hour away here), and hints it once its own
// grace is over.
func TestNewcomerHearsTheAnswerToItsHello(t *testing.T) {
	t.Parallel()
	url, dbs := censusProcesses(t, 2, time.Minute)
	first, newcomer := dbs[0], dbs[1]
	u := newUser(t, first, "hello")
	r := newResource(t, first, u, resource.Public)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := spy(ctx, t, url, store.OpsChannel, store.PeersChannel)

	l, heard := hintsFor(r.ID)
	listen(t, first, l, seen)
	listen(t, newcomer, store.Listener{}, seen)
	time.Sleep(600 * time.Millisecond) // the newcomer's grace: from now on it sends only what the census allows
	appendUntilHeardFrom(ctx, t, newcomer, r.ID, u.ID, 1, heard)
}

// hintsFor is a listener that passes on the versions hinted for doc.
func hintsFor(doc string) (store.Listener, <-chan int64) {
	heard := make(chan int64, 64)
	return store.Listener{Ops: func(d string, v int64) {
		if d == doc {
			heard <- v
		}
	}}, heard
}

// drain empties got.
func drain(got <-chan string) {
	for {
		select {
		case <-got:
		default:
			return
		}
	}
}

package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

// clusterOf opens the private cluster of a data folder no serve runs on.
func clusterOf(t *testing.T, data string) *store.Cluster {
	t.Helper()
	c := &store.Cluster{Dir: filepath.Join(data, "postgres"), Database: "commonplace", Logger: slog.New(slog.DiscardHandler)}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	return c
}

func queryInt(t *testing.T, url, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	pgtest.WithConn(t, url, func(ctx context.Context, conn *pgx.Conn) error {
		return conn.QueryRow(ctx, sql, args...).Scan(&n)
	})
	return n
}

// TestShutdownFlushesHubsBeforeDatabaseStops: on SIGTERM the live hubs save
// their snapshot while PostgreSQL still runs, then PostgreSQL stops, and the
// process exits 0 with every acknowledged op kept.
func TestShutdownFlushesHubsBeforeDatabaseStops(t *testing.T) {
	t.Parallel()
	data := dataDir(t)
	p := serveOn(t, data)
	a := newAuthor(t, p, "sigrid")
	v, text := int64(0), ""
	for i := range 5 {
		tag := fmt.Sprintf("<%d>", i)
		v = a.appendText(t, p, v, len(text), tag)
		text += tag
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, ok := p.exited(time.Minute); !ok || code != 0 {
		t.Fatalf("exit after SIGTERM: code %d, exited %v\n%s", code, ok, p.out.String())
	}
	log := p.out.String()
	flushed, dbStopped := strings.Index(log, "msg=stopped"), strings.Index(log, `msg="private PostgreSQL stopped"`)
	if flushed < 0 || dbStopped < 0 || flushed > dbStopped {
		t.Fatalf("want the hubs closed (msg=stopped) before PostgreSQL stops:\n%s", log)
	}
	for _, bad := range []string{"level=WARN", "level=ERROR"} {
		if strings.Contains(log, bad) {
			t.Errorf("shutdown logged a problem:\n%s", log)
		}
	}

	c := clusterOf(t, data)
	if snap := queryInt(t, c.URL(), "SELECT coalesce(max(version), -1) FROM snapshots WHERE resource_id = $1", a.id); snap != v {
		t.Errorf("snapshot at shutdown: version %d, want %d", snap, v)
	}
	c.Stop(context.Background())

	p2 := serveOn(t, data)
	if got, gv := a.content(t, p2); got != text || gv != v {
		t.Fatalf("after restart: v%d %q, want v%d %q", gv, got, v, text)
	}
}

// TestSecondServeOnOneDataFolderIsRefused: the second process says so in one
// line and exits; the first keeps serving, also after the second is gone.
func TestSecondServeOnOneDataFolderIsRefused(t *testing.T) {
	t.Parallel()
	data := dataDir(t)
	first := serveOn(t, data)
	pm := postmasterPID(t, data)
	a := newAuthor(t, first, "una")

	second := launch(t, data)
	code, ok := second.exited(time.Minute)
	if !ok || code != 1 {
		t.Fatalf("second serve: exited %v code %d\n%s", ok, code, second.out.String())
	}
	out := strings.TrimSpace(second.out.String())
	if strings.Count(out, "\n") != 0 || !strings.Contains(out, "is in use by another commonplace process") ||
		!strings.Contains(out, fmt.Sprintf("pid %d", first.cmd.Process.Pid)) {
		t.Fatalf("second serve should refuse in one line naming the first, said:\n%s", out)
	}
	if got := postmasterPID(t, data); got != pm || syscall.Kill(pm, 0) != nil {
		t.Fatalf("the refused serve touched the running PostgreSQL (pid %d → %d)", pm, got)
	}
	if !first.pollReady(5*time.Second, http.StatusOK) {
		t.Fatal("the first server is not ready after the second gave up")
	}
	a.appendText(t, first, 0, 0, "still here")
}

// TestServeRestartsItsDeadPostgres: when the private postmaster is killed
// under a running service, the service starts it again and serves.
func TestServeRestartsItsDeadPostgres(t *testing.T) {
	t.Parallel()
	data := dataDir(t)
	p := serveOn(t, data)
	a := newAuthor(t, p, "rhea")
	v := a.appendText(t, p, 0, 0, "before")
	pm := postmasterPID(t, data)
	if err := syscall.Kill(pm, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	ok := false
	for end := time.Now().Add(time.Minute); time.Now().Before(end) && !ok; time.Sleep(100 * time.Millisecond) {
		now, err := readPostmasterPID(data)
		ok = err == nil && now != pm && p.pollReady(time.Second, http.StatusOK)
	}
	if !ok {
		t.Fatalf("service did not come back after its PostgreSQL was killed:\n%s", p.out.String())
	}
	if !strings.Contains(p.out.String(), "private PostgreSQL exited unexpectedly") {
		t.Errorf("no log line about the restart:\n%s", p.out.String())
	}
	// The hub may need a moment to notice; the edit is retried by callers.
	var after int64
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if after, _ = a.postOp(p, v, len("before"), " after"); after > 0 {
			break
		}
	}
	if text, _ := a.content(t, p); after == 0 || text != "before after" {
		t.Fatalf("edit after the restart: version %d, text %q\n%s", after, text, p.out.String())
	}
}

// TestServeFollowsItsDatabaseAway: with --database-url, a database that goes
// away makes /readyz say 503, and once it is back the pool reconnects:
// /readyz says 200 and edits work, without restarting the service.
func TestServeFollowsItsDatabaseAway(t *testing.T) {
	t.Parallel()
	db := &store.Cluster{Dir: filepath.Join(dataDir(t), "pg"), Database: "commonplace", Logger: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	if err := db.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Stop(ctx) })
	p := serveOn(t, dataDir(t), "--database-url", db.URL())
	a := newAuthor(t, p, "dara")
	v := a.appendText(t, p, 0, 0, "one")

	if err := db.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if !p.pollReady(30*time.Second, http.StatusServiceUnavailable) {
		t.Fatalf("/readyz did not say 503 with the database gone:\n%s", p.out.String())
	}
	if err := db.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if !p.pollReady(30*time.Second, http.StatusOK) {
		t.Fatalf("/readyz did not come back to 200:\n%s", p.out.String())
	}
	var after int64
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if after, _ = a.postOp(p, v, 3, " two"); after > 0 {
			break
		}
	}
	if text, _ := a.content(t, p); after == 0 || text != "one two" {
		t.Fatalf("edit after the database came back: version %d, text %q\n%s", after, text, p.out.String())
	}
}

package store_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

func newCluster(t *testing.T, dir string) *store.Cluster {
	return &store.Cluster{Dir: dir, Database: "commonplace", Fast: true, Logger: slog.New(slog.DiscardHandler)}
}

func clusterDir(t *testing.T) string {
	t.Helper()
	if _, err := store.BinDir(); err != nil {
		t.Skip(err)
	}
	dir, err := os.MkdirTemp("", "cpcl-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "pg")
}

func exec1(t *testing.T, url, sql string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var out string
	if strings.HasPrefix(sql, "SELECT") {
		err = conn.QueryRow(ctx, sql).Scan(&out)
	} else {
		_, err = conn.Exec(ctx, sql)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func postmasterPID(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestClusterSurvivesCrashes covers the two ways a start can find a
// postmaster.pid: its postmaster died with it (kill -9 of postgres), or the
// service was killed and left its postmaster running as an orphan.
func TestClusterSurvivesCrashes(t *testing.T) {
	t.Parallel()
	dir := clusterDir(t)
	ctx := context.Background()
	c := newCluster(t, dir)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	exec1(t, c.URL(), "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')")
	// Test clusters run with synchronous_commit off; make the row durable
	// so that what is tested is the restart, not those settings.
	exec1(t, c.URL(), "CHECKPOINT")

	// 1. The postmaster is killed outright: a stale pid file stays behind.
	pid := postmasterPID(t, dir)
	syscall.Kill(pid, syscall.SIGKILL)
	for i := 0; i < 100 && syscall.Kill(pid, 0) == nil; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); err != nil {
		t.Fatalf("expected a stale postmaster.pid: %v", err)
	}
	c2 := newCluster(t, dir)
	if err := c2.Start(ctx); err != nil {
		t.Fatalf("start after the postmaster was killed: %v", err)
	}
	if got := exec1(t, c2.URL(), "SELECT body FROM notes"); got != "kept" {
		t.Fatalf("data after crash: %q", got)
	}

	// 2. The service dies without stopping its postmaster (kill -9 of the
	// service): the next start finds it running and takes over.
	orphan := postmasterPID(t, dir)
	c3 := newCluster(t, dir)
	if err := c3.Start(ctx); err != nil {
		t.Fatalf("start with an orphaned postmaster: %v", err)
	}
	defer c3.Stop(ctx)
	if syscall.Kill(orphan, 0) == nil {
		t.Fatalf("orphaned postmaster %d still running", orphan)
	}
	if got := exec1(t, c3.URL(), "SELECT body FROM notes"); got != "kept" {
		t.Fatalf("data after takeover: %q", got)
	}
	if err := c3.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("clean stop left postmaster.pid: %v", err)
	}
}

// TestMigrateConcurrently starts several migrators on one empty database at
// once, as two service processes starting together would.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	url := pgtest.EmptyURL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- store.Migrate(context.Background(), url)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
	if n := exec1(t, url, "SELECT count(*)::text FROM users"); n != "0" {
		t.Fatalf("users table: %q", n)
	}
}

package store_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

func newCluster(t *testing.T, dir string) *store.Cluster {
	return &store.Cluster{Dir: dir, Database: "commonplace", Fast: true, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}
}

// startCluster starts a cluster in dir, stopped when t ends.
func startCluster(t *testing.T, dir string) *store.Cluster {
	t.Helper()
	c := newCluster(t, dir)
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	return c
}

func exec1(t *testing.T, url, sql string) string {
	t.Helper()
	var out string
	pgtest.WithConn(t, url, func(ctx context.Context, conn *pgx.Conn) error {
		if strings.HasPrefix(sql, "SELECT") {
			return conn.QueryRow(ctx, sql).Scan(&out)
		}
		_, err := conn.Exec(ctx, sql)
		return err
	})
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

// waitFor polls cond every 50 ms for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
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

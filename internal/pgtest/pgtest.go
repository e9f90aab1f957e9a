// Package pgtest gives tests a real PostgreSQL: one throwaway cluster per
// test binary (or the server named by COMMONPLACE_TEST_DATABASE_URL), a
// template database migrated once, and a fresh database per test cloned from
// the template in a few milliseconds.
package pgtest

import (
	"context"
	"fmt"
	"log/slog"
	neturl "net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/commonplace/commonplace/internal/testenv"
	"github.com/commonplace/commonplace/store"
)

var (
	once     sync.Once
	setupErr error
	admin    string // URL of a maintenance database on the server
	template string // name of the migrated template database
	cluster  *store.Cluster
	tmpDir   string
	counter  atomic.Int64

	// createMu serialises CREATE DATABASE … TEMPLATE: PostgreSQL refuses to
	// copy a template while another copy of it is being made.
	createMu sync.Mutex
)

// Main runs the tests of a package and stops the cluster afterwards. Use it
// from TestMain: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	stop()
	os.Exit(code)
}

func setup() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	template = fmt.Sprintf("cp_template_%d", os.Getpid())
	if url := os.Getenv("COMMONPLACE_TEST_DATABASE_URL"); url != "" {
		admin = url
	} else {
		dir, err := os.MkdirTemp("", "cptest-")
		if err != nil {
			return fmt.Errorf("pgtest: temp dir: %w", err)
		}
		tmpDir = dir
		if err := os.Chmod(dir, 0o755); err != nil {
			return fmt.Errorf("pgtest: %w", err)
		}
		cluster = &store.Cluster{Dir: dir + "/pg", Database: "postgres", Fast: true,
			Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
		if err := cluster.Start(ctx); err != nil {
			return fmt.Errorf("pgtest: start cluster: %w", err)
		}
		admin = cluster.URL()
	}
	if err := exec(ctx, admin, "CREATE DATABASE "+template); err != nil {
		return err
	}
	if err := store.Migrate(ctx, withDB(admin, template)); err != nil {
		return fmt.Errorf("pgtest: migrate template: %w", err)
	}
	return nil
}

func stop() {
	if admin == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cluster != nil {
		_ = cluster.Stop(ctx)
		_ = os.RemoveAll(tmpDir)
		return
	}
	_ = exec(ctx, admin, "DROP DATABASE IF EXISTS "+template+" WITH (FORCE)")
}

// URL returns the URL of a fresh, migrated database dropped when t ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { setupErr = setup() })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	name := fmt.Sprintf("cp_test_%d_%d", os.Getpid(), counter.Add(1))
	ctx := context.Background()
	createMu.Lock()
	err := exec(ctx, admin, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template))
	createMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec(context.Background(), admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDB(admin, name)
}

// EmptyURL returns the URL of a fresh database with no schema at all, for
// tests of migrations themselves.
func EmptyURL(t testing.TB) string {
	t.Helper()
	once.Do(func() { setupErr = setup() })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	name := fmt.Sprintf("cp_empty_%d_%d", os.Getpid(), counter.Add(1))
	if err := exec(context.Background(), admin, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec(context.Background(), admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDB(admin, name)
}

// DB returns a store on a fresh database, closed when t ends.
func DB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), URL(t), 20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// Pool is DB's pool, for tests that need raw SQL.
func Pool(t testing.TB) *pgxpool.Pool { return DB(t).Pool }

func exec(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("pgtest: connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgtest: %s: %w", sql, err)
	}
	return nil
}

// withDB returns url pointing at database name. Both keyword/value and
// postgres:// URLs are handled.
func withDB(raw, name string) string {
	if strings.HasPrefix(raw, "postgres://") || strings.HasPrefix(raw, "postgresql://") {
		u, err := neturl.Parse(raw)
		if err != nil {
			return raw
		}
		u.Path = "/" + name
		return u.String()
	}
	var parts []string
	for _, f := range strings.Fields(raw) {
		if !strings.HasPrefix(f, "dbname=") {
			parts = append(parts, f)
		}
	}
	return strings.Join(append(parts, "dbname="+name), " ")
}

// ClusterDir returns a cluster folder, not yet created, inside a fresh data
// folder that the postgres system user can reach (the service runs
// PostgreSQL as that user when it is root), removed when t ends. Without
// PostgreSQL's server binaries the test skips, or fails under CI=true.
func ClusterDir(t testing.TB) string {
	t.Helper()
	_, err := store.BinDir()
	testenv.Need(t, "PostgreSQL's server binaries", err)
	// Not t.TempDir: its folders are 0700, closed to the postgres user.
	dir, err := os.MkdirTemp("", "cpcl-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir + "/pg"
}

// WithConn connects to url, runs fn and closes the connection, failing t on
// any error: for tests that look into a database they did not open.
func WithConn(t testing.TB, url string, fn func(ctx context.Context, conn *pgx.Conn) error) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := fn(ctx, conn); err != nil {
		t.Fatal(err)
	}
}

package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// fillForBackup writes users, resources, revisions, a fork and live ops.
func fillForBackup(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	amina, bruno := newUser(t, db, "amina"), newUser(t, db, "bruno")
	for i := range 3 {
		r := newResource(t, db, amina, resource.Public)
		var ops []hub.StoredOp
		for v := 1; v <= 5; v++ {
			ops = append(ops, hub.StoredOp{Doc: r.ID, Version: int64(v), Author: amina.ID, Client: "c", Seq: int64(v),
				Op: mustOp(t, fmt.Sprintf(`[%d,"%d"]`, 11+v, v))})
		}
		if _, err := db.Live().AppendOps(ctx, ops); err != nil {
			t.Fatal(err)
		}
		rev, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: 5, Content: "# Fractions\n12345",
			Kind: versioning.RevNamed, Message: fmt.Sprintf("named %d", i), AuthorID: amina.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateFork(ctx, store.NewFork{Resource: resource.Resource{Title: "Fork", Language: "en", License: "CC-BY-4.0",
			Visibility: resource.Private, Owner: resource.Person{ID: bruno.ID}}, SourceID: r.ID, SourceRevision: rev, AuthorID: bruno.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

// fingerprint is every table's row count and a digest of its rows, in the
// order of its text form, so two databases compare table by table.
func fingerprint(t *testing.T, url string) map[string]string {
	t.Helper()
	out := map[string]string{}
	pgtest.WithConn(t, url, func(ctx context.Context, conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, `SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace ORDER BY 1`)
		if err != nil {
			return err
		}
		tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, tbl := range tables {
			var n int
			var digest string
			q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(x::text, E'\n' ORDER BY x::text)), '') FROM %s x`, pgx.Identifier{tbl}.Sanitize())
			if err := conn.QueryRow(ctx, q).Scan(&n, &digest); err != nil {
				return fmt.Errorf("fingerprint %s: %w", tbl, err)
			}
			out[tbl] = fmt.Sprintf("%d rows %s", n, digest)
		}
		return nil
	})
	return out
}

func sameFingerprint(t *testing.T, want, got map[string]string) {
	t.Helper()
	for _, k := range []string{"users", "resources", "revisions", "ops"} {
		if want[k] == "" || strings.HasPrefix(want[k], "0 rows") {
			t.Fatalf("the source has no %s to compare: %q", k, want[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("restored %d tables, backed up %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("table %s: backed up %s, restored %s", k, v, got[k])
		}
	}
}

// TestBackupRestoreIntoFreshFolder backs up a running cluster from another
// "process" (attached, as `commonplace backup` is while the service runs),
// restores it into a fresh data folder, and finds every row of every table.
func TestBackupRestoreIntoFreshFolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := startCluster(t, pgtest.ClusterDir(t))
	if err := store.Migrate(ctx, src.URL()); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, src.URL(), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fillForBackup(t, db)
	want := fingerprint(t, src.URL())

	file := filepath.Join(t.TempDir(), "commonplace.backup")
	att := newCluster(t, src.Dir)
	if err := att.StartOrAttach(ctx); err != nil || !att.Attached() {
		t.Fatalf("attach to the running cluster: %v", err)
	}
	if err := store.Backup(ctx, att.URL(), file); err != nil {
		t.Fatal(err)
	}
	att.Stop(ctx)
	if _, err := os.Stat(file + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("backup left its partial file: %v", err)
	}
	if fi, err := os.Stat(file); err != nil {
		t.Fatal(err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file mode %v, want 0600: it holds password hashes", fi.Mode())
	}

	dst := startCluster(t, pgtest.ClusterDir(t))
	if err := dst.Restore(ctx, file, false); err != nil {
		t.Fatal(err)
	}
	sameFingerprint(t, want, fingerprint(t, dst.URL()))
	// The restored database works through the store, too.
	db2, err := store.Open(ctx, dst.URL(), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	list, total, err := db2.ListResources(ctx, store.ListFilter{PerPage: 100})
	if err != nil || total != 3 || len(list) != 3 {
		t.Fatalf("public resources after restore: %d, %v", total, err)
	}
	for _, r := range list {
		ops, err := db2.Live().OpsSince(ctx, r.ID, 0, 100)
		if err != nil || len(ops) != 5 {
			t.Fatalf("ops of %s after restore: %d, %v", r.ID, len(ops), err)
		}
	}

	// A second restore would drop data: refused unless asked for.
	if err := dst.Restore(ctx, file, false); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("restore over data without --replace: %v", err)
	}
	if err := dst.Restore(ctx, file, true); err != nil {
		t.Fatalf("restore with replace: %v", err)
	}
	sameFingerprint(t, want, fingerprint(t, dst.URL()))

	// Not a backup: refused before anything changes.
	junk := filepath.Join(t.TempDir(), "junk")
	os.WriteFile(junk, []byte("not a dump"), 0o600)
	if err := dst.Restore(ctx, junk, true); err == nil || !strings.Contains(err.Error(), "not a backup") {
		t.Fatalf("restore of junk: %v", err)
	}
	sameFingerprint(t, want, fingerprint(t, dst.URL()))

	// With a database URL (what --database-url does): into an empty database.
	empty := pgtest.EmptyURL(t)
	if err := store.Restore(ctx, empty, file); err != nil {
		t.Fatal(err)
	}
	sameFingerprint(t, want, fingerprint(t, empty))
	if err := store.Restore(ctx, empty, file); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("restore into a database with data: %v", err)
	}
}

func TestSplitPasswordKeepsItOffTheCommandLine(t *testing.T) {
	for in, want := range map[string][2]string{
		"postgres://u:s3cret@h:5432/db?sslmode=disable":  {"postgres://u@h:5432/db?sslmode=disable", "s3cret"},
		"postgres://u@h/db?password=p%20w":               {"postgres://u@h/db", "p w"},
		"host=/tmp user=u password='a b' dbname=d":       {"host=/tmp user=u dbname=d", "a b"},
		"host=/tmp port=5432 user=commonplace dbname=cp": {"host=/tmp port=5432 user=commonplace dbname=cp", ""},
	} {
		dsn, pw := store.SplitPassword(in)
		if dsn != want[0] || pw != want[1] {
			t.Errorf("SplitPassword(%q) = %q, %q; want %q, %q", in, dsn, pw, want[0], want[1])
		}
	}
}

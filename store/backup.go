package store

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNotEmpty means a restore target already holds tables.
var ErrNotEmpty = errors.New("the database already holds data")

// Backup writes the database at url to file with pg_dump in its custom
// format. pg_dump reads everything in one repeatable-read snapshot, so the
// backup is consistent while the service keeps writing. The file appears
// only once complete: pg_dump writes (and syncs) file+".partial", then it is
// made owner-only (0600) and renamed.
func Backup(ctx context.Context, url, file string) error {
	tool, err := clientTool("pg_dump")
	if err != nil {
		return err
	}
	tmp := file + ".partial"
	if err := runTool(ctx, url, tool, "--format=custom", "--file="+tmp); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	// A backup holds password hashes and private resources: owner only.
	if err := os.Chmod(tmp, 0o600); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("finish backup: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("finish backup: %w", err)
	}
	syncDir(filepath.Dir(file))
	return nil
}

// Restore loads a Backup file into the database at url, which must hold no
// tables yet. It runs in one transaction: a failed restore leaves the
// database as empty as it was.
func Restore(ctx context.Context, url, file string) error {
	tool, err := clientTool("pg_restore")
	if err != nil {
		return err
	}
	// pg_restore --list reads only the table of contents: a quick, clear
	// refusal for a file that is not a backup at all.
	if out, err := exec.CommandContext(ctx, tool, "--list", file).CombinedOutput(); err != nil {
		return fmt.Errorf("%s is not a backup made by `commonplace backup`: %s", file, lastLines(string(out), 2))
	}
	empty, err := databaseEmpty(ctx, url)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("restore into %s: %w (restore into a new, empty database)", describeURL(url), ErrNotEmpty)
	}
	return runTool(ctx, url, tool, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", file)
}

// runTool runs a libpq program against url. A password travels in
// PGPASSWORD rather than on the command line, where `ps` would show it.
func runTool(ctx context.Context, url, tool string, args ...string) error {
	dsn, password := splitPassword(url)
	cmd := exec.CommandContext(ctx, tool, append(args, "--dbname="+dsn)...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w: %s", filepath.Base(tool), err, lastLines(string(out), 5))
	}
	return nil
}

var kvPassword = regexp.MustCompile(`(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// splitPassword removes the password from a postgres:// URL or a
// keyword/value string and returns it separately.
func splitPassword(url string) (string, string) {
	if u, err := neturl.Parse(url); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		var password string
		if u.User != nil {
			password, _ = u.User.Password()
			u.User = neturl.User(u.User.Username())
		}
		q := u.Query()
		if p := q.Get("password"); p != "" {
			password = p
			q.Del("password")
			u.RawQuery = q.Encode()
		}
		return u.String(), password
	}
	if cfg, err := pgconn.ParseConfig(url); err == nil && cfg.Password != "" {
		return kvPassword.ReplaceAllString(url, ""), cfg.Password
	}
	return url, ""
}

// describeURL names a database for messages, without its password.
func describeURL(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return "the database"
	}
	return fmt.Sprintf("database %q on %s", cfg.Database, cfg.Host)
}

// databaseEmpty reports whether url's database has no relations of its own.
func databaseEmpty(ctx context.Context, url string) (bool, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return false, fmt.Errorf("connect to restore target: %w", err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
		  AND n.nspname NOT LIKE 'pg\_temp%'`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("inspect restore target: %w", err)
	}
	return n == 0, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

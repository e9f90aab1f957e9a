package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a private PostgreSQL cluster that the process runs itself, in a
// folder it owns. It exists so that a newcomer needs no database set-up: the
// system's initdb and postgres binaries are enough.
type Cluster struct {
	// Dir holds the cluster's files; the Unix socket lives there too.
	Dir string
	// Database is created on first start and is what URL points at.
	Database string
	// Fast trades durability for speed (fsync off). Only for throwaway test clusters.
	Fast bool
	// Logger receives the cluster's life-cycle events.
	Logger *slog.Logger

	cmd     *exec.Cmd
	exited  chan struct{}
	logFile *os.File
	cred    *syscall.Credential
}

// pgPort names the socket file; no TCP port is opened.
const pgPort = 5432

// maxSocketPath is sun_path's limit on Linux less the terminating NUL.
const maxSocketPath = 107

// ErrNoPostgres means the PostgreSQL server binaries are not installed.
var ErrNoPostgres = errors.New("PostgreSQL server binaries (initdb, postgres) not found: install them with `apt-get install -y postgresql` or set DATABASE_URL")

// BinDir finds the directory holding initdb and postgres: PATH first, then
// Debian's versioned directories, newest first.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("postgres"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	best, bestVer := "", -1
	for _, m := range matches {
		ver, err := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(m))))
		if err != nil {
			continue
		}
		if ver > bestVer {
			best, bestVer = filepath.Dir(m), ver
		}
	}
	if best == "" {
		return "", ErrNoPostgres
	}
	return best, nil
}

// URL is the connection string of the cluster's database over its socket.
func (c *Cluster) URL() string {
	return c.urlFor(c.Database)
}

func (c *Cluster) urlFor(db string) string {
	return fmt.Sprintf("host=%s port=%d user=commonplace dbname=%s sslmode=disable", c.Dir, pgPort, db)
}

// Start initialises the cluster when the folder is new, clears what a crash
// left behind, starts postgres and creates the database. It returns once the
// database accepts connections.
func (c *Cluster) Start(ctx context.Context) error {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Database == "" {
		c.Database = "commonplace"
	}
	bin, err := BinDir()
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return fmt.Errorf("cluster folder %q: %w", c.Dir, err)
	}
	c.Dir = dir
	if n := len(filepath.Join(dir, ".s.PGSQL.5432")); n > maxSocketPath {
		return fmt.Errorf("cluster folder %s is too deep for a Unix socket path (%d > %d characters): choose a shorter --data folder", dir, n, maxSocketPath)
	}
	if err := c.prepareDir(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx, bin); err != nil {
			return err
		}
	}
	if err := c.clearStale(ctx); err != nil {
		return err
	}
	if err := c.startPostgres(bin); err != nil {
		return err
	}
	if err := c.waitReady(ctx); err != nil {
		c.Stop(context.Background())
		return err
	}
	return c.ensureDatabase(ctx, c.Database)
}

// prepareDir creates the folder and, when running as root, hands it to the
// postgres system user: PostgreSQL refuses to run as root.
func (c *Cluster) prepareDir() error {
	// The data folder above the cluster stays enterable (0755) so that the
	// postgres user can reach its own 0700 cluster folder inside it.
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("create cluster folder: %w", err)
	}
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root needs the unprivileged 'postgres' system user to run PostgreSQL (create it with `useradd --system postgres` or install the postgresql package): %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}
	if err := filepath.Walk(c.Dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	}); err != nil {
		return fmt.Errorf("hand cluster folder to the postgres user: %w", err)
	}
	// Every ancestor must be searchable by the postgres user, or initdb fails
	// with a confusing message deep inside its own output.
	for d := filepath.Dir(c.Dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("check %s: %w", d, err)
		}
		st, _ := fi.Sys().(*syscall.Stat_t)
		if fi.Mode().Perm()&0o001 == 0 && (st == nil || int(st.Uid) != uid) {
			return fmt.Errorf("PostgreSQL runs as the 'postgres' user, which cannot enter %s (mode %#o): run `chmod o+x %s` or choose a --data folder outside it (for example /var/lib/commonplace)", d, uint32(fi.Mode().Perm()), d)
		}
		if d == "/" {
			break
		}
	}
	return nil
}

func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = c.Dir
	// The postmaster gets its own process group so that a Ctrl-C in the
	// terminal reaches us first and we stop it in order.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.cred}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8")
	return cmd
}

func (c *Cluster) initdb(ctx context.Context, bin string) error {
	c.Logger.Info("initialising private PostgreSQL cluster", "dir", c.Dir)
	args := []string{"-D", c.Dir, "-U", "commonplace", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"}
	if c.Fast {
		args = append(args, "--no-sync")
	}
	var out bytes.Buffer
	cmd := c.command(ctx, filepath.Join(bin, "initdb"), args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("initdb in %s: %w: %s", c.Dir, err, lastLines(out.String(), 5))
	}
	return nil
}

// clearStale deals with a postmaster.pid left by a crash. A postmaster whose
// parent was killed (kill -9) may still be running: stop it cleanly, since it
// holds our data. A pid file naming a dead process is simply removed.
func (c *Cluster) clearStale(ctx context.Context) error {
	pidPath := filepath.Join(c.Dir, "postmaster.pid")
	b, err := os.ReadFile(pidPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", pidPath, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return os.Remove(pidPath)
	}
	if !isPostmasterOf(pid, c.Dir) {
		c.Logger.Info("removing stale postmaster.pid", "pid", pid)
		return os.Remove(pidPath)
	}
	c.Logger.Warn("a postmaster from an earlier run is still up; stopping it", "pid", pid)
	_ = syscall.Kill(pid, syscall.SIGINT) // fast shutdown: commits are already durable
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	if syscall.Kill(pid, 0) == nil {
		return fmt.Errorf("an earlier postmaster (pid %d) for %s did not stop", pid, c.Dir)
	}
	_ = os.Remove(pidPath)
	return nil
}

// isPostmasterOf reports whether pid is a live postgres process serving dir.
func isPostmasterOf(pid int, dir string) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	parts := strings.Split(string(cmdline), "\x00")
	return len(parts) > 0 && strings.Contains(filepath.Base(parts[0]), "postgres") && strings.Contains(string(cmdline), dir)
}

func (c *Cluster) startPostgres(bin string) error {
	logPath := filepath.Join(c.Dir, "postgres.log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", logPath, err)
	}
	if c.cred != nil {
		_ = f.Chown(int(c.cred.Uid), int(c.cred.Gid))
	}
	args := []string{"-D", c.Dir, "-k", c.Dir, "-p", strconv.Itoa(pgPort),
		"-c", "listen_addresses=", "-c", "max_connections=200", "-c", "unix_socket_permissions=0700"}
	if c.Fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	// Not bound to a context: the cluster must outlive the start-up context.
	cmd := c.command(context.Background(), filepath.Join(bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = f, f
	// If we die without stopping it, the postmaster gets SIGINT; clearStale
	// covers the cases where that signal is lost.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGINT
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	c.cmd, c.logFile, c.exited = cmd, f, make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(c.exited)
	}()
	c.Logger.Info("private PostgreSQL started", "pid", cmd.Process.Pid, "socket", c.Dir)
	return nil
}

func (c *Cluster) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-c.exited:
			b, _ := os.ReadFile(filepath.Join(c.Dir, "postgres.log"))
			return fmt.Errorf("postgres exited during start-up: %s", lastLines(string(b), 5))
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		conn, err := pgx.Connect(ctx, c.urlFor("postgres"))
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("postgres did not accept connections within 60s: %w", lastErr)
}

// ensureDatabase creates db unless it exists.
func (c *Cluster) ensureDatabase(ctx context.Context, db string) error {
	conn, err := pgx.Connect(ctx, c.urlFor("postgres"))
	if err != nil {
		return fmt.Errorf("connect to cluster: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", db, err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", db, err)
	}
	return nil
}

// Stop shuts postgres down (fast mode: open transactions roll back,
// committed work is on disk) and waits for it.
func (c *Cluster) Stop(ctx context.Context) error {
	if c.cmd == nil || c.cmd.Process == nil {
		return nil
	}
	defer func() {
		if c.logFile != nil {
			c.logFile.Close()
		}
		c.cmd = nil
	}()
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
		c.Logger.Info("private PostgreSQL stopped")
		return nil
	case <-time.After(30 * time.Second):
	case <-ctx.Done():
	}
	_ = c.cmd.Process.Signal(syscall.SIGQUIT)
	<-c.exited
	return errors.New("postgres did not stop in time; sent SIGQUIT")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

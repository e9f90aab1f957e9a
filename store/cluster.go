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
//
// One process runs a cluster at a time: Start takes an exclusive lock on
// LockFileName in the data folder (Dir's parent) and keeps it until Stop, so
// the cluster code never signals a postmaster whose service is alive. While
// running, a postmaster that dies is started again (see supervise).
type Cluster struct {
	// Dir holds the cluster's files; the Unix socket lives there too.
	Dir string
	// Database is created on first start and is what URL points at.
	Database string
	// Fast trades durability for speed (fsync off). Only for throwaway test clusters.
	Fast bool
	// Logger receives the cluster's life-cycle events.
	Logger *slog.Logger

	bin      string
	cred     *syscall.Credential
	lock     *dataLock
	attached bool
	// pm is the running postmaster. After Start only the supervisor
	// goroutine replaces it; Stop reads it once the supervisor has returned.
	pm         *postmaster
	stopping   chan struct{}
	supervised chan struct{}
}

// pgPort names the socket file; no TCP port is opened.
const pgPort = 5432

// socketName is the socket PostgreSQL creates in Dir; it keeps a lock file
// beside it named socketName + ".lock".
const socketName = ".s.PGSQL.5432"

// maxSocketPath is sun_path's limit on Linux less the terminating NUL.
const maxSocketPath = 107

// URL is the connection string of the cluster's database over its socket.
func (c *Cluster) URL() string {
	return c.urlFor(c.Database)
}

func (c *Cluster) urlFor(db string) string {
	return fmt.Sprintf("host=%s port=%d user=commonplace dbname=%s sslmode=disable", c.Dir, pgPort, db)
}

// Folder is the data folder the cluster lives in (and whose lock it takes).
func (c *Cluster) Folder() string { return filepath.Dir(c.Dir) }

// Start locks the data folder, initialises the cluster when the folder is
// new, clears what a crash left behind, starts postgres and creates the
// database. It returns once the database accepts connections. A folder held
// by another live process gives a *BusyError.
func (c *Cluster) Start(ctx context.Context) error {
	if err := c.init(); err != nil {
		return err
	}
	lock, err := lockDataFolder(c.Folder())
	if err != nil {
		return err
	}
	if err := c.startLocked(ctx); err != nil {
		lock.release()
		return err
	}
	c.lock = lock
	c.stopping, c.supervised = make(chan struct{}), make(chan struct{})
	go c.supervise()
	return nil
}

// StartOrAttach is Start, except that when a live service already runs the
// cluster it uses that one over its socket (for backups and migrations while
// the service runs). Stop then leaves the cluster running.
func (c *Cluster) StartOrAttach(ctx context.Context) error {
	err := c.Start(ctx)
	var busy *BusyError
	if !errors.As(err, &busy) {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := c.waitAnswer(ctx, nil); err != nil {
		return fmt.Errorf("%w, but its PostgreSQL does not answer: %v", busy, err)
	}
	c.attached = true
	c.Logger.Info("using the PostgreSQL of the running service", "pid", busy.PID, "socket", c.Dir)
	return nil
}

// Attached reports whether StartOrAttach found a running service's cluster.
func (c *Cluster) Attached() bool { return c.attached }

func (c *Cluster) init() error {
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
	c.bin = bin
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return fmt.Errorf("cluster folder %q: %w", c.Dir, err)
	}
	c.Dir = dir
	if n := len(filepath.Join(dir, socketName)); n > maxSocketPath {
		return fmt.Errorf("cluster folder %s is too deep for a Unix socket path (%d > %d characters): choose a shorter --data folder", dir, n, maxSocketPath)
	}
	return nil
}

// startLocked does the work of Start once the folder is ours.
func (c *Cluster) startLocked(ctx context.Context) error {
	if err := c.prepareDir(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.Dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx); err != nil {
			return err
		}
	}
	pm, err := c.launch(ctx)
	if err != nil {
		return err
	}
	c.pm = pm
	if err := c.ensureDatabase(ctx, c.Database); err != nil {
		_ = c.stopPostmaster(context.Background(), pm)
		return err
	}
	return nil
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
	// Files may vanish during the walk: a postmaster left by a crash may
	// still be shutting down in the folder (recoverStale deals with it next).
	if err := filepath.Walk(c.Dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Lchown(p, uid, gid)
		}
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
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

func (c *Cluster) initdb(ctx context.Context) error {
	c.Logger.Info("initialising private PostgreSQL cluster", "dir", c.Dir)
	args := []string{"-D", c.Dir, "-U", "commonplace", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"}
	if c.Fast {
		args = append(args, "--no-sync")
	}
	var out bytes.Buffer
	cmd := c.command(ctx, filepath.Join(c.bin, "initdb"), args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("initdb in %s: %w: %s", c.Dir, err, lastLines(out.String(), 5))
	}
	return nil
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
// committed work is on disk), waits for it and releases the data folder.
// An attached cluster is left to the service that runs it.
func (c *Cluster) Stop(ctx context.Context) error {
	if c.attached {
		c.attached = false
		return nil
	}
	if c.stopping == nil {
		return nil
	}
	select {
	case <-c.stopping:
		return nil // already stopped
	default:
	}
	close(c.stopping)
	<-c.supervised
	err := c.stopPostmaster(ctx, c.pm)
	c.lock.release()
	if err == nil {
		c.Logger.Info("private PostgreSQL stopped")
	}
	return err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/store"
)

// TestClusterHelperProcess is not a test: it is the "service" that the
// crash tests kill with SIGKILL. It runs only when re-executed by them.
func TestClusterHelperProcess(t *testing.T) {
	dir := os.Getenv("CP_CLUSTER_HELPER_DIR")
	if dir == "" {
		return
	}
	c := newCluster(t, dir)
	if err := c.Start(context.Background()); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	fmt.Println("READY")
	time.Sleep(time.Hour) // until killed
}

// startHelper runs a cluster in dir from another process and returns it
// once the cluster answers.
func startHelper(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClusterHelperProcess$")
	cmd.Env = append(os.Environ(), "CP_CLUSTER_HELPER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "READY") || strings.HasPrefix(line, "ERROR") {
				ready <- line
				return
			}
		}
		ready <- "helper exited"
	}()
	select {
	case line := <-ready:
		if line != "READY" {
			t.Fatalf("helper cluster: %s", line)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("helper cluster did not start")
	}
	return cmd
}

func kill9(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
}

// TestClusterStartsAtOnceAfterKill9 is what a supervisor restarting a killed
// service sees: the very next start comes up, whatever the crash left.
func TestClusterStartsAtOnceAfterKill9(t *testing.T) {
	t.Parallel()
	dir := pgtest.ClusterDir(t)
	ctx := context.Background()

	helper := startHelper(t, dir)
	url := newCluster(t, dir).URL()
	exec1(t, url, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')")
	exec1(t, url, "CHECKPOINT") // test clusters run with synchronous_commit off

	// 1. Only the service dies: its postmaster is orphaned (and gets SIGINT
	// from the kernel as its parent goes). The next start stops it first.
	kill9(t, helper.Process.Pid)
	_ = helper.Wait()
	c := newCluster(t, dir)
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start after the service was killed: %v", err)
	}
	if got := exec1(t, c.URL(), "SELECT body FROM notes"); got != "kept" {
		t.Fatalf("data after the service was killed: %q", got)
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	// 2. Service and postmaster die while a backend is busy: the backend does
	// not notice (no postmaster check inside a PL/pgSQL loop) and keeps the
	// old shared memory attached; the dead postmaster's pid stays a zombie
	// where init does not reap, so its lock files look alive to PostgreSQL.
	helper = startHelper(t, dir)
	pm := postmasterPID(t, dir)
	busy, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close(ctx)
	busyDone := make(chan error, 1)
	go func() {
		_, err := busy.Exec(ctx, "DO $$BEGIN LOOP PERFORM 1; END LOOP; END$$")
		busyDone <- err
	}()
	if !waitFor(10*time.Second, func() bool {
		return exec1(t, url, "SELECT count(*)::text FROM pg_stat_activity WHERE query LIKE 'DO $$BEGIN LOOP%' AND state = 'active'") == "1"
	}) {
		t.Fatal("busy backend did not start")
	}
	// The postmaster first: killed after its service, it could get the
	// kernel's SIGINT in between and stop the busy backend itself.
	kill9(t, pm)
	kill9(t, helper.Process.Pid)
	_ = helper.Wait()
	c = newCluster(t, dir)
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start after service and postmaster were killed: %v", err)
	}
	defer c.Stop(ctx)
	if got := exec1(t, c.URL(), "SELECT body FROM notes"); got != "kept" {
		t.Fatalf("data after the crash: %q", got)
	}
	select {
	case err := <-busyDone:
		if err == nil {
			t.Fatal("the orphaned busy backend finished its endless loop")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the orphaned busy backend is still running")
	}
}

// TestClusterRestartsItsPostmaster: a postmaster that dies under a running
// service is started again, and the data is all there.
func TestClusterRestartsItsPostmaster(t *testing.T) {
	t.Parallel()
	dir := pgtest.ClusterDir(t)
	c := startCluster(t, dir)
	exec1(t, c.URL(), "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')")
	exec1(t, c.URL(), "CHECKPOINT") // test clusters run with synchronous_commit off
	old := postmasterPID(t, dir)
	kill9(t, old)
	back := waitFor(time.Minute, func() bool {
		conn, err := pgx.Connect(context.Background(), c.URL())
		if err != nil {
			return false
		}
		conn.Close(context.Background())
		return true
	})
	if !back {
		t.Fatal("the cluster did not come back after its postmaster was killed")
	}
	if pid := postmasterPID(t, dir); pid == old {
		t.Fatalf("postmaster.pid still names the killed postmaster %d", pid)
	}
	if got := exec1(t, c.URL(), "SELECT body FROM notes"); got != "kept" {
		t.Fatalf("data after restart: %q", got)
	}
	if err := c.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + "/postmaster.pid"); !os.IsNotExist(err) {
		t.Fatalf("clean stop left postmaster.pid: %v", err)
	}
}

// TestClusterOneProcessPerFolder: a second start on a folder in use is
// refused without touching the running cluster; attaching to it works.
func TestClusterOneProcessPerFolder(t *testing.T) {
	t.Parallel()
	dir := pgtest.ClusterDir(t)
	ctx := context.Background()
	first := startCluster(t, dir)
	pm := postmasterPID(t, dir)

	second := newCluster(t, dir)
	err := second.Start(ctx)
	var busy *store.BusyError
	if !errors.As(err, &busy) || !errors.Is(err, store.ErrBusy) || busy.PID != os.Getpid() {
		t.Fatalf("second start: %v", err)
	}
	if !strings.Contains(err.Error(), "one server per data folder") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("refusal is not one clear line: %q", err)
	}
	if postmasterPID(t, dir) != pm || syscall.Kill(pm, 0) != nil {
		t.Fatal("the refused start touched the running postmaster")
	}
	exec1(t, first.URL(), "SELECT 1::text")

	att := newCluster(t, dir)
	if err := att.StartOrAttach(ctx); err != nil || !att.Attached() {
		t.Fatalf("attach: %v (attached %v)", err, att.Attached())
	}
	exec1(t, att.URL(), "SELECT 1::text")
	if err := att.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	exec1(t, first.URL(), "SELECT 1::text") // an attached Stop leaves it running

	if err := first.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := second.Start(ctx); err != nil {
		t.Fatalf("start once the folder is free: %v", err)
	}
	second.Stop(ctx)
}

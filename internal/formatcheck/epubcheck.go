package formatcheck

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// EpubcheckJar is where Debian's epubcheck package puts the checker.
const EpubcheckJar = "/usr/share/java/epubcheck.jar"

// exitMark starts the line EpubcheckServer.java writes after each book's report.
const exitMark = "@@epubcheck-exit "

// EPUB runs the real epubcheck and fails the test on any error or warning.
func EPUB(t testing.TB, name string, data []byte) {
	t.Helper()
	NeedTool(t, EpubcheckJar, "make deps-epubcheck (Debian package epubcheck)")
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, status, err := epubcheck.check(path)
	if err != nil || status != 0 || !strings.Contains(out, "No errors or warnings detected") {
		t.Errorf("epubcheck %s: status %d %v\n%s", name, status, err, out)
	}
}

// epubcheck is the test binary's one epubcheck process (EpubcheckServer.java), started by the
// first book and fed one book at a time. It ends when the test binary does and its standard
// input closes.
var epubcheck epubcheckServer

type epubcheckServer struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer
}

// check runs epubcheck on path and returns its report and exit status.
func (s *epubcheckServer) check(path string) (string, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		if err := s.start(); err != nil {
			return "", 0, err
		}
	}
	if _, err := fmt.Fprintln(s.in, path); err != nil {
		return "", 0, s.failed(fmt.Errorf("send %s: %w", path, err))
	}
	var report strings.Builder
	for {
		line, err := s.out.ReadString('\n')
		if err != nil {
			return report.String(), 0, s.failed(fmt.Errorf("read the report on %s: %w", path, err))
		}
		if rest, ok := strings.CutPrefix(line, exitMark); ok {
			var status int
			if _, err := fmt.Sscan(rest, &status); err != nil {
				return report.String(), 0, s.failed(fmt.Errorf("exit line %q: %w", line, err))
			}
			return report.String(), status, nil
		}
		report.WriteString(line)
	}
}

// start runs EpubcheckServer.java with java's source-file mode. The flags suit short runs: the
// optimising compiler and the parallel collector cost more than they save here.
func (s *epubcheckServer) start() error {
	cmd := exec.Command("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", EpubcheckJar,
		filepath.Join(sourceDir(), "EpubcheckServer.java"))
	s.stderr.Reset()
	cmd.Stderr = &s.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("epubcheck: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("epubcheck: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start epubcheck: %w", err)
	}
	s.cmd, s.in, s.out = cmd, in, bufio.NewReader(out)
	return nil
}

// failed stops a server that broke off, so that the next book starts a new one, and returns
// err with what the JVM wrote to its standard error.
func (s *epubcheckServer) failed(err error) error {
	_ = s.in.Close()
	_ = s.cmd.Wait()
	s.cmd = nil
	return fmt.Errorf("%w (stderr: %s)", err, strings.TrimSpace(s.stderr.String()))
}

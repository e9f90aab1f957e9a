// Command testsummary reads `go test -json` on stdin and prints what a
// person needs from it: each package's result line, the whole output of
// every failed test, build errors, and at the end every skipped test with
// its reason. Under CI=true any skipped test makes it exit 1, so a suite
// cannot pass in CI by skipping.
//
//	go test -json ./... | tee test.json | go run ./internal/cmd/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string
}

type skip struct{ test, reason string }

type summary struct {
	out     io.Writer
	buf     map[string][]string // output of running tests, by package and test
	skipped []skip
	passed  int
	failed  int
}

func main() {
	s := &summary{out: os.Stdout, buf: map[string][]string{}}
	if err := s.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if !s.report(os.Getenv("CI") == "true") {
		os.Exit(1)
	}
}

func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(s.out, "%s\n", line) // not an event: say it as it came
			continue
		}
		s.handle(e)
	}
	return sc.Err()
}

func (s *summary) handle(e event) {
	key := e.Package + " " + e.Test
	switch {
	case e.Action == "build-output":
		fmt.Fprint(s.out, e.Output)
	case e.Test == "" && e.Action == "output":
		if o := strings.TrimSpace(e.Output); o != "PASS" && !strings.HasPrefix(o, "=== ") {
			fmt.Fprint(s.out, e.Output)
		}
	case e.Test == "":
	case e.Action == "output":
		s.buf[key] = append(s.buf[key], e.Output)
	case e.Action == "fail":
		s.failed++
		fmt.Fprint(s.out, strings.Join(s.buf[key], ""))
		delete(s.buf, key)
	case e.Action == "pass":
		s.passed++
		delete(s.buf, key)
	case e.Action == "skip":
		s.skipped = append(s.skipped, skip{test: e.Package + " " + e.Test, reason: skipReason(s.buf[key])})
		delete(s.buf, key)
	}
}

// skipReason picks the message a test gave t.Skip: its indented
// "file_test.go:12: …" line.
func skipReason(lines []string) string {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "---") || strings.HasPrefix(t, "===") || t == "" {
			continue
		}
		return t
	}
	return "(no reason given)"
}

// report prints the totals and the skipped tests; false means CI must fail.
func (s *summary) report(ci bool) bool {
	fmt.Fprintf(s.out, "\n== tests: %d passed, %d failed, %d skipped\n", s.passed, s.failed, len(s.skipped))
	sort.Slice(s.skipped, func(i, j int) bool { return s.skipped[i].test < s.skipped[j].test })
	for _, k := range s.skipped {
		fmt.Fprintf(s.out, "   skipped %s: %s\n", k.test, k.reason)
	}
	if ci && len(s.skipped) > 0 {
		fmt.Fprintf(s.out, "== CI=true: %d skipped tests fail the run (a missing tool must be installed, not skipped)\n", len(s.skipped))
		return false
	}
	return true
}

package main

import (
	"os"
	"strings"
	"testing"
)

// A /proc/<pid>/io as Linux 6.x writes it.
const procIOSample = `rchar: 1296403
wchar: 8724716
syscr: 11219
syscw: 14857
read_bytes: 0
write_bytes: 4096
cancelled_write_bytes: 0
`

func TestParseCalls(t *testing.T) {
	c := parseCalls(strings.NewReader(procIOSample))
	if !c.ok || c.reads != 11219 || c.writes != 14857 {
		t.Fatalf("got %+v; want 11219 reads, 14857 writes", c)
	}
	if c := parseCalls(strings.NewReader("rchar: 1\nwchar: 2\nsyscr: 3\n")); c.ok {
		t.Fatalf("a file without syscw parsed as %+v", c)
	}
	a, b := procCalls{reads: 100, writes: 50, ok: true}, procCalls{reads: 400, writes: 650, ok: true}
	if r, w := callsPerKey(a, b, 300); r != 1 || w != 2 {
		t.Fatalf("per key: %v reads, %v writes; want 1 and 2", r, w)
	}
	if r, w := callsPerKey(procCalls{}, b, 300); r != 0 || w != 0 {
		t.Fatalf("an unread start gave %v, %v", r, w)
	}
}

// This kernel's /proc/<pid>/io has the counters, and they count: a write to a file is one more
// write call.
func TestReadCallsOfThisProcess(t *testing.T) {
	before := readCalls(os.Getpid())
	if !before.ok {
		t.Fatal("no syscr/syscw in /proc/self/io")
	}
	f, err := os.CreateTemp(t.TempDir(), "calls")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for range 10 {
		if _, err := f.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	after := readCalls(os.Getpid())
	if after.writes-before.writes < 10 {
		t.Fatalf("10 writes counted as %d", after.writes-before.writes)
	}
}

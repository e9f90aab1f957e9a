package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// testdata/cyclictest.json is cyclictest 2.4's own output on this project's 2-CPU build
// machine (2026-12-02), written by the command in its "cmdline:" field; the expected figures
// were counted from its histogram separately.
func TestParseCyclictest(t *testing.T) {
	b, err := os.ReadFile("testdata/cyclictest.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := parseCyclictest(b)
	if err != nil {
		t.Fatal(err)
	}
	want := rtDelays{Samples: 3944, P99: 973 * time.Microsecond, P999: 2614 * time.Microsecond, Max: 4952 * time.Microsecond}
	if d != want {
		t.Fatalf("got %+v, want %+v", d, want)
	}
}

// Wake-ups later than the histogram's range are missing from it: they count at the range's
// end or the thread's max, whichever is larger, so a long pause still shows in the p99.
func TestParseCyclictestOverflow(t *testing.T) {
	const f = `{"return_code": 0, "thread": {
		"0": {"cycles": 100, "max": 250000, "histogram": {"50": 97}},
		"1": {"cycles": 100, "max": 60, "histogram": {"40": 60, "60": 40}}}}`
	d, err := parseCyclictest([]byte(f))
	if err != nil {
		t.Fatal(err)
	}
	want := rtDelays{Samples: 200, P99: 250 * time.Millisecond, P999: 250 * time.Millisecond, Max: 250 * time.Millisecond}
	if d != want {
		t.Fatalf("got %+v, want %+v", d, want)
	}
}

func TestParseCyclictestRefusesFailedRuns(t *testing.T) {
	for name, f := range map[string]string{
		"not JSON":          `cyclictest: invalid option`,
		"failed":            `{"return_code": 1, "thread": {"0": {"cycles": 1, "max": 1, "histogram": {"1": 1}}}}`,
		"no return code":    `{"thread": {"0": {"cycles": 1, "max": 1, "histogram": {"1": 1}}}}`,
		"no threads":        `{"return_code": 0, "thread": {}}`,
		"no wake-ups":       `{"return_code": 0, "thread": {"0": {"cycles": 0, "max": 0, "histogram": {}}}}`,
		"bad bucket":        `{"return_code": 0, "thread": {"0": {"cycles": 1, "max": 1, "histogram": {"x": 1}}}}`,
		"negative count":    `{"return_code": 0, "thread": {"0": {"cycles": 1, "max": 1, "histogram": {"1": -1}}}}`,
		"histogram too big": `{"return_code": 0, "thread": {"0": {"cycles": 1, "max": 1, "histogram": {"1": 2}}}}`,
	} {
		if _, err := parseCyclictest([]byte(f)); err == nil || !strings.HasPrefix(err.Error(), "rt probe: ") {
			t.Errorf("%s: got %v, want an rt probe error", name, err)
		}
	}
}

// With no --rt-probe nothing runs and nothing is reported.
func TestRTProbeOff(t *testing.T) {
	p, err := startRTProbe(t.Context(), "")
	if err != nil || p != nil {
		t.Fatalf("got %v, %v", p, err)
	}
	if d, err := p.stop(); err != nil || d != (rtDelays{}) {
		t.Fatalf("stop: got %+v, %v", d, err)
	}
}

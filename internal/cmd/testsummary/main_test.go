package main

import (
	"bytes"
	"strings"
	"testing"
)

const stream = `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestB","Output":"=== RUN   TestB\n"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: Chromium is missing\n"}
{"Action":"output","Package":"p","Test":"TestB","Output":"--- SKIP: TestB (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestB"}
{"Action":"run","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:3: boom\n"}
{"Action":"fail","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t0.1s\n"}
{"Action":"fail","Package":"p"}
{"Action":"skip","Package":"q"}
go: something that is not JSON
`

func TestSummaryPrintsFailuresAndSkips(t *testing.T) {
	var out bytes.Buffer
	s := &summary{out: &out, buf: map[string][]string{}}
	if err := s.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	if s.report(true) {
		t.Fatal("a skipped test must fail under CI")
	}
	got := out.String()
	for _, want := range []string{"c_test.go:3: boom", "FAIL\tp\t0.1s", "go: something that is not JSON",
		"1 passed, 1 failed, 1 skipped", "skipped p TestB: b_test.go:9: Chromium is missing"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "--- PASS: TestA") {
		t.Errorf("passing test output printed:\n%s", got)
	}
	if !(&summary{out: &out}).report(true) {
		t.Error("no skips must pass under CI")
	}
	if !s.report(false) {
		t.Error("skips pass outside CI")
	}
}

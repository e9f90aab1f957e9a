package main

import (
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestWithQuietSysmon(t *testing.T) {
	for _, c := range []struct {
		env, want []string
	}{
		{[]string{"HOME=/root"}, []string{"HOME=/root", "GODEBUG=" + sysmonSetting}},
		{[]string{"GODEBUG=", "A=1"}, []string{"GODEBUG=" + sysmonSetting, "A=1"}},
		{[]string{"GODEBUG=gctrace=1"}, []string{"GODEBUG=gctrace=1," + sysmonSetting}},
		{[]string{"GODEBUG=gctrace=1," + sysmonSetting}, nil},
		{[]string{"GODEBUG=schedtrace=0"}, nil},
		{[]string{"GODEBUG=schedtrace=1000,scheddetail=1"}, nil},
	} {
		if got := withQuietSysmon(c.env); !slices.Equal(got, c.want) {
			t.Errorf("withQuietSysmon(%q) = %q, want %q", c.env, got, c.want)
		}
	}
}

// serve re-executes itself once, keeping its process id, with the setting; GODEBUG's other
// settings stay, and one that chooses schedtrace is left alone.
func TestServeRunsWithQuietSysmon(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ given, want string }{
		{"", sysmonSetting},
		{"madvdontneed=1", "madvdontneed=1," + sysmonSetting},
		{"schedtrace=0", "schedtrace=0"},
	} {
		p := launchEnv(t, dataDir(t), "GODEBUG="+c.given)
		if !p.pollReady(2*time.Minute, http.StatusOK) {
			t.Fatalf("serve with GODEBUG=%q did not get ready:\n%s", c.given, p.out.String())
		}
		env, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/environ")
		if err != nil {
			t.Fatal(err)
		}
		vars := strings.Split(string(env), "\x00")
		if !slices.Contains(vars, "GODEBUG="+c.want) {
			t.Errorf("serve started with GODEBUG=%q runs with %q, want GODEBUG=%q", c.given, slices.DeleteFunc(vars, func(v string) bool { return !strings.HasPrefix(v, "GODEBUG=") }), c.want)
		}
		p.stop()
	}
}

package main

import (
	"bytes"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
)

func TestFlagsOverrideEnvironmentOverrideDefaults(t *testing.T) {
	for _, k := range []string{"COMMONPLACE_ADDR", "COMMONPLACE_DATA", "DATABASE_URL", "COMMONPLACE_LOG_FORMAT", "COMMONPLACE_LOG_LEVEL"} {
		t.Setenv(k, "")
	}
	var out, errOut bytes.Buffer
	c, err := parseConfig("serve", nil, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Data != "./data" || c.DatabaseURL != "" || c.LogFormat != "text" || c.LogLevel != "info" || c.MaxBodyBytes != 4<<20 {
		t.Fatalf("defaults: %+v", c)
	}

	t.Setenv("COMMONPLACE_ADDR", "0.0.0.0:9000")
	t.Setenv("COMMONPLACE_DATA", "/var/lib/cp")
	t.Setenv("DATABASE_URL", "postgres://env/db")
	t.Setenv("COMMONPLACE_LOG_FORMAT", "json")
	t.Setenv("COMMONPLACE_LOG_LEVEL", "debug")
	c, err = parseConfig("serve", nil, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.Data != "/var/lib/cp" || c.DatabaseURL != "postgres://env/db" || c.LogFormat != "json" || c.LogLevel != "debug" {
		t.Fatalf("environment: %+v", c)
	}

	c, err = parseConfig("serve", []string{"--addr", ":1", "--data", "d", "--database-url", "postgres://flag/db",
		"--log-format", "text", "--log-level", "warn", "--max-body", "10"}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":1" || c.Data != "d" || c.DatabaseURL != "postgres://flag/db" || c.LogFormat != "text" || c.LogLevel != "warn" || c.MaxBodyBytes != 10 {
		t.Fatalf("flags over environment: %+v", c)
	}
}

func TestBadValuesAreRefusedClearly(t *testing.T) {
	t.Setenv("COMMONPLACE_LOG_LEVEL", "")
	t.Setenv("COMMONPLACE_LOG_FORMAT", "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--log-level", "loud"}, `invalid --log-level "loud": use debug, info, warn or error`},
		{[]string{"--log-format", "xml"}, `invalid --log-format "xml"`},
		{[]string{"--max-body", "-1"}, "invalid --max-body"},
		{[]string{"--trusted-proxies", "10.0.0.0/8,proxy.example"}, `invalid --trusted-proxies: trusted proxy "proxy.example" is not an IP address or CIDR range`},
		{[]string{"--signups-per-hour", "-5"}, "invalid --signups-per-hour"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var out, errOut bytes.Buffer
		_, err := parseConfig("serve", tc.args, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	t.Setenv("COMMONPLACE_LOG_LEVEL", "verbose")
	var out, errOut bytes.Buffer
	if _, err := parseConfig("migrate", nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), `"verbose"`) {
		t.Errorf("bad level from the environment: %v", err)
	}
	if _, err := parseConfig("backup", []string{"--log-level", "info"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "exactly one FILE") {
		t.Errorf("backup without a file: %v", err)
	}
	c, err := parseConfig("restore", []string{"--log-level", "info", "--replace", "b.dump"}, &out, &errOut)
	if err != nil || c.File != "b.dump" || !c.Replace {
		t.Errorf("restore flags: %+v, %v", c, err)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}}
	}
	for _, tc := range []struct {
		ldflags string
		bi      *debug.BuildInfo
		want    string
	}{
		{"1.4.0", vcs("0123456789abcdef0123", "true"), "1.4.0"},
		{"dev", vcs("0123456789abcdef0123", "false"), "dev-0123456789ab"},
		{"dev", vcs("0123456789abcdef0123", "true"), "dev-0123456789ab-modified"},
		{"dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.3.1"}}, "v0.3.1"},
		{"dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"dev", nil, "dev"},
	} {
		if got := versionFrom(tc.ldflags, tc.bi); got != tc.want {
			t.Errorf("versionFrom(%q, …) = %q, want %q", tc.ldflags, got, tc.want)
		}
	}
}

// TestBinaryHelpAndVersion runs the built binary: help exits 0 on stdout,
// and the version is the commit `go version -m` says it was built from.
func TestBinaryHelpAndVersion(t *testing.T) {
	t.Parallel()
	bin := binary(t)
	for _, args := range [][]string{{"--help"}, {"help"}, {"serve", "--help"}, {"serve", "-h"}, {"backup", "-h"}, {"restore", "--help"}, {"migrate", "-help"}} {
		cmd := exec.Command(bin, args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("commonplace %v: %v\n%s", args, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "usage: commonplace") {
			t.Errorf("commonplace %v printed no usage on stdout: %q", args, stdout.String())
		}
	}
	out, err := exec.Command(bin, "serve", "--log-level", "loud").CombinedOutput()
	if code := exitCode(err); code != 1 || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 || !strings.Contains(string(out), "invalid --log-level") {
		t.Errorf("bad --log-level: exit %d, %q", code, out)
	}

	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Go stamps the main module's version from the commit of a clone
	// ("mod … v0.0.0-20261130…-0123456789ab[+dirty]"), and the commit itself
	// ("build vcs.revision=0123…"); a worktree or a tarball has neither, and
	// the version is plain "dev".
	want := "commonplace dev"
	if mv := modVersion(string(info)); mv != "" && mv != "(devel)" {
		want = "commonplace " + mv
	} else if rev, ok := buildSetting(string(info), "vcs.revision"); ok {
		want += "-" + rev[:12]
		if m, _ := buildSetting(string(info), "vcs.modified"); m == "true" {
			want += "-modified"
		}
	}
	if strings.TrimSpace(string(got)) != want {
		t.Errorf("version = %q, want %q (from go version -m)", strings.TrimSpace(string(got)), want)
	}
}

// modVersion is the main module's version in `go version -m` output.
func modVersion(info string) string {
	for _, line := range strings.Split(info, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "mod" {
			return f[2]
		}
	}
	return ""
}

func buildSetting(info, key string) (string, bool) {
	for _, line := range strings.Split(info, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], key+"=") {
			return strings.TrimPrefix(f[1], key+"="), true
		}
	}
	return "", false
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func TestExposureFlags(t *testing.T) {
	for _, k := range []string{"COMMONPLACE_METRICS_ADDR", "COMMONPLACE_TRUSTED_PROXIES", "COMMONPLACE_SIGNUPS_PER_HOUR"} {
		t.Setenv(k, "")
	}
	var out, errOut bytes.Buffer
	c, err := parseConfig("serve", nil, &out, &errOut)
	if err != nil || c.MetricsAddr != "" || c.TrustedProxies != "" || c.SignupsPerHour != 20 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	t.Setenv("COMMONPLACE_METRICS_ADDR", "127.0.0.1:9464")
	t.Setenv("COMMONPLACE_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
	t.Setenv("COMMONPLACE_SIGNUPS_PER_HOUR", "60")
	if c, err = parseConfig("serve", nil, &out, &errOut); err != nil || c.MetricsAddr != "127.0.0.1:9464" || c.SignupsPerHour != 60 ||
		strings.Join(splitList(c.TrustedProxies), "|") != "127.0.0.1|10.0.0.0/8" {
		t.Fatalf("environment: %+v %v", c, err)
	}
	if c, err = parseConfig("serve", []string{"--metrics-addr", ":9", "--trusted-proxies", "::1", "--signups-per-hour", "5"}, &out, &errOut); err != nil ||
		c.MetricsAddr != ":9" || c.TrustedProxies != "::1" || c.SignupsPerHour != 5 {
		t.Fatalf("flags: %+v %v", c, err)
	}
	if a := appConfig(c, nil, app.MailConfig{}); a.SignupBurstAddress != 5 || a.SignupInterval != 12*time.Minute {
		t.Errorf("app config: %+v", a)
	}
}

package main

import (
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…"; when it
// is not, buildVersion derives one from what the Go toolchain stamped.
var version = "dev"

// buildVersion is the version the binary reports (`version`, /healthz, logs).
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionFrom(version, bi)
}

// versionFrom prefers the -ldflags version, then the module version Go
// stamps (a tag, or from a clone a pseudo-version naming the commit, with
// "+dirty" for uncommitted changes), then the commit from the VCS settings
// (marked "-modified"), so that a running service always says which code it
// is.
func versionFrom(ldflags string, bi *debug.BuildInfo) string {
	if ldflags != "dev" && ldflags != "" {
		return ldflags
	}
	if bi == nil {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "dev-" + rev
	if modified == "true" {
		v += "-modified"
	}
	return v
}

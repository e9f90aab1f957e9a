// Package testenv is how tests ask for what lies outside the repository (a
// browser, a schema in ../shared, a command-line tool): a missing part skips
// the test on a developer's machine and fails it under CI=true, so that a
// suite can never pass in CI by skipping.
package testenv

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// CI reports whether the tests run in CI, where nothing may be skipped.
func CI() bool { return os.Getenv("CI") == "true" }

// Need skips t (fails it under CI) when err says a part is missing; what
// names the part and how to get it.
func Need(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if CI() {
		t.Fatalf("%s is required under CI: %v", what, err)
	}
	t.Skipf("%s is missing: %v", what, err)
}

// Shared returns the path of rel inside the shared folder beside the
// repository (../shared from the module root), which holds schemas and
// traces too large or foreign to vendor. A missing file skips t, or fails
// it under CI.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(filepath.Dir(root), "shared", rel)
	_, err = os.Stat(p)
	Need(t, "../shared/"+rel+" (the shared folder beside the repository)", err)
	return p
}

// moduleRoot walks up from the working directory (a package folder while
// tests run) to the folder holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("testenv: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Package formatcheck checks exported files with the real tools and parsers a reader's
// software uses: epubcheck for EPUB, xmllint with the IMS schemas for Common Cartridge
// manifests, the HTML5 tree builder for web pages. Test support only: a missing tool skips
// the test on a developer's machine and fails it under CI=true (the Makefile installs them).
package formatcheck

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/internal/testenv"
)

// NeedTool finds a real tool a test runs (a path or a name on PATH).
func NeedTool(t testing.TB, path, hint string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	_, err := exec.LookPath(path)
	testenv.Need(t, path+" ("+hint+")", err)
}

// schemaDir is export/testdata/cc, where the IMS schemas are kept unchanged.
func schemaDir() string {
	return filepath.Join(sourceDir(), "..", "..", "export", "testdata", "cc")
}

// sourceDir is this package's folder in the source tree.
func sourceDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// CCManifest checks imsmanifest.xml against the IMS schemas of version ("v1p1" or "v1p3")
// with xmllint. The schemas are copied to a temporary folder with their imports pointed at the
// local copies (they name remote or repository-relative locations), and xmllint runs --nonet.
func CCManifest(t testing.TB, version string, manifest []byte) {
	t.Helper()
	NeedTool(t, "xmllint", "make deps-xmllint (Debian package libxml2-utils)")
	src := filepath.Join(schemaDir(), version)
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	loc := regexp.MustCompile(`schemaLocation\s*=\s*"[^"]*?([A-Za-z0-9_]+\.xsd)"`)
	var main string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".xsd") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		local := loc.ReplaceAll(data, []byte(`schemaLocation="$1"`))
		if e.Name() == "xml.xsd" { // the W3C schema's own imports are documentation only
			local = data
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), local, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(e.Name(), "imscp_v1p2") {
			main = filepath.Join(dir, e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "xml.xsd")); err != nil { // 1.3 imports it from the W3C
		data, err := os.ReadFile(filepath.Join(schemaDir(), "v1p1", "xml.xsd"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "xml.xsd"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mf := filepath.Join(dir, "imsmanifest.xml")
	if err := os.WriteFile(mf, manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", main, mf).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint %s: %v\n%s\n--- manifest\n%s", version, err, out, manifest)
	}
}

// Unzip reads an archive into a map of names to contents.
func Unzip(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

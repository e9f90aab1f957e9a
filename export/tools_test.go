package export

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/internal/lessons"
	"github.com/commonplace/commonplace/markdown"
)

// needTool finds a real tool a test runs; without it the test fails under CI and is skipped
// elsewhere (the Makefile's deps-* targets install it).
func needTool(t *testing.T, path, hint string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if _, err := exec.LookPath(path); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing: %s", path, hint)
	}
	t.Skipf("%s is missing: %s", path, hint)
}

const epubcheckJar = "/usr/share/java/epubcheck.jar"

// epubcheck runs the real epubcheck and fails the test on any error or warning.
func epubcheck(t *testing.T, name string, data []byte) {
	t.Helper()
	needTool(t, epubcheckJar, "make deps-epubcheck (Debian package epubcheck)")
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// Quick-start flags: the checks are short runs, where the JVM's optimising compiler and
	// parallel collector cost more than they save (12 s → 4 s a book on a loaded machine).
	out, err := exec.Command("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", epubcheckJar, path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No errors or warnings detected") {
		t.Errorf("epubcheck %s: %v\n%s", name, err, out)
	}
}

// validateManifest checks imsmanifest.xml against the IMS schemas with xmllint. The schemas
// are copied to a temporary folder with their imports pointed at the local copies (they name
// remote or repository-relative locations), and xmllint runs with --nonet.
func validateManifest(t *testing.T, version string, manifest []byte) {
	t.Helper()
	needTool(t, "xmllint", "make deps-xmllint (Debian package libxml2-utils)")
	src := filepath.Join("testdata", "cc", version)
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
		data, err := os.ReadFile(filepath.Join("testdata", "cc", "v1p1", "xml.xsd"))
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

// corpus loads the real lessons as documents.
func corpus(t testing.TB) ([]interchange.Document, []lessons.Lesson) {
	t.Helper()
	docs, ls, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	return docs, ls
}

func newExporter() *Exporter { return New(markdown.New()) }

// unzip reads an archive into a map of names to contents.
func unzip(t *testing.T, data []byte) map[string][]byte {
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

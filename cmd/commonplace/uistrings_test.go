package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The interface's catalogues go out and come back through the command:
// export gives a PO every tool reads, import stores it unchanged, check
// finds nothing missing, and a file in another language is refused.
func TestUIStringsRoundTrip(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	po := filepath.Join(root, "i18n", "po")
	if err := os.MkdirAll(po, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..", "i18n", "po")
	names, _ := filepath.Glob(filepath.Join(src, "*.po*"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(po, filepath.Base(n)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	exported := filepath.Join(root, "ar-export.po")
	if err := uiStrings([]string{"export", "ar", exported, "--root", root}, &out); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(po, "ar.po"))
	if err := uiStrings([]string{"import", "ar", exported, "--root", root}, &out); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(po, "ar.po"))
	if !bytes.Equal(before, after) {
		t.Error("export then import changed ar.po")
	}
	if err := uiStrings([]string{"check", "--root", root}, &out); err != nil || !strings.Contains(out.String(), "every catalogue is complete") {
		t.Errorf("check: %v\n%s", err, out.String())
	}
	if err := uiStrings([]string{"import", "fr", exported, "--root", root}, &out); err == nil || !strings.Contains(err.Error(), "not fr") {
		t.Errorf("an Arabic file imported as French: %v", err)
	}
}

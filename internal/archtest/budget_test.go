package archtest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serverBudget is issue 8's ceiling on package server (non-test lines): the
// JSON API, live sockets and the route table. Pages belong in server/web and
// shared plumbing in server/httpx; a server that grows past this is taking
// work that belongs elsewhere (see docs/decisions.md, "Two HTTP adapters").
const serverBudget = 4500

func TestServerLineBudget(t *testing.T) {
	files, err := filepath.Glob("../../server/*.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines += bytes.Count(b, []byte("\n"))
	}
	if len(files) == 0 || lines == 0 {
		t.Fatal("no server sources found: did the package move?")
	}
	if lines >= serverBudget {
		t.Errorf("package server holds %d non-test lines, over its budget of %d: move pages to server/web, shared plumbing to server/httpx", lines, serverBudget)
	}
	t.Logf("package server: %d non-test lines (budget %d)", lines, serverBudget)
}

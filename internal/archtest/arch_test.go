// Package archtest keeps the dependency rules of DESIGN.md §2 true: domain
// packages never reach HTTP, SQL or the adapters; only store speaks SQL and
// only server speaks HTTP (echo, websocket).
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/commonplace/commonplace"

type pkg struct {
	ImportPath string
	Deps       []string // transitive
	Imports    []string // direct
}

func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Deps,Imports", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(out)
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = p
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	return pkgs
}

func TestImportRules(t *testing.T) {
	pkgs := listPackages(t)
	forbiddenInDomain := []string{
		module + "/server", module + "/store", module + "/cmd",
		"github.com/labstack/echo", "github.com/jackc/pgx", "github.com/gorilla/websocket", "net/http",
	}
	rules := map[string][]string{}
	for _, domain := range []string{"collab", "collab/hub", "versioning", "translation", "license", "resource", "auth", "markdown"} {
		rules[domain] = forbiddenInDomain
	}
	// store speaks SQL, never HTTP.
	rules["store"] = []string{module + "/server", "github.com/labstack/echo", "github.com/gorilla/websocket", "net/http"}
	checked := 0
	for p, bad := range rules {
		info, ok := pkgs[p]
		if !ok {
			continue
		}
		d := info.Deps
		checked++
		for _, dep := range d {
			for _, b := range bad {
				if dep == b || strings.HasPrefix(dep, b+"/") {
					t.Errorf("%s imports %s (DESIGN.md §2 forbids it)", p, dep)
				}
			}
		}
	}
	if checked < 6 {
		t.Fatalf("only %d packages checked: go list output changed?", checked)
	}
	// Only store imports pgx; only server imports echo or websocket.
	for p, info := range pkgs {
		for _, dep := range info.Imports {
			if strings.HasPrefix(dep, "github.com/jackc/pgx") && !allowed(p, "store", "internal/pgtest", "cmd/") {
				t.Errorf("%s imports %s: only store speaks SQL", p, dep)
			}
			if (strings.HasPrefix(dep, "github.com/labstack/echo") || strings.HasPrefix(dep, "github.com/gorilla/websocket")) && !allowed(p, "server", "cmd/") {
				t.Errorf("%s imports %s: only server speaks HTTP", p, dep)
			}
		}
	}
}

func allowed(p string, prefixes ...string) bool {
	for _, pre := range prefixes {
		if p == pre || strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

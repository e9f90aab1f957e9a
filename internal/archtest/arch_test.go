// Package archtest keeps the dependency rules of DESIGN.md §2 true: domain
// packages never reach the application layer, HTTP, SQL or the adapters;
// the application layer (app) never reaches HTTP; the HTTP adapter (server)
// never reaches SQL; only store speaks SQL and only the adapters speak HTTP:
// server (JSON API, live sockets, the route table), server/web (the pages)
// and server/httpx (the plumbing both share).
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

// rule forbids a package some imports: transitively (nothing it builds on
// may reach them) or only directly (it must go through another layer).
type rule struct {
	forbidden []string
	direct    bool
}

// layerRules are DESIGN.md §2's rules, package by package.
func layerRules() map[string]rule {
	forbiddenInDomain := []string{
		module + "/app", module + "/server", module + "/store", module + "/cmd",
		"github.com/labstack/echo", "github.com/jackc/pgx", "github.com/gorilla/websocket", "net/http",
	}
	rules := map[string]rule{}
	for _, domain := range domainPackages {
		rules[domain] = rule{forbidden: forbiddenInDomain}
	}
	// store speaks SQL, never HTTP, and knows nothing of the use cases.
	rules["store"] = rule{forbidden: []string{module + "/app", module + "/server", "github.com/labstack/echo", "github.com/gorilla/websocket", "net/http"}}
	// The application layer decides who may see and do what; it never speaks HTTP.
	rules["app"] = rule{forbidden: []string{module + "/server", module + "/cmd", "github.com/labstack/echo", "github.com/gorilla/websocket", "net/http"}}
	// mail speaks SMTP and knows nothing of the use cases, SQL or HTTP.
	rules["mail"] = rule{forbidden: []string{module + "/app", module + "/server", module + "/store", module + "/cmd",
		"github.com/labstack/echo", "github.com/jackc/pgx", "net/http"}}
	// The HTTP adapter calls use cases; it never reaches the database itself.
	rules["server"] = rule{forbidden: []string{module + "/store", "github.com/jackc/pgx"}, direct: true}
	// The pages adapter is mounted by server, never the other way round.
	rules["server/web"] = rule{forbidden: []string{module + "/store", "github.com/jackc/pgx"}, direct: true}
	// The shared plumbing and the JSON shapes are leaves under both adapters.
	rules["server/httpx"] = rule{forbidden: []string{module + "/store", "github.com/jackc/pgx", module + "/server/web"}, direct: true}
	rules["server/wire"] = rule{forbidden: []string{module + "/store", "github.com/jackc/pgx", module + "/server/web", module + "/server/httpx",
		"github.com/labstack/echo", "github.com/gorilla/websocket", "net/http"}, direct: true}
	return rules
}

// violations lists every import that breaks the rules, and how many of
// the ruled packages were found.
func violations(pkgs map[string]pkg, rules map[string]rule) (out []string, checked int) {
	for p, r := range rules {
		info, ok := pkgs[p]
		if !ok {
			continue
		}
		deps := info.Deps
		if r.direct {
			deps = info.Imports
		}
		checked++
		for _, dep := range deps {
			for _, b := range r.forbidden {
				if dep == b || strings.HasPrefix(dep, b+"/") {
					out = append(out, p+" imports "+dep+" (DESIGN.md §2 forbids it)")
				}
			}
		}
	}
	// Only store imports pgx; only the HTTP adapters import echo or websocket.
	for p, info := range pkgs {
		for _, dep := range info.Imports {
			if strings.HasPrefix(dep, "github.com/jackc/pgx") && !allowed(p, "store", "internal/pgtest", "cmd/") {
				out = append(out, p+" imports "+dep+": only store speaks SQL")
			}
			if (strings.HasPrefix(dep, "github.com/labstack/echo") || strings.HasPrefix(dep, "github.com/gorilla/websocket")) && !speaksHTTP(p) {
				out = append(out, p+" imports "+dep+": only server, server/web and server/httpx speak HTTP")
			}
		}
	}
	return out, checked
}

func TestImportRules(t *testing.T) {
	rules := layerRules()
	bad, checked := violations(listPackages(t), rules)
	for _, v := range bad {
		t.Error(v)
	}
	if checked != len(rules) {
		t.Fatalf("only %d of %d ruled packages found: go list output changed?", checked, len(rules))
	}
}

// TestImportRulesCatch proves the rules bite: each broken layering below
// must be reported.
func TestImportRulesCatch(t *testing.T) {
	cases := map[string]pkg{
		"server":       {Imports: []string{module + "/store"}, Deps: []string{module + "/store"}},
		"app":          {Imports: []string{"github.com/labstack/echo/v4"}, Deps: []string{"github.com/labstack/echo/v4", "net/http"}},
		"versioning":   {Imports: []string{"fmt"}, Deps: []string{module + "/app"}},
		"translation":  {Imports: []string{"fmt"}, Deps: []string{module + "/store", "github.com/jackc/pgx/v5"}},
		"store":        {Imports: []string{"net/http"}, Deps: []string{"net/http"}},
		"server/web":   {Imports: []string{module + "/store"}},
		"server/httpx": {Imports: []string{module + "/server/web"}},
		"server/wire":  {Imports: []string{"github.com/labstack/echo/v4"}},
	}
	for name, p := range cases {
		bad, _ := violations(map[string]pkg{name: p}, layerRules())
		if len(bad) == 0 {
			t.Errorf("%s importing %v was not reported", name, p.Imports)
		}
	}
	// And a clean server (app and domain only) passes.
	if bad, _ := violations(map[string]pkg{"server": {Imports: []string{module + "/app", "github.com/labstack/echo/v4"},
		Deps: []string{module + "/app", module + "/store"}}}, layerRules()); len(bad) != 0 {
		t.Errorf("clean server reported: %v", bad)
	}
}

// domainPackages are the pure packages at the centre.
var domainPackages = []string{"collab", "collab/hub", "versioning", "translation", "license", "resource", "auth", "markdown",
	"markdown/mathml", "interchange", "export", "importer", "media", "search", "metadata", "oai", "internal/seal", "a11ycheck",
	"i18n", "i18n/extract", "a11ytext"}

// speaksHTTP names the packages that may import echo and websocket.
func speaksHTTP(p string) bool {
	return p == "server" || p == "server/web" || p == "server/httpx" || strings.HasPrefix(p, "cmd/")
}

func allowed(p string, prefixes ...string) bool {
	for _, pre := range prefixes {
		if p == pre || strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestNamedRevisions(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	id := e.create(alice, "Fractions", "# Fractions\n\nHalves.\n", "CC-BY-4.0", "public")

	// A resource with no revision yet gets its first one on demand.
	rev := e.must(&alice, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "First draft"})
	for _, k := range []string{"id", "version", "message", "parents", "created"} {
		if _, ok := rev[k]; !ok {
			t.Errorf("revision lacks %q: %v", k, rev)
		}
	}
	if rev["message"] != "First draft" || rev["kind"] != "named" || len(rev["parents"].([]any)) != 0 {
		t.Errorf("first revision = %v", rev)
	}
	e.setContent(alice, id, "# Fractions\n\nHalves and quarters.\n")
	rev2 := e.must(&alice, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "Quarters"})
	parents := rev2["parents"].([]any)
	if len(parents) != 1 || parents[0].(map[string]any)["id"] != rev["id"] {
		t.Errorf("second revision parents = %v, want the first", parents)
	}

	st, body := e.do(nil, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "x"})
	if st != http.StatusUnauthorized {
		t.Errorf("anonymous named version: %d %v", st, body)
	}
	st, body = e.do(&bob, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "x"})
	if st != http.StatusForbidden {
		t.Errorf("outsider named version: %d %v", st, body)
	}
	st, body = e.do(&alice, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "  "})
	if st != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "message" {
		t.Errorf("empty message: %d %v", st, body)
	}

	list := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+id+"/revisions", nil)
	revs := list["revisions"].([]any)
	if len(revs) != 2 || revs[0].(map[string]any)["id"] != rev2["id"] {
		t.Fatalf("list = %v", list)
	}
	got := e.must(nil, http.StatusOK, "GET", "/api/v1/revisions/"+rev2["id"].(string), nil)
	if got["content"] != "# Fractions\n\nHalves and quarters.\n" {
		t.Errorf("revision content = %q", got["content"])
	}
	authors := got["authors"].([]any)
	if len(authors) != 1 || authors[0].(map[string]any)["name"] != alice.Name {
		t.Errorf("authors = %v", authors)
	}
	pp := got["parents"].([]any)[0].(map[string]any)
	if pp["resource"] != id || pp["resource_title"] != "Fractions" {
		t.Errorf("parent = %v", pp)
	}
}

func TestPrivateRevisionsHidden(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	id := e.create(alice, "Secret plan", "text\n", "CC-BY-4.0", "private")
	rev := e.must(&alice, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "v1"})
	for _, path := range []string{"/api/v1/revisions/" + rev["id"].(string), "/api/v1/resources/" + id + "/revisions",
		"/api/v1/resources/" + id + "/diff", "/api/v1/resources/" + id + "/blame", "/r/" + id + "/history"} {
		if st, _ := e.raw(&bob, "GET", path, nil); st != http.StatusNotFound {
			t.Errorf("outsider GET %s = %d, want 404", path, st)
		}
	}
}

func TestDiffAPIAndPages(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice := e.signup("alice")
	id := e.create(alice, "Diffs", "alpha\nbeta\ngamma\n", "CC-BY-4.0", "public")
	r1 := e.must(&alice, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "one"})["id"].(string)
	e.setContent(alice, id, "alpha\nBETA <b>\ngamma\ndelta\n")
	r2 := e.must(&alice, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "two"})["id"].(string)

	d := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+id+"/diff?from="+r1+"&to="+r2, nil)
	if d["added"].(float64) != 2 || d["removed"].(float64) != 1 || d["identical"] != false {
		t.Errorf("diff counts = %v", d)
	}
	if !strings.Contains(d["unified"].(string), "-beta\n+BETA <b>\n") {
		t.Errorf("unified = %q", d["unified"])
	}
	same := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+id+"/diff?from="+r2+"&to=current", nil)
	if same["identical"] != true {
		t.Errorf("diff with current = %v", same)
	}
	if st, _ := e.raw(nil, "GET", "/api/v1/resources/"+id+"/diff?from=nope", nil); st != http.StatusNotFound {
		t.Errorf("bad revision: %d", st)
	}

	st, page := e.raw(nil, "GET", "/r/"+id+"/diff?from="+r1+"&to="+r2, nil)
	html := string(page)
	if st != 200 || !strings.Contains(html, "<ins>") || !strings.Contains(html, "<del>") ||
		!strings.Contains(html, "Added:") || !strings.Contains(html, "Removed:") || !strings.Contains(html, "BETA &lt;b&gt;") {
		t.Errorf("diff page %d lacks ins/del with labels or escaping:\n%s", st, html)
	}
	st, page = e.raw(nil, "GET", "/r/"+id+"/history", nil)
	if st != 200 || !strings.Contains(string(page), "/r/"+id+"/diff?to="+r2) || !strings.Contains(string(page), "named version: two<") {
		t.Errorf("history page %d:\n%s", st, page)
	}
}

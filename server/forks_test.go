package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestForkCreatesDerivedResource(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	src := e.create(alice, "Photosynthesis", "# Photosynthesis\n\nLight makes sugar.\n", "CC-BY-SA-4.0", "public")
	out := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+src+"/forks",
		map[string]any{"title": "Photosynthesis for grade 5", "purpose": "simpler words"})
	srcJSON := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+src, nil)
	if out["kind"] != "fork" || out["family_id"] != srcJSON["family_id"] || out["title"] != "Photosynthesis for grade 5" ||
		out["license"] != "CC-BY-SA-4.0" || out["content"] != "# Photosynthesis\n\nLight makes sugar.\n" {
		t.Errorf("fork = %v", out)
	}
	df := out["derived_from"].(map[string]any)
	if df["resource"] != src || df["kind"] != "fork" || df["revision"] == "" || df["upstream_changes"].(float64) != 0 {
		t.Errorf("derived_from = %v", df)
	}
	if w := out["warnings"].([]any); len(w) != 0 {
		t.Errorf("warnings = %v", w)
	}
	// GET carries derived_from too, and the fork's first revision points at the source revision.
	got := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+out["id"].(string), nil)
	if got["derived_from"].(map[string]any)["revision"] != df["revision"] {
		t.Errorf("GET derived_from = %v", got["derived_from"])
	}
	revs := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+out["id"].(string)+"/revisions", nil)["revisions"].([]any)
	first := revs[0].(map[string]any)
	if first["kind"] != "fork" || first["parents"].([]any)[0].(map[string]any)["id"] != df["revision"] ||
		first["parents"].([]any)[0].(map[string]any)["resource"] != src {
		t.Errorf("fork revision = %v", first)
	}
	// The source is not listed on its own page as derived; the fork is listed on the source's page.
	_, page := e.raw(nil, "GET", "/r/"+src, nil)
	if !strings.Contains(string(page), "1 adaptation") || !strings.Contains(string(page), "Photosynthesis for grade 5") {
		t.Errorf("source page does not list its derivative:\n%s", page)
	}
	// Upstream changes are counted for the fork.
	e.setContent(alice, src, "# Photosynthesis\n\nLight and water make sugar.\n")
	got = e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+out["id"].(string), nil)
	if n := got["derived_from"].(map[string]any)["upstream_changes"].(float64); n != 1 {
		t.Errorf("upstream_changes = %v, want 1", n)
	}
	_, page = e.raw(&bob, "GET", "/r/"+out["id"].(string), nil)
	if !strings.Contains(string(page), "1 change upstream since you forked") {
		t.Errorf("fork page lacks the upstream notice:\n%s", page)
	}
}

func TestForkLicenceRules(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	nd := e.create(alice, "No changes please", "text\n", "CC-BY-ND-4.0", "public")
	sa := e.create(alice, "Share alike", "text\n", "CC-BY-SA-4.0", "public")
	by := e.create(alice, "Attribution", "text\n", "CC-BY-4.0", "public")
	priv := e.create(alice, "Private notes", "text\n", "CC-BY-4.0", "private")

	st, body := e.do(&bob, "POST", "/api/v1/resources/"+nd+"/forks", map[string]any{})
	if st != http.StatusUnprocessableEntity || errCode(body) != "license_forbids_derivatives" {
		t.Errorf("ND fork: %d %v", st, body)
	}
	if msg := body["error"].(map[string]any)["message"].(string); !strings.Contains(strings.ToLower(msg), "no") {
		t.Errorf("ND message does not say why: %q", msg)
	}
	st, body = e.do(&bob, "POST", "/api/v1/resources/"+sa+"/forks", map[string]any{"license": "CC-BY-4.0"})
	if st != http.StatusUnprocessableEntity || errCode(body) != "license_incompatible" {
		t.Fatalf("SA→BY fork: %d %v", st, body)
	}
	var allowed []string
	for _, a := range body["error"].(map[string]any)["allowed"].([]any) {
		allowed = append(allowed, a.(string))
	}
	if !slices.Contains(allowed, "CC-BY-SA-4.0") || slices.Contains(allowed, "CC-BY-4.0") {
		t.Errorf("allowed = %v", allowed)
	}
	out := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+by+"/forks", map[string]any{"license": "CC0-1.0"})
	if w := out["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "CC0") {
		t.Errorf("BY→CC0 warnings = %v", w)
	}
	st, body = e.do(&bob, "POST", "/api/v1/resources/"+by+"/forks", map[string]any{"license": "nonsense"})
	if st != http.StatusUnprocessableEntity || body["error"].(map[string]any)["field"] != "license" {
		t.Errorf("unknown licence: %d %v", st, body)
	}
	if st, _ := e.do(&bob, "POST", "/api/v1/resources/"+priv+"/forks", map[string]any{}); st != http.StatusNotFound {
		t.Errorf("outsider fork of private: %d", st)
	}
	if st, _ := e.do(nil, "POST", "/api/v1/resources/"+by+"/forks", map[string]any{}); st != http.StatusUnauthorized {
		t.Errorf("anonymous fork: %d", st)
	}

	// A fork of SA material cannot later be relicensed to BY.
	saFork := e.fork(bob, sa, nil)
	st, body = e.do(&bob, "PATCH", "/api/v1/resources/"+saFork, map[string]any{"license": "CC-BY-4.0"})
	if st != http.StatusUnprocessableEntity || errCode(body) != "license_incompatible" {
		t.Errorf("relicensing a fork: %d %v", st, body)
	}
	e.must(&bob, http.StatusOK, "PATCH", "/api/v1/resources/"+saFork, map[string]any{"title": "Renamed fork"})

	// The fork page explains why ND is not offered and shows warn reasons.
	_, page := e.raw(&bob, "GET", "/r/"+nd+"/fork", nil)
	if !strings.Contains(string(page), "Forking is not offered") || strings.Contains(string(page), `action="/r/`+nd+`/fork"`) {
		t.Errorf("ND fork page:\n%s", page)
	}
	_, page = e.raw(&bob, "GET", "/r/"+by+"/fork", nil)
	if !strings.Contains(string(page), "Not recommended") || !strings.Contains(string(page), `value="CC-BY-4.0" checked`) {
		t.Errorf("BY fork page lacks warn reasons or default:\n%s", page)
	}
}

func TestForkPageSubmit(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	sa := e.create(alice, "Share alike", "text\n", "CC-BY-SA-4.0", "public")
	// Forms: bearer requests skip CSRF, so the test posts form bodies directly.
	st, page := e.form(&bob, "/r/"+sa+"/fork", "title=Mine&license=CC-BY-4.0&language=en&visibility=public")
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, "CC-BY-SA-4.0") {
		t.Errorf("incompatible licence by form: %d\n%s", st, page)
	}
	st, page = e.form(&bob, "/r/"+sa+"/fork", "title=Mine&license=CC-BY-SA-4.0&language=en&visibility=public")
	if st != http.StatusSeeOther || !strings.HasPrefix(page, "/r/") {
		t.Fatalf("fork by form: %d %s", st, page)
	}
	got := e.must(&bob, http.StatusOK, "GET", "/api/v1"+strings.TrimSuffix(strings.Replace(page, "/r/", "/resources/", 1), "?done=created"), nil)
	if got["title"] != "Mine" || got["kind"] != "fork" {
		t.Errorf("fork made by form = %v", got)
	}
}

func TestFamilyGraphHidesPrivate(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, carol := e.signup("alice"), e.signup("bob"), e.signup("carol")
	src := e.create(alice, "Root lesson", "text\n", "CC-BY-4.0", "public")
	pub := e.fork(bob, src, map[string]any{"title": "Public fork", "language": "es"})
	secret := e.fork(bob, src, map[string]any{"title": "Secret fork title", "visibility": "private"})
	e.fork(carol, pub, map[string]any{"title": "Grandchild"})

	fam := e.must(&carol, http.StatusOK, "GET", "/api/v1/resources/"+src+"/family", nil)
	nodes, edges := fam["nodes"].([]any), fam["edges"].([]any)
	if len(nodes) != 4 || len(edges) != 3 {
		t.Fatalf("family = %v", fam)
	}
	raw := e.must(&carol, http.StatusOK, "GET", "/api/v1/resources/"+src+"/family", nil)
	for _, n := range raw["nodes"].([]any) {
		m := n.(map[string]any)
		if m["id"] == secret || strings.Contains(m["title"].(string), "Secret") {
			t.Errorf("private node leaked to an outsider: %v", m)
		}
	}
	for _, k := range []string{"id", "title", "language", "license", "kind"} {
		if _, ok := nodes[0].(map[string]any)[k]; !ok {
			t.Errorf("node lacks %s: %v", k, nodes[0])
		}
	}
	// Its owner sees it.
	own := e.must(&bob, http.StatusOK, "GET", "/api/v1/resources/"+src+"/family", nil)
	found := false
	for _, n := range own["nodes"].([]any) {
		if n.(map[string]any)["title"] == "Secret fork title" {
			found = true
		}
	}
	if !found {
		t.Errorf("owner does not see their private fork: %v", own)
	}
	st, page := e.raw(&carol, "GET", "/r/"+pub+"/family", nil)
	html := string(page)
	if st != 200 || !strings.Contains(html, "<svg") || !strings.Contains(html, `id="family-list"`) || strings.Contains(html, "Secret fork") {
		t.Errorf("family page %d:\n%s", st, html)
	}
	_, page = e.raw(nil, "GET", "/r/"+src, nil)
	if !strings.Contains(string(page), "1 adaptation") || !strings.Contains(string(page), "1 in Spanish") {
		// The private fork is not counted for anonymous readers.
		t.Errorf("source page summary:\n%s", page)
	}
}

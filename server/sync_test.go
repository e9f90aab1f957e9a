package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestSyncMergesUpstream(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	src := e.create(alice, "Água", "# Água\n\nA água ferve a 100 °C.\n\nGelo derrete.\n\nFim.\n", "CC-BY-4.0", "public")
	fork := e.fork(bob, src, map[string]any{"title": "Água (adaptação)"})

	if got := e.must(&bob, http.StatusOK, "POST", "/api/v1/resources/"+fork+"/sync", nil); got["status"] != "up_to_date" {
		t.Errorf("fresh fork sync = %v", got)
	}
	// Non-ASCII edits on both sides, on different lines: a clean merge.
	e.setContent(bob, fork, "# Água 💧\n\nA água ferve a 100 °C.\n\nGelo derrete.\n\nFim.\n")
	e.setContent(alice, src, "# Água\n\nA água ferve a 100 °C.\n\nGelo derrete ao sol. ☀️\n\nFim.\n")
	got := e.must(&bob, http.StatusOK, "POST", "/api/v1/resources/"+fork+"/sync", nil)
	if got["status"] != "merged" || got["version"] == nil {
		t.Fatalf("sync = %v", got)
	}
	want := "# Água 💧\n\nA água ferve a 100 °C.\n\nGelo derrete ao sol. ☀️\n\nFim.\n"
	if c := e.content(&bob, fork); c != want {
		t.Errorf("merged = %q, want %q", c, want)
	}
	// The merge is a revision with two parents: the fork's previous revision and the source's.
	revs := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+fork+"/revisions", nil)["revisions"].([]any)
	m := revs[0].(map[string]any)
	parents := m["parents"].([]any)
	if m["kind"] != "merge" || len(parents) != 2 || parents[0].(map[string]any)["resource"] != fork ||
		parents[1].(map[string]any)["resource"] != src {
		t.Errorf("merge revision = %v", m)
	}
	if got := e.must(&bob, http.StatusOK, "POST", "/api/v1/resources/"+fork+"/sync", nil); got["status"] != "up_to_date" {
		t.Errorf("second sync = %v", got)
	}
	df := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+fork, nil)["derived_from"].(map[string]any)
	if df["upstream_changes"].(float64) != 0 || df["synced_revision"] != parents[1].(map[string]any)["id"] {
		t.Errorf("derived_from after sync = %v", df)
	}
	// A later upstream change merges against the synced base, not the fork point.
	e.setContent(alice, src, "# Água\n\nA água ferve a 100 °C.\n\nGelo derrete ao sol. ☀️\n\nFim!\n")
	e.must(&bob, http.StatusOK, "POST", "/api/v1/resources/"+fork+"/sync", nil)
	if c := e.content(&bob, fork); c != "# Água 💧\n\nA água ferve a 100 °C.\n\nGelo derrete ao sol. ☀️\n\nFim!\n" {
		t.Errorf("second merge = %q", c)
	}
}

func TestSyncConflict(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, carol := e.signup("alice"), e.signup("bob"), e.signup("carol")
	src := e.create(alice, "Cells", "Cells are small.\n", "CC-BY-4.0", "public")
	fork := e.fork(bob, src, nil)
	e.setContent(bob, fork, "Cells are tiny.\n")
	e.setContent(alice, src, "Cells are very small units.\n")

	st, body := e.do(&bob, "POST", "/api/v1/resources/"+fork+"/sync", nil)
	if st != http.StatusConflict || errCode(body) != "merge_conflict" {
		t.Fatalf("overlapping sync: %d %v", st, body)
	}
	conflicts := body["error"].(map[string]any)["conflicts"].([]any)
	c0 := conflicts[0].(map[string]any)
	if len(conflicts) != 1 || c0["base"] != "Cells are small.\n" || c0["ours"] != "Cells are tiny.\n" || c0["theirs"] != "Cells are very small units.\n" {
		t.Errorf("conflicts = %v", conflicts)
	}
	if c := e.content(&bob, fork); c != "Cells are tiny.\n" {
		t.Errorf("fork changed by a conflicting sync: %q", c)
	}
	if st, _ := e.do(&carol, "POST", "/api/v1/resources/"+fork+"/sync", nil); st != http.StatusForbidden {
		t.Errorf("outsider sync: %d", st)
	}
	// The page offers one choice per conflict.
	_, page := e.raw(&bob, "GET", "/r/"+fork+"/sync", nil)
	if !strings.Contains(string(page), `name="take_0"`) || !strings.Contains(string(page), "Take theirs") {
		t.Errorf("sync page lacks conflict choices:\n%s", page)
	}
	// Stale resolutions are refused.
	st, body = e.do(&bob, "POST", "/api/v1/resources/"+fork+"/sync", map[string]any{"upstream": "00000000-0000-0000-0000-000000000000",
		"resolutions": []any{map[string]any{"index": 0, "take": "theirs"}}})
	if st != http.StatusConflict || errCode(body) != "stale" {
		t.Errorf("stale resolution: %d %v", st, body)
	}
	// Resolving by form: write it myself.
	upstream := body["error"] // unused; the form reads hidden fields from the page
	_ = upstream
	html := string(page)
	hidden := func(name string) string {
		i := strings.Index(html, `name="`+name+`" value="`)
		rest := html[i+len(`name="`+name+`" value="`):]
		return rest[:strings.Index(rest, `"`)]
	}
	st, loc := e.form(&bob, "/r/"+fork+"/sync", "upstream="+hidden("upstream")+"&version="+hidden("version")+
		"&conflicts=1&take_0=edit&text_0=Cells+are+tiny+units.")
	if st != http.StatusSeeOther {
		t.Fatalf("resolve by form: %d %s", st, loc)
	}
	if c := e.content(&bob, fork); c != "Cells are tiny units.\n" {
		t.Errorf("resolved = %q", c)
	}
}

func TestBlameAcrossForkAndMerge(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, rita := e.signup("alice"), e.signup("bob"), e.signup("rita")
	src := e.create(alice, "Rivers", "Rivers flow.\n\nSeas are salty.\n", "CC-BY-4.0", "public")
	e.must(&alice, http.StatusOK, "PUT", "/api/v1/resources/"+src+"/collaborators/rita", map[string]any{"role": "reviewer"})
	fork := e.fork(bob, src, nil)
	e.setContent(bob, fork, "Rivers flow.\n\nLakes are still.\n\nSeas are salty.\n")
	e.setContent(alice, src, "Rivers flow downhill.\n\nSeas are salty.\n")
	e.must(&bob, http.StatusOK, "POST", "/api/v1/resources/"+fork+"/sync", nil)

	blame := blamePieces(t, e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+fork+"/blame", nil))
	joined := strings.Join(blame, "|")
	if !strings.Contains(joined, "User Alice:Rivers flow") || !strings.Contains(joined, "User Bob:Lakes are still.") ||
		!strings.Contains(joined, "User Alice:Rivers flow downhill.") || strings.Contains(joined, "User Bob:Rivers") {
		t.Errorf("fork blame = %q", blame)
	}
	var text strings.Builder
	for _, p := range blame {
		text.WriteString(p[strings.Index(p, ":")+1:])
	}
	if text.String() != e.content(nil, fork) {
		t.Errorf("blame texts do not concatenate to the content: %q", text.String())
	}
	// Blame at the fork's first revision credits the source's author only.
	revs := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+fork+"/revisions", nil)["revisions"].([]any)
	first := revs[len(revs)-1].(map[string]any)["id"].(string)
	at := blamePieces(t, e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+fork+"/blame?revision="+first, nil))
	if len(at) != 1 || !strings.HasPrefix(at[0], "User Alice:") {
		t.Errorf("blame at fork point = %q", at)
	}

	// Merging the fork back keeps Bob's credit in the source.
	p := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Add lakes"})
	e.must(&rita, http.StatusCreated, "POST", "/api/v1/proposals/"+p["id"].(string)+"/reviews", map[string]any{"verdict": "approve"})
	e.must(&rita, http.StatusOK, "POST", "/api/v1/proposals/"+p["id"].(string)+"/merge", nil)
	srcBlame := strings.Join(blamePieces(t, e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+src+"/blame", nil)), "|")
	if !strings.Contains(srcBlame, "User Bob:Lakes are still.") || !strings.Contains(srcBlame, "User Alice:Rivers flow downhill.") ||
		strings.Contains(srcBlame, "User Rita") {
		t.Errorf("source blame after merge = %q", srcBlame)
	}
}

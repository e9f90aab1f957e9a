package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestProposalPermissionsAndMerge(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, rita, eve := e.signup("alice"), e.signup("bob"), e.signup("rita"), e.signup("eve")
	src := e.create(alice, "Volcanoes", "Volcanoes erupt.\n\nLava is hot.\n", "CC-BY-4.0", "public")
	e.must(&alice, http.StatusOK, "PUT", "/api/v1/resources/"+src+"/collaborators/rita", map[string]any{"role": "reviewer"})
	fork := e.fork(bob, src, map[string]any{"visibility": "private"})

	st, body := e.do(&bob, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Nothing"})
	if st != http.StatusUnprocessableEntity || errCode(body) != "no_changes" {
		t.Errorf("proposal without changes: %d %v", st, body)
	}
	e.setContent(bob, fork, "Volcanoes erupt.\n\nLava is very hot.\n")
	if st, _ := e.do(&eve, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "x"}); st != http.StatusNotFound {
		t.Errorf("outsider proposing from a private fork: %d", st)
	}
	p := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals",
		map[string]any{"title": "Hotter lava", "description": "More precise."})
	pid := p["id"].(string)
	if p["kind"] != "merge" || p["status"] != "open" {
		t.Errorf("proposal = %v", p)
	}
	// The private fork's proposal is visible to the source's reviewer, hidden from outsiders.
	got := e.must(&rita, http.StatusOK, "GET", "/api/v1/proposals/"+pid, nil)
	if !strings.Contains(got["diff"].(map[string]any)["unified"].(string), "+Lava is very hot.") {
		t.Errorf("proposal diff = %v", got["diff"])
	}
	if st, _ := e.do(&eve, "GET", "/api/v1/proposals/"+pid, nil); st != http.StatusNotFound {
		t.Errorf("outsider sees proposal from a private fork: %d", st)
	}
	if st, _ := e.do(nil, "GET", "/api/v1/proposals/"+pid, nil); st != http.StatusNotFound {
		t.Errorf("anonymous sees proposal from a private fork: %d", st)
	}
	// Only the source's owner, editors and reviewers review and merge.
	st, body = e.do(&bob, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "approve"})
	if st != http.StatusForbidden {
		t.Errorf("author approving own proposal: %d %v", st, body)
	}
	if st, _ := e.do(&bob, "POST", "/api/v1/proposals/"+pid+"/merge", nil); st != http.StatusForbidden {
		t.Errorf("author merging: %d", st)
	}
	st, body = e.do(&rita, "POST", "/api/v1/proposals/"+pid+"/merge", nil)
	if st != http.StatusConflict || errCode(body) != "not_approved" {
		t.Errorf("merge before approval: %d %v", st, body)
	}
	st, body = e.do(&rita, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "maybe"})
	if st != http.StatusUnprocessableEntity {
		t.Errorf("bad verdict: %d %v", st, body)
	}
	e.must(&rita, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "request_changes", "body": "Cite a source."})
	st, _ = e.do(&rita, "POST", "/api/v1/proposals/"+pid+"/merge", nil)
	if st != http.StatusConflict {
		t.Errorf("merge after changes requested: %d", st)
	}
	// The queue lists it for the reviewer, not for others.
	if q := e.must(&rita, http.StatusOK, "GET", "/api/v1/reviews", nil)["proposals"].([]any); len(q) != 1 {
		t.Errorf("rita's queue = %v", q)
	}
	if q := e.must(&eve, http.StatusOK, "GET", "/api/v1/reviews", nil)["proposals"].([]any); len(q) != 0 {
		t.Errorf("eve's queue = %v", q)
	}
	_, page := e.raw(&rita, "GET", "/reviews", nil)
	if !strings.Contains(string(page), "Hotter lava") {
		t.Errorf("review queue page:\n%s", page)
	}
	// Meanwhile the source changes elsewhere: the merge stays clean.
	e.setContent(alice, src, "Volcanoes erupt loudly.\n\nLava is hot.\n")
	r := e.must(&rita, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "approve", "body": "Good."})
	if r["proposal"].(map[string]any)["status"] != "approved" {
		t.Errorf("after approval = %v", r)
	}
	m := e.must(&rita, http.StatusOK, "POST", "/api/v1/proposals/"+pid+"/merge", nil)
	if m["status"] != "merged" {
		t.Fatalf("merge = %v", m)
	}
	if c := e.content(nil, src); c != "Volcanoes erupt loudly.\n\nLava is very hot.\n" {
		t.Errorf("merged source = %q", c)
	}
	// The merge revision names both parents to whoever may read them; the
	// public sees that the second one lives in a private resource, no more.
	rev := e.must(&bob, http.StatusOK, "GET", "/api/v1/revisions/"+m["revision"].(string), nil)
	parents := rev["parents"].([]any)
	if rev["kind"] != "merge" || len(parents) != 2 || parents[0].(map[string]any)["resource"] != src || parents[1].(map[string]any)["resource"] != fork {
		t.Errorf("merge revision = %v", rev)
	}
	rev = e.must(nil, http.StatusOK, "GET", "/api/v1/revisions/"+m["revision"].(string), nil)
	parents = rev["parents"].([]any)
	if hidden := parents[1].(map[string]any); hidden["resource"] != "" || hidden["id"] != "" || hidden["hidden"] != true || hidden["resource_title"] != "a private resource" {
		t.Errorf("the public sees the private fork's revision: %v", hidden)
	}
	st, body = e.do(&rita, "POST", "/api/v1/proposals/"+pid+"/merge", nil)
	if st != http.StatusConflict || errCode(body) != "closed" {
		t.Errorf("second merge: %d %v", st, body)
	}
}

func TestProposalMergeConflict(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	src := e.create(alice, "Stars", "Stars shine.\n", "CC-BY-4.0", "public")
	fork := e.fork(bob, src, nil)
	e.setContent(bob, fork, "Stars shine brightly.\n")
	pid := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Brighter"})["id"].(string)
	e.setContent(alice, src, "Stars shine at night.\n")
	e.must(&alice, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "approve"})
	st, body := e.do(&alice, "POST", "/api/v1/proposals/"+pid+"/merge", nil)
	if st != http.StatusConflict || errCode(body) != "merge_conflict" {
		t.Fatalf("conflicting merge: %d %v", st, body)
	}
	if c := e.content(nil, src); c != "Stars shine at night.\n" {
		t.Errorf("source changed by a conflicting merge: %q", c)
	}
	m := e.must(&alice, http.StatusOK, "POST", "/api/v1/proposals/"+pid+"/merge",
		map[string]any{"resolutions": []any{map[string]any{"index": 0, "take": "edit", "text": "Stars shine brightly at night.\n"}}})
	if m["status"] != "merged" || e.content(nil, src) != "Stars shine brightly at night.\n" {
		t.Errorf("resolved merge = %v, %q", m, e.content(nil, src))
	}
}

func TestEndorsement(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	src := e.create(alice, "Maps", "Maps show places.\n", "CC-BY-4.0", "public")
	fork := e.fork(bob, src, map[string]any{"title": "Mapas", "language": "es"})
	pid := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals",
		map[string]any{"title": "Please endorse", "kind": "endorse"})["id"].(string)
	e.must(&alice, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "approve"})
	st, body := e.do(&alice, "POST", "/api/v1/proposals/"+pid+"/merge", nil)
	if st != http.StatusConflict || errCode(body) != "not_mergeable" {
		t.Errorf("merging an endorsement: %d %v", st, body)
	}
	df := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+fork, nil)["derived_from"].(map[string]any)
	ap, ok := df["approved"].(map[string]any)
	if !ok || ap["by"].(map[string]any)["name"] != alice.Name || ap["revision"] == "" {
		t.Fatalf("approval = %v", df)
	}
	_, page := e.raw(nil, "GET", "/r/"+fork, nil)
	if !strings.Contains(string(page), "Approved by User Alice on ") || !strings.Contains(string(page), "at revision") {
		t.Errorf("fork page lacks the approval:\n%s", page)
	}
	_, page = e.raw(nil, "GET", "/r/"+src, nil)
	if !strings.Contains(string(page), "approved by this resource") {
		t.Errorf("source page does not list the approved derivative:\n%s", page)
	}
	fam := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+src+"/family", nil)
	approved := false
	for _, n := range fam["nodes"].([]any) {
		if n.(map[string]any)["id"] == fork && n.(map[string]any)["approved"] == true {
			approved = true
		}
	}
	if !approved {
		t.Errorf("family does not mark the endorsed fork: %v", fam)
	}
}

func TestProposalPages(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob := e.signup("alice"), e.signup("bob")
	src := e.create(alice, "Tides", "Tides rise.\n", "CC-BY-4.0", "public")
	fork := e.fork(bob, src, nil)
	e.setContent(bob, fork, "Tides rise and fall.\n")
	st, _ := e.form(&bob, "/r/"+fork+"/propose", "kind=merge&title=&description=")
	if st != http.StatusUnprocessableEntity {
		t.Errorf("empty title by form: %d", st)
	}
	st, loc := e.form(&bob, "/r/"+fork+"/propose", "kind=merge&title=Fall+too&description=Both+ways")
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/proposals/") {
		t.Fatalf("propose by form: %d %s", st, loc)
	}
	_, page := e.raw(&alice, "GET", loc, nil)
	if !strings.Contains(string(page), "<ins>") || !strings.Contains(string(page), `action="`+loc+`/reviews"`) {
		t.Errorf("proposal page for the reviewer:\n%s", page)
	}
	_, page = e.raw(&bob, "GET", loc, nil)
	if strings.Contains(string(page), `action="`+loc+`/reviews"`) {
		t.Errorf("the author is offered the review form")
	}
	if st, _ := e.form(&alice, loc+"/reviews", "verdict=approve&body=Fine"); st != http.StatusSeeOther {
		t.Errorf("approve by form: %d", st)
	}
	_, page = e.raw(&alice, "GET", loc, nil)
	if !strings.Contains(string(page), `id="merge-button"`) {
		t.Errorf("no merge button after approval:\n%s", page)
	}
	if st, _ := e.form(&alice, loc+"/merge", ""); st != http.StatusSeeOther {
		t.Errorf("merge by form: %d", st)
	}
	if c := e.content(nil, src); c != "Tides rise and fall.\n" {
		t.Errorf("source after merge by form = %q", c)
	}
}

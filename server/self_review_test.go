package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestReviewsAreBySomeoneElse: whoever wrote a proposal, or can edit the
// derivative it comes from, neither approves nor merges it — even when they
// are also a reviewer of the source — unless the source's owners allow
// self-review (API PATCH or the settings page).
func TestReviewsAreBySomeoneElse(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, carl := e.signup("alice"), e.signup("bob"), e.signup("carl")
	src := e.create(alice, "Volcanoes", "Volcanoes erupt.\n", "CC-BY-4.0", "public")
	// bob and carl review the source too.
	e.must(&alice, http.StatusOK, "PUT", "/api/v1/resources/"+src+"/collaborators/bob", map[string]any{"role": "editor"})
	e.must(&alice, http.StatusOK, "PUT", "/api/v1/resources/"+src+"/collaborators/carl", map[string]any{"role": "reviewer"})
	fork := e.fork(bob, src, nil)
	e.must(&bob, http.StatusOK, "PUT", "/api/v1/resources/"+fork+"/collaborators/carl", map[string]any{"role": "editor"})
	e.setContent(bob, fork, "Volcanoes erupt loudly.\n")
	pid := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Louder"})["id"].(string)

	got := e.must(&bob, http.StatusOK, "GET", "/api/v1/proposals/"+pid, nil)
	if got["can_review"] != true || got["can_approve"] != false {
		t.Errorf("the author's view: can_review %v can_approve %v", got["can_review"], got["can_approve"])
	}
	for _, who := range []vtUser{bob, carl} { // the author; an editor of the fork
		st, body := e.do(&who, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "approve"})
		if st != http.StatusConflict || errCode(body) != "self_review" {
			t.Errorf("%s approving: %d %v", who.Handle, st, body)
		}
	}
	// Comments and requests for changes are anyone's.
	e.must(&bob, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "comment", "body": "Ready."})
	_, page := e.raw(&bob, "GET", "/proposals/"+pid, nil)
	if strings.Contains(string(page), `id="verdict-approve"`) || !strings.Contains(string(page), `id="self-review"`) {
		t.Errorf("the author's proposal page offers approval:\n%s", page)
	}
	e.must(&alice, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/reviews", map[string]any{"verdict": "approve"})
	if st, body := e.do(&bob, "POST", "/api/v1/proposals/"+pid+"/merge", nil); st != http.StatusConflict || errCode(body) != "self_review" {
		t.Errorf("the author merging: %d %v", st, body)
	}
	if st, _ := e.form(&bob, "/proposals/"+pid+"/merge", ""); st != http.StatusConflict {
		t.Errorf("the author merging by form: %d", st)
	}
	e.must(&alice, http.StatusOK, "POST", "/api/v1/proposals/"+pid+"/merge", nil)

	// Endorsing one's own derivative is self-review too.
	eid := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Endorse", "kind": "endorse"})["id"].(string)
	if st, body := e.do(&bob, "POST", "/api/v1/proposals/"+eid+"/reviews", map[string]any{"verdict": "approve"}); st != http.StatusConflict || errCode(body) != "self_review" {
		t.Errorf("endorsing one's own fork: %d %v", st, body)
	}

	// Only those who may configure the source opt in.
	if st, _ := e.do(&bob, "PATCH", "/api/v1/resources/"+src, map[string]any{"allow_self_review": true}); st != http.StatusForbidden {
		t.Errorf("an editor allowing self-review: %d", st)
	}
	if r := e.must(&alice, http.StatusOK, "PATCH", "/api/v1/resources/"+src, map[string]any{"allow_self_review": true}); r["allow_self_review"] != true {
		t.Fatalf("opt in: %v", r)
	}
	e.must(&bob, http.StatusCreated, "POST", "/api/v1/proposals/"+eid+"/reviews", map[string]any{"verdict": "approve"})
	fork2 := e.fork(bob, src, nil)
	e.setContent(bob, fork2, "Volcanoes erupt very loudly.\n")
	p2 := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork2+"/proposals", map[string]any{"title": "Louder still"})["id"].(string)
	e.must(&bob, http.StatusCreated, "POST", "/api/v1/proposals/"+p2+"/reviews", map[string]any{"verdict": "approve"})
	e.must(&bob, http.StatusOK, "POST", "/api/v1/proposals/"+p2+"/merge", nil)

	// The settings page shows the choice and turns it off again.
	_, page = e.raw(&alice, "GET", "/r/"+src+"/settings", nil)
	if !strings.Contains(string(page), `name="allow_self_review" value="yes" checked`) {
		t.Errorf("settings page does not show self-review allowed:\n%s", page)
	}
	if st, loc := e.form(&alice, "/r/"+src+"/settings", "allow_self_review=no"); st != http.StatusSeeOther {
		t.Fatalf("settings form: %d %s", st, loc)
	}
	if r := e.must(&alice, http.StatusOK, "GET", "/api/v1/resources/"+src, nil); r["allow_self_review"] != false {
		t.Errorf("after the settings form: %v", r["allow_self_review"])
	}
	if st, _ := e.form(&alice, "/r/"+src+"/settings", "allow_self_review=maybe"); st != http.StatusUnprocessableEntity {
		t.Errorf("bad settings value: %d", st)
	}
}

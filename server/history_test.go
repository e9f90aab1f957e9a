package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// History you can open: numbered revisions with times and contributors, a
// page per revision, restore through the API and the page.
func TestHistoryRevisionPagesAndRestore(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, vic, eve := e.signup("alice"), e.signup("bob"), e.signup("vic"), e.signup("eve")
	id := e.create(alice, "Tides", "# Tides\n\nThe moon pulls the sea.\n", "CC-BY-4.0", "private")
	e.must(&alice, http.StatusOK, "PUT", "/api/v1/resources/"+id+"/collaborators/bob", map[string]any{"role": "editor"})
	e.must(&alice, http.StatusOK, "PUT", "/api/v1/resources/"+id+"/collaborators/vic", map[string]any{"role": "viewer"})
	first := e.must(&alice, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "draft"})
	e.setContent(bob, id, "# Tides\n\nThe moon pulls the sea twice a day.\n")
	second := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "twice"})
	if first["number"] != float64(1) || second["number"] != float64(2) || !strings.HasPrefix(second["label"].(string), "revision 2 · ") {
		t.Fatalf("numbers and labels: %v / %v", first, second)
	}
	list := e.must(&alice, http.StatusOK, "GET", "/api/v1/resources/"+id+"/revisions", nil)["revisions"].([]any)
	top := list[0].(map[string]any)
	if who := top["contributors"].([]any); len(who) != 1 || who[0].(map[string]any)["handle"] != "bob" {
		t.Errorf("contributors of revision 2 = %v", top["contributors"])
	}
	if top["url"] != "/r/"+id+"/revisions/"+top["id"].(string) {
		t.Errorf("url = %v", top["url"])
	}

	// Its page: rendered text, raw text, credit, times in <time>, a restore form for editors.
	rev1 := first["id"].(string)
	for _, path := range []string{"/r/" + id + "/revisions/" + rev1, "/r/" + id + "/revisions/1"} {
		st, page := e.raw(&bob, "GET", path, nil)
		html := string(page)
		if st != http.StatusOK {
			t.Fatalf("%s: %d", path, st)
		}
		for _, want := range []string{"Revision 1 of", `<h1 id="tides">Tides</h1>`, "The moon pulls the sea.", `id="revision-raw"`, "# Tides",
			"User Alice — 100% of the text", `data-local>`, `id="restore-button"`, "the latest is"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
	}
	if _, page := e.raw(&vic, "GET", "/r/"+id+"/revisions/1", nil); strings.Contains(string(page), "restore-button") {
		t.Error("a viewer is offered restore")
	}
	st, raw := e.raw(&vic, "GET", "/r/"+id+"/revisions/1/raw", nil)
	if st != http.StatusOK || string(raw) != "# Tides\n\nThe moon pulls the sea.\n" {
		t.Errorf("raw = %d %q", st, raw)
	}
	for _, u := range []*vtUser{nil, &eve} {
		for _, path := range []string{"/r/" + id + "/revisions/1", "/r/" + id + "/revisions/" + rev1 + "/raw", "/r/" + id + "/history"} {
			if st, page := e.raw(u, "GET", path, nil); st != http.StatusNotFound || strings.Contains(string(page), "moon") {
				t.Errorf("%s for an outsider: %d", path, st)
			}
		}
		if st, body := e.do(u, "POST", "/api/v1/revisions/"+rev1+"/restore", nil); st != http.StatusNotFound && st != http.StatusUnauthorized {
			t.Errorf("outsider restore: %d %v", st, body)
		} else if strings.Contains(strings.ToLower(body["error"].(map[string]any)["message"].(string)), "tides") {
			t.Errorf("outsider restore names the resource: %v", body)
		}
	}
	if st, _ := e.raw(&alice, "GET", "/r/"+id+"/revisions/7", nil); st != http.StatusNotFound {
		t.Errorf("revision 7: %d", st)
	}

	// History: numbers, times, contributors, the compare picker.
	_, page := e.raw(&alice, "GET", "/r/"+id+"/history", nil)
	for _, want := range []string{`id="compare"`, `name="from"`, `name="to"`, `<option value="current">`, ">revision 2</a>",
		`href="/u/bob">User Bob</a>`, "named version: twice", `<time datetime="`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("history lacks %q", want)
		}
	}
	_, page = e.raw(&alice, "GET", "/r/"+id+"/diff?from="+rev1+"&to="+second["id"].(string), nil)
	if !regexp.MustCompile(`From <strong>revision 1 “draft”</strong> \(<time datetime="[^"]+" data-local>[^<]+ UTC</time>\) to <strong>revision 2 “twice”</strong>`).Match(page) {
		t.Errorf("diff labels: %s", page[:min(len(page), 3000)])
	}

	// Restore through the API: a viewer may not, an editor may; the same text twice is a conflict.
	if st, _ := e.do(&vic, "POST", "/api/v1/revisions/"+rev1+"/restore", nil); st != http.StatusForbidden {
		t.Errorf("viewer restore: %d", st)
	}
	restored := e.must(&bob, http.StatusCreated, "POST", "/api/v1/revisions/"+rev1+"/restore", nil)
	if restored["kind"] != "restore" || restored["author"].(map[string]any)["id"] != bob.ID ||
		restored["restored_from"].(map[string]any)["number"] != float64(1) || restored["message"] != "" {
		t.Fatalf("restored = %v", restored)
	}
	if got := e.content(&alice, id); got != "# Tides\n\nThe moon pulls the sea.\n" {
		t.Fatalf("text after restore = %q", got)
	}
	blame := e.must(&alice, http.StatusOK, "GET", "/api/v1/resources/"+id+"/blame", nil)
	if p := blamePieces(t, blame); len(p) != 1 || !strings.HasPrefix(p[0], "User Alice:") {
		t.Errorf("blame after restore = %v", p)
	}
	if st, body := e.do(&bob, "POST", "/api/v1/revisions/"+rev1+"/restore", nil); st != http.StatusConflict || errCode(body) != "unchanged" {
		t.Errorf("restore twice: %d %v", st, body)
	}
	if st, _ := e.do(&bob, "POST", "/api/v1/revisions/00000000-0000-0000-0000-000000000000/restore", nil); st != http.StatusNotFound {
		t.Errorf("restore of nothing: %d", st)
	}

	// Restore through the page: back to revision 2, then to the history.
	st, loc := e.form(&alice, "/r/"+id+"/revisions/"+second["id"].(string)+"/restore", "")
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/r/"+id+"/history?done=restored#rev-") {
		t.Fatalf("page restore: %d %s", st, loc)
	}
	if got := e.content(&alice, id); !strings.Contains(got, "twice a day") {
		t.Fatalf("text after the page restore = %q", got)
	}
	st, page2 := e.form(&alice, "/r/"+id+"/revisions/"+second["id"].(string)+"/restore", "")
	if st != http.StatusConflict || !strings.Contains(page2, "nothing to restore") {
		t.Errorf("page restore of the same text: %d", st)
	}
}

func TestProposalCloseReopenAndComments(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, eve := e.signup("alice"), e.signup("bob"), e.signup("eve")
	src := e.create(alice, "Soil", "# Soil\n\nSoil holds water.\n", "CC-BY-4.0", "public")
	fork := e.fork(bob, src, nil)
	e.setContent(bob, fork, "# Soil\n\nSoil holds water and air.\n")
	p := e.must(&bob, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Air too"})
	pid := p["id"].(string)

	if st, _ := e.do(&eve, "POST", "/api/v1/proposals/"+pid+"/close", nil); st != http.StatusForbidden {
		t.Errorf("outsider close: %d", st)
	}
	closed := e.must(&alice, http.StatusOK, "POST", "/api/v1/proposals/"+pid+"/close", nil)
	if closed["status"] != "closed" || closed["closed"].(map[string]any)["by"].(map[string]any)["id"] != alice.ID {
		t.Fatalf("closed = %v", closed)
	}
	if st, body := e.do(&bob, "POST", "/api/v1/proposals/"+pid+"/close", nil); st != http.StatusConflict {
		t.Errorf("close twice: %d %v", st, body)
	}
	reopened := e.must(&bob, http.StatusOK, "POST", "/api/v1/proposals/"+pid+"/reopen", nil)
	if reopened["status"] != "open" || reopened["closed"] != nil {
		t.Fatalf("reopened = %v", reopened)
	}

	// Line comments: line 3 of the fork is the changed line.
	c := e.must(&alice, http.StatusCreated, "POST", "/api/v1/proposals/"+pid+"/comments", map[string]any{"line_new": 3, "body": "And minerals?"})
	if c["line_new"] != float64(3) || c["line_text"] != "Soil holds water and air." {
		t.Fatalf("comment = %v", c)
	}
	for _, bad := range []map[string]any{{"line_new": 0, "body": "x"}, {"line_old": -2, "body": "x"}, {"line_new": 40, "body": "x"}, {"body": ""}} {
		if st, body := e.do(&alice, "POST", "/api/v1/proposals/"+pid+"/comments", bad); st != http.StatusUnprocessableEntity {
			t.Errorf("comment %v: %d %v", bad, st, body)
		}
	}
	if st, _ := e.do(nil, "POST", "/api/v1/proposals/"+pid+"/comments", map[string]any{"body": "x"}); st != http.StatusUnauthorized {
		t.Errorf("anonymous comment: %d", st)
	}
	list := e.must(nil, http.StatusOK, "GET", "/api/v1/proposals/"+pid+"/comments", nil)["comments"].([]any)
	if len(list) != 1 {
		t.Fatalf("comments = %v", list)
	}
	if got := e.must(nil, http.StatusOK, "GET", "/api/v1/proposals/"+pid, nil)["comments"].([]any); len(got) != 1 {
		t.Errorf("proposal comments = %v", got)
	}

	// The page: the comment sits on its line; the form comments on another.
	_, page := e.raw(&bob, "GET", "/proposals/"+pid, nil)
	html := string(page)
	if !regexp.MustCompile(`and air</mark>.</ins>\s*<div class="line-comments">.*And minerals\?`).MatchString(html) {
		t.Errorf("the comment is not shown on its line: %s", html)
	}
	for _, want := range []string{`id="comment-form"`, `<option value="0-3">added line 3: Soil holds water and air.</option>`, `id="close-button"`} {
		if !strings.Contains(html, want) {
			t.Errorf("proposal page lacks %q", want)
		}
	}
	form := url.Values{"comment_line": {"1-1"}, "comment_body": {"Nice title."}}
	st, loc := e.form(&eve, "/proposals/"+pid+"/comments", form.Encode())
	if st != http.StatusSeeOther || !strings.Contains(loc, "#comment-") {
		t.Fatalf("page comment: %d %s", st, loc)
	}
	st, errPage := e.form(&eve, "/proposals/"+pid+"/comments", url.Values{"comment_line": {"9-9"}, "comment_body": {"x"}}.Encode())
	if st != http.StatusUnprocessableEntity || !strings.Contains(errPage, `id="comment_line-error"`) || strings.Contains(errPage, `id="body-error"`) {
		t.Errorf("bad line from the page: %d", st)
	}
	st, errPage = e.form(&eve, "/proposals/"+pid+"/comments", url.Values{"comment_body": {" "}}.Encode())
	if st != http.StatusUnprocessableEntity || !strings.Contains(errPage, `id="comment_body-error"`) {
		t.Errorf("empty comment from the page: %d", st)
	}
	if st, loc := e.form(&bob, "/proposals/"+pid+"/close", ""); st != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=closed") {
		t.Errorf("page close: %d %s", st, loc)
	}
	_, page = e.raw(&bob, "GET", "/proposals/"+pid, nil)
	if !strings.Contains(string(page), `id="reopen-button"`) || !strings.Contains(string(page), "Closed by User Bob") {
		t.Error("a closed proposal's page offers no reopen")
	}
	if st, _ := e.form(&eve, "/proposals/"+pid+"/reopen", ""); st != http.StatusForbidden {
		t.Errorf("outsider reopen from the page: %d", st)
	}
}

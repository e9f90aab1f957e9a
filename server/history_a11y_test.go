package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestHistoryPagesHaveNoSeriousAxeViolations runs axe-core over the pages
// of issue 11 as a signed-in owner: history, a revision, a restore, a diff
// between revisions, the family graph, a proposal with line comments and
// closed, and the live editor with someone else in it and authors shown.
func TestHistoryPagesHaveNoSeriousAxeViolations(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	axe := readAxe(t)
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	id := amina.createResource(map[string]any{"visibility": "public", "content": "# Fractions\n\nHalf is **1/2**.\n\n- one\n- two\n"})
	amina.share(id, bruno.handle(), "editor")
	must := func(st int, body map[string]any) map[string]any {
		t.Helper()
		if st/100 != 2 {
			t.Fatalf("setup: %d %v", st, body)
		}
		return body
	}
	r1 := must(amina.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "draft"}))["id"].(string)
	must(bruno.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# Fractions\n\nHalf is **1/2**. A quarter is 1/4.\n"}))
	r2 := must(bruno.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "quarters"}))["id"].(string)
	restored := must(amina.do("POST", "/api/v1/revisions/"+r1+"/restore", nil))["id"].(string)
	ar := amina.createResource(map[string]any{"visibility": "public", "language": "ar", "title": "الكسور", "content": "# الكسور\n\nالنصف.\n"})
	must(amina.do("POST", "/api/v1/resources/"+ar+"/revisions", map[string]any{"message": "أول"}))
	fork := must(bruno.do("POST", "/api/v1/resources/"+id+"/forks", map[string]any{"title": "Fractions, adapted"}))["id"].(string)
	must(bruno.do("POST", "/api/v1/resources/"+id+"/translations", map[string]any{"language": "es"}))
	must(bruno.do("PATCH", "/api/v1/resources/"+fork, map[string]any{"content": "# Fractions\n\nHalf is **1/2**.\n\n- one\n- two\n- three\n"}))
	prop := must(bruno.do("POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Three"}))["id"].(string)
	must(amina.do("POST", "/api/v1/proposals/"+prop+"/comments", map[string]any{"line_new": 6, "body": "Why three?"}))
	must(amina.do("POST", "/api/v1/proposals/"+prop+"/comments", map[string]any{"body": "Thanks for this."}))

	ctx := newBrowser(t)
	signIn(t, ctx, env, amina.id())
	check := func(path string) {
		t.Helper()
		checkAxe(t, ctx, axe, env.URL+path, "footer.site")
	}
	for _, p := range []string{"/r/" + id + "/history", "/r/" + ar + "/history", "/r/" + id + "/revisions/" + r2, "/r/" + id + "/revisions/" + restored,
		"/r/" + ar + "/revisions/1", "/r/" + id + "/diff?from=" + r1 + "&to=" + r2, "/r/" + id + "/family", "/proposals/" + prop, "/r/" + id} {
		check(p)
	}
	must(amina.do("POST", "/api/v1/proposals/"+prop+"/close", nil))
	check("/proposals/" + prop)

	// The editor, with Bruno in it too, and the authors shown.
	ws, status := dialLive(t, env.URL, bruno.token, id, "bruno-tab", -1)
	if status != http.StatusSwitchingProtocols {
		t.Fatalf("bruno's socket: %d", status)
	}
	defer ws.ws.Close()
	if err := openEditor(ctx, env.URL, sessionFor(t, env, amina.id()), id); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('#editor-peers li').length === 2`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the editor never listed Bruno: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#toggle-authors"))); err != nil {
		t.Fatal(err)
	}
	axeHere(t, ctx, axe, "/r/"+id+"/edit")
	if names, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#editor-peers"))); err != nil || !strings.Contains(names, "(you)") {
		t.Errorf("people list = %q %v", names, err)
	}
}

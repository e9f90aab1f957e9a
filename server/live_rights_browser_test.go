package server_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var liveRequests = regexp.MustCompile(`commonplace_http_requests_total\{method="GET",route="/api/v1/resources/:id/live",status="\d+"\} (\d+)`)

// liveAttempts counts the live WebSocket requests the server has seen.
func liveAttempts(t *testing.T, env *testEnv) int {
	t.Helper()
	body := env.metrics()
	n := 0
	for _, m := range liveRequests.FindAllStringSubmatch(body, -1) {
		v, _ := strconv.Atoi(m[1])
		n += v
	}
	return n
}

// In a real browser: a downgrade turns the editor read-only without a
// reconnect, and losing the right to read stops it for good (no reconnect
// loop) with a sentence saying why.
func TestLiveEditorRightsEndInBrowser(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	owner, ed := env.signup("bro"), env.signup("bre")
	id := owner.createResource(map[string]any{"content": "# Notes\n", "visibility": "private"})
	owner.share(id, ed.handle(), "editor")
	b := newBrowser(t)
	if err := openEditor(b, env.URL, sessionFor(t, env, ed.id()), id); err != nil {
		t.Fatal(err)
	}
	poll := func(expr string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(b, 20*time.Second)
		defer cancel()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
			status, _ := chromedp.Run(b, chromedp.Evaluate[string](`window.commonplaceEditor.status()`))
			t.Fatalf("waiting for %s: %v (status %q)", expr, err, status)
		}
	}
	before := liveAttempts(t, env)
	owner.share(id, ed.handle(), "viewer")
	poll(`document.querySelector('.cm-content').getAttribute('aria-readonly') === 'true'`)
	if n := liveAttempts(t, env); n != before {
		t.Fatalf("the downgrade made the editor reconnect: %d → %d live requests", before, n)
	}
	owner.do("DELETE", "/api/v1/resources/"+id+"/collaborators/"+ed.handle(), nil)
	poll(`/no longer have access/.test(window.commonplaceEditor.status())`)
	after := liveAttempts(t, env)
	time.Sleep(4 * time.Second) // a reconnect loop would try again within 1 s
	if n := liveAttempts(t, env); n != after {
		t.Fatalf("the editor keeps reconnecting: %d → %d live requests", after, n)
	}
}

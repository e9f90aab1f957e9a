package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/internal/browsertest"
)

// TestJourneyForkProposeMerge drives a real browser through the journey:
// Bob forks Alice's lesson, edits his fork, proposes it back; Alice finds it
// in her review queue, approves and merges it.
func TestJourneyForkProposeMerge(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	e := newVT(t)
	alice := e.signup("alice")
	e.signup("bob")
	src := e.create(alice, "Fractions", "# Fractions\n\nA half is one of two equal parts.\n", "CC-BY-4.0", "public")

	ctx := browsertest.New(t, 3*time.Minute) // newBrowser's budget: at CI's start the race builds of every package share the 2 cores, and 90 s ran out once

	base := e.ts.URL
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	location := func() string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(v, base)
	}
	login := func(handle string) {
		t.Helper()
		do("sign in as "+handle,
			chromedp.Navigate(base+"/login"),
			chromedp.WaitVisible(chromedp.CSS("#login")),
			chromedp.SetValue(chromedp.CSS("#login"), handle),
			chromedp.SetValue(chromedp.CSS("#password"), "correct horse battery"),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(".who")))
	}

	login("bob")
	do("fork",
		chromedp.Navigate(base+"/r/"+src),
		chromedp.Click(chromedp.CSS(`nav.actions a[href$="/fork"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/fork"]`)),
		chromedp.SetValue(chromedp.CSS("#title"), "Fractions for grade 3"),
		chromedp.Click(chromedp.CSS(`form[action$="/fork"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#resource-title")))
	if h := text("#resource-title"); h != "Fractions for grade 3" {
		t.Fatalf("after forking, page heading = %q", h)
	}
	forkPath := location()
	forkPath = forkPath[:strings.Index(forkPath+"?", "?")]
	do("edit the fork",
		chromedp.Navigate(base+forkPath+"/settings"),
		chromedp.WaitVisible(chromedp.CSS("#content")),
		chromedp.SetValue(chromedp.CSS("#content"), "# Fractions\n\nA half is one of two equal parts.\n\nA quarter is one of four.\n"),
		chromedp.Click(chromedp.CSS(`form[action$="/settings"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#resource-title")))
	do("propose",
		chromedp.Navigate(base+forkPath),
		chromedp.Click(chromedp.CSS(`nav.actions a[href$="/propose"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/propose"]`)),
		chromedp.SetValue(chromedp.CSS("#title"), "Add quarters"),
		chromedp.SetValue(chromedp.CSS("#description"), "Grade 3 needs quarters too."),
		chromedp.Click(chromedp.CSS(`form[action$="/propose"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#proposal-status")))
	do("sign out",
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(".who")))

	login("alice")
	do("approve",
		chromedp.Navigate(base+"/reviews"),
		chromedp.Click(chromedp.CSS(`#review-queue a`)),
		chromedp.WaitVisible(chromedp.CSS("#verdict-approve")),
		chromedp.Click(chromedp.CSS("#verdict-approve")),
		chromedp.SetValue(chromedp.CSS("#body"), "Lovely."),
		chromedp.Click(chromedp.CSS(`form[action$="/reviews"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#merge-button")))
	do("merge",
		chromedp.Click(chromedp.CSS("#merge-button")),
		chromedp.WaitNotPresent(chromedp.CSS("#merge-button")))
	status := text("#proposal-status")
	do("open the source", chromedp.Navigate(base+"/r/"+src), chromedp.WaitVisible(chromedp.CSS("#content")))
	content := text("#content")
	if status != "merged" {
		t.Errorf("proposal status = %q", status)
	}
	if !strings.Contains(content, "A quarter is one of four.") {
		t.Errorf("source after merge = %q", content)
	}
	if got := e.content(nil, src); got != "# Fractions\n\nA half is one of two equal parts.\n\nA quarter is one of four.\n" {
		t.Errorf("source text = %q", got)
	}
}

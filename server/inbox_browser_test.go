package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/internal/smtptest"
)

// browserSignIn signs a browser in through the sign-in page.
func browserSignIn(t *testing.T, env *testEnv, ctx context.Context, login, password string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.SetValue(chromedp.CSS("#login"), login),
		chromedp.SetValue(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".who"))); err != nil {
		t.Fatalf("sign in as %s: %v", login, err)
	}
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

// TestJourneyProposalNotifiedReviewedFromInboxAndMerged: Amina is on her
// page when Bob proposes a change to her lesson; the bell counts it without
// a reload, she opens it from her inbox, approves and merges it, and Bob's
// bell counts the review and the merge.
func TestJourneyProposalNotifiedReviewedFromInboxAndMerged(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	amina, bob := env.signup("amina"), env.signup("bob")
	ctx := newBrowser(t)
	browserSignIn(t, env, ctx, "amina", passwordOf("amina"))
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/me"), chromedp.WaitReady(chromedp.CSS("footer.site"))); err != nil {
		t.Fatal(err)
	}
	if hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('inbox-count').hidden`)); err != nil || !hidden {
		t.Fatalf("the bell counts something before anything happened: %v %v", hidden, err)
	}

	src, _, pid := forkAndPropose(t, amina, bob)

	// The page comes back into view: the bell shows the fork and the proposal.
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('focus'))`),
		chromedp.WaitVisible(chromedp.CSS("#inbox-count"))); err != nil {
		t.Fatalf("the bell did not change: %v", err)
	}
	if got := textOf(t, ctx, "#inbox-count .count"); got != "2" {
		t.Errorf("bell count %q, want 2", got)
	}
	if got := strings.Join(strings.Fields(textOf(t, ctx, "#inbox-link")), " "); !strings.HasSuffix(got, "Inbox 2 unread") {
		t.Errorf("the bell's accessible text %q", got)
	}

	// From the inbox to the proposal, reviewed and merged.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#inbox-link")),
		chromedp.WaitVisible(chromedp.CSS("#notifications")),
		chromedp.Click(chromedp.CSS(`#notifications a[href^="/notifications/"]`)), // newest first: the proposal
		chromedp.WaitVisible(chromedp.CSS("#proposal-status")),
	); err != nil {
		t.Fatal(err)
	}
	if url, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(url, "/proposals/"+pid) {
		t.Fatalf("the notification led to %s", url)
	}
	if got := textOf(t, ctx, "#inbox-count .count"); got != "1" {
		t.Errorf("bell after opening the proposal %q, want 1", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#verdict-approve")),
		chromedp.Submit(chromedp.CSS("#body")),
		chromedp.WaitVisible(chromedp.CSS("#approval")),
		chromedp.Click(chromedp.CSS("#merge-button")),
		chromedp.WaitNotPresent(chromedp.CSS("#merge-button")),
	); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/proposals/"+pid), chromedp.WaitVisible(chromedp.CSS("#proposal-status"))); err != nil {
		t.Fatal(err)
	}
	if got := textOf(t, ctx, "#proposal-status"); got != "merged" {
		t.Errorf("proposal status %q", got)
	}
	st, body := amina.do("GET", "/api/v1/resources/"+src, nil)
	if st != 200 || !strings.Contains(body["content"].(string), "one of two equal parts") {
		t.Errorf("merged text: %d %v", st, body["content"])
	}
	// Bob hears of the review and the merge.
	_, b := bob.do("GET", "/api/v1/notifications", nil)
	kinds := []string{}
	for _, n := range b["notifications"].([]any) {
		kinds = append(kinds, n.(map[string]any)["kind"].(string))
	}
	if b["unread"].(float64) != 2 || strings.Join(kinds, ",") != "proposal_merged,proposal_reviewed" {
		t.Errorf("bob's notifications: %v %v", b["unread"], kinds)
	}
}

// TestInboxSetsTitlesApart: Bob reads his inbox in English; Amina's lesson has an Arabic title
// ending in a number in parentheses. The title is its own bidi isolate, in Arabic, so the
// English sentence's closing quote and full stop stay right of it. Left in the sentence's run,
// they sit between the title's number and the date after the link, and the bidi algorithm
// pulls them into the Arabic run, left of the title's end.
func TestInboxSetsTitlesApart(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	amina, _ := env.signup("amina"), env.signup("bob")
	const title = "البراكين (الجزء 2)"
	st, r := amina.do("POST", "/api/v1/resources", map[string]any{"title": title, "language": "ar", "license": "CC-BY-4.0",
		"content": "# البراكين\n\nتثور البراكين.\n", "visibility": "public"})
	if st != 201 {
		t.Fatalf("create: %d %v", st, r)
	}
	if st, b := amina.do("PUT", "/api/v1/resources/"+r["id"].(string)+"/collaborators/bob", map[string]any{"role": "editor"}); st != 200 {
		t.Fatalf("make bob an editor: %d %v", st, b)
	}
	ctx := newBrowser(t)
	browserSignIn(t, env, ctx, "bob", passwordOf("bob"))
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/inbox"), chromedp.WaitVisible(chromedp.CSS("#notifications"))); err != nil {
		t.Fatal(err)
	}
	type layout struct {
		Lang, Dir, Bidi, Text, Link string
		Right, Quote                float64 // x of the title's right edge and of the closing quote
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(() => {
		const s = document.querySelector('#notifications a span[lang]');
		if (!s) return {};
		const after = s.nextSibling, quote = document.createRange();
		quote.setStart(after, 0); quote.setEnd(after, 1);
		return {Lang: s.lang, Dir: s.dir, Bidi: getComputedStyle(s).unicodeBidi, Text: s.textContent,
			Link: s.closest('a').textContent.trim(), Right: s.getBoundingClientRect().right, Quote: quote.getBoundingClientRect().left};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Lang != "ar" || got.Dir != "rtl" || got.Bidi != "isolate" || got.Text != title {
		t.Fatalf("the title's element: %+v", got)
	}
	if got.Link != "Amina made you editor of “"+title+"”." {
		t.Errorf("the sentence %q", got.Link)
	}
	if got.Quote < got.Right-0.5 {
		t.Errorf("the closing quote (x=%.1f) is drawn inside the title (right edge x=%.1f)", got.Quote, got.Right)
	}
	if isolated, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#notifications a bdi')?.textContent`)); err != nil || isolated != "Amina" {
		t.Errorf("the name is not set apart: %q %v", isolated, err)
	}
}

// TestJourneyPasswordResetThroughSMTP: Bruno forgot his password; the link
// arrives at a real SMTP server, he sets a new password, his other sessions
// end, and he signs in with the new one.
func TestJourneyPasswordResetThroughSMTP(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	srv := smtptest.Start(t)
	env := newEnv(t, withSMTP(t, srv))
	bruno := env.signup("bruno")
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.Click(chromedp.CSS(`a[href="/forgot-password"]`)),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "bruno@example.org"),
		chromedp.Submit(chromedp.CSS("#email")),
		chromedp.WaitVisible(chromedp.CSS("#reset-sent")),
	); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Wait(15*time.Second, resetMailTo("bruno@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	m := resetLinkRE.FindStringSubmatch(got.Text)
	if m == nil {
		t.Fatalf("no link in the mail:\n%s", got.Text)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+m[1]),
		chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#password"), "a fresh start in spring"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	if got := textOf(t, ctx, ".flash"); !strings.Contains(got, "signed out everywhere") {
		t.Errorf("flash %q", got)
	}
	if st, _ := bruno.do("GET", "/api/v1/me", nil); st != 401 {
		t.Errorf("the token from before the reset: %d", st)
	}
	// The link works once.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+m[1]), chromedp.WaitVisible(chromedp.CSS("#reset-expired"))); err != nil {
		t.Errorf("a used link: %v", err)
	}
	browserSignIn(t, env, ctx, "bruno", "a fresh start in spring")
}

package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccountJourney: bruno, an editor of amina's public lesson, has
// it open in an editor from another browser. In Chromium he changes his
// password on the account page: the other browser is signed out and its
// editor connection closes at once. Then he deletes his account, choosing
// to be credited as "former member": the lesson's credit says so and no
// longer names him. axe checks the account page (with and without
// errors), the deletion page and a person's page.
func TestBrowserAccountJourney(t *testing.T) {
	axe := readAxe(t)
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	id := amina.createResource(map[string]any{"title": "Tides", "visibility": "public"})
	amina.share(id, "bruno", "editor")
	if st, body := bruno.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# Tides\n\nBruno explains the moon.\n"}); st != http.StatusOK {
		t.Fatalf("bruno edits: %d %v", st, body)
	}
	old := sessionFor(t, env, bruno.id())
	live := dialCookie(t, env.URL, old, id, "old-browser")
	live.until("snapshot")

	ctx := newBrowser(t)
	newPassword := "quiet harbour lights"
	if err := chromedp.Do(ctx, keyboardLogin(env.URL, "bruno"),
		chromedp.Navigate(env.URL+"/account"), chromedp.WaitVisible(chromedp.CSS("#current_password"))); err != nil {
		t.Fatal(err)
	}
	axeHere(t, ctx, axe, "/account")
	// A wrong current password: the error summary and the field say so.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#current_password"), "not my password"),
		chromedp.SendKeys(chromedp.CSS("#password"), newPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#error-summary")),
	); err != nil {
		t.Fatal(err)
	}
	axeHere(t, ctx, axe, "/account with errors")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#current_password"), passwordOf("bruno")),
		chromedp.SendKeys(chromedp.CSS("#password"), newPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, "Your password is changed") {
		t.Fatalf("after changing the password: %q", flash)
	}
	// The other browser: its editor closes (signed out), its pages ask to sign in.
	if code, _ := live.closed(5 * time.Second); code != 4401 {
		t.Fatalf("the old browser's editor closed with %d, want 4401", code)
	}
	if st := postCookie(t, env.URL, "/account/name", old); st != http.StatusSeeOther && st != http.StatusForbidden {
		t.Fatalf("the old session after the password change: %d", st)
	}
	if _, err := env.App.UserBySession(t.Context(), old); err == nil {
		t.Fatal("the old session survived the password change")
	}

	// Delete the account, credited as "former member".
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/account"),
		chromedp.Click(chromedp.CSS(`a[href="/account/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
	); err != nil {
		t.Fatal(err)
	}
	axeHere(t, ctx, axe, "/account/delete")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#credit-former")),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "bruno"),
		chromedp.SendKeys(chromedp.CSS("#password"), newPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatal(err)
	}
	flash, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(flash, "Your account is deleted") {
		t.Fatalf("after deleting: %q", flash)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/r/"+id), chromedp.WaitVisible(chromedp.CSS("#attribution"))); err != nil {
		t.Fatal(err)
	}
	credit, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#attribution")))
	if !strings.Contains(credit, "former member") || strings.Contains(credit, "Bruno") {
		t.Fatalf("credit after deletion: %q", credit)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/u/amina"), chromedp.WaitVisible(chromedp.CSS(".cards"))); err != nil {
		t.Fatal(err)
	}
	axeHere(t, ctx, axe, "/u/amina")
}

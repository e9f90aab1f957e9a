package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/internal/browsertest"
)

// newBrowser is a headless Chromium for t (internal/browsertest finds it
// and fails the test under CI when it is missing).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, 3*time.Minute)
}

// TestBrowserSignUpCreateAndRead is the first journey of a teacher: sign up,
// write a lesson in Markdown, and see it rendered with its licence.
func TestBrowserSignUpCreateAndRead(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/"),
		chromedp.Click(chromedp.CSS(`a[href="/signup"]`)),
		chromedp.WaitVisible(chromedp.CSS("#handle")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Amina Njoroge"),
		chromedp.SendKeys(chromedp.CSS("#handle"), "amina"),
		chromedp.SendKeys(chromedp.CSS("#email"), "amina@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), "correct horse battery"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
		chromedp.Navigate(env.URL+"/new"),
		chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.SendKeys(chromedp.CSS("#title"), "Fractions for beginners"),
		chromedp.SetValue(chromedp.CSS("#language"), "sw"),
		chromedp.SetValue(chromedp.CSS("#content"), "# Sehemu\n\nNusu ni **1/2**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
		chromedp.Click(chromedp.CSS(`input[name=visibility][value=public]`)),
		chromedp.Submit(chromedp.CSS("#title")),
		chromedp.WaitVisible(chromedp.CSS("#resource-title")),
	); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#resource-title")))
	if err != nil || title != "Fractions for beginners" {
		t.Fatalf("title %q %v", title, err)
	}
	content, err := chromedp.Run(ctx, chromedp.InnerHTML(chromedp.CSS("#content")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1 id=\"sehemu\">Sehemu</h1>", "<strong>1/2</strong>", "<table>"} {
		if !strings.Contains(content, want) {
			t.Errorf("rendered content lacks %s: %s", want, content)
		}
	}
	lang, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang"))
	if err != nil || lang.Value != "sw" {
		t.Errorf("html lang %q %v", lang.Value, err)
	}
	badge, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".license-badge")))
	if err != nil || badge != "CC BY 4.0" {
		t.Errorf("licence badge %q %v", badge, err)
	}
	// The lesson is on the home page for everyone.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".cards"))); err != nil {
		t.Fatal(err)
	}
	home, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".cards")))
	if !strings.Contains(home, "Fractions for beginners") {
		t.Errorf("home page lacks the new lesson: %q", home)
	}
}

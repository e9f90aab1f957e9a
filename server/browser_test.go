package server_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser, or skips the test (fails under CI, where the
// Makefile installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is required for browser tests: apt-get install -y chromium")
	}
	t.Skip("Chromium not installed (apt-get install -y chromium)")
	return ""
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// Start the browser on the undecorated context: chromedp ties the browser
	// to the first context that runs, and a derived one with a timeout would
	// close it when cancelled.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// A bound on the whole browser session, so a hung page fails the test.
	ctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
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

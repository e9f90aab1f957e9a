package server_test

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeCheck runs axe-core (with its default rules) on
// the page the browser shows and fails on serious or critical findings.
func axeCheck(t *testing.T, ctx context.Context, axe []byte, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
		t.Fatalf("inject axe on %s: %v", what, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", what, err)
	}
	failSerious(t, what, vs)
}

func loadAxe(t *testing.T) []byte {
	t.Helper()
	axe, err := os.ReadFile("../frontend/node_modules/axe-core/axe.min.js")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core missing (make deps-node installs it): %v", err)
		}
		t.Skip("axe-core not installed: cd frontend && npm ci")
	}
	return axe
}

// TestIssue11PagesHaveNoSeriousAxeViolations: the review queue (with work
// and empty), the translator's page in both views (as translator and as
// reviewer), and the forms (new resource with every error shown, settings,
// fork, a refused start of a translation), on a desktop and at 375 px.
func TestIssue11PagesHaveNoSeriousAxeViolations(t *testing.T) {
	axe := loadAxe(t)
	env := newEnv(t)
	id, ids := translationWithWork(t, env, 4, 3)
	_, tr := env.anon().do("GET", "/api/v1/resources/"+id, nil)
	src := tr["derived_from"].(map[string]any)["resource"].(string)
	ctx := newBrowser(t)
	visit := func(path, ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS(ready))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		axeCheck(t, ctx, axe, path)
	}
	for _, width := range []int64{1280, 375} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), keyboardLogin(env.URL, "tina")); err != nil {
			t.Fatal(err)
		}
		visit("/r/"+id+"/translate", ".editor")
		visit("/r/"+id+"/translate?mode=one&seg="+ids[1], ".editor")
		visit("/reviews", "#queue-empty")
		visit("/new", "#title")
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#language"), "Klingonese"), chromedp.Submit(chromedp.CSS("#title")),
			chromedp.WaitVisible(chromedp.CSS("#error-summary"))); err != nil {
			t.Fatal(err)
		}
		axeCheck(t, ctx, axe, "/new with errors")
		visit("/r/"+id+"/settings", "#license")
		visit("/r/"+src+"/fork", "#language")
		visit("/r/"+src, "#translate-language")
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#translate-language"), "Elvish"), chromedp.Submit(chromedp.CSS("#translate-language")),
			chromedp.WaitVisible(chromedp.CSS("#translate-language-error"))); err != nil {
			t.Fatal(err)
		}
		axeCheck(t, ctx, axe, "start translation refused")
		if err := chromedp.Do(ctx, keyboardLogin(env.URL, "rita")); err != nil {
			t.Fatal(err)
		}
		visit("/reviews", ".review-item")
		visit("/r/"+id+"/translate?state=translated", ".editor")
		visit("/r/"+id+"/translate?mode=one", ".editor")
		visit("/r/"+id+"/edit", "#live-editor")
	}
}

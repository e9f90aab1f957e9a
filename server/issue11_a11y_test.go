package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestIssue11PagesHaveNoSeriousAxeViolations: the states of issue 11's pages that the screens
// sweep (TestEveryScreenReflowsAndHasTargets, which runs axe-core over every page in every
// interface language) does not reach: the empty review queue, a refused start of a
// translation, and a reviewer in the translator's one-at-a-time view and in a translation's
// live editor, on a desktop and at 375 px. The queue with work, both views as the
// translator, the forms with their errors, settings and fork are in the sweep.
func TestIssue11PagesHaveNoSeriousAxeViolations(t *testing.T) {
	axe := readAxe(t)
	env := newEnv(t)
	id, _ := translationWithWork(t, env, 4, 3)
	_, tr := env.anon().do("GET", "/api/v1/resources/"+id, nil)
	src := tr["derived_from"].(map[string]any)["resource"].(string)
	ctx := newBrowser(t)
	visit := func(path, ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS(ready))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		axeHere(t, ctx, axe, path)
	}
	widths := []int64{1280, 375}
	if err := chromedp.Do(ctx, keyboardLogin(env.URL, "tina")); err != nil {
		t.Fatal(err)
	}
	for _, width := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		visit("/reviews", "#queue-empty")
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/r/"+src), chromedp.WaitVisible(chromedp.CSS("#translate-language")),
			chromedp.SetValue(chromedp.CSS("#translate-language"), "Elvish"), chromedp.Submit(chromedp.CSS("#translate-language")),
			chromedp.WaitVisible(chromedp.CSS("#translate-language-error"))); err != nil {
			t.Fatal(err)
		}
		axeHere(t, ctx, axe, "start translation refused")
	}
	if err := chromedp.Do(ctx, keyboardLogin(env.URL, "rita")); err != nil {
		t.Fatal(err)
	}
	for _, width := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		visit("/r/"+id+"/translate?mode=one", ".editor")
		visit("/r/"+id+"/edit", "#live-editor")
	}
}

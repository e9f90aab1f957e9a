package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestIssue11PagesHaveNoSeriousAxeViolations: the review queue (with work
// and empty), the translator's page in both views (as translator and as
// reviewer), and the forms (new resource with every error shown, settings,
// fork, a refused start of a translation), on a desktop and at 375 px.
func TestIssue11PagesHaveNoSeriousAxeViolations(t *testing.T) {
	axe := readAxe(t)
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
		axeHere(t, ctx, axe, path)
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
		axeHere(t, ctx, axe, "/new with errors")
		visit("/r/"+id+"/settings", "#license")
		visit("/r/"+src+"/fork", "#language")
		visit("/r/"+src, "#translate-language")
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#translate-language"), "Elvish"), chromedp.Submit(chromedp.CSS("#translate-language")),
			chromedp.WaitVisible(chromedp.CSS("#translate-language-error"))); err != nil {
			t.Fatal(err)
		}
		axeHere(t, ctx, axe, "start translation refused")
		if err := chromedp.Do(ctx, keyboardLogin(env.URL, "rita")); err != nil {
			t.Fatal(err)
		}
		visit("/reviews", ".review-item")
		visit("/r/"+id+"/translate?state=translated", ".editor")
		visit("/r/"+id+"/translate?mode=one", ".editor")
		visit("/r/"+id+"/edit", "#live-editor")
	}
}

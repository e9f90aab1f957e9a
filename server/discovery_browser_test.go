package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearchNarrowAndSimilarHint: a teacher searches by subject,
// narrows by licence and level, opens a result; then starts a lesson whose
// title is like an existing one and is told it already exists.
func TestBrowserSearchNarrowAndSimilarHint(t *testing.T) {
	w := newDiscoveryWorld(t)
	// A second geometry lesson under another licence and level, to narrow away.
	w.alice.createResource(map[string]any{"title": "Angles of a triangle", "content": "# Angles\n\nThey add up to 180°.\n",
		"license": "CC-BY-SA-4.0", "level": "upper-secondary", "subjects": []string{"geometry"}, "visibility": "public"})
	w.flush()
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(w.env.URL+"/"),
		chromedp.SendKeys(chromedp.CSS("#q"), "geometry"),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS(".search-results")),
	); err != nil {
		t.Fatal(err)
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#results-h")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(count, "2 results") {
		t.Fatalf("geometry: %q", count)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(`//section[@aria-labelledby="facet-license"]//a[contains(., "CC BY 4.0")]`),
		chromedp.WaitVisible(chromedp.CSS(`#facet-level`)),
		chromedp.Click(`//section[@aria-labelledby="facet-level"]//a[contains(., "lower-secondary")]`),
		chromedp.WaitVisible(chromedp.CSS(`#facet-level a.selected, section[aria-labelledby="facet-level"] a.selected`)),
	); err != nil {
		t.Fatal(err)
	}
	results, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".search-results")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(results, "Area of a circle") || strings.Contains(results, "Angles of a triangle") {
		t.Fatalf("narrowed results: %q", results)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(`//ol[contains(@class,"search-results")]//a[contains(., "Area of a circle")]`),
		chromedp.WaitVisible(chromedp.CSS("#resource-title")),
	); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#resource-title")))
	if err != nil {
		t.Fatal(err)
	}
	if title != "Area of a circle" {
		t.Fatalf("opened %q", title)
	}
	// Sign in and start a lesson with a similar title: the hint appears as it is typed.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(w.env.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "bob"),
		chromedp.SendKeys(chromedp.CSS("#password"), passwordOf("bob")),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
		chromedp.Navigate(w.env.URL+"/new"),
		chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.SendKeys(chromedp.CSS("#title"), "Area of circles"),
		chromedp.WaitVisible(chromedp.CSS("#similar-hint .similar")),
	); err != nil {
		t.Fatal(err)
	}
	hint, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#similar-hint")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hint, "already exist") || !strings.Contains(hint, "Area of a circle") || strings.Contains(hint, "PRIV-91") {
		t.Fatalf("hint %q", hint)
	}
}

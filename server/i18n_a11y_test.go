package server_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/i18n"
)

// TestEveryPageInEveryLanguagePassesAxe runs axe-core on every page in
// every shipped interface language, at 320 and 1280 px wide, signed out
// and signed in: 0 serious or critical violations. Each page is loaded once
// per language; both widths are checked in the same tab.
func TestEveryPageInEveryLanguagePassesAxe(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	axe := readAxe(t)
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("bruno")
	en := amina.createResource(map[string]any{"visibility": "public", "subjects": []string{"math"}, "level": "primary",
		"content": "# Fractions\n\nHalf is **1/2**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"})
	ar := amina.createResource(map[string]any{"visibility": "public", "language": "ar", "title": "الكسور", "content": "# الكسور\n\nالنصف.\n"})
	amina.do("POST", "/api/v1/resources/"+en+"/revisions", map[string]any{"message": "First"})
	_, tr := amina.do("POST", "/api/v1/resources/"+en+"/translations", map[string]any{"language": "fr"})
	trID, _ := tr["id"].(string)
	bruno := env.anon()
	bruno.token = loginToken(t, env, "bruno")
	_, fork, proposal := forkAndPropose(t, amina, bruno)

	public := []string{"/", "/signup", "/login", "/forgot-password", "/r/" + en, "/r/" + ar, "/r/" + en + "/history", "/r/" + en + "/family",
		"/u/amina", "/nowhere", "/search?q=" + url.QueryEscape("fractions")}
	signedIn := []string{"/me", "/new", "/r/" + en + "/settings", "/r/" + en + "/collaborators", "/r/" + en + "/edit", "/r/" + en + "/images",
		"/r/" + en + "/accessibility", "/r/" + en + "/fork", "/inbox", "/settings/notifications", "/reviews", "/proposals/" + proposal,
		"/r/" + trID + "/translate", "/r/" + fork}
	ctx := newBrowser(t)
	visit := func(code, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(env.URL+path), chromedp.WaitReady(chromedp.CSS("footer.site"))); err != nil {
			t.Fatalf("%s %s: %v", code, path, err)
		}
		for _, w := range []int64{1280, 320} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900)); err != nil {
				t.Fatal(err)
			}
			axeHere(t, ctx, axe, fmt.Sprintf("%s %s at %d px", code, path, w))
		}
	}
	switchTo := func(code string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/login"), chromedp.SetValue(chromedp.CSS("#ui-lang"), code),
			chromedp.Click(chromedp.CSS(".lang-switch button")), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`html[lang=%q]`, code)))); err != nil {
			t.Fatalf("switch to %s: %v", code, err)
		}
	}
	locales := i18n.Default().Locales()
	for _, l := range locales {
		switchTo(l.Code)
		for _, p := range public {
			visit(l.Code, p)
		}
	}
	if err := chromedp.Do(ctx, keyboardLogin(env.URL, "amina")); err != nil {
		t.Fatal(err)
	}
	for _, l := range locales {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/me"), chromedp.SetValue(chromedp.CSS("#ui-lang"), l.Code),
			chromedp.Click(chromedp.CSS(".lang-switch button")), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`header.site[lang=%q]`, l.Code)))); err != nil {
			t.Fatalf("switch to %s: %v", l.Code, err)
		}
		for _, p := range signedIn {
			visit(l.Code, p)
		}
	}
}

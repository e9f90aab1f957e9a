package server_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/internal/testenv"
)

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// TestPagesHaveNoSeriousAxeViolations runs axe-core (from the frontend's
// node_modules) over every page, signed out and signed in, in every shipped
// interface language (issue 14), at 1280 and 320 px wide: each page is
// loaded once per language and both widths are checked in the same tab.
// Content in left-to-right and right-to-left languages is there too.
func TestPagesHaveNoSeriousAxeViolations(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	axe := readAxe(t)
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("bruno")
	en := amina.createResource(map[string]any{"visibility": "public", "subjects": []string{"math"}, "level": "primary",
		"content": "# Fractions\n\nHalf is **1/2**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n"})
	ar := amina.createResource(map[string]any{"visibility": "public", "language": "ar", "title": "الكسور", "content": "# الكسور\n\nالنصف.\n"})
	amina.do("PUT", "/api/v1/resources/"+en+"/collaborators/bruno", map[string]any{"role": "editor"})
	amina.do("POST", "/api/v1/resources/"+en+"/revisions", map[string]any{"message": "First"})
	_, tr := amina.do("POST", "/api/v1/resources/"+en+"/translations", map[string]any{"language": "fr"})
	translated, _ := tr["id"].(string)

	// The inbox has something in it; a password-reset link waits in the outbox (no SMTP here).
	bruno := env.anon()
	bruno.token = loginToken(t, env, "bruno")
	_, fork, proposal := forkAndPropose(t, amina, bruno)
	resetPath := outboxResetLink(t, env, "amina@example.org")

	public := []string{"/", "/signup", "/login", "/r/" + en, "/r/" + ar, "/r/" + en + "/collaborators", "/r/" + en + "/history",
		"/r/" + en + "/family", "/u/amina", "/nowhere", "/search", "/search?q=lesson&language=en", "/search?q=" + url.QueryEscape("درس"),
		"/forgot-password", resetPath, "/reset-password?token=cpr_expired"}
	signedIn := []string{"/me", "/new", "/account", "/r/" + en, "/r/" + en + "/settings", "/r/" + ar + "/settings", "/r/" + en + "/collaborators",
		"/inbox", "/settings/notifications", "/r/" + en + "/images", "/r/" + en + "/edit", "/r/" + en + "/accessibility", "/r/" + en + "/fork",
		"/reviews", "/proposals/" + proposal, "/r/" + fork, "/r/" + translated + "/translate"}
	// One browser per language (each has a few minutes); the switcher in the footer sets the
	// language (a cookie, and once signed in the person's setting).
	for _, l := range i18n.Default().Locales() {
		ctx := newBrowser(t)
		check := func(path string) {
			t.Helper()
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(env.URL+path), chromedp.WaitReady(chromedp.CSS("footer.site"))); err != nil {
				t.Fatalf("%s %s: %v", l.Code, path, err)
			}
			axeWidths(t, ctx, axe, fmt.Sprintf("%s %s", l.Code, path), 1280, 320)
		}
		switchTo := func(from string) {
			t.Helper()
			// The old page is marked before the switch so that the wait sees the page the switch
			// answers with: switching to the language already shown (English first) changes
			// nothing else, and navigating on while that answer loads aborts it.
			if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+from), chromedp.SetValue(chromedp.CSS("#ui-lang"), l.Code)); err != nil {
				t.Fatalf("switch to %s: %v", l.Code, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.switching = "1"`)); err != nil {
				t.Fatalf("switch to %s: %v", l.Code, err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".lang-switch button")),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`body:not([data-switching]) header.site[lang=%q]`, l.Code)))); err != nil {
				t.Fatalf("switch to %s: %v", l.Code, err)
			}
		}
		switchTo("/login")
		for _, p := range public {
			check(p)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(env.URL+"/login"),
			chromedp.SetValue(chromedp.CSS("#login"), "amina"),
			chromedp.SetValue(chromedp.CSS("#password"), passwordOf("amina")),
			chromedp.Submit(chromedp.CSS("#password")),
			chromedp.WaitVisible(chromedp.CSS(".who"))); err != nil {
			t.Fatal(err)
		}
		switchTo("/me")
		for _, p := range signedIn {
			check(p)
		}
	}
}

// readAxe loads axe-core from the frontend's node_modules, or skips (fails under CI).
func readAxe(t *testing.T) []byte {
	t.Helper()
	axe, err := os.ReadFile("../frontend/node_modules/axe-core/axe.min.js")
	testenv.Need(t, "axe-core (make deps-node installs it)", err)
	return axe
}

// checkAxe opens url, waits for ready (a CSS selector), runs axe-core and
// fails the test on every serious or critical violation.
func checkAxe(t *testing.T, ctx context.Context, axe []byte, url, ready string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(ready))); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	axeHere(t, ctx, axe, url)
}

// axeHere runs axe-core on the page as it is now.
func axeHere(t *testing.T, ctx context.Context, axe []byte, where string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
		t.Fatalf("inject axe on %s: %v", where, err)
	}
	runAxe(t, ctx, where)
}

// axeWidths injects axe-core once and runs it on the page at each width.
func axeWidths(t *testing.T, ctx context.Context, axe []byte, where string, widths ...int64) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
		t.Fatalf("inject axe on %s: %v", where, err)
	}
	for _, w := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900)); err != nil {
			t.Fatal(err)
		}
		runAxe(t, ctx, fmt.Sprintf("%s at %d px", where, w))
	}
}

// runAxe runs the injected axe-core and fails on serious or critical violations.
func runAxe(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", where, err)
	}
	failSerious(t, where, vs)
}

package server_test

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

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
// node_modules) over every foundation page, signed out and signed in, in
// left-to-right and right-to-left languages.
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

	// The inbox has something in it; a password-reset link waits in the outbox (no SMTP here).
	bruno := env.anon()
	bruno.token = loginToken(t, env, "bruno")
	_, _, _ = forkAndPropose(t, amina, bruno)
	resetPath := outboxResetLink(t, env, "amina@example.org")

	ctx := newBrowser(t)
	check := func(path string) {
		t.Helper()
		checkAxe(t, ctx, axe, env.URL+path, "footer.site")
	}
	for _, p := range []string{"/", "/signup", "/login", "/r/" + en, "/r/" + ar, "/r/" + en + "/collaborators", "/u/amina", "/nowhere",
		"/search", "/search?q=lesson&language=en", "/search?q=" + url.QueryEscape("درس"),
		"/forgot-password", resetPath, "/reset-password?token=cpr_expired"} {
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
	for _, p := range []string{"/me", "/new", "/account", "/r/" + en, "/r/" + en + "/settings", "/r/" + ar + "/settings", "/r/" + en + "/collaborators",
		"/inbox", "/settings/notifications", "/r/" + en + "/images"} {
		check(p)
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
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", where, err)
	}
	failSerious(t, where, vs)
}

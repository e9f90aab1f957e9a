package server_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
	axe, err := os.ReadFile("../frontend/node_modules/axe-core/axe.min.js")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core missing (make deps-node installs it): %v", err)
		}
		t.Skip("axe-core not installed: cd frontend && npm ci")
	}
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
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path), chromedp.WaitReady(chromedp.CSS("footer.site"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatalf("inject axe on %s: %v", path, err)
		}
		vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](
			`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe on %s: %v", path, err)
		}
		for _, v := range vs {
			if v.Impact == "serious" || v.Impact == "critical" {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, strings.Join(n.Target, " "))
				}
				t.Errorf("%s: %s (%s): %s at %v", path, v.ID, v.Impact, v.Help, where)
			}
		}
	}
	for _, p := range []string{"/", "/signup", "/login", "/r/" + en, "/r/" + ar, "/r/" + en + "/collaborators", "/u/amina", "/nowhere",
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
		"/inbox", "/settings/notifications"} {
		check(p)
	}
}

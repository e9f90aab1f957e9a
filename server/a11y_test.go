package server_test

import (
	"context"
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

// Package browsertest starts the headless Chromium that page tests drive
// with chromedp. It is the one place that finds the browser, so that no
// journey can skip on its own: without Chromium a test skips on a
// developer's machine and fails under CI=true (the Makefile installs it).
package browsertest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/internal/testenv"
)

// Chromium returns the browser's path: $CHROMIUM, then the usual names on
// PATH.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testenv.Need(t, "Chromium (apt-get install -y chromium)", errors.New("no chromium, chromium-browser or google-chrome on PATH and $CHROMIUM unset"))
	return ""
}

// New starts a headless Chromium for t, closed when t ends, and returns its
// context bounded by timeout so that a hung page fails the test.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(Chromium(t)),
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
	ctx, cancelTimeout := context.WithTimeout(bctx, timeout)
	t.Cleanup(cancelTimeout)
	return ctx
}

package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// translationWithWork sets up a public source of n sentences, its Spanish
// translation with a translator (tina) and a reviewer (rita), and tina's
// translations of the first done sentences. It returns the translation's id
// and its text's segment ids in order.
func translationWithWork(t *testing.T, env *testEnv, n, done int) (string, []string) {
	t.Helper()
	owner, tina := env.signup("owner"), env.signup("tina")
	env.signup("rita")
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Sentence number %d is about **fractions** and [halves](https://example.org/%d). ", i, i)
		if i%3 == 0 {
			b.WriteString("\n\n")
		}
	}
	src := owner.createResource(map[string]any{"visibility": "public", "title": "Fractions, halves and quarters for the first years of school",
		"content": b.String() + "\n\n![A pie cut into two equal halves](pie.png)\n"})
	if st, out := owner.do("POST", "/api/v1/resources/"+src+"/revisions", map[string]any{"message": "Ready for the second term, checked by the whole department"}); st != 201 {
		t.Fatalf("name a version: %d %v", st, out)
	}
	st, tr := tina.do("POST", "/api/v1/resources/"+src+"/translations", map[string]any{"language": "es"})
	if st != 201 {
		t.Fatalf("start translation: %d %v", st, tr)
	}
	id := tr["id"].(string)
	if st, out := tina.do("PUT", "/api/v1/resources/"+id+"/collaborators/rita", map[string]any{"role": "reviewer"}); st != 200 {
		t.Fatalf("add reviewer: %d %v", st, out)
	}
	_, segs := tina.do("GET", "/api/v1/resources/"+id+"/segments", nil)
	var ids []string
	for _, x := range segs["segments"].([]any) {
		sg := x.(map[string]any)
		if sg["id"] == "title" || sg["id"] == "summary" {
			continue
		}
		ids = append(ids, sg["id"].(string))
		if len(ids) <= done {
			target := strings.NewReplacer("Sentence number", "La frase número", "is about", "trata de", "fractions", "fracciones", "halves", "mitades").Replace(sg["source"].(string))
			if st, out := tina.do("PUT", "/api/v1/resources/"+id+"/segments/"+sg["id"].(string), map[string]any{"target": target}); st != 200 {
				t.Fatalf("translate: %d %v", st, out)
			}
		}
	}
	return id, ids
}

// keyboardLogin signs in with the keyboard alone.
func keyboardLogin(base, handle string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.Focus(chromedp.CSS("#login")),
		chromedp.KeyEvent(handle),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(passwordOf(handle)),
		chromedp.KeyEvent(kb.Enter),
		// Another user may have been signed in: wait for the form to go.
		chromedp.WaitNotPresent(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
	)
}

// TestBrowserReviewerApprovesTenWithKeyboard: a reviewer opens the review
// queue, tabs to the first segment's Approve button and approves ten
// segments with Alt+A, never touching the mouse; the focus moves to the
// next segment each time, the counts follow, and the queue ends with
// "Nothing waits for you".
func TestBrowserReviewerApprovesTenWithKeyboard(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	id, ids := translationWithWork(t, env, 10, 10)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, keyboardLogin(env.URL, "rita"), chromedp.Navigate(env.URL+"/reviews"), chromedp.WaitVisible(chromedp.CSS(".review-item"))); err != nil {
		t.Fatal(err)
	}
	total := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('segments-total')?.textContent || ''`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := total(); got != "10" {
		t.Fatalf("queue total %q", got)
	}
	// Tab from the top of the page to the first Approve button.
	for i := 0; ; i++ {
		on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches('button.approve')`))
		if err != nil {
			t.Fatal(err)
		}
		if on {
			break
		}
		if i > 80 {
			t.Fatal("Tab never reached an Approve button")
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 10; i++ {
		want := 10 - i
		if err := chromedp.Do(ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierAlt))); err != nil {
			t.Fatal(err)
		}
		if want > 0 {
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
				`document.getElementById('segments-total').textContent === '%d' && document.activeElement.matches('button.approve')`, want),
				chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				t.Fatalf("approval %d: the count or the focus did not move on: total %s", i, total())
			}
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById('queue-empty').hidden && document.activeElement.matches('h1')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("the queue did not end with “Nothing waits for you”")
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#queue-status")))
	if err != nil || !strings.Contains(status, "Nothing else waits") {
		t.Errorf("status %q %v", status, err)
	}
	// The server agrees: the ten are reviewed and nothing waits.
	b := env.browser()
	b.signIn("rita")
	if _, page := b.get("/reviews"); !strings.Contains(page, `<p id="queue-empty">Nothing waits for you.</p>`) {
		t.Error("the queue page still lists work")
	}
	st, segs := env.anon().do("GET", "/api/v1/resources/"+id+"/segments?state=reviewed", nil)
	if n := len(segs["segments"].([]any)); st != 200 || n != 10 {
		t.Errorf("%d reviewed segments, want 10 (of %d)", n, len(ids))
	}
}

// overflow reports the widths of the page and of the viewport, and any
// control whose box reaches outside the viewport.
const overflowJS = `(() => {
  const w = window.innerWidth;
  // Inside a frame that scrolls sideways (the family graph) a control is reached by scrolling it.
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  const bad = [...document.querySelectorAll('main button, main input, main select, main textarea, main a, main .editor')]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !scrolls(el); })
    .map((el) => el.outerHTML.slice(0, 80));
  return {page: document.documentElement.scrollWidth, viewport: w, bad};
})()`

type overflowReport struct {
	Page     int      `json:"page"`
	Viewport int      `json:"viewport"`
	Bad      []string `json:"bad"`
}

// TestBrowserTranslatorPageOnAPhone: at 375 px the translator's page (both
// views), the review queue, the history and the family page have no
// horizontal overflow and no control outside the screen; a translator
// saves and moves to the next segment with Ctrl+Enter in the
// one-at-a-time view.
func TestBrowserTranslatorPageOnAPhone(t *testing.T) {
	env := newEnv(t)
	id, ids := translationWithWork(t, env, 6, 3)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740), keyboardLogin(env.URL, "tina")); err != nil {
		t.Fatal(err)
	}
	check := func(path, ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS(ready))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r, err := chromedp.Run(ctx, chromedp.Evaluate[overflowReport](overflowJS))
		if err != nil {
			t.Fatal(err)
		}
		if r.Viewport != 375 || r.Page > r.Viewport || len(r.Bad) > 0 {
			t.Errorf("%s at %d px: page %d px wide, outside: %v", path, r.Viewport, r.Page, r.Bad)
		}
	}
	check("/r/"+id+"/translate", ".editor")
	check("/r/"+id+"/translate?mode=one", ".editor")
	// The source's history has a table of revisions; its family, a graph.
	_, tr := env.anon().do("GET", "/api/v1/resources/"+id, nil)
	src := tr["derived_from"].(map[string]any)["resource"].(string)
	check("/r/"+src+"/history", "#revisions")
	check("/r/"+src+"/family", ".family-graph")
	check("/new", "#title")
	// Save and next, on the phone, in the one-at-a-time view.
	sel := "#e-" + ids[3]
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/r/"+id+"/translate?mode=one&seg="+ids[3]),
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.KeyEvent("Frase cuatro {1}fracciones{/1} {2}mitades{/2}."),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.CSS("#e-"+ids[4])),
	); err != nil {
		t.Fatalf("save and next: %v", err)
	}
	_, segs := env.anon().do("GET", "/api/v1/resources/"+id+"/segments", nil)
	for _, x := range segs["segments"].([]any) {
		sg := x.(map[string]any)
		if sg["id"] == ids[3] && (sg["state"] != "translated" || !strings.HasPrefix(sg["target"].(string), "Frase cuatro")) {
			t.Errorf("not saved: %v", sg)
		}
	}
	check("/r/"+id+"/translate?mode=one&seg="+ids[4], ".editor")
	if err := chromedp.Do(ctx, keyboardLogin(env.URL, "rita")); err != nil {
		t.Fatal(err)
	}
	check("/reviews", ".review-item")
}

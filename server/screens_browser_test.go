package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/internal/browsertest"
)

// screenWidth is one window the screens test looks through. zoom is the browser's zoom: 1280 px
// at 200 % is a 640 CSS px window drawn at twice the scale.
type screenWidth struct {
	css   int64
	zoom  float64
	axe   bool // axe-core runs at this width too
	rtl   bool // the page is turned right-to-left (as Arabic will be) before the checks
	label string
}

var screenWidths = []screenWidth{
	{css: 1280, zoom: 1, axe: true, label: "1280 px"},
	{css: 768, zoom: 1, label: "768 px"},
	{css: 375, zoom: 1, label: "375 px"},
	{css: 320, zoom: 1, axe: true, label: "320 px"},
	{css: 640, zoom: 2, label: "1280 px at 200 %"},
	{css: 320, zoom: 1, rtl: true, label: "320 px right-to-left"},
}

// screenPage is one page of the service, seen by who ("" for nobody signed in). open, when
// set, brings it up instead of navigating to path (the answer to a form).
type screenPage struct {
	path  string
	who   *client
	ready string
	open  func(ctx context.Context, base string) error
}

// TestEveryScreenReflowsAndHasTargets visits every page of the service, signed in as the person
// who sees the most on it, and looks at it through windows of 1280, 768, 375 and 320 CSS px and
// at 1280 px zoomed to 200 %, and at 320 px turned right-to-left: nothing scrolls the page sideways (WCAG 1.4.10; wide tables,
// formulas and the family graph scroll inside their own focusable, named box), every target is
// at least 24×24 px or spaced (2.5.8), no text is cut off; and axe-core finds nothing serious
// at 320 and 1280 px. Each page loads once; the window is resized around it. The other
// interface languages are looked at in the same way at 1280 and 320 px, with axe-core at 320.
//
// It is also the suite's axe-core sweep of every page in every interface language: its rules
// (the WCAG 2.x A and AA tags and best practice) hold every rule axe-core runs by default, and
// signed out it sees content written right to left (an Arabic lesson and an Arabic search).
func TestEveryScreenReflowsAndHasTargets(t *testing.T) {
	// Not parallel with other tests: browser tests run one at a time (2 cores). Its languages
	// run two at a time, below.
	axe := readAxe(t)
	w := newScreensWorld(t)
	importFile := filepath.Join(t.TempDir(), "tides-and-the-moon.md")
	if err := os.WriteFile(importFile, []byte("---\ntitle: Tides and the moon, a very long imported title that has to wrap on a phone\nlanguage: en\nlicense: CC-BY-4.0\n---\n# Tides\n\nThe moon pulls the sea.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, tr, src, ar := "/r/"+w.lesson, "/r/"+w.translation, "/r/"+w.source, "/r/"+w.arabic
	pages := []screenPage{
		{path: "/"}, {path: "/signup"}, {path: "/login"}, {path: "/forgot-password"}, {path: w.resetPath},
		{path: "/reset-password?token=cpr_expired"}, {path: w.confirmPath}, {path: w.verifyPath}, {path: "/account/email/confirm?token=cpe_expired"},
		{path: "/nowhere"}, {path: "/u/owner"},
		{path: "/search"}, {path: "/search?q=photosynthesis"}, {path: "/search?q=fractions&language=en"},
		{path: "/search?q=" + url.QueryEscape("الكسور")},
		{path: l}, {path: l + "/family"}, {path: l + "/collaborators"}, {path: l + "/history"}, {path: ar},

		{path: "/me", who: w.owner}, {path: "/me/deleted", who: w.owner}, {path: "/new", who: w.owner},
		{path: "/new (with errors)", who: w.owner, open: func(ctx context.Context, base string) error {
			return chromedp.Do(ctx, chromedp.Navigate(base+"/new"), chromedp.WaitVisible(chromedp.CSS("#title")),
				chromedp.SetValue(chromedp.CSS("#language"), "Klingonese"), chromedp.Submit(chromedp.CSS("#title")),
				chromedp.WaitVisible(chromedp.CSS("#error-summary")))
		}},
		{path: "/new/import", who: w.owner, open: func(ctx context.Context, base string) error {
			return chromedp.Do(ctx, chromedp.Navigate(base+"/new"), chromedp.WaitVisible(chromedp.CSS("#import-file")),
				chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{importFile}), chromedp.Submit(chromedp.CSS("#import-file")),
				chromedp.WaitNotPresent(chromedp.CSS("#import-file")))
		}},
		{path: l, who: w.owner}, {path: l + "/settings", who: w.owner}, {path: ar + "/settings", who: w.owner}, {path: l + "/edit", who: w.owner, ready: ".cm-content"},
		{path: l + "/collaborators", who: w.owner}, {path: l + "/images", who: w.owner}, {path: l + "/accessibility", who: w.owner},
		{path: l + "/history", who: w.owner}, {path: l + "/diff", who: w.owner}, {path: l + "/diff?from=" + w.firstRev, who: w.owner},
		{path: l + "/revisions/" + w.firstRev, who: w.owner}, {path: l + "/family", who: w.owner},
		{path: "/proposals/" + w.proposal, who: w.owner}, {path: "/inbox", who: w.owner}, {path: "/settings/notifications", who: w.owner},
		{path: "/reviews", who: w.owner}, {path: "/account", who: w.owner}, {path: "/account", who: w.bruno}, {path: "/account/delete", who: w.owner}, {path: "/u/owner", who: w.owner}, {path: "/search?q=photosynthesis", who: w.owner},

		{path: "/r/" + w.fork, who: w.bruno}, {path: "/r/" + w.fork + "/sync", who: w.bruno}, {path: "/r/" + w.fork + "/propose", who: w.bruno},
		{path: l + "/fork", who: w.bruno},

		{path: tr + "/translate", who: w.tina, ready: ".editor"}, {path: tr + "/translate?mode=one&seg=" + w.segs[1], who: w.tina, ready: ".editor"},
		{path: tr, who: w.tina},
		{path: src + " (translation exists)", who: w.tina, open: func(ctx context.Context, base string) error {
			return chromedp.Do(ctx, chromedp.Navigate(base+src), chromedp.WaitVisible(chromedp.CSS("#translate-language")),
				chromedp.SetValue(chromedp.CSS("#translate-language"), "es"), chromedp.Submit(chromedp.CSS("#translate-language")),
				chromedp.WaitNotPresent(chromedp.CSS("#translate-language")))
		}},
		{path: "/reviews", who: w.rita, ready: ".review-item"}, {path: tr + "/translate?state=translated", who: w.rita, ready: ".editor"},
	}

	// English at every width; the other interface languages (longer words, another script,
	// right to left) at the narrowest and the widest, which keeps the test within minutes.
	// axe-core runs in them at the narrowest only, where their longer words crowd the page:
	// a run costs the browser about 0.4 s of CPU, and their runs at 1280 px were some 75 s of
	// CI's CPU-bound two cores (docs/decisions.md, "CI under its 15 minutes again").
	// Each language has a browser of its own (its own cookies), two at a time: one Chromium
	// and the server under the race detector left over a quarter of the two cores idle.
	wideNoAxe := screenWidths[0]
	wideNoAxe.axe = false
	for _, loc := range i18n.Default().Locales() {
		widths := screenWidths
		if loc.Code != i18n.Source {
			widths = []screenWidth{wideNoAxe, screenWidths[3]}
		}
		t.Run(loc.Code, func(t *testing.T) {
			t.Parallel()
			ctx := screensBrowser(t, axe, w.env.URL, loc.Code)
			signedIn := (*client)(nil)
			for i, p := range pages {
				if p.who != signedIn || i == 0 {
					if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
						t.Fatal(err)
					}
					if p.who != nil {
						signIn(t, ctx, w.env, p.who.id())
					}
					signedIn = p.who
				}
				where := loc.Code + " " + p.path
				if p.who != nil {
					where += " as " + p.who.handle()
				}
				checkScreens(t, ctx, w.env.URL, p, where, widths)
				checkScreenWords(t, ctx, loc, where, w.content)
				checkTitleLanguages(t, ctx, where, w.titles)
			}
		})
	}
}

// checkScreenWords fails on English words left in the interface text of a page in a language
// written in another script (englishWordsIn), content aside: what the world wrote, and any
// text the page marks with a language of its own.
func checkScreenWords(t *testing.T, ctx context.Context, l *i18n.Locale, where string, content map[string]bool) {
	t.Helper()
	if sc, _ := l.Tag.Script(); sc.String() == "Latn" {
		return
	}
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]uiText](uiTextJS))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	var marked []string
	for _, x := range texts {
		if x.Lang != l.Code {
			marked = append(marked, x.Text)
		}
	}
	onPage := wordsOf(marked...)
	for _, x := range texts {
		if x.Lang != l.Code {
			continue
		}
		if ws := englishWordsIn(l, x.Text, content, onPage); len(ws) > 0 {
			t.Errorf("%s: English words %q in the interface: %q", where, ws, x.Text)
		}
	}
}

// titleMarkJS lists where a page shows a resource's title (a text node containing it) with a
// language other than the title's own: the nearest lang attribute above it. A title whose
// language nobody records ("": a proposal's) must be an isolate (bdi, or an element with dir)
// holding nothing else. An SVG's title and
// desc are left out: they hold text only, so the family graph's description, a sentence naming
// every resource, cannot mark its parts (its nodes' labels can, and are checked).
const titleMarkJS = `((titles) => {
	const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (walk.nextNode()) {
		const n = walk.currentNode, el = n.parentElement;
		if (!el || el.closest('script, style, template, svg title, svg desc')) continue;
		for (const [title, lang] of Object.entries(titles)) {
			if (!n.data.includes(title)) continue;
			if (lang === '') { // language unknown: the title must be an isolate of its own
				const iso = el.closest('bdi, [dir]');
				if (!iso || iso.textContent.trim() !== title) out.push(title + ' not set apart in ' + el.outerHTML.slice(0, 160));
				continue;
			}
			const marked = el.closest('[lang]'), got = marked ? marked.getAttribute('lang') : '';
			if (got.toLowerCase() !== lang) out.push(title + ' marked "' + got + '" in ' + el.outerHTML.slice(0, 160));
		}
	}
	return out;
})(%s)`

// checkTitleLanguages fails where a page shows one of the world's titles without its language
// (WCAG 3.1.2, language of parts): a screen reader would read an Arabic title in the interface
// language's voice, and without the dir that comes with it, the title's direction would mix
// with the sentence around it.
func checkTitleLanguages(t *testing.T, ctx context.Context, where string, titles map[string]string) {
	t.Helper()
	js, err := json.Marshal(titles)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(titleMarkJS, js)))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, b := range bad {
		t.Errorf("%s: a title without its language: %s", where, b)
	}
}

// screensBrowser starts a Chromium for t that asks for pages in language lang and has axe-core
// in every document it opens (rather than sent over the DevTools socket for each page), and
// checks that axe-core runs no rule by default that the screens test leaves out.
func screensBrowser(t *testing.T, axe []byte, base, lang string) context.Context {
	t.Helper()
	ctx := browsertest.New(t, 10*time.Minute)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(axe)}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang"))
	if err != nil || got.Value != lang {
		t.Fatalf("the home page in %s has lang %q (%v)", lang, got.Value, err)
	}
	left, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeDefaultsLeftOut))
	if err != nil || len(left) > 0 {
		t.Fatalf("axe-core runs rules by default that the screens test leaves out: %v %v", left, err)
	}
	return ctx
}

// checkScreens loads one page at the first width and checks it at every width.
func checkScreens(t *testing.T, ctx context.Context, base string, p screenPage, where string, widths []screenWidth) {
	t.Helper()
	first := widths[0]
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(first.css, 900, chromedp.EmulateScale(first.zoom))); err != nil {
		t.Fatal(err)
	}
	ready := p.ready
	if ready == "" {
		ready = "footer.site"
	}
	var err error
	if p.open != nil {
		err = p.open(ctx, base)
	} else {
		err = chromedp.Do(ctx, chromedp.Navigate(base+p.path))
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(ready)))
	}
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](openAll)); err != nil {
		t.Fatalf("%s: prepare: %v", where, err)
	}
	for _, sw := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(sw.css, int64(900/sw.zoom), chromedp.EmulateScale(sw.zoom))); err != nil {
			t.Fatal(err)
		}
		// Two frames: the layout of the new width has been done and painted.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
			chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if sw.rtl {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.dir = 'rtl'; true`)); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
				chromedp.EvalAwaitPromise)); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		}
		if sw.rtl {
			// Arrows point the way the text reads: mirrored right-to-left.
			unmirrored, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.dir-icon')].filter(e => e.closest('[dir=rtl]') && e.closest('[dir]').dir === 'rtl' && !getComputedStyle(e).transform.startsWith('matrix(-1')).length`))
			if err != nil || unmirrored > 0 {
				t.Errorf("%s right-to-left: %d arrows not mirrored %v", where, unmirrored, err)
			}
		}
		rep, err := chromedp.Run(ctx, chromedp.Evaluate[screenReport](screenChecks))
		if err != nil {
			t.Fatalf("%s at %s: checks: %v", where, sw.label, err)
		}
		if probs := rep.problems(); len(probs) > 0 {
			t.Errorf("%s at %s:\n\t%s", where, sw.label, strings.Join(probs, "\n\t"))
		}
		if sw.axe {
			axeWithRules(t, ctx, fmt.Sprintf("%s at %s", where, sw.label))
		}
	}
}

// axeWithRules runs the axe-core the page holds with the WCAG 2.2 AA rules and fails on
// serious or critical findings.
func axeWithRules(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeWCAG22, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", where, err)
	}
	failSerious(t, where, vs)
}

// failSerious fails t on each serious or critical axe-core violation, naming where it is.
func failSerious(t *testing.T, where string, vs []axeViolation) {
	t.Helper()
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			var at []string
			for _, n := range v.Nodes {
				at = append(at, strings.Join(n.Target, " "))
			}
			t.Errorf("%s: %s (%s): %s at %v", where, v.ID, v.Impact, v.Help, at)
		}
	}
}

package server_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/commonplace/commonplace/i18n"
)

// uiText is a text node or a read-aloud attribute of the page as the
// browser has it (after scripts ran), with the language it is marked in.
type uiText struct {
	Text string `json:"text"`
	Lang string `json:"lang"`
}

const uiTextJS = `(() => {
  const out = [];
  const langOf = (el) => { const l = el.closest('[lang]'); return l ? l.getAttribute('lang') : ''; };
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,code,kbd,pre,textarea,datalist,template,[hidden]')) continue;
    const t = n.textContent.trim();
    if (t) out.push({ text: t, lang: langOf(el) });
  }
  for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')) {
    for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
      const v = el.getAttribute(a);
      if (v) out.push({ text: v, lang: langOf(el) });
    }
  }
  return out;
})()`

// checkInterface fails the test for English interface text (an English
// message id the language translates differently) or an unfilled
// {placeholder} in the page's interface text; text in another language
// (user content, marked with its own lang) is not the interface's.
func checkInterface(t *testing.T, ctx context.Context, l *i18n.Locale, where string) {
	t.Helper()
	english := map[string]bool{}
	for _, id := range i18n.MessageIDs() {
		if !strings.Contains(id, "{") && l.T(id) != id {
			english[id] = true
		}
	}
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]uiText](uiTextJS))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if len(texts) == 0 {
		t.Fatalf("%s: no text at all", where)
	}
	for _, x := range texts {
		if x.Lang != l.Code {
			continue
		}
		if english[x.Text] || regexp.MustCompile(`\{[a-z_]+\}`).MatchString(x.Text) {
			t.Errorf("%s (%s): interface text left in English or unfilled: %q", where, l.Code, x.Text)
		} else if p := englishSentenceIn(l, x.Text); p != "" {
			t.Errorf("%s (%s): an English sentence in the interface: %q (message %s)", where, l.Code, x.Text, p)
		} else if ws := englishWordsIn(l, x.Text); len(ws) > 0 {
			t.Errorf("%s (%s): English words %q in the interface: %q", where, l.Code, ws, x.Text)
		}
	}
}

func waitText(ctx context.Context, sel, want string) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(document.querySelector(%q)?.textContent || '').includes(%q)`, sel, want),
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q)?.textContent || '(none)'`, sel)))
		return fmt.Errorf("%s shows %q, not %q: %w", sel, got, want, err)
	}
	return nil
}

// TestBrowserJourneyInSpanishAndArabic: a teacher picks the interface
// language with the switcher, signs up, creates a lesson, edits it live,
// starts a translation, translates and approves a segment, and opens the
// review queue; at every step the interface is in the chosen language
// (the page, flashes, the editor's and translator's scripts), and the
// Arabic layout is mirrored.
func TestBrowserJourneyInSpanishAndArabic(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	for _, code := range []string{"es", "ar"} {
		l, _ := i18n.Default().Lookup(code)
		ctx := newBrowser(t)
		step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, actions...); err != nil {
				t.Fatalf("%s %s: %v", code, what, err)
			}
		}
		handle := "teacher" + strings.ReplaceAll(code, "-", "")
		step("switch language",
			chromedp.Navigate(env.URL+"/"),
			chromedp.SetValue(chromedp.CSS("#ui-lang"), code),
			chromedp.Click(chromedp.CSS(".lang-switch button")),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`html[lang=%q]`, code))))
		dir, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "dir"))
		if err != nil || dir.Value != l.Dir {
			t.Errorf("%s: html dir %q, want %q", code, dir.Value, l.Dir)
		}
		checkInterface(t, ctx, l, "home")
		// The mirrored layout: the brand starts the header on the reading side.
		pos, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		  const b = document.querySelector('header.site .brand').getBoundingClientRect();
		  const li = document.querySelector('header.site nav ul li').getBoundingClientRect();
		  return [b.left, b.right, li.left, window.innerWidth];
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if mid := pos[3] / 2; l.Dir == "rtl" && !(pos[0] > mid && pos[2] < pos[0]) || l.Dir == "ltr" && !(pos[1] < mid && pos[2] > pos[0]) {
			t.Errorf("%s: header not laid out %s: brand %v..%v, first link at %v, width %v", code, l.Dir, pos[0], pos[1], pos[2], pos[3])
		}
		// Typed text takes its own direction (English typed on the Arabic page, Arabic on the
		// Spanish one), while an empty field keeps the page's, placeholder and caret included.
		bidi, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		  const q = document.querySelector('#q');
		  return [getComputedStyle(q).unicodeBidi, getComputedStyle(q).direction];
		})()`))
		if err != nil || len(bidi) != 2 || bidi[0] != "plaintext" || bidi[1] != l.Dir {
			t.Errorf("%s: the search field's unicode-bidi and direction are %v (%v), want plaintext and %s", code, bidi, err, l.Dir)
		}

		step("sign up",
			chromedp.Click(chromedp.CSS(`header.site a[href="/signup"]`)),
			chromedp.WaitVisible(chromedp.CSS("#handle")),
			chromedp.SendKeys(chromedp.CSS("#name"), "Teacher "+code),
			chromedp.SendKeys(chromedp.CSS("#handle"), handle),
			chromedp.SendKeys(chromedp.CSS("#email"), handle+"@example.org"),
			chromedp.SendKeys(chromedp.CSS("#password"), "correct horse battery"),
			chromedp.Submit(chromedp.CSS("#password")),
			chromedp.WaitVisible(chromedp.CSS(".who")))
		if err := waitText(ctx, ".flash", l.T("Welcome to Commonplace! Your account is ready. We sent a link to your e-mail address: follow it to confirm the address.")); err != nil {
			t.Errorf("%s: the sign-up flash is not in the language: %v", code, err)
		}
		checkInterface(t, ctx, l, "my resources")

		step("create",
			chromedp.Navigate(env.URL+"/new"),
			chromedp.WaitVisible(chromedp.CSS("#title")),
			chromedp.SendKeys(chromedp.CSS("#title"), map[string]string{"es": "Photosynthesis", "ar": "Iceland Volcanoes"}[code]),
			chromedp.SetValue(chromedp.CSS("#language"), "en"),
			chromedp.SetValue(chromedp.CSS("#content"), "# Photosynthesis\n\nPlants make sugar from light. Leaves are green.\n"),
			chromedp.Click(chromedp.CSS(`input[name=visibility][value=public]`)),
			chromedp.Submit(chromedp.CSS("#title")),
			chromedp.WaitVisible(chromedp.CSS("#resource-title")))
		if err := waitText(ctx, ".flash", l.T("Resource created.")); err != nil {
			t.Errorf("%s: the creation flash is not in the language: %v", code, err)
		}
		checkInterface(t, ctx, l, "resource")
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname.split('/')[2]`))
		if err != nil {
			t.Fatal(err)
		}

		step("edit live",
			chromedp.Click(chromedp.CSS(`nav.actions a.button[href$="/edit"]`)),
			chromedp.WaitVisible(chromedp.CSS(".cm-content")))
		if err := waitText(ctx, "#editor-status", l.T("Connected")); err != nil {
			t.Errorf("%s: the editor's status is not in the language: %v", code, err)
		}
		step("type", chromedp.Click(chromedp.CSS(".cm-content")), chromedp.KeyEvent(" Roots drink water."))
		if err := waitText(ctx, "#editor-status", l.T("Saved")); err != nil {
			t.Errorf("%s: the editor's saved status is not in the language: %v", code, err)
		}
		checkInterface(t, ctx, l, "editor")
		// The accessibility checker's findings beside the editor come from the API in the
		// reader's language (the bundle shows the words it is sent).
		step("write a problem", chromedp.KeyEvent("\n\nWRITE THE ANSWER IN CAPITALS RIGHT NOW."))
		if err := waitText(ctx, "#checks-list", l.T("Text in capital letters")); err != nil {
			t.Errorf("%s: the editor's findings are not in the language: %v", code, err)
		}
		if err := waitText(ctx, "#checks-status", l.N("{n} warning", "{n} warnings", 1)); err != nil {
			t.Errorf("%s: the editor's check summary is not in the language: %v", code, err)
		}
		checkInterface(t, ctx, l, "editor with findings")
		step("accessibility report", chromedp.Navigate(env.URL+"/r/"+id+"/accessibility"), chromedp.WaitVisible(chromedp.CSS("#a11y-summary")))
		checkInterface(t, ctx, l, "accessibility report")
		step("family", chromedp.Navigate(env.URL+"/r/"+id+"/family"), chromedp.WaitVisible(chromedp.CSS(".family-graph svg")))
		checkInterface(t, ctx, l, "family graph")
		if err := waitText(ctx, ".family-graph svg", l.T("▼ current resource")); err != nil {
			t.Errorf("%s: the family graph is not in the language: %v", code, err)
		}

		step("start a translation",
			chromedp.Navigate(env.URL+"/r/"+id),
			chromedp.WaitVisible(chromedp.CSS("#translate-language")),
			chromedp.SetValue(chromedp.CSS("#translate-language"), "fr"),
			chromedp.Submit(chromedp.CSS("#translate-language")),
			chromedp.WaitVisible(chromedp.CSS(".segment-form [contenteditable=true]")))
		checkInterface(t, ctx, l, "translator")
		step("translate a segment",
			chromedp.Click(chromedp.CSS(".segment-form [contenteditable=true]")),
			chromedp.KeyEvent("Photosynthèse"),
			chromedp.Click(chromedp.CSS(`.segment-form button[value=save_next]`)))
		if err := waitText(ctx, "#live-status", l.T("Saved segment {n}.", "n", 1)); err != nil {
			t.Errorf("%s: the translator's announcement is not in the language: %v", code, err)
		}
		step("approve it",
			chromedp.Reload(),
			// The editor appears once the script has taken the form over; a click before
			// that submits the form without it, and the page navigates away.
			chromedp.WaitVisible(chromedp.CSS(".segment-form [contenteditable=true]")),
			chromedp.WaitVisible(chromedp.CSS(`.segment-form button[value=approve_next]`)),
			chromedp.Click(chromedp.CSS(`.segment-form button[value=approve_next]`)))
		if err := waitText(ctx, "#live-status", l.T("Approved segment {n}.", "n", 1)); err != nil {
			t.Errorf("%s: the approval announcement is not in the language: %v", code, err)
		}
		checkInterface(t, ctx, l, "translator after review")
		step("review queue", chromedp.Navigate(env.URL+"/reviews"), chromedp.WaitVisible(chromedp.CSS("main h1")))
		checkInterface(t, ctx, l, "review queue")
	}
}

package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// An author types an image without alt text into the live editor: the check (run as they
// pause) underlines it, lists it beside the preview, and its button moves the cursor there.
func TestAccessibilityCheckerInTheLiveEditor(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"content": "## Plants\n\nPlants make their own food.\n"})
	ctx := newBrowser(t)
	if err := openEditor(ctx, env.URL, sessionFor(t, env, amina.id()), id); err != nil {
		t.Fatal(err)
	}
	poll := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([window.commonplaceEditor && window.commonplaceEditor.getText(),
				document.getElementById('checks-status').textContent, document.getElementById('checks-list').textContent])`))
			t.Fatalf("%s: %v (editor, status, list: %s)", what, err, state)
		}
	}
	poll("the clean text checked", `document.getElementById('checks-status').textContent === 'No accessibility problems found.'`)

	// Type at the end of the text.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const v = window.commonplaceEditor.view;
		v.dispatch({selection: {anchor: v.state.doc.length}}); v.focus(); return true })()`)); err != nil {
		t.Fatal(err)
	}
	typeCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(typeCtx, chromedp.SendKeys(chromedp.CSS(".cm-content"), "\n![](leaf.png)")); err != nil {
		t.Fatalf("typing: %v", err)
	}
	poll("the finding listed", `[...document.querySelectorAll('#checks-list .check-goto')].some(b => /^Line [56]: Image without alt text$/.test(b.textContent))`)
	poll("the spot underlined", `!!document.querySelector('.cm-content .cm-a11y-error')`)
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('checks-status').textContent`))
	if err != nil || status != "1 accessibility problem: 1 error." {
		t.Errorf("status %q %v", status, err)
	}

	// Move away, then jump back with the finding's button: the image is selected, the editor focused.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const v = window.commonplaceEditor.view;
		v.dispatch({selection: {anchor: 0}}); document.querySelector('#checks-list .check-goto').focus(); return true })()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#checks-list .check-goto"))); err != nil {
		t.Fatal(err)
	}
	sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const v = window.commonplaceEditor.view, m = v.state.selection.main;
		return v.state.sliceDoc(m.from, m.to) + '|' + v.hasFocus })()`))
	if err != nil || sel != "![](leaf.png)|true" {
		t.Errorf("after the jump: %q %v", sel, err)
	}

	// The text the server has now holds the problem too: the report page links to the spot.
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.commonplaceEditor.getText()`))
	if err != nil || !strings.HasSuffix(text, "![](leaf.png)") {
		t.Fatalf("text %q %v", text, err)
	}
	poll("saved", `/Saved|Connected/.test(window.commonplaceEditor.status())`)
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/r/"+id+"/accessibility"), chromedp.WaitVisible(chromedp.CSS(".a11y-finding a"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".a11y-finding a")), chromedp.WaitVisible(chromedp.CSS(".cm-content"))); err != nil {
		t.Fatal(err)
	}
	poll("the editor opened at the spot", `!!window.commonplaceEditor && (() => { const v = window.commonplaceEditor.view, m = v.state.selection.main;
		return v.state.sliceDoc(m.from, m.to) === '![](leaf.png)' })()`)
}

// axe-core over the pages issue 14 changes: the report (open and dismissed findings), the
// resource page's panel, the live editor with findings listed (details open), a proposal and a
// translation as their reviewer sees them.
func TestAccessibilityPagesHaveNoSeriousAxeViolations(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	axe := readAxe(t)
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	content := "## Parts\n\n![](bar.png)\n\nFor more, [click here](https://example.org).\n\nIn Arabic: مرحبا بكم في الصف.\n"
	id := amina.createResource(map[string]any{"visibility": "public", "content": content})
	must := func(st int, body map[string]any) map[string]any {
		t.Helper()
		if st/100 != 2 {
			t.Fatalf("setup: %d %v", st, body)
		}
		return body
	}
	rep := must(amina.do("GET", "/api/v1/resources/"+id+"/accessibility", nil))
	f := rep["findings"].([]any)[0].(map[string]any)
	must(amina.do("POST", "/api/v1/resources/"+id+"/accessibility/dismissals", map[string]any{"rule": f["rule"], "fingerprint": f["fingerprint"], "reason": "decorative"}))
	fork := must(bruno.do("POST", "/api/v1/resources/"+id+"/forks", map[string]any{"title": "Parts, adapted"}))["id"].(string)
	must(bruno.do("PATCH", "/api/v1/resources/"+fork, map[string]any{"content": content + "\nUnderline the red words.\n"}))
	prop := must(bruno.do("POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "Colours"}))["id"].(string)
	tr := must(amina.do("POST", "/api/v1/resources/"+id+"/translations", map[string]any{"language": "es"}))["id"].(string)
	ar := amina.createResource(map[string]any{"visibility": "public", "language": "ar", "title": "الكسور", "content": "# الكسور\n\n![](x.png)\n"})

	ctx := newBrowser(t)
	signIn(t, ctx, env, amina.id())
	for _, p := range []string{"/r/" + id + "/accessibility", "/r/" + ar + "/accessibility", "/r/" + id, "/r/" + ar, "/proposals/" + prop, "/r/" + tr + "/translate"} {
		checkAxe(t, ctx, axe, env.URL+p, "footer.site")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/r/"+id+"/edit"), chromedp.WaitVisible(chromedp.CSS("#checks-list .check-goto"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll('#checks-list details').forEach(d => d.open = true); true`)); err != nil {
		t.Fatal(err)
	}
	axeHere(t, ctx, axe, "/r/"+id+"/edit with findings")
}

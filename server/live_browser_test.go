package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// openEditor signs the browser in with a session cookie and opens the live editor.
func openEditor(ctx context.Context, baseURL, session, id string) error {
	ctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	httpOnly := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "cp_session", Value: session, URL: baseURL, HTTPOnly: &httpOnly}); err != nil {
		return fmt.Errorf("set cookie: %w", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/r/"+id+"/edit"),
		chromedp.WaitVisible(chromedp.CSS(".cm-content")),
	); err != nil {
		return err
	}
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!(window.commonplaceEditor && /Connected|Saved/.test(window.commonplaceEditor.status()))`,
		chromedp.WithPollingTimeout(20*time.Second)))
	return err
}

func TestLiveEditorTwoBrowsers(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	owner, ed := env.signup("lena"), env.signup("milo")
	id := owner.createResource(map[string]any{"content": "# Shared notes\n"})
	owner.share(id, ed.handle(), "editor")

	b1, b2 := newBrowser(t), newBrowser(t)
	for i, b := range []struct {
		ctx context.Context
		uid string
	}{{b1, owner.id()}, {b2, ed.id()}} {
		if err := openEditor(b.ctx, env.URL, sessionFor(t, env, b.uid), id); err != nil {
			t.Fatalf("open editor %d: %v", i, err)
		}
	}
	// Read-only state and page contract: the editor replaced the textarea.
	role, err := chromedp.Run(b2, chromedp.Evaluate[string](`document.getElementById('live-editor').dataset.role`))
	if err != nil || role != "editor" {
		t.Fatalf("data-role %q %v", role, err)
	}

	typed := []string{"alpha from lena. ", "beta from milo. "}
	// Each types at a place of their own (the end, the start): two people typing at one spot
	// interleave keystroke by keystroke however well the editors converge, and the check below
	// looks for each sentence whole.
	places := []string{"view.state.doc.length", "0"}
	errs := make(chan error, 2)
	for i, b := range []context.Context{b1, b2} {
		go func() {
			ctx, cancel := context.WithTimeout(b, 40*time.Second)
			defer cancel()
			errs <- chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(".cm-content")),
				chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
					_, err := chromedp.Evaluate[bool](`(() => { const view = window.commonplaceEditor.view; view.dispatch({selection: {anchor: `+places[i]+`}}); view.focus(); return true; })()`)(ctx, t)
					return err
				}),
				chromedp.SendKeys(chromedp.CSS(".cm-content"), typed[i]))
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("typing: %v", err)
		}
	}
	var final string
	deadline := time.Now().Add(30 * time.Second)
	for {
		t1, err := chromedp.Run(b1, chromedp.Evaluate[string](`window.commonplaceEditor.getText()`))
		if err != nil {
			t.Fatal(err)
		}
		t2, err := chromedp.Run(b2, chromedp.Evaluate[string](`window.commonplaceEditor.getText()`))
		if err != nil {
			t.Fatal(err)
		}
		server, _ := owner.liveText(id)
		if t1 == t2 && t1 == server && strings.Contains(t1, typed[0]) && strings.Contains(t1, typed[1]) {
			final = t1
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("browsers did not converge:\n1: %q\n2: %q\nserver: %q", t1, t2, server)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("converged text: %q", final)
	if !strings.Contains(final, "# Shared notes") {
		t.Fatalf("original text lost: %q", final)
	}
}

func TestLiveEditorPageReadOnlyAndFallback(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	owner, viewer := env.signup("nils"), env.signup("ola")
	id := owner.createResource(map[string]any{"content": "Hello <world>", "language": "ar", "visibility": "private"})
	owner.share(id, viewer.handle(), "viewer")

	b := env.browser()
	b.hc.Jar.SetCookies(mustURL(env.URL), cookies("cp_session", sessionFor(t, env, viewer.id())))
	status, html := b.get("/r/" + id + "/edit")
	if status != 200 {
		t.Fatalf("viewer edit page: %d", status)
	}
	for _, want := range []string{`id="live-editor"`, `data-role="viewer"`, `data-live-url="/api/v1/resources/` + id + `/live"`,
		`id="content-fallback"`, `Hello &lt;world&gt;`, `dir="rtl"`, `lang="ar"`, `readonly`, `id="editor-status"`, `id="toggle-authors"`,
		`id="editor-preview"`, `id="editor-peers"`, `src="/static/dist/editor.`, `name="csrf-token"`} {
		if !strings.Contains(html, want) {
			t.Errorf("viewer page lacks %s", want)
		}
	}
	if strings.Contains(html, "Save text") {
		t.Error("viewer gets a save button")
	}
	// Outsiders: private resource → 404.
	o := env.browser()
	o.hc.Jar.SetCookies(mustURL(env.URL), cookies("cp_session", sessionFor(t, env, env.signup("pat").id())))
	if status, _ := o.get("/r/" + id + "/edit"); status != 404 {
		t.Fatalf("outsider edit page: %d", status)
	}
	// The owner's page offers the no-JS form, and the resource page links to it.
	ob := env.browser()
	ob.hc.Jar.SetCookies(mustURL(env.URL), cookies("cp_session", sessionFor(t, env, owner.id())))
	if _, html := ob.get("/r/" + id + "/edit"); !strings.Contains(html, "Save text") || strings.Contains(html, "readonly") {
		t.Error("owner page lacks the fallback save button or is read-only")
	}
	if _, html := ob.get("/r/" + id); !strings.Contains(html, `/r/`+id+`/edit`) || !strings.Contains(html, "Edit live") {
		t.Error("resource page lacks Edit live")
	}
	// The fallback form saves through the settings path.
	_, page := ob.get("/r/" + id + "/edit")
	resp := ob.post("/r/"+id+"/settings", map[string]string{"content": "Hello world, saved without JS", "_csrf": csrfFrom(page)}, nil)
	if resp.StatusCode != 303 {
		t.Fatalf("fallback save: %d %s", resp.StatusCode, readAll(t, resp))
	}
	if text, v := owner.liveText(id); text != "Hello world, saved without JS" || v != 1 {
		t.Fatalf("after fallback save: %q v%d", text, v)
	}
}

package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/commonplace/commonplace/internal/browsertest"
)

// TestBrowserTranslateSyncReview walks the translator's journey in a real
// browser: translate three segments, the source changes, sync, the changed
// segment shows as outdated with its diff, fix it, and a reviewer approves.
func TestBrowserTranslateSyncReview(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	e := newTEnv(t)
	owner, reviewer := e.signup("owner"), e.signup("rita")
	src := e.newResource(owner, "en", "CC-BY-4.0", "One apple. The cat sat on the mat. Dogs bark at night.\n")
	tr := e.startTranslation(owner, src.ID, "es")
	e.addRole(owner, tr.ID, reviewer, "reviewer")
	segs := e.segments(owner, tr.ID, "").Segments
	targets := map[string]string{"One apple.": "Una manzana.", "The cat sat on the mat.": "El gato se sentó en la alfombra.", "Dogs bark at night.": "Los perros ladran de noche."}

	ctx := browsertest.New(t, 3*time.Minute) // newBrowser's budget: at CI's start the race builds of every package share the 2 cores, and 90 s ran out once

	login := func(handle string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Navigate(e.srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("#login")),
			chromedp.SendKeys(chromedp.ID("#login"), handle),
			chromedp.SendKeys(chromedp.ID("#password"), "correct horse battery"),
			chromedp.Submit(chromedp.ID("#password")),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
		)
	}
	page := e.srv.URL + "/r/" + tr.ID + "/translate"
	typeAndSave := func(sid, text string) chromedp.Action[chromedp.Void] {
		sel := "#e-" + sid
		return chromedp.Steps(
			chromedp.WaitVisible(chromedp.CSS(sel)),
			void(chromedp.Evaluate[bool](`document.querySelector("`+sel+`").textContent = "", true`)),
			chromedp.Click(chromedp.CSS(sel)),
			chromedp.SendKeys(chromedp.CSS(sel), text),
			chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		)
	}
	if err := chromedp.Do(ctx, login("owner"), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".editor"))); err != nil {
		t.Fatal(err)
	}
	for _, sg := range segs {
		if err := chromedp.Do(ctx, typeAndSave(sg.ID, targets[sg.Source]),
			chromedp.WaitVisible(chromedp.CSS(`#seg-`+sg.ID+`[data-state="translated"]`))); err != nil {
			t.Fatalf("translate %q: %v", sg.Source, err)
		}
	}
	for _, sg := range e.segments(owner, tr.ID, "").Segments {
		if sg.Target != targets[sg.Source] || sg.State != "translated" {
			t.Fatalf("after typing: %+v", sg)
		}
	}

	// The source changes; the translator syncs from the page.
	e.must(200, "PATCH", "/api/v1/resources/"+src.ID, owner.Token, map[string]any{"content": "One apple. The cat sat on the red mat. Dogs bark at night.\n"}, nil)
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("#sync")), chromedp.Click(chromedp.ID("#sync")),
		chromedp.WaitVisible(chromedp.CSS("tr.outdated .source-diff ins")),
	); err != nil {
		t.Fatal(err)
	}
	diffText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("tr.outdated .source-diff ins")))
	if err != nil {
		t.Fatal(err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("#source-notice")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diffText, "red") || !strings.Contains(notice, "Source changed: 1 segment to review") {
		t.Fatalf("diff %q, notice %q", diffText, notice)
	}
	cat := findSeg(t, e.segments(owner, tr.ID, "").Segments, "The cat sat on the red mat.")
	if !cat.Outdated {
		t.Fatalf("not outdated after sync: %+v", cat)
	}
	if err := chromedp.Do(ctx, typeAndSave(cat.ID, "El gato se sentó en la alfombra roja."),
		chromedp.WaitVisible(chromedp.CSS(`#seg-`+cat.ID+`[data-outdated="false"]`))); err != nil {
		t.Fatalf("fix: %v", err)
	}

	// A reviewer approves the fixed segment.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/login"]`)),
		login("rita"), chromedp.Navigate(page),
		chromedp.Click(chromedp.CSS(`#seg-`+cat.ID+` button[value="approve_next"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#seg-`+cat.ID+`[data-state="reviewed"]`))); err != nil {
		t.Fatalf("approve: %v", err)
	}
	got := findSeg(t, e.segments(owner, tr.ID, "").Segments, "The cat sat on the red mat.")
	if got.State != "reviewed" || got.Outdated || got.Target != "El gato se sentó en la alfombra roja." {
		t.Fatalf("after review: %+v", got)
	}
}

// void drops an action's result so it can join chromedp.Steps.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

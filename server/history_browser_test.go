package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// signIn gives the browser a session cookie.
func signIn(t *testing.T, ctx context.Context, env *testEnv, userID string) {
	t.Helper()
	httpOnly := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "cp_session", Value: sessionFor(t, env, userID),
		URL: env.URL, HTTPOnly: &httpOnly}); err != nil {
		t.Fatalf("set cookie: %v", err)
	}
}

// TestJourneyRestoreOldRevision: a teacher opens the history of her lesson
// (times in her own zone), opens an old revision, restores it, and finds
// her co-author's words credited to him still.
func TestJourneyRestoreOldRevision(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	ana, ben := env.signup("ana"), env.signup("ben")
	id := ana.createResource(map[string]any{"title": "Tides", "content": "# Tides\n\nThe moon pulls the sea.\n", "visibility": "public"})
	ana.share(id, ben.handle(), "editor")
	if st, body := ana.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "draft"}); st != http.StatusCreated {
		t.Fatalf("name a version: %d %v", st, body)
	}
	if st, body := ben.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# Tides\n\nThe moon pulls the sea. Ben adds: twice a day.\n"}); st != http.StatusOK {
		t.Fatalf("ben edits: %d %v", st, body)
	}
	if st, body := ben.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "twice"}); st != http.StatusCreated {
		t.Fatalf("ben names a version: %d %v", st, body)
	}
	if st, body := ana.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": "# Tides\n\nOops, all gone.\n"}); st != http.StatusOK {
		t.Fatalf("ana breaks it: %d %v", st, body)
	}

	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, env, ana.id())
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/r/"+id),
		chromedp.Click(chromedp.CSS(`nav.actions a[href$="/history"]`)),
		chromedp.WaitVisible(chromedp.CSS("#revisions"))); err != nil {
		t.Fatalf("open the history: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('#rev-2 time[data-localised]')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("times never localised: %v", err)
	}
	// The time is in Tokyo's zone (UTC+9) now, and the UTC text is in its title.
	when, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const t = document.querySelector('#rev-2 time');
		const d = new Date(t.getAttribute('datetime')); d.setUTCHours(d.getUTCHours() + 9);
		return [t.textContent, String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0'), t.title]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(when[0], "UTC") || !strings.HasSuffix(when[0], when[1]) || !strings.Contains(when[2], "GMT+9") {
		t.Errorf("revision 2's time in Tokyo = %q (want … %s), title %q", when[0], when[1], when[2])
	}
	if got := text("#rev-2"); !strings.Contains(got, "Ben") || !strings.Contains(got, "named version: twice") {
		t.Errorf("history row of revision 2 = %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#rev-2 a[href*="/revisions/"]`)),
		chromedp.WaitVisible(chromedp.CSS("#revision-content")),
	); err != nil {
		t.Fatalf("open revision 2: %v", err)
	}
	if h := text("#revision-title"); h != "Revision 2 of “Tides”" {
		t.Errorf("revision heading = %q", h)
	}
	if got := text("#revision-content"); !strings.Contains(got, "Ben adds: twice a day.") {
		t.Errorf("revision 2 text = %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#restore-button")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got := text(".flash"); !strings.Contains(got, "Revision restored") {
		t.Errorf("flash = %q", got)
	}
	if got := text("#revisions tbody tr:first-child"); !strings.Contains(got, "restored") || !strings.Contains(got, "text of revision 2") || strings.Contains(got, "Restored revision") || !strings.Contains(got, "Ana") {
		t.Errorf("newest history row = %q", got)
	}
	if got, _ := ana.liveText(id); got != "# Tides\n\nThe moon pulls the sea. Ben adds: twice a day.\n" {
		t.Fatalf("text after restore = %q", got)
	}
	st, blame := ana.do("GET", "/api/v1/resources/"+id+"/blame", nil)
	if st != http.StatusOK {
		t.Fatal(st)
	}
	credit := map[string]string{}
	for _, s := range blame["spans"].([]any) {
		m := s.(map[string]any)
		credit[m["name"].(string)] += m["text"].(string)
	}
	if !strings.Contains(credit["Ben"], "Ben adds: twice a day.") || credit["Ana"] == "" {
		t.Errorf("credit after restore = %v", credit)
	}
}

// TestJourneyThreeEditorsThreeColours: three co-authors in one lesson see
// three distinct colours, the same person in the same colour everywhere,
// their own colour marked, and a screen reader is told who joined.
func TestJourneyThreeEditorsThreeColours(t *testing.T) {
	// Not parallel: browser tests run one at a time (2 cores, one Chromium each).
	env := newEnv(t)
	owner := env.signup("ines")
	others := []*client{env.signup("jon"), env.signup("kai")}
	id := owner.createResource(map[string]any{"content": "# Shared notes\n"})
	for _, o := range others {
		owner.share(id, o.handle(), "editor")
	}
	people := []*client{owner, others[0], others[1]}
	browsers := make([]context.Context, 3)
	for i, p := range people {
		browsers[i] = newBrowser(t)
		if err := openEditor(browsers[i], env.URL, sessionFor(t, env, p.id()), id); err != nil {
			t.Fatalf("open editor %d: %v", i, err)
		}
		if i == 0 { // record all the first editor's live region says from now on (in the DOM: polls run in another world)
			if _, err := chromedp.Run(browsers[0], chromedp.Evaluate[bool](`(() => { const el = document.getElementById('editor-announce'); el.dataset.said = '[]';
				new MutationObserver(() => { if (el.textContent) el.dataset.said = JSON.stringify([...JSON.parse(el.dataset.said), el.textContent]); })
					.observe(el, {childList: true, characterData: true});
				return true; })()`)); err != nil {
				t.Fatal(err)
			}
		}
	}
	type person struct {
		User  string `json:"user"`
		Color string `json:"color"`
		Me    bool   `json:"me"`
		Name  string `json:"name"`
	}
	seen := make([][]person, 3)
	for i, b := range browsers {
		ctx, cancel := context.WithTimeout(b, 30*time.Second)
		list, err := chromedp.Run(ctx, chromedp.Poll[[]person](`(() => { const li = [...document.querySelectorAll('#editor-peers li')];
			return li.length === 3 ? li.map((e) => ({user: e.dataset.user, color: e.dataset.color, me: e.classList.contains('me'), name: e.textContent})) : null; })()`,
			chromedp.WithPollingTimeout(25*time.Second)))
		cancel()
		if err != nil {
			t.Fatalf("browser %d never listed three people: %v", i, err)
		}
		seen[i] = list
	}
	colorOf := map[string]string{}
	for i, list := range seen {
		colours := map[string]bool{}
		for _, p := range list {
			colours[p.Color] = true
			if c, ok := colorOf[p.User]; ok && c != p.Color {
				t.Errorf("browser %d paints %s %s, another browser %s", i, p.Name, p.Color, c)
			}
			colorOf[p.User] = p.Color
			if p.Me != (p.User == people[i].id()) {
				t.Errorf("browser %d marks %q as itself: %v", i, p.Name, p.Me)
			}
		}
		if len(colours) != 3 {
			t.Errorf("browser %d shows colours %v for %v", i, colours, list)
		}
	}
	if len(colorOf) != 3 {
		t.Fatalf("people seen: %v", colorOf)
	}
	// The bar stays at the top of the editor while the page scrolls.
	pos, err := chromedp.Run(browsers[0], chromedp.Evaluate[string](`getComputedStyle(document.getElementById('editor-bar')).position`))
	if err != nil || pos != "sticky" {
		t.Errorf("editor bar position = %q %v", pos, err)
	}
	// The first editor was told, politely and once each, who joined after her
	// (in one sentence or two, as they came).
	ctx, cancel := context.WithTimeout(browsers[0], 40*time.Second)
	defer cancel()
	said, err := chromedp.Run(ctx, chromedp.Poll[[]string](`(s => /Jon/.test(s.join(' ')) && /Kai/.test(s.join(' ')) ? s : null)(JSON.parse(document.getElementById('editor-announce').dataset.said))`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("never announced both: %v", err)
	}
	for _, s := range said {
		if !strings.HasSuffix(s, "joined.") || strings.Count(strings.Join(said, " "), "Jon") != 1 || strings.Contains(s, "Ines") {
			t.Errorf("announced %q", said)
		}
	}
	live, err := chromedp.Run(browsers[0], chromedp.Evaluate[string](`document.getElementById('editor-announce').getAttribute('aria-live')`))
	if err != nil || live != "polite" {
		t.Errorf("announce region aria-live = %q %v", live, err)
	}
	// Kai leaves: the others are told.
	if err := chromedp.Do(browsers[2], chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	left, err := chromedp.Run(ctx, chromedp.Poll[string](`(t => /left/.test(t) ? t : null)(document.getElementById('editor-announce').textContent)`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil || left != "Kai left." {
		t.Errorf("after Kai left: %q %v", left, err)
	}
}

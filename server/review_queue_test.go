package server

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// form posts a page form with a bearer token (no CSRF token needed) and
// does not follow the redirect.
func (e *tenv) form(path, token string, vals url.Values) (int, string, string) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

type reviewsAnswer struct {
	Proposals    []map[string]any `json:"proposals"`
	Translations []struct {
		Resource, Title, Language, URL string
		Waiting                        int
	} `json:"translations"`
}

// The review queue is true, over HTTP: the API and the page list the
// segments waiting per translation with counts, "Nothing waits for you"
// only when nothing does, and the page's forms approve and send back
// without JavaScript.
func TestReviewQueueOverHTTP(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, tina, rita := e.signup("owner"), e.signup("tina"), e.signup("rita")
	src := e.newResource(owner, "en", "CC-BY-4.0", "One apple. The cat sat. Dogs bark.\n")
	tr := e.startTranslation(owner, src.ID, "es")
	e.addRole(owner, tr.ID, tina, "translator")
	e.addRole(owner, tr.ID, rita, "reviewer")
	var q reviewsAnswer
	e.must(200, "GET", "/api/v1/reviews", rita.Token, nil, &q)
	if q.Proposals == nil || q.Translations == nil || len(q.Translations) != 0 {
		t.Fatalf("empty queue %+v", q)
	}
	if st, body := e.raw("GET", "/reviews", rita.Token, "", nil); st != 200 || !strings.Contains(string(body), `<p id="queue-empty">Nothing waits for you.</p>`) {
		t.Fatalf("empty page: %d", st)
	}
	segs := e.segments(owner, tr.ID, "").Segments
	for _, sg := range segs {
		e.put(tina, tr.ID, sg.ID, map[string]any{"target": "ES " + sg.Source})
	}
	e.put(tina, tr.ID, "title", map[string]any{"target": "Lección"})
	e.must(200, "GET", "/api/v1/reviews", rita.Token, nil, &q)
	if len(q.Translations) != 1 || q.Translations[0].Resource != tr.ID || q.Translations[0].Title != "Lección" || q.Translations[0].Waiting != 4 ||
		q.Translations[0].URL != "/r/"+tr.ID+"/translate?state=translated" {
		t.Fatalf("queue %+v", q)
	}
	e.must(200, "GET", "/api/v1/reviews", tina.Token, nil, &q)
	if len(q.Translations) != 0 {
		t.Fatalf("the translator's own queue %+v", q)
	}
	st, body := e.raw("GET", "/reviews", rita.Token, "", nil)
	page := string(body)
	if st != 200 || !strings.Contains(page, `<p id="queue-empty" hidden>`) || !strings.Contains(page, `data-waiting="4">4 waiting`) ||
		strings.Count(page, `class="review-item"`) != 4 || !strings.Contains(page, "Title, source") || !strings.Contains(page, "ES The cat sat.") {
		t.Fatalf("queue page: %d %s", st, page)
	}
	// Approve without JavaScript: back to the queue, one fewer.
	st, loc, _ := e.form("/r/"+tr.ID+"/translate", rita.Token, url.Values{"op": {"approve"}, "segment": {segs[0].ID}, "return": {"/reviews"}})
	if st != http.StatusSeeOther || loc != "/reviews?done=approve" {
		t.Fatalf("approve: %d %s", st, loc)
	}
	if _, body := e.raw("GET", loc, rita.Token, "", nil); !strings.Contains(string(body), `data-waiting="3">3 waiting`) || !strings.Contains(string(body), "Approved.") {
		t.Fatal("the queue did not shrink")
	}
	// A refused send-back keeps the comment typed and says why, in the queue.
	long := strings.Repeat("é", 5001)
	st, _, page = e.form("/r/"+tr.ID+"/translate", rita.Token, url.Values{"op": {"send_back"}, "segment": {segs[1].ID}, "comment": {long}, "return": {"/reviews"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(page, long) || !strings.Contains(page, "at most 5000 characters") ||
		!strings.Contains(page, `aria-invalid="true"`) {
		t.Fatalf("refused send back: %d", st)
	}
	st, loc, _ = e.form("/r/"+tr.ID+"/translate", rita.Token, url.Values{"op": {"send_back"}, "segment": {segs[1].ID}, "comment": {"Tense?"}, "return": {"/reviews"}})
	if st != http.StatusSeeOther || loc != "/reviews?done=send_back" {
		t.Fatalf("send back: %d %s", st, loc)
	}
	e.must(200, "GET", "/api/v1/reviews", rita.Token, nil, &q)
	if q.Translations[0].Waiting != 3 { // sent back is still translated text waiting for its translator's change
		t.Fatalf("after send back %+v", q)
	}
	// Anonymous callers are asked to sign in.
	if st, _ := e.raw("GET", "/api/v1/reviews", "", "", nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", st)
	}
}

// A translation's text is written through its segments: PATCH of its
// content and ops are refused with a clear error; its self-approval policy
// is set by its owner; the resource page offers no "Edit live".
func TestTranslationTextAndPolicyOverHTTP(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, rita := e.signup("owner"), e.signup("rita")
	src := e.newResource(owner, "en", "CC-BY-4.0", "One apple.\n")
	tr := e.startTranslation(owner, src.ID, "es")
	e.addRole(owner, tr.ID, rita, "reviewer")
	var ae apiErr
	if st := e.do("PATCH", "/api/v1/resources/"+tr.ID, owner.Token, map[string]any{"content": "A note.\n"}, &ae); st != 422 || ae.Error.Code != "translation_text" ||
		!strings.Contains(ae.Error.Message, "segments") {
		t.Fatalf("PATCH content: %d %+v", st, ae)
	}
	if st := e.do("POST", "/api/v1/resources/"+tr.ID+"/ops", owner.Token, map[string]any{"base": 0, "ops": []any{"x", 11}}, &ae); st != 422 || ae.Error.Code != "translation_text" {
		t.Fatalf("ops: %d %+v", st, ae)
	}
	var info struct {
		SelfApproval string `json:"self_approval"`
		ApproveOwn   bool   `json:"approve_own_segments"`
	}
	e.must(200, "GET", "/api/v1/resources/"+tr.ID+"/translation", owner.Token, nil, &info)
	if info.SelfApproval != "default" || info.ApproveOwn {
		t.Fatalf("default policy with a reviewer: %+v", info)
	}
	e.must(200, "PATCH", "/api/v1/resources/"+tr.ID+"/translation", owner.Token, map[string]any{"self_approval": "allowed"}, &info)
	if info.SelfApproval != "allowed" || !info.ApproveOwn {
		t.Fatalf("allowed: %+v", info)
	}
	if st := e.do("PATCH", "/api/v1/resources/"+tr.ID+"/translation", rita.Token, map[string]any{"self_approval": "not_allowed"}, &ae); st != 403 {
		t.Fatalf("a reviewer sets the policy: %d", st)
	}
	if st := e.do("PATCH", "/api/v1/resources/"+tr.ID+"/translation", owner.Token, map[string]any{"self_approval": "maybe"}, &ae); st != 422 || ae.Error.Field != "self_approval" {
		t.Fatalf("bad setting: %d %+v", st, ae)
	}
	_, body := e.raw("GET", "/r/"+tr.ID, owner.Token, "", nil)
	if strings.Contains(string(body), "Edit live") || !strings.Contains(string(body), `href="/r/`+tr.ID+`/translate"`) {
		t.Fatal("a translation's page offers Edit live")
	}
	_, body = e.raw("GET", "/r/"+tr.ID+"/edit", owner.Token, "", nil)
	if !strings.Contains(string(body), `data-role="viewer"`) || !strings.Contains(string(body), "written segment by segment") {
		t.Fatal("the live editor of a translation is not read-only")
	}
}

// The translator's page: save-and-next focuses the next open segment, the
// one-at-a-time view shows one segment with its neighbours, and the title
// is a labelled segment.
func TestTranslatorPageThroughput(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner := e.signup("owner")
	src := e.newResource(owner, "en", "CC-BY-4.0", "One apple. The cat sat.\n\n![A red apple](apple.png)\n")
	tr := e.startTranslation(owner, src.ID, "es")
	segs := e.segments(owner, tr.ID, "").Segments
	if len(segs) != 3 || segs[2].Source != "A red apple" {
		t.Fatalf("segments %+v", segs)
	}
	st, loc, _ := e.form("/r/"+tr.ID+"/translate", owner.Token, url.Values{"op": {"save_next"}, "segment": {segs[0].ID}, "target": {"Una manzana."}, "return": {"mode=one"}})
	if st != http.StatusSeeOther || !strings.Contains(loc, "after="+segs[0].ID) || !strings.Contains(loc, "mode=one") {
		t.Fatalf("save and next: %d %s", st, loc)
	}
	_, body := e.raw("GET", loc, owner.Token, "", nil)
	page := string(body)
	if strings.Count(page, `<tr id="seg-`) != 1 || !strings.Contains(page, `id="seg-`+segs[1].ID+`"`) || !strings.Contains(page, "autofocus") ||
		!strings.Contains(page, "Segment 3 of 4") || !strings.Contains(page, `id="seg-prev"`) {
		t.Fatalf("one-at-a-time after save-and-next: %s", page)
	}
	_, body = e.raw("GET", "/r/"+tr.ID+"/translate", owner.Token, "", nil)
	page = string(body)
	if !strings.Contains(page, `<span class="kind">Title</span>`) || !strings.Contains(page, `<span class="kind">Image description</span>`) ||
		!strings.Contains(page, `value="save_next"`) || !strings.Contains(page, `id="mode-one"`) {
		t.Fatal("table view lacks labels or buttons")
	}
	e.put(owner, tr.ID, segs[2].ID, map[string]any{"target": "Una manzana roja"})
	if c := e.content(owner, tr.ID, ""); c != "Una manzana. The cat sat.\n\n![Una manzana roja](apple.png)\n" {
		t.Fatalf("content %q", c)
	}
}

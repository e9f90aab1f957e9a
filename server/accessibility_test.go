package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

const problemLesson = "## Parts\n\n![](bar.png)\n\nFor more, [click here](https://example.org).\n"

// The accessibility API: the report now and at a revision, a text being written, dismissals
// with a reason (shown apart, restorable), and the refusals.
func TestAccessibilityAPI(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	amina, vic, eve := e.signup("amina"), e.signup("vic"), e.signup("eve")
	id := e.create(amina, "Fractions", problemLesson, "CC-BY-4.0", "public")
	e.must(&amina, http.StatusOK, "PUT", "/api/v1/resources/"+id+"/collaborators/vic", map[string]any{"role": "viewer"})
	rev := e.must(&amina, http.StatusCreated, "POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "draft"})

	rep := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+id+"/accessibility", nil)
	findings := rep["findings"].([]any)
	if len(findings) != 2 || rep["can_dismiss"] != false {
		t.Fatalf("report %v", rep)
	}
	img := findings[0].(map[string]any)
	start := img["start"].(map[string]any)
	if img["rule"] != "image-alt-missing" || img["severity"] != "error" || img["why"] == "" || img["fix"] == "" ||
		start["line"] != float64(3) || start["offset"] != float64(10) || start["offset16"] != float64(10) || len(img["fingerprint"].(string)) != 16 {
		t.Errorf("finding %v", img)
	}
	if c := rep["counts"].(map[string]any); c["error"] != float64(1) || c["warning"] != float64(1) {
		t.Errorf("counts %v", c)
	}
	if m := rep["metadata"].(map[string]any); m["accessibilitySummary"] == "" || m["accessMode"] == nil {
		t.Errorf("metadata %v", m)
	}

	// Dismissing: editors only, with a reason; the finding moves to "dismissed".
	body := map[string]any{"rule": img["rule"], "fingerprint": img["fingerprint"], "reason": "a decorative bar"}
	path := "/api/v1/resources/" + id + "/accessibility/dismissals"
	if st, b := e.do(&vic, "POST", path, body); st != http.StatusForbidden {
		t.Errorf("a viewer dismissed: %d %v", st, b)
	}
	if st, _ := e.do(nil, "POST", path, body); st != http.StatusUnauthorized {
		t.Errorf("anonymous dismissed: %d", st)
	}
	for field, bad := range map[string]map[string]any{
		"rule":        {"rule": "nope", "fingerprint": img["fingerprint"], "reason": "x"},
		"fingerprint": {"rule": img["rule"], "fingerprint": "xyz", "reason": "x"},
		"reason":      {"rule": img["rule"], "fingerprint": img["fingerprint"], "reason": ""},
	} {
		st, b := e.do(&amina, "POST", path, bad)
		if st != http.StatusUnprocessableEntity || b["error"].(map[string]any)["field"] != field {
			t.Errorf("%s: %d %v", field, st, b)
		}
	}
	d := e.must(&amina, http.StatusCreated, "POST", path, body)
	if d["reason"] != "a decorative bar" || d["by"].(map[string]any)["name"] != "User Amina" {
		t.Errorf("dismissal %v", d)
	}
	rep = e.must(&amina, http.StatusOK, "GET", "/api/v1/resources/"+id+"/accessibility", nil)
	if len(rep["findings"].([]any)) != 1 || len(rep["dismissed"].([]any)) != 1 || rep["can_dismiss"] != true {
		t.Fatalf("after dismissing: %v", rep)
	}
	if dd := rep["dismissed"].([]any)[0].(map[string]any); dd["rule"] != "image-alt-missing" || dd["dismissal"].(map[string]any)["reason"] != "a decorative bar" {
		t.Errorf("dismissed %v", dd)
	}

	// A text being written, and an old revision.
	chk := e.must(&amina, http.StatusOK, "POST", "/api/v1/resources/"+id+"/accessibility/check", map[string]any{"markdown": "# A\n\n# B\n"})
	if f := chk["findings"].([]any); len(f) != 1 || f[0].(map[string]any)["rule"] != "heading-multiple-top" {
		t.Errorf("check %v", chk)
	}
	if st, b := e.do(&amina, "POST", "/api/v1/resources/"+id+"/accessibility/check", map[string]any{}); st != http.StatusUnprocessableEntity {
		t.Errorf("check without text: %d %v", st, b)
	}
	e.setContent(amina, id, "## Parts\n\nAll good now.\n")
	old := e.must(&amina, http.StatusOK, "GET", "/api/v1/resources/"+id+"/accessibility?revision="+url.QueryEscape(rev["id"].(string)), nil)
	if old["revision"] != float64(1) || len(old["findings"].([]any)) != 1 {
		t.Errorf("revision 1: %v", old)
	}
	if st, _ := e.do(&amina, "GET", "/api/v1/resources/"+id+"/accessibility?revision=42", nil); st != http.StatusNotFound {
		t.Errorf("revision 42: %d", st)
	}

	// Restore, then restore again (nothing to restore).
	del := "/api/v1/resources/" + id + "/accessibility/dismissals/image-alt-missing/" + img["fingerprint"].(string)
	if st, _ := e.do(&amina, "DELETE", del, nil); st != http.StatusNoContent {
		t.Errorf("restore: %d", st)
	}
	if st, _ := e.do(&amina, "DELETE", del, nil); st != http.StatusNotFound {
		t.Errorf("restore twice: %d", st)
	}

	// A private resource's report is not found for outsiders.
	priv := e.create(amina, "Secret", problemLesson, "CC-BY-4.0", "private")
	for _, u := range []*vtUser{nil, &eve} {
		if st, b := e.do(u, "GET", "/api/v1/resources/"+priv+"/accessibility", nil); st != http.StatusNotFound || strings.Contains(e.t.Name()+toString(b), "bar.png") {
			t.Errorf("private report for an outsider: %d %v", st, b)
		}
	}
}

func toString(m map[string]any) string {
	var b strings.Builder
	for k, v := range m {
		b.WriteString(k)
		if s, ok := v.(string); ok {
			b.WriteString(s)
		}
	}
	return b.String()
}

// The report page lists open and dismissed findings apart, with links to the spot for editors
// and dismiss/restore forms; the resource page shows the derived metadata; the proposal page
// shows what a proposal would bring in.
func TestAccessibilityPages(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	amina, ben := e.signup("amina"), e.signup("ben")
	id := e.create(amina, "Fractions", problemLesson, "CC-BY-4.0", "public")

	st, page := e.raw(&amina, "GET", "/r/"+id+"/accessibility", nil)
	html := string(page)
	if st != http.StatusOK {
		t.Fatalf("report page: %d", st)
	}
	for _, want := range []string{"Open findings (2: 1 error, 1 warning)", "Image without alt text", "Why it matters:", "How to fix it:",
		"/r/" + id + "/edit#at=10-22", `name="reason"`, "Dismissed (0)", "accessibilitySummary"} {
		if !strings.Contains(html, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	if _, p := e.raw(&ben, "GET", "/r/"+id+"/accessibility", nil); strings.Contains(string(p), `name="reason"`) || strings.Contains(string(p), "/edit#at=") {
		t.Error("a reader is offered to dismiss or edit")
	}

	fp := regexpFind(html, `name="fingerprint" value="([0-9a-f]{16})"`)
	if st, body := e.form(&amina, "/r/"+id+"/accessibility/dismissals", url.Values{"rule": {"image-alt-missing"}, "fingerprint": {fp}, "reason": {""}}.Encode()); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Say why") {
		t.Errorf("dismiss without a reason: %d", st)
	}
	st, loc := e.form(&amina, "/r/"+id+"/accessibility/dismissals", url.Values{"rule": {"image-alt-missing"}, "fingerprint": {fp}, "reason": {"decorative"}}.Encode())
	if st != http.StatusSeeOther || !strings.Contains(loc, "done=dismissed") {
		t.Fatalf("dismiss: %d %s", st, loc)
	}
	_, page = e.raw(&amina, "GET", loc, nil)
	if html = string(page); !strings.Contains(html, "Dismissed (1)") || !strings.Contains(html, "“decorative”") || !strings.Contains(html, "Finding dismissed.") {
		t.Errorf("after dismissing, the page lacks the dismissed finding")
	}
	if st, loc := e.form(&amina, "/r/"+id+"/accessibility/restore", url.Values{"rule": {"image-alt-missing"}, "fingerprint": {fp}}.Encode()); st != http.StatusSeeOther || !strings.Contains(loc, "undismissed") {
		t.Errorf("restore: %d %s", st, loc)
	}

	_, page = e.raw(nil, "GET", "/r/"+id, nil)
	// The panel, and the same metadata in the page's JSON-LD.
	for _, want := range []string{`id="accessibility-h"`, "The accessibility checker finds 2 problems in this text", `id="a11y-metadata"`, "text, images", "text can be enlarged and restyled", "displayTransformability",
		`"accessibilityHazard":["none"]`, `"accessibilitySummary":"Text that can be enlarged`, `"accessMode":["textual","visual"]`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("resource page lacks %q", want)
		}
	}

	// A proposal that adds an image without alt text says so to the reviewer.
	src := e.create(amina, "Plants", "## Leaves\n\nLeaves catch the light.\n", "CC-BY-4.0", "public")
	fork := e.fork(ben, src, map[string]any{})
	e.setContent(ben, fork, "## Leaves\n\nLeaves catch the light.\n\n![](leaf.png)\n")
	prop := e.must(&ben, http.StatusCreated, "POST", "/api/v1/resources/"+fork+"/proposals", map[string]any{"title": "A leaf"})
	_, page = e.raw(&amina, "GET", "/proposals/"+prop["id"].(string), nil)
	for _, want := range []string{`id="a11y-h"`, "New with these changes:", "Image without alt text"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("proposal page lacks %q", want)
		}
	}
}

// regexpFind returns the first group of pattern in s ("" when it does not match).
func regexpFind(s, pattern string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if len(m) < 2 {
		return ""
	}
	return m[1]
}

package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Every field error at once: the API answers 422 with field (the first)
// and errors (all of them, in form order); the form shows each next to its
// field, a summary on top, and keeps what was typed.
func TestAllFieldErrorsAtOnce(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	st, body := amina.do("POST", "/api/v1/resources", map[string]any{"title": " ", "language": "klingon!", "license": "MIT", "level": "phd", "content": "x"})
	e, _ := body["error"].(map[string]any)
	list, _ := e["errors"].([]any)
	var fields []string
	for _, x := range list {
		fields = append(fields, x.(map[string]any)["field"].(string))
	}
	if st != http.StatusUnprocessableEntity || e["field"] != "title" || strings.Join(fields, ",") != "title,language,license,level" {
		t.Fatalf("API: %d %v", st, body)
	}
	// One error keeps the same shape.
	st, body = amina.do("POST", "/api/v1/resources", map[string]any{"title": "T", "language": "en", "license": "CC-BY-4.0", "visibility": "secret"})
	e, _ = body["error"].(map[string]any)
	if list, _ := e["errors"].([]any); st != 422 || e["field"] != "visibility" || len(list) != 1 {
		t.Fatalf("one error: %d %v", st, body)
	}

	b := env.browser()
	b.signIn("amina")
	resp := b.post("/new", map[string]string{"title": "", "language": "Klingonese", "license": "CC-BY-4.0", "visibility": "private", "content": "My lesson text"}, nil)
	page := readAll(t, resp)
	if resp.StatusCode != 422 || !strings.Contains(page, `id="title-error"`) || !strings.Contains(page, `id="language-error"`) ||
		!strings.Contains(page, `id="error-summary"`) || !strings.Contains(page, `href="#language"`) ||
		!strings.Contains(page, `value="Klingonese"`) || !strings.Contains(page, "My lesson text") {
		t.Fatalf("form: %d", resp.StatusCode)
	}
}

// The new-resource form starts as a private draft, picks the language by
// name (a CLDR list), and shows the open licences first with the others
// behind "more licences".
func TestNewResourceFormHelps(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.signup("amina")
	b := env.browser()
	b.signIn("amina")
	st, page := b.get("/new")
	if st != 200 {
		t.Fatalf("new: %d", st)
	}
	for _, want := range []string{
		`name="visibility" value="private" checked`,
		`<input id="language" name="language" list="language-names" value="English (en)"`,
		`<option value="Spanish (es)">español</option>`, `<option value="Swahili (sw)">Kiswahili</option>`,
		`id="license-CC-BY-4.0" value="CC-BY-4.0" checked`, `id="license-PDM-1.0"`, "Anyone may share and adapt it, also commercially",
		`<details class="more-licenses"><summary>More licences`, `<option value="CC-BY-SA-3.0-DE">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	if n := strings.Count(page, "<option value="); n < 200 {
		t.Errorf("only %d options", n)
	}
	// The content's language starts as the interface's.
	for lang, want := range map[string]string{"ar": "Arabic (ar)", "zh-CN": "Simplified Chinese (zh-Hans)"} {
		if _, page, _ := getWith(t, b, "/new", map[string]string{"Accept-Language": lang}); !strings.Contains(page, `list="language-names" value="`+want+`"`) {
			t.Errorf("%s: the form does not start in %s", lang, want)
		}
	}
	// Featured licences come before the disclosure; the older ones only inside it.
	if strings.Index(page, `id="license-CC0-1.0"`) > strings.Index(page, `class="more-licenses"`) ||
		strings.Index(page, `value="CC-BY-SA-3.0-DE"`) < strings.Index(page, `class="more-licenses"`) {
		t.Error("licences in the wrong place")
	}
	// A language typed by name, and an older licence from the list.
	resp := b.post("/new", map[string]string{"title": "Sehemu", "language": "Kiswahili", "license": "other", "license_other": "CC-BY-SA-3.0-DE",
		"visibility": "private", "content": "Nusu.\n"}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", resp.StatusCode, readAll(t, resp))
	}
	id := strings.TrimPrefix(strings.SplitN(resp.Header.Get("Location"), "?", 2)[0], "/r/")
	_, page = b.get("/r/" + id + "/settings")
	if !strings.Contains(page, `value="Swahili (sw)"`) || !regexp.MustCompile(`<details class="more-licenses" open>`).MatchString(page) ||
		!strings.Contains(page, `id="license-other" value="other" checked`) {
		t.Errorf("settings do not show the language by name and the older licence: %s", page[strings.Index(page, "<form"):min(len(page), strings.Index(page, "<form")+400)])
	}
	anon := env.anon()
	if st, _ := anon.do("GET", "/api/v1/resources/"+id, nil); st != http.StatusNotFound {
		t.Errorf("a new resource from the form is visible to others: %d", st)
	}
}

// A refused language on "start a translation" shows the resource page again
// with the reason next to the field and the text typed, not a bare error.
func TestStartTranslationFormKeepsInput(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"visibility": "public"})
	b := env.browser()
	b.signIn("amina")
	resp := b.post("/r/"+id+"/translations", map[string]string{"language": "Elvish"}, nil)
	page := readAll(t, resp)
	if resp.StatusCode != 422 || !strings.Contains(page, `value="Elvish"`) || !strings.Contains(page, `id="translate-language-error"`) ||
		!strings.Contains(page, `aria-invalid="true"`) || !strings.Contains(page, "Fractions") {
		t.Fatalf("bad language: %d %s", resp.StatusCode, page)
	}
	resp = b.post("/r/"+id+"/translations", map[string]string{"language": "English (en)"}, nil)
	if page := readAll(t, resp); resp.StatusCode != 422 || !strings.Contains(page, "source&#39;s own language") {
		t.Fatalf("same language: %d", resp.StatusCode)
	}
	resp = b.post("/r/"+id+"/translations", map[string]string{"language": "Spanish (es)"}, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "/translate") {
		t.Fatalf("start: %d", resp.StatusCode)
	}
}

package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// signIn signs a browser in through the sign-in form.
func (b *browser) signIn(handle string) {
	b.env.t.Helper()
	resp := b.post("/login", map[string]string{"login": handle, "password": passwordOf(handle)}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		b.env.t.Fatalf("sign in %s: %d %s", handle, resp.StatusCode, readAll(b.env.t, resp))
	}
}

func TestMarkdownRendersInertOnThePage(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"visibility": "public", "content": "# Lesson\n\n" +
		"<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n" +
		"<a href=\"JaVaScRiPt:alert(1)\">y</a>\n\n<iframe src=//evil.example></iframe>\n\n<p onclick=\"alert(1)\">p</p>\n\n**safe**\n",
		"title": "<script>alert('title')</script>"})
	status, body := env.browser().get("/r/" + id)
	if status != 200 {
		t.Fatalf("page: %d", status)
	}
	low := strings.ToLower(body)
	for _, bad := range []string{"<script>alert", "onerror", "javascript:", "<iframe", "onclick"} {
		if strings.Contains(low, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(body, "<strong>safe</strong>") || !strings.Contains(body, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;") {
		t.Error("safe Markdown or the escaped title is missing")
	}
}

func TestResourcePageLanguageAndLicence(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	id := amina.createResource(map[string]any{"visibility": "public", "language": "ar", "title": "الكسور", "license": "CC-BY-SA-4.0", "content": "# الكسور\n\nالنصف هو ١/٢.\n"})
	_, body := env.browser().get("/r/" + id)
	for _, want := range []string{`<html lang="ar" dir="rtl">`, `href="https://creativecommons.org/licenses/by-sa/4.0/"`, `CC BY-SA 4.0`,
		`<span lang="ar" dir="auto"><a href="`, `>الكسور</a></span>" by <a href="`, `/u/amina">Amina</a> is licensed under`, `<header class="site" lang="en" dir="ltr">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// Headings keep their order: one h1 for the page title before the content's own.
	if i, j := strings.Index(body, `<h1 id="resource-title">`), strings.Index(body, "<h2"); i < 0 || (j >= 0 && j < i) {
		t.Error("headings out of order")
	}
}

func TestPrivateResourcePageIs404ToOutsiders(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("bruno")
	id := amina.createResource(map[string]any{"title": "Secret plan"})
	for _, path := range []string{"/r/" + id, "/r/" + id + "/settings", "/r/" + id + "/collaborators"} {
		status, body := env.browser().get(path)
		if status != 404 || strings.Contains(body, "Secret plan") {
			t.Errorf("anonymous %s: %d", path, status)
		}
		b := env.browser()
		b.signIn("bruno")
		if status, body := b.get(path); status != 404 || strings.Contains(body, "Secret plan") {
			t.Errorf("outsider %s: %d", path, status)
		}
	}
	_, home := env.browser().get("/")
	if strings.Contains(home, "Secret plan") {
		t.Error("private resource listed on the home page")
	}
	b := env.browser()
	b.signIn("amina")
	if status, body := b.get("/me"); status != 200 || !strings.Contains(body, "Secret plan") {
		t.Errorf("owner's list: %d", status)
	}
}

func TestFormsShowErrorsNextToFields(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.signup("amina")
	b := env.browser()
	resp := b.post("/signup", map[string]string{"handle": "amina", "email": "new@example.org", "password": "long enough password", "name": "Other"}, nil)
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusConflict || !regexp.MustCompile(`id="handle-error">[^<]*taken`).MatchString(body) || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("taken handle: %d %s", resp.StatusCode, body)
	}
	if strings.Contains(body, "long enough password") {
		t.Error("the password was echoed back into the form")
	}
	resp = b.post("/signup", map[string]string{"handle": "newbie", "email": "newbie@example.org", "password": "long enough password", "name": "Newbie"}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signup: %d", resp.StatusCode)
	}
	resp = b.post("/new", map[string]string{"title": "Fractions", "language": "klingon!", "license": "CC-BY-4.0", "visibility": "public", "content": "x"}, nil)
	body = readAll(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="language-error"`) || !strings.Contains(body, `value="Fractions"`) {
		t.Errorf("bad language: %d", resp.StatusCode)
	}
	resp = b.post("/new", map[string]string{"title": "Fractions", "language": "fr", "license": "CC-BY-4.0", "visibility": "public", "content": "# Les fractions\r\n"}, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/r/") {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	status, page := b.get(resp.Header.Get("Location"))
	if status != 200 || !strings.Contains(page, `<h1 id="les-fractions">Les fractions</h1>`) || !strings.Contains(page, "Resource created.") {
		t.Errorf("created page: %d", status)
	}
}

func TestCSRFOnCookieRequests(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.signup("amina")
	b := env.browser()
	b.signIn("amina")
	form := map[string]string{"title": "T", "language": "en", "license": "CC0-1.0", "visibility": "public", "content": "x"}
	if resp := b.post("/new", form, map[string]string{"Sec-Fetch-Site": "cross-site"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site form post: %d", resp.StatusCode)
	}
	if resp := b.post("/new", form, map[string]string{"Sec-Fetch-Site": ""}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("post without token or fetch metadata: %d", resp.StatusCode)
	}
	if resp := b.post("/new", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin form post: %d", resp.StatusCode)
	}
	_, total := env.anon().do("GET", "/api/v1/resources", nil)
	if total["total"].(float64) != 1 {
		t.Errorf("refused posts created resources: %v", total["total"])
	}
	// Old browsers without fetch metadata use the token from the form.
	greq, _ := http.NewRequest("GET", env.URL+"/new", nil)
	gresp, err := b.hc.Do(greq)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, gresp)
	gresp.Body.Close()
	tok := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if tok == nil {
		t.Fatal("no CSRF token in the form")
	}
	form["_csrf"] = tok[1]
	req := b.post("/new", form, map[string]string{"Sec-Fetch-Site": ""})
	if req.StatusCode != http.StatusSeeOther {
		t.Errorf("token post: %d", req.StatusCode)
	}
}

func TestCollaboratorPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("bruno")
	id := amina.createResource(nil)
	b := env.browser()
	b.signIn("amina")
	if resp := b.post("/r/"+id+"/collaborators", map[string]string{"handle": "nobody", "role": "editor"}, nil); resp.StatusCode != 422 || !strings.Contains(readAll(t, resp), `id="handle-error"`) {
		t.Errorf("unknown handle: %d", resp.StatusCode)
	}
	if resp := b.post("/r/"+id+"/collaborators", map[string]string{"handle": "bruno", "role": "editor"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	_, page := b.get("/r/" + id + "/collaborators")
	if !strings.Contains(page, "Bruno (@bruno)</td><td>editor") {
		t.Errorf("collaborators page lacks bruno as editor")
	}
	if resp := b.post("/r/"+id+"/collaborators/amina/remove", nil, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("removing the last owner: %d", resp.StatusCode)
	}
	bruno := env.browser()
	bruno.signIn("bruno")
	if status, page := bruno.get("/r/" + id); status != 200 || !strings.Contains(page, "/settings") {
		t.Errorf("editor sees the resource with settings: %d", status)
	}
	if resp := bruno.post("/r/"+id+"/collaborators", map[string]string{"handle": "bruno", "role": "owner"}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor promoting self: %d", resp.StatusCode)
	}
}

func TestUserPageListsPublicWork(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	amina.createResource(map[string]any{"title": "Open lesson", "visibility": "public"})
	amina.createResource(map[string]any{"title": "Hidden draft", "visibility": "private"})
	status, body := env.browser().get("/u/amina")
	if status != 200 || !strings.Contains(body, "Open lesson") || strings.Contains(body, "Hidden draft") {
		t.Errorf("profile: %d", status)
	}
	if status, _ := env.browser().get("/u/nobody"); status != 404 {
		t.Errorf("unknown user: %d", status)
	}
}

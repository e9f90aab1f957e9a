package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// Routes the journeys elsewhere do not reach: the Markdown preview, the
// delete form, the collaborators forms and segment comments.

func TestRenderPreview(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	status, body := amina.do("POST", "/api/v1/render", map[string]any{"markdown": "**bold** <script>alert(1)</script>"})
	if html, _ := body["html"].(string); status != 200 || !strings.Contains(html, "<strong>bold</strong>") || strings.Contains(html, "<script") {
		t.Fatalf("render: %d %v", status, body)
	}
	status, body = amina.do("POST", "/api/v1/render", `{"markdown": 3}`)
	if status != http.StatusUnprocessableEntity || errorCode(body) != "invalid" {
		t.Fatalf("render of a number: %d %v", status, body)
	}
	status, body = amina.do("POST", "/api/v1/render", map[string]any{"markdown": strings.Repeat("a", 2<<20+1)})
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized render: %d %v", status, errorCode(body))
	}
}

func TestDeleteForm(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	bruno := env.signup("bruno")
	id := amina.createResource(map[string]any{"visibility": "public"})
	b := env.browser()
	b.signIn("bruno")
	if resp := b.post("/r/"+id+"/delete", map[string]string{"confirm": "yes"}, nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("delete by a reader: %d", resp.StatusCode)
	}
	_ = bruno
	a := env.browser()
	a.signIn("amina")
	if resp := a.post("/r/"+id+"/delete", map[string]string{}, nil); resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "/settings") {
		t.Fatalf("delete without confirming: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if st, _ := amina.do("GET", "/api/v1/resources/"+id, nil); st != 200 {
		t.Fatalf("unconfirmed delete deleted: %d", st)
	}
	if resp := a.post("/r/"+id+"/delete", map[string]string{"confirm": "yes"}, nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me?done=deleted" {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if st, _ := amina.do("GET", "/api/v1/resources/"+id, nil); st != http.StatusNotFound {
		t.Fatalf("after delete: %d", st)
	}
}

func TestCollaboratorForms(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	env.signup("bruno")
	id := amina.createResource(map[string]any{"visibility": "private"})
	a := env.browser()
	a.signIn("amina")
	resp := a.post("/r/"+id+"/collaborators", map[string]string{"handle": "nobody", "role": "editor"}, nil)
	if body := readAll(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "user is called nobody") {
		t.Fatalf("unknown person: %d %s", resp.StatusCode, body)
	}
	if resp := a.post("/r/"+id+"/collaborators", map[string]string{"handle": "bruno", "role": "editor"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add bruno: %d %s", resp.StatusCode, readAll(t, resp))
	}
	_, list := amina.do("GET", "/api/v1/resources/"+id+"/collaborators", nil)
	if n := len(list["collaborators"].([]any)); n != 2 {
		t.Fatalf("collaborators after adding: %v", list)
	}
	if status, page := a.get("/r/" + id + "/collaborators"); status != 200 || !strings.Contains(page, "bruno") {
		t.Fatalf("people page: %d", status)
	}
	if resp := a.post("/r/"+id+"/collaborators/amina/remove", nil, nil); resp.StatusCode != http.StatusConflict {
		t.Fatalf("removing the last owner: %d", resp.StatusCode)
	}
	if resp := a.post("/r/"+id+"/collaborators/bruno/remove", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove bruno: %d", resp.StatusCode)
	}
	_, list = amina.do("GET", "/api/v1/resources/"+id+"/collaborators", nil)
	if n := len(list["collaborators"].([]any)); n != 1 {
		t.Fatalf("collaborators after removing: %v", list)
	}
}

func TestSegmentComments(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, tomas, eve := env.signup("amina"), env.signup("tomas"), env.signup("eve")
	src := amina.createResource(map[string]any{"visibility": "public", "content": "One sentence.\n"})
	st, tr := tomas.do("POST", "/api/v1/resources/"+src+"/translations", map[string]any{"language": "es", "visibility": "private"})
	if st != http.StatusCreated {
		t.Fatalf("start translation: %d %v", st, tr)
	}
	id := tr["id"].(string)
	_, segs := tomas.do("GET", "/api/v1/resources/"+id+"/segments", nil)
	sid := segs["segments"].([]any)[0].(map[string]any)["id"].(string)
	path := "/api/v1/resources/" + id + "/segments/" + sid + "/comments"
	if st, body := tomas.do("POST", path, map[string]any{"body": "  "}); st != http.StatusUnprocessableEntity || errorCode(body) != "invalid" {
		t.Fatalf("empty comment: %d %v", st, body)
	}
	if st, _ := eve.do("POST", path, map[string]any{"body": "hi"}); st != http.StatusNotFound {
		t.Fatalf("outsider comment on a private translation: %d", st)
	}
	st, body := tomas.do("POST", path, map[string]any{"body": "Check the verb."})
	if st != http.StatusCreated || body["body"] != "Check the verb." || body["author"].(map[string]any)["handle"] != "tomas" {
		t.Fatalf("comment: %d %v", st, body)
	}
	_, segs = tomas.do("GET", "/api/v1/resources/"+id+"/segments", nil)
	if c := segs["segments"].([]any)[0].(map[string]any)["comments"].([]any); len(c) != 1 {
		t.Fatalf("segment comments = %v", c)
	}
}

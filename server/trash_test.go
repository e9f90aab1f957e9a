package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTrashAPI(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina, bruno := env.signup("amina"), env.signup("bruno")
	id := amina.createResource(map[string]any{"title": "Tides", "content": "The moon pulls the sea.\n", "visibility": "public"})
	if st, body := amina.do("PUT", "/api/v1/resources/"+id+"/collaborators/bruno", map[string]any{"role": "editor"}); st != http.StatusOK {
		t.Fatalf("add editor: %d %v", st, body)
	}
	if st, _ := amina.do("DELETE", "/api/v1/resources/"+id, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	if st, _ := amina.do("GET", "/api/v1/resources/"+id, nil); st != http.StatusNotFound {
		t.Fatalf("a deleted resource read: %d", st)
	}

	st, body := amina.do("GET", "/api/v1/me/deleted-resources", nil)
	list, _ := body["resources"].([]any)
	if st != http.StatusOK || len(list) != 1 {
		t.Fatalf("amina's trash: %d %v", st, body)
	}
	item := list[0].(map[string]any)
	deleted, err1 := time.Parse(time.RFC3339, item["deleted"].(string))
	purge, err2 := time.Parse(time.RFC3339, item["purge_after"].(string))
	if item["id"] != id || item["title"] != "Tides" || item["content"] != nil || err1 != nil || err2 != nil ||
		purge.Sub(deleted) != 30*24*time.Hour || time.Since(deleted) > time.Minute {
		t.Fatalf("trash item: %v", item)
	}
	if st, body := bruno.do("GET", "/api/v1/me/deleted-resources", nil); st != http.StatusOK || len(body["resources"].([]any)) != 0 {
		t.Fatalf("an editor's trash: %d %v", st, body)
	}
	if st, body := env.anon().do("GET", "/api/v1/me/deleted-resources", nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous trash: %d %v", st, body)
	}
	if st, body := env.anon().do("POST", "/api/v1/resources/"+id+"/restore", nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous restore: %d %v", st, body)
	}
	// To anyone but an owner a deleted resource is missing, as it is to every other call.
	for _, who := range []*client{bruno, env.signup("carla")} {
		if st, body := who.do("POST", "/api/v1/resources/"+id+"/restore", nil); st != http.StatusNotFound || errorCode(body) != "not_found" {
			t.Fatalf("restore by %s: %d %v", who.user["handle"], st, body)
		}
	}
	for _, bad := range []string{"nope", "00000000-0000-0000-0000-000000000000"} {
		if st, body := amina.do("POST", "/api/v1/resources/"+bad+"/restore", nil); st != http.StatusNotFound || errorCode(body) != "not_found" {
			t.Fatalf("restore %s: %d %v", bad, st, body)
		}
	}

	st, body = amina.do("POST", "/api/v1/resources/"+id+"/restore", nil)
	if st != http.StatusOK || body["id"] != id || body["content"] != "The moon pulls the sea.\n" || body["role"] != "owner" || body["visibility"] != "public" {
		t.Fatalf("restore: %d %v", st, body)
	}
	if st, body := bruno.do("GET", "/api/v1/resources/"+id, nil); st != http.StatusOK || body["role"] != "editor" {
		t.Fatalf("the editor after the restore: %d %v", st, body)
	}
	if st, body := amina.do("POST", "/api/v1/resources/"+id+"/restore", nil); st != http.StatusNotFound {
		t.Fatalf("restored twice: %d %v", st, body)
	}
	if st, body := amina.do("GET", "/api/v1/me/deleted-resources", nil); st != http.StatusOK || len(body["resources"].([]any)) != 0 {
		t.Fatalf("trash after the restore: %d %v", st, body)
	}

	// Deleted for good: only from the trash, only by an owner; not while a fork derives from it.
	if st, body := amina.do("DELETE", "/api/v1/me/deleted-resources/"+id, nil); st != http.StatusNotFound {
		t.Fatalf("erasing a live resource: %d %v", st, body)
	}
	if st, body := bruno.do("POST", "/api/v1/resources/"+id+"/forks", map[string]any{}); st != http.StatusCreated {
		t.Fatalf("fork: %d %v", st, body)
	}
	amina.do("DELETE", "/api/v1/resources/"+id, nil)
	if st, body := bruno.do("DELETE", "/api/v1/me/deleted-resources/"+id, nil); st != http.StatusNotFound {
		t.Fatalf("an editor erased it: %d %v", st, body)
	}
	if st, body := amina.do("DELETE", "/api/v1/me/deleted-resources/"+id, nil); st != http.StatusConflict || errorCode(body) != "still_derived_from" {
		t.Fatalf("erasing a source with a fork: %d %v", st, body)
	}
	draft := amina.createResource(map[string]any{"title": "Draft", "content": "Private words.\n"})
	amina.do("DELETE", "/api/v1/resources/"+draft, nil)
	if st, body := amina.do("DELETE", "/api/v1/me/deleted-resources/"+draft, nil); st != http.StatusNoContent {
		t.Fatalf("erase: %d %v", st, body)
	}
	if st, body := amina.do("DELETE", "/api/v1/me/deleted-resources/"+draft, nil); st != http.StatusNotFound {
		t.Fatalf("erased twice: %d %v", st, body)
	}
	if st, body := amina.do("POST", "/api/v1/resources/"+draft+"/restore", nil); st != http.StatusNotFound {
		t.Fatalf("restored after erasing: %d %v", st, body)
	}
	if st, body := amina.do("GET", "/api/v1/me/deleted-resources", nil); st != http.StatusOK || len(body["resources"].([]any)) != 1 {
		t.Fatalf("trash after erasing the draft: %d %v", st, body)
	}
}

func TestTrashPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.signup("lena")
	other := env.signup("omar")
	b := env.browser()
	if st, _ := b.get("/me/deleted"); st != http.StatusSeeOther && st != http.StatusFound {
		t.Fatalf("the trash signed out: %d", st)
	}
	if resp := b.post("/login", map[string]string{"login": "lena", "password": passwordOf("lena")}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	if st, page := b.get("/me/deleted"); st != http.StatusOK || !strings.Contains(page, `id="trash-empty"`) || !strings.Contains(page, "30 days") {
		t.Fatalf("an empty trash: %d %s", st, page)
	}
	if st, page := b.get("/me"); st != http.StatusOK || !strings.Contains(page, `href="/me/deleted"`) {
		t.Fatalf("my resources link no trash: %d", st)
	}
	resp := b.post("/new", map[string]string{"title": "Şiir <b>dersi</b>", "content": "Kısa bir şiir.\n", "language": "tr", "license": "CC-BY-4.0", "visibility": "private"}, nil)
	loc := resp.Header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/r/"), "?done=created")
	if resp.StatusCode != http.StatusSeeOther || len(id) != 36 {
		t.Fatalf("create: %d %s", resp.StatusCode, loc)
	}
	if st, page := b.get("/r/" + id + "/settings"); st != http.StatusOK || !strings.Contains(page, "“Recently deleted” for 30 days") {
		t.Fatalf("the delete section does not say how to undo it: %d", st)
	}
	if resp := b.post("/r/"+id+"/delete", map[string]string{"confirm": "yes"}, nil); resp.Header.Get("Location") != "/me?done=deleted" {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := b.get("/me?done=deleted"); !strings.Contains(page, "you can restore it from “Recently deleted”") {
		t.Fatal("the deletion's flash does not say it can be undone")
	}
	st, page := b.get("/me/deleted")
	if st != http.StatusOK || !strings.Contains(page, `id="d-`+id+`"`) || !strings.Contains(page, `lang="tr"`) ||
		!strings.Contains(page, "Şiir &lt;b&gt;dersi&lt;/b&gt;") || !strings.Contains(page, `action="/r/`+id+`/restore"`) ||
		!strings.Contains(page, "restorable until") {
		t.Fatalf("the trash: %d %s", st, page)
	}
	// Someone else's restore is a missing page; the owner's brings it back.
	if st, body := other.do("POST", "/api/v1/resources/"+id+"/restore", nil); st != http.StatusNotFound {
		t.Fatalf("restore by someone else: %d %v", st, body)
	}
	resp = b.post("/r/"+id+"/restore", map[string]string{}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/r/"+id+"?done=undeleted" {
		t.Fatalf("restore: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), readAll(t, resp))
	}
	if st, page := b.get("/r/" + id + "?done=undeleted"); st != http.StatusOK || !strings.Contains(page, "Resource restored") || !strings.Contains(page, "Kısa bir şiir.") {
		t.Fatalf("after the restore: %d", st)
	}
	if resp := b.post("/r/"+id+"/restore", map[string]string{}, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("restored twice: %d", resp.StatusCode)
	}

	// Deleted for good, from the trash, once the box is ticked.
	b.post("/r/"+id+"/delete", map[string]string{"confirm": "yes"}, nil)
	if _, page := b.get("/me/deleted"); !strings.Contains(page, `action="/r/`+id+`/erase"`) || !strings.Contains(page, "This cannot be undone.") {
		t.Fatal("the trash offers no way to delete for good")
	}
	if resp := b.post("/r/"+id+"/erase", map[string]string{}, nil); resp.Header.Get("Location") != "/me/deleted" {
		t.Fatalf("erase without the box: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := b.get("/me/deleted"); !strings.Contains(page, `id="d-`+id+`"`) {
		t.Fatal("erased without the box ticked")
	}
	if resp := b.post("/r/"+id+"/erase", map[string]string{"confirm": "yes"}, nil); resp.Header.Get("Location") != "/me/deleted?done=erased" {
		t.Fatalf("erase: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := b.get("/me/deleted?done=erased"); !strings.Contains(page, "Deleted for good") || !strings.Contains(page, `id="trash-empty"`) {
		t.Fatal("after erasing: no flash, or the trash is not empty")
	}

	// Deleting the account says what becomes of the private resources it takes with it.
	b.post("/new", map[string]string{"title": "Notes", "content": "Mine.\n", "language": "en", "license": "CC-BY-4.0", "visibility": "private"}, nil)
	if st, page := b.get("/account/delete"); st != http.StatusOK || !strings.Contains(page, "Nobody can restore them, and they are erased for good 30 days later") {
		t.Fatalf("the account's deletion page does not say when its private resources are erased: %d", st)
	}
}

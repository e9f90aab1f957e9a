package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestAttributionSurvivesRenameAndDelete(t *testing.T) {
	t.Parallel()
	e := newVT(t)
	alice, bob, carol := e.signup("alice"), e.signup("bob"), e.signup("carol")
	src := e.create(alice, "Gravity", "# Gravity\n\nThings fall.\n\n# Orbits\n\nMoons circle.\n", "CC-BY-4.0", "public")
	orig := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+src+"/attribution", nil)
	if !strings.Contains(orig["text"].(string), `"Gravity" by User Alice is licensed under CC BY 4.0`) {
		t.Errorf("original attribution = %q", orig["text"])
	}
	mid := e.fork(bob, src, map[string]any{"title": "Gravity for kids"})
	e.setContent(bob, mid, "# Gravity\n\nThings fall down.\n\n# Orbits\n\nMoons circle.\n\n# Play\n\nDrop a ball.\n")
	leaf := e.fork(carol, mid, map[string]any{"title": "La gravedad", "language": "es", "license": "CC-BY-SA-4.0"})
	e.setContent(carol, leaf, "# La gravedad\n\nLas cosas caen.\n\n# Orbits\n\nMoons circle.\n\n# Play\n\nDrop a ball.\n")

	// Rename, then delete, the original source.
	e.must(&alice, http.StatusOK, "PATCH", "/api/v1/resources/"+src, map[string]any{"title": "Renamed"})
	e.must(&alice, http.StatusNoContent, "DELETE", "/api/v1/resources/"+src, nil)

	a := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+leaf+"/attribution", nil)
	text := a["text"].(string)
	for _, want := range []string{`"La gravedad"`, `adapted from "Gravity for kids" by User Bob`, `itself adapted from "Gravity" by User Alice`,
		"Changes were made", "1 section rewritten", "CC BY-SA 4.0", "User Carol"} {
		if !strings.Contains(text, want) {
			t.Errorf("attribution lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Renamed") {
		t.Errorf("attribution follows the rename instead of the snapshot: %s", text)
	}
	t.Log(text)
	sources := a["sources"].([]any)
	if len(sources) != 2 || sources[0].(map[string]any)["title"] != "Gravity for kids" || sources[1].(map[string]any)["title"] != "Gravity" ||
		sources[1].(map[string]any)["license"] != "CC-BY-4.0" || sources[0].(map[string]any)["revision"] == "" {
		t.Errorf("sources = %v", sources)
	}
	names := map[string]bool{}
	for _, c := range a["contributors"].([]any) {
		names[c.(map[string]any)["name"].(string)] = true
	}
	if !names["User Alice"] || !names["User Bob"] || !names["User Carol"] {
		t.Errorf("contributors = %v", a["contributors"])
	}
	if !strings.Contains(a["html"].(string), "<a ") {
		t.Errorf("html has no links: %s", a["html"])
	}
	// The middle fork's page shows the statement, and says its source is gone.
	_, page := e.raw(nil, "GET", "/r/"+mid, nil)
	if !strings.Contains(string(page), "adapted from") || !strings.Contains(string(page), "has since been deleted") {
		t.Errorf("fork page after source deletion:\n%s", page)
	}
	if st, body := e.do(&bob, "POST", "/api/v1/resources/"+mid+"/sync", nil); st != http.StatusConflict || errCode(body) != "source_unavailable" {
		t.Errorf("sync with a deleted source: %d %v", st, body)
	}
	// The family graph keeps the deleted root as an anonymous node.
	fam := e.must(nil, http.StatusOK, "GET", "/api/v1/resources/"+leaf+"/family", nil)
	if n := len(fam["nodes"].([]any)); n != 3 {
		t.Errorf("family after deletion has %d nodes: %v", n, fam)
	}
}

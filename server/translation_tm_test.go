package server

import (
	"strings"
	"testing"

	"github.com/commonplace/commonplace/server/wire"
)

type suggestionsAnswer struct {
	Suggestions []wire.SuggestionJSON `json:"suggestions"`
}

func TestMemorySuggestions(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, other := e.signup("owner"), e.signup("other")
	a := e.newResource(owner, "en", "CC-BY-4.0", "The cat sat on the mat. Water boils at 100 degrees.\n")
	ta := e.startTranslation(owner, a.ID, "es")
	segs := e.segments(owner, ta.ID, "").Segments
	cat := findSeg(t, segs, "The cat sat on the mat.")
	water := findSeg(t, segs, "Water boils at 100 degrees.")
	e.put(owner, ta.ID, cat.ID, map[string]any{"target": "El gato se sentó en la alfombra."})
	e.put(owner, ta.ID, cat.ID, map[string]any{"state": "reviewed"})
	e.put(owner, ta.ID, water.ID, map[string]any{"target": "El agua hierve a 100 grados."}) // unapproved

	b := e.newResource(other, "en", "CC-BY-4.0", "The cat sat on the mat. The cat sat on the red mat. Water boils at 90 degrees. Nothing like it at all.\n")
	tb := e.startTranslation(other, b.ID, "es")
	bs := e.segments(other, tb.ID, "").Segments
	sug := func(src string) []wire.SuggestionJSON {
		var out suggestionsAnswer
		e.must(200, "GET", "/api/v1/resources/"+tb.ID+"/segments/"+findSeg(t, bs, src).ID+"/suggestions", other.Token, nil, &out)
		return out.Suggestions
	}
	exact := sug("The cat sat on the mat.")
	if len(exact) == 0 || !exact[0].Exact || exact[0].Score != 100 || exact[0].Target != "El gato se sentó en la alfombra." || exact[0].From != "/r/"+ta.ID {
		t.Fatalf("exact = %+v", exact)
	}
	fuzzy := sug("The cat sat on the red mat.")
	if len(fuzzy) != 1 || fuzzy[0].Exact || fuzzy[0].Score < 75 || fuzzy[0].Score >= 100 || fuzzy[0].Target != "El gato se sentó en la alfombra." {
		t.Fatalf("fuzzy = %+v", fuzzy)
	}
	// Similar but unapproved: shown, a few points lower, marked unapproved
	// (translation.UnapprovedPenalty; it used to be ×0.7, which hid them all).
	if got := sug("Water boils at 90 degrees."); len(got) != 1 || got[0].Approved || got[0].Score < 75 || got[0].Score >= 96 {
		t.Fatalf("unapproved fuzzy: %+v", got)
	}
	if got := sug("Nothing like it at all."); len(got) != 0 {
		t.Fatalf("unrelated: %+v", got)
	}
	// A segment never suggests its own translation back.
	var own suggestionsAnswer
	e.must(200, "GET", "/api/v1/resources/"+ta.ID+"/segments/"+cat.ID+"/suggestions", owner.Token, nil, &own)
	if len(own.Suggestions) != 0 {
		t.Fatalf("own entry suggested: %+v", own)
	}

	// Private translations feed only their own collaborators and family.
	p := e.newResource(owner, "en", "CC-BY-4.0", "A secret sentence about tea.\n")
	tp := e.startTranslation(owner, p.ID, "es")
	e.must(200, "PATCH", "/api/v1/resources/"+tp.ID, owner.Token, map[string]any{"visibility": "private"}, nil)
	ps := e.segments(owner, tp.ID, "").Segments[0]
	e.put(owner, tp.ID, ps.ID, map[string]any{"target": "Una frase secreta sobre el té."})
	c := e.newResource(other, "en", "CC-BY-4.0", "A secret sentence about tea.\n")
	tc := e.startTranslation(other, c.ID, "es")
	var out suggestionsAnswer
	e.must(200, "GET", "/api/v1/resources/"+tc.ID+"/segments/"+e.segments(other, tc.ID, "").Segments[0].ID+"/suggestions", other.Token, nil, &out)
	if len(out.Suggestions) != 0 {
		t.Fatalf("private memory leaked: %+v", out)
	}
}

func TestTMXExportImport(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner := e.signup("owner")
	a := e.newResource(owner, "en", "CC-BY-4.0", "The cat sat on the mat.\n")
	ta := e.startTranslation(owner, a.ID, "es")
	seg := e.segments(owner, ta.ID, "").Segments[0]
	e.put(owner, ta.ID, seg.ID, map[string]any{"target": "El gato se sentó en la alfombra."})

	st, tmx := e.raw("GET", "/api/v1/tm.tmx?source=en&target=es", "", "", nil)
	if st != 200 || !strings.Contains(string(tmx), `version="1.4"`) || !strings.Contains(string(tmx), "El gato se sentó en la alfombra.") {
		t.Fatalf("pair export: %d %s", st, tmx)
	}
	if st, _ := e.raw("GET", "/api/v1/tm.tmx?source=en", "", "", nil); st != 422 {
		t.Fatalf("export without target: %d", st)
	}
	if st, body := e.raw("GET", "/api/v1/resources/"+ta.ID+"/tm.tmx", owner.Token, "", nil); st != 200 || !strings.Contains(string(body), "alfombra") {
		t.Fatalf("per-resource export: %d", st)
	}

	b := e.newResource(owner, "en", "CC-BY-4.0", "Dogs bark loudly at night.\n")
	tb := e.startTranslation(owner, b.ID, "es")
	file := `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Dogs bark loudly at night.</seg></tuv><tuv xml:lang="es"><seg>Los perros ladran fuerte de noche.</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Dogs bark loudly at night.</seg></tuv><tuv xml:lang="es"><seg>Los perros ladran fuerte de noche.</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Birds sing.</seg></tuv><tuv xml:lang="fr"><seg>Les oiseaux chantent.</seg></tuv></tu>
</body></tmx>`
	var rep struct{ Imported, Skipped int }
	st, out := e.raw("POST", "/api/v1/resources/"+tb.ID+"/tm.tmx", owner.Token, "application/x-tmx+xml", []byte(file))
	mustJSON(t, out, &rep)
	if st != 200 || rep.Imported != 1 || rep.Skipped != 2 {
		t.Fatalf("import: %d %s", st, out)
	}
	var sug suggestionsAnswer
	e.must(200, "GET", "/api/v1/resources/"+tb.ID+"/segments/"+e.segments(owner, tb.ID, "").Segments[0].ID+"/suggestions", owner.Token, nil, &sug)
	if len(sug.Suggestions) != 1 || sug.Suggestions[0].Target != "Los perros ladran fuerte de noche." || sug.Suggestions[0].Approved || !sug.Suggestions[0].Exact {
		t.Fatalf("imported suggestion: %+v", sug)
	}
	var n int
	if err := e.db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM tm`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var ae apiErr
	st, out = e.raw("PUT", "/api/v1/resources/"+tb.ID+"/tm.tmx", owner.Token, "", []byte("<tmx version=\"1.4\"><body><tu>"))
	mustJSON(t, out, &ae)
	if st != 422 || ae.Error.Code != "invalid_file" {
		t.Fatalf("malformed TMX: %d %s", st, out)
	}
	var m int
	if err := e.db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM tm`).Scan(&m); err != nil || m != n {
		t.Fatalf("malformed import changed the memory: %d → %d (%v)", n, m, err)
	}
}

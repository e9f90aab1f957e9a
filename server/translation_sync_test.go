package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/server/wire"
)

func TestSyncAfterSourceChange(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, editor, translator := e.signup("owner"), e.signup("ed"), e.signup("tina")
	src := e.newResource(owner, "en", "CC-BY-4.0", "One apple. The cat sat on the mat. See [the site](https://a.example) now.\n")
	e.addRole(owner, src.ID, editor, "editor")
	tr := e.startTranslation(owner, src.ID, "fr")
	e.addRole(owner, tr.ID, translator, "translator")
	segs := e.segments(owner, tr.ID, "").Segments
	apple := findSeg(t, segs, "One apple.")
	cat := findSeg(t, segs, "The cat sat on the mat.")
	site := findSeg(t, segs, "See {1}the site{/1} now.")
	e.put(translator, tr.ID, apple.ID, map[string]any{"target": "Une pomme."})
	e.put(translator, tr.ID, cat.ID, map[string]any{"target": "Le chat était assis sur le tapis."})
	e.put(translator, tr.ID, site.ID, map[string]any{"target": "Voir {1}le site{/1} maintenant."})
	e.put(owner, tr.ID, site.ID, map[string]any{"state": "reviewed"})

	// The source changes: one sentence removed, one edited, a URL changed, one added.
	e.must(http.StatusOK, "PATCH", "/api/v1/resources/"+src.ID, owner.Token,
		map[string]any{"content": "The cat sat on the red mat. See [the site](https://b.example) now. A new one here.\n"}, nil)
	var info translationOriginJSON
	e.must(200, "GET", "/api/v1/resources/"+tr.ID+"/translation", owner.Token, nil, &info)
	if !info.SourceMoved || info.LatestRevision != info.Revision+1 {
		t.Fatalf("before sync: %+v", info)
	}
	if st, body := e.raw("GET", "/r/"+tr.ID+"/translate", translator.Token, "", nil); st != 200 || !strings.Contains(string(body), "Sync with the latest source") {
		t.Fatalf("translate page does not offer a sync: %d", st)
	}

	var res translationSyncJSON
	if st := e.do("POST", "/api/v1/resources/"+tr.ID+"/sync", e.signup("stranger").Token, nil, nil); st != 403 {
		t.Fatalf("stranger sync: %d", st)
	}
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/sync", translator.Token, nil, &res)
	if res != (translationSyncJSON{SourceRevision: info.LatestRevision, Carried: 1, Outdated: 1, Added: 1, Removed: 1}) {
		t.Fatalf("sync = %+v", res)
	}
	all := e.segments(translator, tr.ID, "?archived=true")
	if len(all.Segments) != 3 || all.SourceRevision != res.SourceRevision || all.SourceMoved {
		t.Fatalf("after sync: %+v", all)
	}
	newCat := findSeg(t, all.Segments, "The cat sat on the red mat.")
	if !newCat.Outdated || newCat.PreviousSource != "The cat sat on the mat." || newCat.Target != "Le chat était assis sur le tapis." || newCat.State != "translated" {
		t.Fatalf("changed segment: %+v", newCat)
	}
	var ins []string
	for _, d := range newCat.SourceDiff {
		if d.Op == "insert" {
			ins = append(ins, d.Text)
		}
	}
	if strings.Join(ins, "") != "red " && strings.Join(ins, "") != " red" {
		t.Fatalf("source diff: %+v", newCat.SourceDiff)
	}
	newSite := findSeg(t, all.Segments, "See {1}the site{/1} now.")
	if newSite.Outdated || newSite.State != "reviewed" || newSite.Target != "Voir {1}le site{/1} maintenant." {
		t.Fatalf("minor change should carry: %+v", newSite)
	}
	added := findSeg(t, all.Segments, "A new one here.")
	if added.Target != "" || added.State != "initial" {
		t.Fatalf("added: %+v", added)
	}
	if len(all.Archived) != 1 || all.Archived[0].Source != "One apple." || all.Archived[0].Target != "Une pomme." {
		t.Fatalf("archived: %+v", all.Archived)
	}
	if a := e.segments(translator, tr.ID, ""); a.Archived != nil {
		t.Fatal("archived segments returned by default")
	}
	if o := e.segments(translator, tr.ID, "?outdated=true"); len(o.Segments) != 1 || o.Segments[0].ID != newCat.ID {
		t.Fatalf("outdated filter: %+v", o.Segments)
	}
	// The translated text keeps the outdated translation and the new URL.
	if c := e.content(owner, tr.ID, ""); c != "Le chat était assis sur le tapis. Voir [le site](https://b.example) maintenant. A new one here.\n" {
		t.Fatalf("content after sync = %q", c)
	}
	var df translationOriginJSON
	e.must(200, "GET", "/api/v1/resources/"+tr.ID+"/translation", owner.Token, nil, &df)
	if df.SourceChangedSegments != 1 || df.SourceMoved {
		t.Fatalf("after sync: %+v", df)
	}
	if st, body := e.raw("GET", "/r/"+tr.ID, owner.Token, "", nil); st != 200 || !strings.Contains(string(body), "Source changed: 1 segment to review.") ||
		!strings.Contains(string(body), `class="untranslated" lang="en"`) {
		t.Fatalf("resource page lacks the notice or the untranslated mark: %d", st)
	}

	// The source's editor marks the change minor: outdated cleared, state kept.
	if st := e.do("POST", "/api/v1/resources/"+tr.ID+"/segments/"+newCat.ID+"/minor", translator.Token, nil, nil); st != 403 {
		t.Fatalf("translator marking minor: %d", st)
	}
	var minor wire.TSegmentJSON
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/segments/"+newCat.ID+"/minor", editor.Token, nil, &minor)
	if minor.Outdated || minor.State != "translated" || minor.PreviousSource != "" {
		t.Fatalf("minor: %+v", minor)
	}
	// A second sync with nothing new is a no-op.
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/sync", translator.Token, nil, &res)
	if res.Outdated != 0 || res.Added != 0 || res.Removed != 0 || res.Carried != 4 { // the title's segment too
		t.Fatalf("idle sync = %+v", res)
	}
}

func TestSyncKeepsFirstPreviousSource(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner := e.signup("owner")
	src := e.newResource(owner, "en", "CC-BY-4.0", "The cat sat on the mat.\n")
	tr := e.startTranslation(owner, src.ID, "de")
	seg := e.segments(owner, tr.ID, "").Segments[0]
	e.put(owner, tr.ID, seg.ID, map[string]any{"target": "Die Katze saß auf der Matte."})
	for _, text := range []string{"The cat sat on the red mat.\n", "The cat sat on the big red mat.\n"} {
		e.must(200, "PATCH", "/api/v1/resources/"+src.ID, owner.Token, map[string]any{"content": text}, nil)
		e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/sync", owner.Token, nil, nil)
	}
	got := e.segments(owner, tr.ID, "").Segments[0]
	if !got.Outdated || got.PreviousSource != "The cat sat on the mat." || got.Source != "The cat sat on the big red mat." {
		t.Fatalf("after two syncs: %+v", got)
	}
	// Fixing the translation clears outdated.
	fixed := e.put(owner, tr.ID, got.ID, map[string]any{"target": "Die Katze saß auf der großen roten Matte."})
	if fixed.Outdated || fixed.PreviousSource != "" {
		t.Fatalf("fixed: %+v", fixed)
	}
}

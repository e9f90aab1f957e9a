package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/server/wire"
)

const lessonMD = "# Fractions\n\nA fraction is a **part** of a whole. Read [more](https://example.org) today.\n\n```\ncode here\n```\n"

func findSeg(t *testing.T, segs []wire.TSegmentJSON, source string) wire.TSegmentJSON {
	t.Helper()
	for _, s := range segs {
		if s.Source == source {
			return s
		}
	}
	t.Fatalf("no segment %q among %d", source, len(segs))
	return wire.TSegmentJSON{}
}

func TestTranslationStart(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, other := e.signup("owner"), e.signup("lucia")
	src := e.newResource(owner, "en", "CC-BY-SA-4.0", lessonMD)

	tr := e.startTranslation(other, src.ID, "es")
	if tr.Kind != "translation" || tr.FamilyID != src.FamilyID || tr.Language != "es" || tr.License != "CC-BY-SA-4.0" {
		t.Fatalf("translation = %+v", tr)
	}
	df, _ := tr.DerivedFrom.(map[string]any)
	if df["resource"] != src.ID || df["kind"] != "translation" || df["revision"] != float64(src.Version) {
		t.Fatalf("derived_from = %v", tr.DerivedFrom)
	}
	// The translation is a node of the family graph, and its attribution
	// says it translates the source.
	var fam struct {
		Edges []struct{ From, To, Kind string }
	}
	e.must(200, "GET", "/api/v1/resources/"+src.ID+"/family", other.Token, nil, &fam)
	if len(fam.Edges) != 1 || fam.Edges[0].From != src.ID || fam.Edges[0].To != tr.ID || fam.Edges[0].Kind != "translation" {
		t.Fatalf("family edges = %+v", fam.Edges)
	}
	var attr struct{ Text string }
	e.must(200, "GET", "/api/v1/resources/"+tr.ID+"/attribution", other.Token, nil, &attr)
	if !strings.Contains(attr.Text, "is a Spanish translation of") {
		t.Fatalf("attribution = %q", attr.Text)
	}
	// GET carries derived_from too, and the content is the source until translated.
	if got := e.content(other, tr.ID, ""); got != lessonMD {
		t.Fatalf("content = %q", got)
	}
	segs := e.segments(other, tr.ID, "")
	if len(segs.Segments) != 3 || segs.Progress.Total != 4 || segs.Progress.Translated != 0 { // progress counts the title too
		t.Fatalf("segments = %+v", segs)
	}
	for _, s := range segs.Segments {
		if strings.Contains(s.Source, "code here") {
			t.Fatal("code block offered for translation")
		}
		if s.State != "initial" || s.Outdated {
			t.Fatalf("fresh segment %+v", s)
		}
	}
	if p := findSeg(t, segs.Segments, "A fraction is a {1}part{/1} of a whole.").Placeholders; len(p) != 2 || p[0].Bytes != "**" {
		t.Fatalf("placeholders = %+v", p)
	}

	cases := []struct {
		name, lang, license string
		status              int
		code, field         string
	}{
		{"same language", "en", "", 422, "invalid", "language"},
		{"same language, other case", "EN", "", 422, "invalid", "language"},
		{"regional variant differs", "en-GB", "", 201, "", ""},
		{"invalid tag", "xx-!!", "", 422, "invalid", "language"},
		{"empty tag", "", "", 422, "invalid", "language"},
		{"incompatible licence", "fr", "CC-BY-4.0", 422, "license_incompatible", "license"},
	}
	for _, tc := range cases {
		body := map[string]any{"language": tc.lang}
		if tc.license != "" {
			body["license"] = tc.license
		}
		var ae apiErr
		st := e.do("POST", "/api/v1/resources/"+src.ID+"/translations", other.Token, body, &ae)
		if st != tc.status || ae.Error.Code != tc.code || ae.Error.Field != tc.field {
			t.Errorf("%s: status %d code %q field %q, want %d %q %q", tc.name, st, ae.Error.Code, ae.Error.Field, tc.status, tc.code, tc.field)
		}
	}
	if st := e.do("POST", "/api/v1/resources/"+src.ID+"/translations", "", map[string]any{"language": "de"}, nil); st != http.StatusUnauthorized {
		t.Errorf("anonymous start: %d", st)
	}

	// No-derivatives and unknown licences forbid translations.
	nd := e.newResource(owner, "en", "CC-BY-ND-4.0", "Hello there.\n")
	var ae apiErr
	if st := e.do("POST", "/api/v1/resources/"+nd.ID+"/translations", other.Token, map[string]any{"language": "es"}, &ae); st != 422 || ae.Error.Code != "license_forbids_derivatives" {
		t.Errorf("ND: %d %+v", st, ae)
	}
	arr := e.newResource(owner, "en", "CC-BY-4.0", "Hello there.\n")
	if _, err := e.db.Pool.Exec(t.Context(), `UPDATE resources SET license = 'LicenseRef-all-rights-reserved' WHERE id = $1`, arr.ID); err != nil {
		t.Fatal(err)
	}
	if st := e.do("POST", "/api/v1/resources/"+arr.ID+"/translations", other.Token, map[string]any{"language": "es"}, &ae); st != 422 || ae.Error.Code != "license_forbids_derivatives" {
		t.Errorf("unknown licence: %d %+v", st, ae)
	}
	// A public-domain source gives a CC0 translation by default.
	pd := e.newResource(owner, "en", "CC0-1.0", "Hello there.\n")
	if tr := e.startTranslation(other, pd.ID, "fr"); tr.License != "CC0-1.0" {
		t.Errorf("CC0 translation licence %s", tr.License)
	}
}

func TestSegmentStatesAndRoles(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, translator, reviewer, outsider := e.signup("owner"), e.signup("tina"), e.signup("rev"), e.signup("out")
	src := e.newResource(owner, "en", "CC-BY-4.0", lessonMD)
	tr := e.startTranslation(owner, src.ID, "es")
	e.addRole(owner, tr.ID, translator, "translator")
	e.addRole(owner, tr.ID, reviewer, "reviewer")
	segs := e.segments(translator, tr.ID, "").Segments
	title := findSeg(t, segs, "Fractions")
	frac := findSeg(t, segs, "A fraction is a {1}part{/1} of a whole.")
	more := findSeg(t, segs, "Read {1}more{/1} today.")

	// A missing placeholder is refused, naming it.
	var ae apiErr
	st := e.do("PUT", "/api/v1/resources/"+tr.ID+"/segments/"+frac.ID, translator.Token, map[string]any{"target": "Una fracción es parte de un todo."}, &ae)
	if st != 422 || ae.Error.Code != "placeholders" || !strings.Contains(ae.Error.Message, "{1}") || !strings.Contains(ae.Error.Message, "missing") || ae.Error.Segment != frac.ID {
		t.Fatalf("missing placeholder: %d %+v", st, ae)
	}
	got := e.put(translator, tr.ID, frac.ID, map[string]any{"target": "Una fracción es una {1}parte{/1} de un todo."})
	if got.State != "translated" {
		t.Fatalf("state after translating = %s", got.State)
	}
	e.put(translator, tr.ID, title.ID, map[string]any{"target": "Fracciones"})
	e.put(translator, tr.ID, more.ID, map[string]any{"target": "Lee {1}más{/1} hoy."})
	want := "# Fracciones\n\nUna fracción es una **parte** de un todo. Lee [más](https://example.org) hoy.\n\n```\ncode here\n```\n"
	if c := e.content(owner, tr.ID, ""); c != want {
		t.Fatalf("assembled content = %q, want %q", c, want)
	}

	// Only reviewers and owners approve; reviewers do not translate.
	if st := e.do("PUT", "/api/v1/resources/"+tr.ID+"/segments/"+title.ID, translator.Token, map[string]any{"state": "reviewed"}, nil); st != 403 {
		t.Fatalf("translator approving: %d", st)
	}
	if st := e.do("PUT", "/api/v1/resources/"+tr.ID+"/segments/"+title.ID, reviewer.Token, map[string]any{"target": "X"}, nil); st != 403 {
		t.Fatalf("reviewer translating: %d", st)
	}
	if st := e.do("PUT", "/api/v1/resources/"+tr.ID+"/segments/"+title.ID, outsider.Token, map[string]any{"target": "X"}, nil); st != 403 {
		t.Fatalf("outsider translating: %d", st)
	}
	if got := e.put(reviewer, tr.ID, title.ID, map[string]any{"state": "reviewed"}); got.State != "reviewed" {
		t.Fatalf("reviewed: %+v", got)
	}
	if got := e.put(owner, tr.ID, frac.ID, map[string]any{"state": "final"}); got.State != "final" {
		t.Fatalf("final by owner: %+v", got)
	}
	if st := e.do("PUT", "/api/v1/resources/"+tr.ID+"/segments/"+title.ID, translator.Token, map[string]any{"state": "bogus"}, &ae); st != 422 || ae.Error.Field != "state" {
		t.Fatalf("bogus state: %d", st)
	}

	// Filters and progress.
	a := e.segments(translator, tr.ID, "?state=reviewed")
	if len(a.Segments) != 1 || a.Segments[0].ID != title.ID {
		t.Fatalf("state filter: %+v", a.Segments)
	}
	if p := a.Progress; p.Total != 4 || p.Translated != 3 || p.Reviewed != 2 || p.Final != 1 || p.Percent != 75 { // the title is not translated
		t.Fatalf("progress = %+v", p)
	}
	// since=rev returns only what changed after it.
	rev := a.Rev
	e.put(translator, tr.ID, more.ID, map[string]any{"target": "Lee {1}más{/1} ahora."})
	if b := e.segments(translator, tr.ID, "?since="+itoa(rev)); len(b.Segments) != 1 || b.Segments[0].ID != more.ID || b.Rev <= rev {
		t.Fatalf("since: %+v", b)
	}

	// Published view: only reviewed/final text; the rest falls back to the source.
	pub := e.content(owner, tr.ID, "?view=published")
	wantPub := "# Fracciones\n\nUna fracción es una **parte** de un todo. Read [more](https://example.org) today.\n\n```\ncode here\n```\n"
	if pub != wantPub {
		t.Fatalf("published = %q", pub)
	}
	// Owner's setting: readers who are not collaborators get the published view.
	e.must(200, "PATCH", "/api/v1/resources/"+tr.ID+"/translation", owner.Token, map[string]any{"publish_approved_only": true}, nil)
	if c := e.content(outsider, tr.ID, ""); c != wantPub {
		t.Fatalf("outsider with publish-approved-only sees %q", c)
	}
	if c := e.content(translator, tr.ID, ""); strings.Contains(c, "Read [more]") {
		t.Fatalf("collaborator should see the working text, got %q", c)
	}
	if st := e.do("PATCH", "/api/v1/resources/"+tr.ID+"/translation", translator.Token, map[string]any{"publish_approved_only": false}, nil); st != 403 {
		t.Fatalf("translator changing publish setting: %d", st)
	}

	// Send back with a comment: state returns to translated, the comment shows.
	var back wire.TSegmentJSON
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/segments/"+frac.ID+"/review", reviewer.Token, map[string]any{"action": "send_back", "comment": "Use «porción»."}, &back)
	if back.State != "translated" || len(back.Comments) != 1 || !back.Comments[0].SentBack || back.Comments[0].Body != "Use «porción»." {
		t.Fatalf("sent back: %+v", back)
	}
	if st := e.do("POST", "/api/v1/resources/"+tr.ID+"/segments/"+frac.ID+"/review", reviewer.Token, map[string]any{"action": "send_back"}, &ae); st != 422 || ae.Error.Field != "comment" {
		t.Fatalf("send back without comment: %d", st)
	}
	if st := e.do("POST", "/api/v1/resources/"+tr.ID+"/segments/"+frac.ID+"/review", translator.Token, map[string]any{"action": "approve"}, nil); st != 403 {
		t.Fatalf("translator review: %d", st)
	}
	// Emptying a target returns it to initial and the text to the source.
	if got := e.put(translator, tr.ID, title.ID, map[string]any{"target": ""}); got.State != "initial" {
		t.Fatalf("emptied: %+v", got)
	}
	if c := e.content(owner, tr.ID, ""); !strings.HasPrefix(c, "# Fractions\n") {
		t.Fatalf("after emptying: %q", c)
	}
	// Not a translation: 404 with its own code.
	if st := e.do("GET", "/api/v1/resources/"+src.ID+"/segments", owner.Token, nil, &ae); st != 404 || ae.Error.Code != "not_a_translation" {
		t.Fatalf("segments of an original: %d %+v", st, ae)
	}
	// Presence lists who is here.
	var pr struct {
		Peers []struct {
			Handle  string `json:"handle"`
			Segment string `json:"segment"`
		} `json:"peers"`
	}
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/presence", translator.Token, map[string]any{"segment": frac.ID}, nil)
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/presence", reviewer.Token, map[string]any{"segment": ""}, &pr)
	if len(pr.Peers) != 2 || pr.Peers[1].Handle != "tina" || pr.Peers[1].Segment != frac.ID {
		t.Fatalf("presence = %+v", pr)
	}
	if st := e.do("POST", "/api/v1/resources/"+tr.ID+"/presence", outsider.Token, map[string]any{}, nil); st != 403 {
		t.Fatalf("outsider presence: %d", st)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestArabicAndChineseTranslations(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner := e.signup("owner")
	ar := e.newResource(owner, "ar", "CC-BY-4.0", "كسر هو جزء من كل. اقرأ المزيد؟\n")
	zh := e.startTranslation(owner, ar.ID, "zh-Hans")
	segs := e.segments(owner, zh.ID, "").Segments
	if len(segs) != 2 {
		t.Fatalf("Arabic segments: %+v", segs)
	}
	e.put(owner, zh.ID, findSeg(t, segs, "كسر هو جزء من كل.").ID, map[string]any{"target": "分数是整体的一部分。"})
	e.put(owner, zh.ID, findSeg(t, segs, "اقرأ المزيد؟").ID, map[string]any{"target": "请阅读更多。"})
	if c := e.content(owner, zh.ID, ""); c != "分数是整体的一部分。 请阅读更多。\n" {
		t.Fatalf("zh from ar = %q", c)
	}

	zhSrc := e.newResource(owner, "zh-Hans", "CC-BY-4.0", "分数是整体的一部分。请阅读更多。\n")
	arTr := e.startTranslation(owner, zhSrc.ID, "ar")
	var info struct {
		TargetDir string              `json:"target_dir"`
		Segments  []wire.TSegmentJSON `json:"segments"`
	}
	e.must(200, "GET", "/api/v1/resources/"+arTr.ID+"/segments", owner.Token, nil, &info)
	if info.TargetDir != "rtl" || len(info.Segments) != 3 || info.Segments[0].ID != "title" { // the title, then the text's two
		t.Fatalf("ar target: %+v", info)
	}
	e.put(owner, arTr.ID, info.Segments[1].ID, map[string]any{"target": "كسر هو جزء من كل."})
	if c := e.content(owner, arTr.ID, ""); !strings.HasPrefix(c, "كسر هو جزء من كل.") || !strings.Contains(c, "请阅读更多。") {
		t.Fatalf("ar from zh = %q", c)
	}
	// The translator's page marks the target field right to left.
	st, body := e.raw("GET", "/r/"+arTr.ID+"/translate", owner.Token, "", nil)
	if st != 200 {
		t.Fatalf("translate page: %d", st)
	}
	if !strings.Contains(string(body), `lang="ar" dir="rtl"`) || !strings.Contains(string(body), `lang="zh-Hans" dir="ltr"`) {
		t.Fatalf("page lacks lang/dir on fields")
	}
	if !strings.Contains(string(body), "<progress") || !strings.Contains(string(body), "Keyboard shortcuts") {
		t.Fatal("page lacks progress or shortcuts")
	}
}

package server

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/translation"

	"github.com/commonplace/commonplace/internal/testenv"
)

// exchangeFixture is a translation with three segments, one translated.
func exchangeFixture(t *testing.T, e *tenv) (owner tuser, srcID, trID string, segs []wire.TSegmentJSON) {
	owner = e.signup("owner")
	src := e.newResource(owner, "en", "CC-BY-4.0", lessonMD)
	tr := e.startTranslation(owner, src.ID, "ar")
	segs = e.segments(owner, tr.ID, "").Segments
	e.put(owner, tr.ID, findSeg(t, segs, "Fractions").ID, map[string]any{"target": "الكسور"})
	e.put(owner, tr.ID, "title", map[string]any{"target": "درس"}) // the title is a unit of the files too
	return owner, src.ID, tr.ID, e.segments(owner, tr.ID, "").Segments
}

// fillTargets stands for a translator working in a CAT tool.
var fillTargets = map[string]string{
	"A fraction is a {1}part{/1} of a whole.": "الكسر {1}جزء{/1} من كل.",
	"Read {1}more{/1} today.":                 "اقرأ {1}المزيد{/1} اليوم.",
}

func TestExchangeRoundTrips(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"xliff2", "xliff12", "po"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			e := newTEnv(t)
			owner, _, trID, _ := exchangeFixture(t, e)
			path, write := "/xliff", translation.WriteXLIFF2
			switch format {
			case "xliff12":
				path, write = "/xliff?version=1.2", translation.WriteXLIFF12
			case "po":
				path, write = "/po", translation.WritePO
			}
			st, body := e.raw("GET", "/api/v1/resources/"+trID+path, owner.Token, "", nil)
			if st != 200 {
				t.Fatalf("export: %d %s", st, body)
			}
			if format == "xliff2" {
				validateXLIFF2(t, body)
			}
			var f translation.File
			var err error
			if format == "po" {
				f, err = translation.ReadPO(bytes.NewReader(body))
			} else {
				f, err = translation.ReadXLIFF(bytes.NewReader(body))
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Units) != 4 || f.Units[0].ID != "title" || f.TargetLang != "ar" { // the title, then the text's three
				t.Fatalf("exported file: %+v", f)
			}
			for i, u := range f.Units {
				if tg, ok := fillTargets[u.Source]; ok {
					f.Units[i].Target, f.Units[i].State = tg, translation.StateTranslated
				}
			}
			var edited bytes.Buffer
			if err := write(&edited, f); err != nil {
				t.Fatal(err)
			}
			importPath := strings.SplitN(path, "?", 2)[0]
			var rep importReport
			st, out := e.raw("PUT", "/api/v1/resources/"+trID+importPath, owner.Token, "", edited.Bytes())
			if st != 200 {
				t.Fatalf("import: %d %s", st, out)
			}
			mustJSON(t, out, &rep)
			if rep.Updated != 2 || len(rep.Skipped) != 0 || rep.Outdated != 0 {
				t.Fatalf("report = %+v", rep)
			}
			segs := e.segments(owner, trID, "").Segments
			for src, tg := range fillTargets {
				s := findSeg(t, segs, src)
				if s.Target != tg || s.State != "translated" || s.Outdated {
					t.Fatalf("after import: %+v", s)
				}
			}
			if c := e.content(owner, trID, ""); !strings.Contains(c, "الكسر **جزء** من كل. اقرأ [المزيد](https://example.org) اليوم.") {
				t.Fatalf("content after import = %q", c)
			}
		})
	}
}

func validateXLIFF2(t *testing.T, body []byte) {
	t.Helper()
	schema := testenv.Shared(t, "schemas/xliff/xliff_core_2.0.xsd")
	_, err := exec.LookPath("xmllint")
	testenv.Need(t, "xmllint (apt-get install libxml2-utils)", err)
	file := filepath.Join(t.TempDir(), "export.xlf")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", schema, file).CombinedOutput()
	if err != nil {
		t.Fatalf("XLIFF 2.0 export is not valid: %v\n%s\n%s", err, out, body)
	}
}

func TestImportStaleAndMalformed(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner, srcID, trID, segs := exchangeFixture(t, e)
	_, old := e.raw("GET", "/api/v1/resources/"+trID+"/xliff", owner.Token, "", nil)
	_, oldPO := e.raw("GET", "/api/v1/resources/"+trID+"/po", owner.Token, "", nil)

	// Meanwhile the source changes and the translation syncs.
	e.must(200, "PATCH", "/api/v1/resources/"+srcID, owner.Token, map[string]any{"content": strings.Replace(lessonMD, "of a whole", "of one whole", 1)}, nil)
	e.must(200, "POST", "/api/v1/resources/"+trID+"/sync", owner.Token, nil, nil)

	f, err := translation.ReadXLIFF(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range f.Units {
		if tg, ok := fillTargets[u.Source]; ok {
			f.Units[i].Target, f.Units[i].State = tg, translation.StateFinal
		}
	}
	var buf bytes.Buffer
	if err := translation.WriteXLIFF2(&buf, f); err != nil {
		t.Fatal(err)
	}
	var rep importReport
	st, out := e.raw("PUT", "/api/v1/resources/"+trID+"/xliff", owner.Token, "application/xliff+xml", buf.Bytes())
	if st != 200 {
		t.Fatalf("stale import: %d %s", st, out)
	}
	mustJSON(t, out, &rep)
	// The fraction sentence changed: its id changed, so the old unit matches nothing.
	if rep.Updated != 1 || len(rep.Skipped) != 1 {
		t.Fatalf("stale report = %+v", rep)
	}
	now := e.segments(owner, trID, "").Segments
	if s := findSeg(t, now, "A fraction is a {1}part{/1} of one whole."); s.Target != "" {
		t.Fatalf("stale unit became current: %+v", s)
	}

	// Same id, different hash (whitespace-only source change keeps the id):
	// the stale target is stored outdated, never current.
	seg := findSeg(t, now, "A fraction is a {1}part{/1} of one whole.")
	stale := translation.File{SourceLang: "en", TargetLang: "ar", Units: []translation.Unit{{ID: seg.ID, Source: "A fraction is a {1}part{/1} of a whole.",
		SourceHash: "0000", Target: "الكسر {1}جزء{/1} من كل.", State: translation.StateFinal, Placeholders: toDomainPlaceholders(seg.Placeholders)}}}
	buf.Reset()
	if err := translation.WriteXLIFF2(&buf, stale); err != nil {
		t.Fatal(err)
	}
	st, out = e.raw("PUT", "/api/v1/resources/"+trID+"/xliff", owner.Token, "", buf.Bytes())
	mustJSON(t, out, &rep)
	if st != 200 || rep.Outdated != 1 || rep.Updated != 0 {
		t.Fatalf("hash-mismatch import: %d %+v", st, rep)
	}
	s := findSeg(t, e.segments(owner, trID, "").Segments, seg.Source)
	if !s.Outdated || s.State != "translated" || s.PreviousSource != "A fraction is a {1}part{/1} of a whole." {
		t.Fatalf("stale target stored as: %+v", s)
	}

	before := e.segments(owner, trID, "")
	var ae apiErr
	for name, tc := range map[string]struct {
		path, body string
		status     int
		code       string
	}{
		"truncated XLIFF": {"/xliff", string(old[:len(old)/2]), 422, "invalid_file"},
		"not XML":         {"/xliff", "hello", 422, "invalid_file"},
		"broken PO":       {"/po", "msgid \"unterminated\nmsgstr", 422, "invalid_file"},
		"empty":           {"/po", "", 400, "empty_file"},
		"wrong language":  {"/po", strings.Replace(string(oldPO), "Language: ar", "Language: de", 1), 422, "wrong_language"},
	} {
		st, out := e.raw("PUT", "/api/v1/resources/"+trID+tc.path, owner.Token, "", []byte(tc.body))
		mustJSON(t, out, &ae)
		if st != tc.status || ae.Error.Code != tc.code || ae.Error.Message == "" {
			t.Errorf("%s: %d %s", name, st, out)
		}
	}
	// A unit whose placeholders do not fit is skipped with its reason; the
	// rest of the file would be imported (here, nothing else changed).
	bst, bout := e.raw("PUT", "/api/v1/resources/"+trID+"/xliff", owner.Token, "", []byte(brokenPlaceholderFile(t, e, owner, trID)))
	var broken importReport
	mustJSON(t, bout, &broken)
	if bst != 200 || broken.Updated != 0 || len(broken.Skipped) != 1 || !strings.Contains(broken.Skipped[0].Reason, "placeholders") {
		t.Errorf("broken placeholder: %d %s", bst, bout)
	}
	after := e.segments(owner, trID, "")
	if after.Rev != before.Rev {
		t.Fatalf("a refused import changed segments (rev %d → %d)", before.Rev, after.Rev)
	}
	_ = segs
}

func brokenPlaceholderFile(t *testing.T, e *tenv, owner tuser, trID string) string {
	t.Helper()
	_, body := e.raw("GET", "/api/v1/resources/"+trID+"/xliff", owner.Token, "", nil)
	f, err := translation.ReadXLIFF(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range f.Units {
		if strings.HasPrefix(u.Source, "Read") {
			f.Units[i].Target = "اقرأ المزيد اليوم." // placeholders dropped
		}
	}
	var buf bytes.Buffer
	if err := translation.WriteXLIFF2(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestXLIFF12AndPOCarryOutdated(t *testing.T) {
	t.Parallel()
	e := newTEnv(t)
	owner := e.signup("owner")
	src := e.newResource(owner, "en", "CC-BY-4.0", "The cat sat on the mat.\n")
	tr := e.startTranslation(owner, src.ID, "es")
	seg := e.segments(owner, tr.ID, "").Segments[0]
	e.put(owner, tr.ID, seg.ID, map[string]any{"target": "El gato se sentó en la alfombra."})
	e.must(200, "PATCH", "/api/v1/resources/"+src.ID, owner.Token, map[string]any{"content": "The cat sat on the red mat.\n"}, nil)
	e.must(200, "POST", "/api/v1/resources/"+tr.ID+"/sync", owner.Token, nil, nil)

	_, po := e.raw("GET", "/api/v1/resources/"+tr.ID+"/po", owner.Token, "", nil)
	if !strings.Contains(string(po), "#, fuzzy") || !strings.Contains(string(po), `#| msgid "The cat sat on the mat."`) {
		t.Fatalf("PO lacks fuzzy/previous msgid:\n%s", po)
	}
	_, x12 := e.raw("GET", "/api/v1/resources/"+tr.ID+"/xliff?version=1.2", owner.Token, "", nil)
	if !strings.Contains(string(x12), "needs-review-translation") {
		t.Fatalf("XLIFF 1.2 lacks needs-review-translation:\n%s", x12)
	}
	_, x2 := e.raw("GET", "/api/v1/resources/"+tr.ID+"/xliff", owner.Token, "", nil)
	validateXLIFF2(t, x2)
	if !strings.Contains(string(x2), "commonplace:outdated") {
		t.Fatalf("XLIFF 2.0 lacks the outdated subState:\n%s", x2)
	}
	// The translator fixes it in Poedit (fuzzy removed, new msgstr): no longer outdated.
	fixed := strings.Replace(string(po), "#, fuzzy\n", "", 1)
	fixed = strings.Replace(fixed, `msgstr "El gato se sentó en la alfombra."`, `msgstr "El gato se sentó en la alfombra roja."`, 1)
	var rep importReport
	st, out := e.raw("PUT", "/api/v1/resources/"+tr.ID+"/po", owner.Token, "text/x-gettext-translation", []byte(fixed))
	mustJSON(t, out, &rep)
	if st != 200 || rep.Updated != 1 {
		t.Fatalf("PO fix: %d %s", st, out)
	}
	s := e.segments(owner, tr.ID, "").Segments[0]
	if s.Outdated || s.Target != "El gato se sentó en la alfombra roja." {
		t.Fatalf("after PO fix: %+v", s)
	}
	if st, _ := e.raw("GET", "/api/v1/resources/"+tr.ID+"/xliff?version=3", owner.Token, "", nil); st != http.StatusUnprocessableEntity {
		t.Fatalf("bad version: %d", st)
	}
}

func toDomainPlaceholders(in []wire.PlaceholderJSON) []translation.Placeholder {
	out := make([]translation.Placeholder, len(in))
	for i, p := range in {
		out[i] = translation.Placeholder{ID: p.ID, Kind: p.Kind, Bytes: p.Bytes, Display: p.Display}
	}
	return out
}

package translation

import (
	"bytes"
	"strings"
	"testing"
)

// storedSample is a translation in every state, from a real segmentation.
func storedSample(t *testing.T) []StoredSegment {
	t.Helper()
	d := mustSegment(t, "Some **bold** text. Second sentence.\n\nThird with `code`. Fourth one.\n\nFifth [link](https://x.org). Sixth.\n\nUse $x_{i}$ here.\n")
	st := make([]StoredSegment, len(d.Segments))
	for i, s := range d.Segments {
		st[i] = StoredSegment{ID: s.ID, Source: s.Source, SourceHash: s.Hash, Placeholders: s.Placeholders, State: StateInitial}
	}
	st[0].Target, st[0].State = "Algo {1}negrita{/1} texto.", StateTranslated
	st[1].Target, st[1].State = "Segunda frase.", StateReviewed
	st[2].Target, st[2].State = "Tercera con {1/}.", StateFinal
	st[3].Target, st[3].State, st[3].Outdated, st[3].PreviousSource = "Cuarta.", StateReviewed, true, "Fourth."
	st[4].Target, st[4].State, st[4].Outdated, st[4].PreviousSource = "Quinta {1}enlace{/1}.", StateTranslated, true, "Fifth {1}url{/1}."
	// st[5] untranslated
	st[6].Target, st[6].State = "Usa {1/} aquí.", StateTranslated // the formula is a placeholder
	return st
}

func exportOf(st []StoredSegment) File {
	f := File{ID: "t1", Original: "/r/s1", SourceLang: "en", TargetLang: "es"}
	for _, s := range st {
		u := Unit{ID: s.ID, Source: s.Source, Target: s.Target, State: s.State, Outdated: s.Outdated, SourceHash: s.Hash(), Placeholders: s.Placeholders}
		if s.Outdated {
			u.PreviousSource = s.PreviousSource
		}
		f.Units = append(f.Units, u)
	}
	return f
}

func (s StoredSegment) Hash() string { return s.SourceHash }

type format struct {
	name  string
	write func(*bytes.Buffer, File) error
	read  func([]byte) (File, error)
}

var formats = []format{
	{FormatXLIFF2, func(b *bytes.Buffer, f File) error { return WriteXLIFF2(b, f) }, func(b []byte) (File, error) { return ReadXLIFF(bytes.NewReader(b)) }},
	{FormatXLIFF12, func(b *bytes.Buffer, f File) error { return WriteXLIFF12(b, f) }, func(b []byte) (File, error) { return ReadXLIFF(bytes.NewReader(b)) }},
	{FormatPO, func(b *bytes.Buffer, f File) error { return WritePO(b, f) }, func(b []byte) (File, error) { return ReadPO(bytes.NewReader(b)) }},
}

func roundTrip(t *testing.T, fm format, f File) File {
	t.Helper()
	var buf bytes.Buffer
	if err := fm.write(&buf, f); err != nil {
		t.Fatal(err)
	}
	got, err := fm.read(buf.Bytes())
	if err != nil {
		t.Fatalf("%s: %v\n%s", fm.name, err, buf.String())
	}
	return got
}

// Re-importing our own unchanged export changes nothing, for every role.
func TestPlanNoOpReimport(t *testing.T) {
	st := storedSample(t)
	for _, fm := range formats {
		for _, r := range []ImportRights{{}, {Approve: true, MarkMinor: true}, {MarkMinor: true}} {
			p := PlanImport(roundTrip(t, fm, exportOf(st)), st, r)
			if len(p.Changes) != 0 {
				t.Errorf("%s %+v: no-op re-import changes %+v", fm.name, r, p.Changes)
			}
			for _, u := range p.Report.Units {
				if u.Result == ResultSkipped && !strings.Contains(u.Reason, "not translated") && !strings.Contains(u.Reason, "no translation") {
					t.Errorf("%s: unit %s skipped: %s", fm.name, u.ID, u.Reason)
				}
			}
		}
	}
}

// Units that only copy the source are not translations (issue point 1).
func TestPlanUntranslatedCopies(t *testing.T) {
	st := storedSample(t)
	src := st[5]
	for name, doc := range map[string]string{
		"1.2 needs-translation": `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" target-language="es" datatype="plaintext"><body>
<trans-unit id="` + src.ID + `"><source>Sixth.</source><target state="needs-translation">Sixth.</target></trans-unit></body></file></xliff>`,
		"1.2 new": `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" datatype="plaintext"><body>
<trans-unit id="` + src.ID + `"><source>Sixth.</source><target state="new">Sixth.</target></trans-unit></body></file></xliff>`,
		"1.2 no state": `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" datatype="plaintext"><body>
<trans-unit id="` + src.ID + `"><source>Sixth.</source><target>Sixth.</target></trans-unit></body></file></xliff>`,
		"2.0 initial":  `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="es"><file id="f"><unit id="` + src.ID + `"><segment state="initial"><source>Sixth.</source><target>Sixth.</target></segment></unit></file></xliff>`,
		"2.0 no state": `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="es"><file id="f"><unit id="` + src.ID + `"><segment><source>Sixth.</source><target>Sixth.</target></segment></unit></file></xliff>`,
	} {
		f, err := ReadXLIFF(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if u := f.Units[0]; u.State != StateInitial || u.Target != "" {
			t.Errorf("%s: read as %s %q, want an untranslated unit", name, u.State, u.Target)
		}
		if p := PlanImport(f, st, ImportRights{Approve: true}); len(p.Changes) != 0 || len(p.Report.Skipped) != 1 {
			t.Errorf("%s: plan %+v", name, p)
		}
	}
	po := "msgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n\nmsgid \"Sixth.\"\nmsgstr \"Sixth.\"\n"
	f, err := ReadPO(strings.NewReader(po))
	if err != nil {
		t.Fatal(err)
	}
	if p := PlanImport(f, st, ImportRights{}); len(p.Changes) != 0 {
		t.Errorf("PO copy of the source imported: %+v", p.Changes)
	}
	// A translated state with an identical text is a translation ("OK" → "OK").
	f.Units[0].State, f.Units[0].Target = StateTranslated, "Sixth."
	if p := PlanImport(f, st, ImportRights{}); len(p.Changes) != 1 || p.Changes[0].State != StateTranslated {
		t.Errorf("explicit translation refused: %+v", p)
	}
	if a := MemoryActionFor("Sixth.", "Sixth.", StateTranslated, false); a != MemoryForget {
		t.Errorf("a copy of the source feeds the memory: %v", a)
	}
	if a := MemoryActionFor("Sixth.", "Sexto.", StateTranslated, false); a != MemoryPut {
		t.Errorf("a translation does not feed the memory: %v", a)
	}
}

// A translator cannot approve, demote, or clear "outdated" by import.
func TestPlanReviewIntegrity(t *testing.T) {
	st := storedSample(t)
	translator := ImportRights{}
	// PO without "#, fuzzy" on the outdated reviewed segment.
	f := roundTrip(t, formats[2], exportOf(st))
	f.Units[3].Outdated = false
	p := PlanImport(f, st, translator)
	if len(p.Changes) != 0 {
		t.Fatalf("translator cleared outdated: %+v", p.Changes)
	}
	if r := p.Report.Units[3]; r.Result != ResultUnchanged || !strings.Contains(r.Reason, "minor") {
		t.Errorf("report = %+v", r)
	}
	if p := PlanImport(f, st, ImportRights{MarkMinor: true}); len(p.Changes) != 1 || p.Changes[0].Outdated || p.Changes[0].State != StateReviewed {
		t.Errorf("reviewer could not clear outdated: %+v", p.Changes)
	}
	// Approving and demoting through the file.
	g := roundTrip(t, formats[0], exportOf(st))
	g.Units[0].State = StateFinal      // translated → final
	g.Units[1].State = StateTranslated // reviewed → translated, same text: a send-back, never by file
	g.Units[2].Target = "Tercera, con {1/}."
	p = PlanImport(g, st, translator)
	want := map[string]State{st[2].ID: StateTranslated}
	if len(p.Changes) != 1 || p.Changes[0].ID != st[2].ID || p.Changes[0].State != want[st[2].ID] {
		t.Errorf("translator plan = %+v", p.Changes)
	}
	p = PlanImport(g, st, ImportRights{Approve: true, MarkMinor: true})
	if len(p.Changes) != 2 || p.Changes[0].State != StateFinal || p.Changes[1].State != StateFinal {
		t.Errorf("reviewer plan = %+v", p.Changes)
	}
}

// One bad unit does not refuse the file (issue point 7).
func TestPlanPartialImport(t *testing.T) {
	st := storedSample(t)
	f := exportOf(st)
	f.Units[0].Target = "Algo negrita texto." // lost {1}{/1}
	f.Units[5].Target = "Sexta."
	f.Units = append(f.Units, Unit{ID: "nope", Source: "Gone.", Target: "Ido."}, Unit{ID: "bad", Problem: "line 9: unknown state \"done\""})
	p := PlanImport(f, st, ImportRights{})
	if p.Report.Updated != 1 || len(p.Changes) != 1 || p.Changes[0].ID != st[5].ID {
		t.Fatalf("plan = %+v", p)
	}
	reasons := map[string]string{}
	for _, s := range p.Report.Skipped {
		reasons[s.ID] = s.Reason
	}
	if !strings.Contains(reasons[st[0].ID], "{1} is missing") || !strings.Contains(reasons["nope"], "no segment") || !strings.Contains(reasons["bad"], "unknown state") {
		t.Errorf("skipped = %+v", p.Report.Skipped)
	}
	// Unit-level problems in a file are reported, not fatal.
	doc := `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="es"><file id="f">
<unit id="u1"><segment state="done"><source>x</source></segment></unit>
<unit id="u2"><segment><source>x<ph id="1" dataRef="nope"/></source></segment></unit>
<unit id="u3"><segment/></unit>
<unit><segment><source>x</source></segment></unit>
<unit id="` + st[5].ID + `"><segment state="translated"><source>Sixth.</source><target>Sexta.</target></segment></unit></file></xliff>`
	g, err := ReadXLIFF(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	p = PlanImport(g, st, ImportRights{})
	if len(p.Changes) != 1 || len(p.Report.Skipped) != 4 {
		t.Fatalf("plan = %+v", p.Report)
	}
	for i, want := range []string{`unknown state "done"`, "refers to no <data>", "has no <source>", "<unit> has no id"} {
		if !strings.Contains(p.Report.Skipped[i].Reason, want) {
			t.Errorf("skip %d = %q, want %q", i, p.Report.Skipped[i].Reason, want)
		}
	}
	po := "#. commonplace-state: done\nmsgid \"a\"\nmsgstr \"\"\n"
	h, err := ReadPO(strings.NewReader(po))
	if err != nil || len(h.Units) != 1 || !strings.Contains(h.Units[0].Problem, "unknown state") {
		t.Errorf("PO unit problem: %v %+v", err, h.Units)
	}
}

// A LaTeX brace in a PO translation is text (issue point 5).
func TestPlanLatexBraceInPO(t *testing.T) {
	st := storedSample(t)
	f := roundTrip(t, formats[2], exportOf(st))
	// The formula is a placeholder; a brace the translator types is text.
	f.Units[6].Target = "Usa {1/} {aquí}."
	p := PlanImport(f, st, ImportRights{})
	if len(p.Changes) != 1 || p.Changes[0].Target != "Usa {1/} {aquí}." {
		t.Fatalf("plan = %+v", p.Report)
	}
	var buf bytes.Buffer
	if err := WritePO(&buf, exportOf(st)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "{{") || strings.Contains(buf.String(), "}}") {
		t.Errorf("the PO export shows doubled braces:\n%s", buf.String())
	}
}

// Units whose ids were lost are keyed by location or unique source, and
// raw markup is mapped back onto the placeholders.
func TestPlanLocationAndRawMarkup(t *testing.T) {
	st := storedSample(t)
	f := File{Format: FormatXLIFF12, SourceLang: "en", Units: []Unit{
		{ID: "3", Locations: []string{st[5].ID}, Source: "Sixth.", Target: "Sexta.", State: StateInitial},
		{ID: "4", Source: "Some **bold** text.", Target: "Un texto en **negrita**.", State: StateTranslated},
		{ID: "5", Source: "Third with `code`.", Target: "Tercera con `code`.", State: StateInitial},
		{ID: "6", Source: "Fifth [link](https://x.org).", Target: "Quinta [enlace(https://x.org).", State: StateTranslated},
	}}
	p := PlanImport(f, st, ImportRights{Approve: true})
	if len(p.Changes) != 2 || p.Changes[0].ID != st[5].ID || p.Changes[1].Target != "Un texto en {1}negrita{/1}." {
		t.Fatalf("plan = %+v\n%+v", p.Changes, p.Report)
	}
	if r := p.Report.Units[2]; r.Result != ResultUnchanged {
		t.Errorf("unchanged final unit = %+v", r)
	}
	if r := p.Report.Units[3]; r.Result != ResultSkipped || !strings.Contains(r.Reason, "markup") {
		t.Errorf("broken raw markup = %+v", r)
	}
}

// Where a translation asks a second person to approve, an importer with the
// approve right approves neither the texts the file brings nor kept texts
// they wrote; texts others wrote they may still approve.
func TestPlanImportSelfApproval(t *testing.T) {
	st := storedSample(t)
	st[0].TranslatedBy = "me"    // translated, my text
	st[6].TranslatedBy = "other" // translated, someone else's
	f := exportOf(st)
	f.Units[0].State, f.Units[6].State = StateReviewed, StateReviewed // approve both kept texts
	f.Units[5].Target, f.Units[5].State = "Sexta.", StateReviewed     // a new text, approved in the file
	r := ImportRights{Approve: true, MarkMinor: true, OwnNeedsOther: true, Importer: "me"}
	p := PlanImport(f, st, r)
	got := map[string]State{}
	for _, ch := range p.Changes {
		got[ch.ID] = ch.State
	}
	if _, changed := got[st[0].ID]; changed {
		t.Errorf("my kept text was approved: %v", got)
	}
	if got[st[6].ID] != StateReviewed || got[st[5].ID] != StateTranslated {
		t.Errorf("changes %v", got)
	}
	var reasons []string
	for _, u := range p.Report.Units {
		if strings.Contains(u.Reason, "another reviewer") {
			reasons = append(reasons, u.ID)
		}
	}
	if len(reasons) != 2 {
		t.Errorf("units with the policy's reason: %v (%+v)", reasons, p.Report.Units)
	}
	// Without the policy the same file approves all three.
	r.OwnNeedsOther = false
	for _, ch := range PlanImport(f, st, r).Changes {
		if ch.State != StateReviewed {
			t.Errorf("without the policy %+v", ch)
		}
	}
}

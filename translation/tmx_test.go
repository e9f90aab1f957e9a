package translation

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/internal/testenv"
)

// TMX carries inline codes with their bytes, not our notation (point 4).
func TestTMXInlineCodes(t *testing.T) {
	d := mustSegment(t, "Press **Save** and run `ls -l` now.\n")
	s := d.Segments[0]
	e := TMEntry{Source: s.Source, Target: "Pulsa {1}Guardar{/1} y ejecuta {2/} ya.", Placeholders: s.Placeholders, SourceLang: "en", TargetLang: "es"}
	var buf bytes.Buffer
	if err := WriteTMX(&buf, "en", []TMEntry{e}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<bpt i="1" x="1">**</bpt>Save<ept i="1">**</ept>`, `<ph x="2">` + "`ls -l`</ph>"} {
		if !strings.Contains(out, want) {
			t.Errorf("TMX lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "{1}") || strings.Contains(out, "{2/}") {
		t.Errorf("TMX speaks the private notation:\n%s", out)
	}
	validateTMX(t, buf.Bytes())
	got, err := ReadTMX(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Source != e.Source || got[0].Target != e.Target || RawText(got[0].Target, got[0].Placeholders) != "Pulsa **Guardar** y ejecuta `ls -l` ya." {
		t.Errorf("read back %+v", got[0])
	}
	// Another tool's memory: HTML codes, reordered, x alignment, <hi>, <it>.
	foreign := `<?xml version="1.0"?><tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="html" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>Click <bpt i="1" x="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> or <ph x="2">&lt;br/&gt;</ph> <hi>now</hi><it pos="begin">&lt;i&gt;</it></seg></tuv>
<tuv xml:lang="fr"><seg><ph x="2">&lt;br/&gt;</ph> Cliquez <bpt i="7" x="1">&lt;b&gt;</bpt>ici<ept i="7">&lt;/b&gt;</ept> maintenant<ph x="9">&lt;hr&gt;</ph></seg></tuv></tu></body></tmx>`
	got, err = ReadTMX(strings.NewReader(foreign))
	if err != nil {
		t.Fatal(err)
	}
	g := got[0]
	if g.Source != "Click {1}here{/1} or {2/} now{3/}" || g.Target != "{2/} Cliquez {1}ici{/1} maintenant<hr>" {
		t.Errorf("foreign TMX read as %q / %q", g.Source, g.Target)
	}
	wantPH := []Placeholder{{ID: "1", Kind: KindOpen, Bytes: "<b>", Display: "<b>"}, {ID: "1", Kind: KindClose, Bytes: "</b>", Display: "</b>"},
		{ID: "2", Kind: KindStandalone, Bytes: "<br/>", Display: "<br/>"}, {ID: "3", Kind: KindStandalone, Bytes: "<i>", Display: "<i>"}}
	if !reflect.DeepEqual(g.Placeholders, wantPH) {
		t.Errorf("placeholders %+v", g.Placeholders)
	}
}

func validateTMX(t *testing.T, doc []byte) {
	t.Helper()
	dtd, err := filepath.Abs("../../shared/schemas/tmx/tmx14.dtd")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dtd); err != nil {
		needTool(t, "the TMX DTD ("+err.Error()+")")
		return
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		needTool(t, "xmllint")
		return
	}
	f := filepath.Join(t.TempDir(), "m.tmx")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--dtdvalid", dtd, f).CombinedOutput(); err != nil {
		t.Fatalf("TMX not valid against tmx14.dtd: %v\n%s\n%s", err, out, doc)
	}
}

// needTool skips, or fails under CI=true, when a real tool is missing.
func needTool(t *testing.T, what string) {
	t.Helper()
	testenv.Need(t, what, errors.New("not installed (make deps-translate installs the tools)"))
}

func TestRankSuggestions(t *testing.T) {
	src := "The cell is the basic unit of life."
	exact := []MemoryMatch{{Source: src, Target: "imported", Approved: false}, {Source: src, Target: "approved", Approved: true}}
	fuzzy := []MemoryMatch{
		{Source: "The cell is the basic unit of all life.", Target: "fuzzy unapproved"}, // ~89 − 5
		{Source: "The cells are the basic units of life.", Target: "fuzzy approved", Approved: true},
		{Source: "Something else entirely, not close.", Target: "far"},
	}
	got := RankSuggestions(src, exact, fuzzy)
	if len(got) != 4 || got[0].Target != "approved" || got[1].Target != "imported" || got[1].Score != 100 || !got[1].Exact || got[1].Approved {
		t.Fatalf("ranking = %+v", got)
	}
	var unapproved *Suggestion
	for i := range got {
		if got[i].Target == "fuzzy unapproved" {
			unapproved = &got[i]
		}
	}
	if unapproved == nil || unapproved.Score != Similarity(src, fuzzy[0].Source)-UnapprovedPenalty {
		t.Errorf("an unapproved fuzzy entry can never be suggested: %+v", got)
	}
}

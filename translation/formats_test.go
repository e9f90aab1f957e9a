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
	"time"

	"github.com/commonplace/commonplace/internal/testenv"
)

// sampleFile has every feature the formats must carry.
func sampleFile(t *testing.T) File {
	t.Helper()
	d := mustSegment(t, "Some **bold** text with `code` and [a link](https://example.org/?a=1&b=\"2\").\n\n> Two\n> lines.\n")
	s0, s1 := d.Segments[0], d.Segments[1]
	return File{
		ID: "lesson-42", Original: "lessons/photosynthesis.md", SourceLang: "en", TargetLang: "ar",
		Units: []Unit{
			{ID: s0.ID, Source: s0.Source, Target: "نص {1}غامق{/1} مع {2/} و{3}رابط{/3}.", State: StateReviewed,
				SourceHash: s0.Hash, Placeholders: s0.Placeholders, Note: "Keep \"bold\" short.\nSecond line <ok> & done"},
			{ID: s1.ID, Source: s1.Source, Target: "سطران\nاثنان.", State: StateTranslated, Outdated: true,
				PreviousSource: "Two old\nlines with {{braces}}.", SourceHash: s1.Hash},
			{ID: "u3", Source: "我们学习数学 {{literal}} 'quotes' \"double\" \\back\\slash\ttab\r\nCRLF", Target: "", State: StateInitial},
			{ID: "u4", Source: "Final one", Target: "الأخير", State: StateFinal},
		},
	}
}

func schemaPath(t *testing.T) string {
	t.Helper()
	p := testenv.Shared(t, "schemas/xliff/xliff_core_2.0.xsd")
	_, err := exec.LookPath("xmllint")
	testenv.Need(t, "xmllint (apt-get install libxml2-utils)", err)
	return p
}

func xmllint(t *testing.T, schema string, doc []byte) error {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc.xlf")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", schema, f).CombinedOutput()
	if err != nil {
		return errors.New(string(out))
	}
	return nil
}

func TestXLIFF2ValidatesAgainstSchema(t *testing.T) {
	schema := schemaPath(t)
	var buf bytes.Buffer
	if err := WriteXLIFF2(&buf, sampleFile(t)); err != nil {
		t.Fatal(err)
	}
	if err := xmllint(t, schema, buf.Bytes()); err != nil {
		t.Fatalf("schema validation failed:\n%s\n%s", err, buf.String())
	}
	// A whole lesson too, untranslated (no trgLang needed).
	b, _ := os.ReadFile("testdata/lesson.md")
	d := mustSegment(t, string(b))
	f := File{ID: "lesson", SourceLang: "en"}
	for _, s := range d.Segments {
		f.Units = append(f.Units, Unit{ID: s.ID, Source: s.Source, Placeholders: s.Placeholders, SourceHash: s.Hash})
	}
	buf.Reset()
	if err := WriteXLIFF2(&buf, f); err != nil {
		t.Fatal(err)
	}
	if err := xmllint(t, schema, buf.Bytes()); err != nil {
		t.Fatalf("schema validation failed:\n%s", err)
	}
	// The validator must be able to fail: a state outside the enumeration.
	bad := strings.Replace(buf.String(), `state="initial"`, `state="outdated"`, 1)
	if err := xmllint(t, schema, []byte(bad)); err == nil {
		t.Fatal("xmllint accepted an invalid state; the validation test proves nothing")
	}
}

func TestXLIFF2Shape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLIFF2(&buf, sampleFile(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`version="2.0" srcLang="en" trgLang="ar"`,
		`<segment state="translated" subState="commonplace:outdated">`,
		`<segment state="reviewed">`,
		`<pc id="1" dataRefStart="d1s" dataRefEnd="d1e" dispStart="**" dispEnd="**">`,
		`<ph id="2" dataRef="d2" disp="`,
		`<data id="d3e" xml:space="preserve">](https://example.org/?a=1&amp;b=&quot;2&quot;)</data>`,
		`<note category="commonplace:source-hash">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("XLIFF 2.0 output lacks %q", want)
		}
	}
}

func TestXLIFFRoundTrips(t *testing.T) {
	want := sampleFile(t)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, File) error
	}{
		{"XLIFF 2.0", func(b *bytes.Buffer, f File) error { return WriteXLIFF2(b, f) }},
		{"XLIFF 1.2", func(b *bytes.Buffer, f File) error { return WriteXLIFF12(b, f) }},
		{"PO", func(b *bytes.Buffer, f File) error { return WritePO(b, f) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf, want); err != nil {
				t.Fatal(err)
			}
			var got File
			var err error
			if tc.name == "PO" {
				got, err = ReadPO(bytes.NewReader(buf.Bytes()))
			} else {
				got, err = ReadXLIFF(bytes.NewReader(buf.Bytes()))
			}
			if err != nil {
				t.Fatalf("read back: %v\n%s", err, buf.String())
			}
			compareFiles(t, tc.name, want, got)
		})
	}
}

func compareFiles(t *testing.T, name string, want, got File) {
	t.Helper()
	if got.ID != want.ID || got.SourceLang != want.SourceLang || got.TargetLang != want.TargetLang || got.Original != want.Original {
		t.Errorf("%s header: got %+v", name, File{ID: got.ID, Original: got.Original, SourceLang: got.SourceLang, TargetLang: got.TargetLang})
	}
	if len(got.Units) != len(want.Units) {
		t.Fatalf("%s: %d units, want %d", name, len(got.Units), len(want.Units))
	}
	for i, w := range want.Units {
		g := got.Units[i]
		wp, gp := phKeys(w.Placeholders, name), phKeys(g.Placeholders, name)
		if name != "XLIFF 2.0" && w.Locations == nil {
			w.Locations = []string{w.ID} // 1.2 and PO repeat the id as a location
		}
		w.Placeholders, g.Placeholders = nil, nil
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s unit %d:\n got %+v\nwant %+v", name, i, g, w)
		}
		if !reflect.DeepEqual(wp, gp) {
			t.Errorf("%s unit %d placeholders:\n got %v\nwant %v", name, i, gp, wp)
		}
	}
}

// phKeys lists placeholders; XLIFF 1.2 has no display labels.
func phKeys(ps []Placeholder, format string) []Placeholder {
	var out []Placeholder
	for _, p := range ps {
		if format == "XLIFF 1.2" {
			p.Display = ""
		}
		out = append(out, p)
	}
	return out
}

func TestXLIFF12States(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLIFF12(&buf, sampleFile(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<target state="needs-review-translation">`, `<target state="signed-off">`, `<target state="final">`, `<bpt id="1">**</bpt>`, `<ept id="1">**</ept>`, `<ph id="2">`} {
		if !strings.Contains(out, want) {
			t.Errorf("XLIFF 1.2 output lacks %q", want)
		}
	}
	// A foreign 1.2 file: needs-review-translation → outdated; g and x codes.
	foreign := `<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.md" source-language="en" target-language="de" datatype="plaintext"><body>
  <group><trans-unit id="t1"><source>Hello <g id="1">bold</g><x id="2"/></source>
   <target state="needs-review-translation">Hallo <g id="1">fett</g><x id="2"/></target></trans-unit></group>
  <trans-unit id="t2"><source>Plain</source></trans-unit>
 </body></file></xliff>`
	f, err := ReadXLIFF(strings.NewReader(foreign))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Units) != 2 || !f.Units[0].Outdated || f.Units[0].Target != "Hallo {1}fett{/1}{2/}" || f.Units[0].Source != "Hello {1}bold{/1}{2/}" {
		t.Errorf("foreign 1.2 = %+v", f.Units)
	}
	if f.Units[1].State != StateInitial || f.Units[1].Target != "" {
		t.Errorf("untranslated unit = %+v", f.Units[1])
	}
}

func TestPOFormat(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePO(&buf, sampleFile(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"#, fuzzy\n#| msgid \"\"\n#| \"Two old\\n\"\n#| \"lines with {{braces}}.\"\n", "\"Language: ar\\n\"", "msgctxt \"u3\"\n", `\\back\\slash\ttab\r\n`, "# Keep \"bold\" short.\n# Second line"} {
		if !strings.Contains(out, want) {
			t.Errorf("PO output lacks %q\n%s", want, out)
		}
	}
	// A hand-written PO file with the usual gettext features.
	po := "\ufeff# translator comment\nmsgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n#: src/a.c:1\n#, fuzzy, c-format\n#| msgid \"Old %d\"\nmsgctxt \"k1\"\nmsgid \"\"\n\"New \"\n\"%d\\n\"\nmsgstr \"Nouveau \\\"%d\\\"\\101\\x42\"\n\nmsgid \"one\"\nmsgid_plural \"many\"\nmsgstr[0] \"un\"\nmsgstr[1] \"plusieurs\"\n\n#~ msgid \"gone\"\n#~ msgstr \"parti\"\n"
	f, err := ReadPO(strings.NewReader(po))
	if err != nil {
		t.Fatal(err)
	}
	if f.TargetLang != "fr" || len(f.Units) != 2 {
		t.Fatalf("file = %+v", f)
	}
	u := f.Units[0]
	if u.ID != "k1" || u.Source != "New %d\n" || u.Target != "Nouveau \"%d\"AB" || !u.Outdated || u.PreviousSource != "Old %d" || u.State != StateTranslated {
		t.Errorf("unit = %+v", u)
	}
	if f.Units[1].Source != "one" || f.Units[1].Target != "un" {
		t.Errorf("plural unit = %+v", f.Units[1])
	}
}

func TestTMXRoundTrip(t *testing.T) {
	created := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	entries := []TMEntry{
		{Source: "The cell is small.", Target: "الخلية صغيرة.", SourceLang: "en", TargetLang: "ar", Created: created, Note: "biology"},
		{Source: "Press \"F5\" & <wait>\nthen go", Target: "按 \"F5\" 然后\n等待", SourceLang: "en", TargetLang: "zh-Hans"},
		{Source: "Bonjour", Target: "Hello", SourceLang: "fr", TargetLang: "en", Created: created},
	}
	var buf bytes.Buffer
	if err := WriteTMX(&buf, "en", entries); err != nil {
		t.Fatal(err)
	}
	got, err := ReadTMX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, entries) {
		t.Errorf("TMX round trip:\n got %+v\nwant %+v", got, entries)
	}
}

func TestMalformedExchangeFiles(t *testing.T) {
	tests := []struct {
		name, input, wantMsg string
		read                 func(string) error
	}{
		{"xliff not xml", "<xliff version=\"2.0\" srcLang=\"en\"><file id=\"f\">\n<unit id=\"u\"></file></xliff>", "line 2", readX},
		{"xliff wrong root", "<?xml version=\"1.0\"?><html/>", "want <xliff>", readX},
		{"xliff version", `<xliff version="3.0"/>`, "unsupported version", readX},
		{"xliff2 no srcLang", `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file id="f"/></xliff>`, "srcLang", readX},
		{"xliff12 no body", `<xliff version="1.2"><file source-language="en" original="a"/></xliff>`, "no <body>", readX},
		{"empty", "", "no root element", readX},
		{"po unterminated", "msgid \"abc\nmsgstr \"\"\n", "line 1", readP},
		{"po bad escape", "msgid \"a\\q\"\nmsgstr \"\"\n", `unknown escape \q`, readP},
		{"po orphan continuation", "\"abc\"\n", "continuation", readP},
		{"po no msgstr", "msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n", "no msgstr", readP},
		{"po raw NUL", "msgid \"a\"\nmsgstr \"b\x00\"\n", "NUL", readP},
		{"po escaped NUL", "msgid \"a\"\nmsgstr \"b\\0\"\n", "NUL", readP},
		{"po hex NUL", "msgid \"a\"\nmsgstr \"b\\x00\"\n", "NUL", readP},
		{"po raw invalid UTF-8", "msgid \"a\"\nmsgstr \"\xff\"\n", "UTF-8", readP},
		{"po escaped invalid UTF-8", "msgid \"a\"\nmsgstr \"\\xff\"\n", "UTF-8", readP},
		{"po comment invalid UTF-8", "#. \xff\nmsgid \"a\"\nmsgstr \"b\"\n", "UTF-8", readP},
		{"tmx wrong root", "<xliff/>", "want <tmx>", readT},
		{"tmx one tuv", `<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>`, "needs two <tuv>", readT},
		{"tmx bad date", `<tmx version="1.4"><header srclang="en"/><body><tu creationdate="yesterday"><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu></body></tmx>`, "bad creationdate", readT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read(tt.input)
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want ErrFormat mentioning %q", err, tt.wantMsg)
			}
		})
	}
}

func readX(s string) error { _, err := ReadXLIFF(strings.NewReader(s)); return err }
func readP(s string) error { _, err := ReadPO(strings.NewReader(s)); return err }
func readT(s string) error { _, err := ReadTMX(strings.NewReader(s)); return err }

func TestWritersRejectBadUnits(t *testing.T) {
	f := sampleFile(t)
	f.Units[0].Target = "{1}x{/1}{1}y{/1}"
	for name, w := range map[string]func(*bytes.Buffer, File) error{
		"xliff2":  func(b *bytes.Buffer, f File) error { return WriteXLIFF2(b, f) },
		"xliff12": func(b *bytes.Buffer, f File) error { return WriteXLIFF12(b, f) },
		"po":      func(b *bytes.Buffer, f File) error { return WritePO(b, f) },
	} {
		var buf bytes.Buffer
		if err := w(&buf, f); !errors.Is(err, ErrPlaceholders) || !strings.Contains(err.Error(), f.Units[0].ID) {
			t.Errorf("%s: err = %v, want ErrPlaceholders naming the unit", name, err)
		}
	}
	g := sampleFile(t)
	g.TargetLang = ""
	if err := WriteXLIFF2(&bytes.Buffer{}, g); err == nil {
		t.Error("XLIFF 2.0 with targets but no trgLang must fail")
	}
}

package translation_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/translation"

	"github.com/commonplace/commonplace/internal/testenv"
)

// The corpus of real lessons under testdata/lessons (sources and licences
// in its README).
func lessons(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob("testdata/lessons/*.md")
	if err != nil || len(paths) < 9 { // 8 lessons and the README
		t.Fatalf("want at least 8 lessons, have %d (%v)", len(paths), err)
	}
	out := map[string]string{}
	for _, p := range paths {
		if filepath.Base(p) == "README.md" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = string(b)
	}
	return out
}

// pseudo marks every literal run of a segment, keeping its placeholders.
func pseudo(s translation.Segment) string {
	var b strings.Builder
	for _, tok := range translation.DisplayTokens(s.Source, s.Placeholders) {
		switch {
		case tok.Placeholder != nil:
			b.WriteString(tok.Ref)
		case tok.Break:
			b.WriteString("\n")
		case strings.TrimSpace(tok.Text) != "":
			b.WriteString("⟪" + tok.Text + "⟫")
		default:
			b.WriteString(tok.Text)
		}
	}
	return b.String()
}

func TestLessonsRebuildAndDisplay(t *testing.T) {
	for name, src := range lessons(t) {
		t.Run(name, func(t *testing.T) {
			d := mustDoc(t, src)
			if out, err := d.Rebuild(nil); err != nil || out != src {
				t.Fatalf("untranslated rebuild is not byte-identical (err %v)", err)
			}
			want := countTags(render(t, src))
			for k := 0; k < 2; k++ { // half translated, both halves
				targets := map[string]string{}
				for i, s := range d.Segments {
					if i%2 == k {
						targets[s.ID] = pseudo(s)
					}
				}
				html, _ := displayHTML(t, d, targets)
				if got := countTags(html); !mapsEqual(got, want) {
					t.Errorf("half %d: tags %v, want %v", k, got, want)
				}
				if strings.Contains(html, translation.MarkOpen) || strings.Contains(html, translation.MarkClose) {
					t.Errorf("half %d: a marker is shown", k)
				}
			}
		})
	}
}

func TestLessonsPseudoTranslationRoundTrips(t *testing.T) {
	x2, x12 := schema(t, "xliff/xliff_core_2.0.xsd"), schema(t, "xliff12/xliff-core-1.2-strict.xsd")
	for name, src := range lessons(t) {
		d := mustDoc(t, src)
		stored := make([]translation.StoredSegment, len(d.Segments))
		f := translation.File{ID: "t", Original: name, SourceLang: "und", TargetLang: "eo"}
		want := map[string]string{}
		for i, s := range d.Segments {
			stored[i] = translation.StoredSegment{ID: s.ID, Source: s.Source, SourceHash: s.Hash, Placeholders: s.Placeholders, State: translation.StateInitial}
			if i%3 == 2 {
				// left untranslated: the file carries a copy or nothing
				f.Units = append(f.Units, translation.Unit{ID: s.ID, Source: s.Source, SourceHash: s.Hash, Placeholders: s.Placeholders, State: translation.StateInitial})
				continue
			}
			want[s.ID] = pseudo(s)
			f.Units = append(f.Units, translation.Unit{ID: s.ID, Source: s.Source, Target: want[s.ID], SourceHash: s.Hash,
				Placeholders: s.Placeholders, State: translation.StateTranslated})
		}
		for _, fm := range []struct {
			name   string
			schema string
			write  func(*bytes.Buffer, translation.File) error
			read   func([]byte) (translation.File, error)
		}{
			{"XLIFF 2.0", x2, func(b *bytes.Buffer, f translation.File) error { return translation.WriteXLIFF2(b, f) }, readXLIFF},
			{"XLIFF 1.2", x12, func(b *bytes.Buffer, f translation.File) error { return translation.WriteXLIFF12(b, f) }, readXLIFF},
			{"PO", "", func(b *bytes.Buffer, f translation.File) error { return translation.WritePO(b, f) }, readPO},
		} {
			var buf bytes.Buffer
			if err := fm.write(&buf, f); err != nil {
				t.Fatalf("%s %s: %v", name, fm.name, err)
			}
			if fm.schema != "" {
				if err := xmllint(t, fm.schema, buf.Bytes()); err != nil {
					t.Errorf("%s %s: not valid: %v", name, fm.name, err)
				}
			}
			got, err := fm.read(buf.Bytes())
			if err != nil {
				t.Fatalf("%s %s: %v", name, fm.name, err)
			}
			p := translation.PlanImport(got, stored, translation.ImportRights{})
			if len(p.Changes) != len(want) || len(p.Report.Skipped) != len(stored)-len(want) {
				t.Errorf("%s %s: %d changes for %d translations, skipped %v", name, fm.name, len(p.Changes), len(want), p.Report.Skipped)
			}
			targets := map[string]string{}
			for _, c := range p.Changes {
				if c.Target != want[c.ID] || c.State != translation.StateTranslated || c.Outdated {
					t.Errorf("%s %s: change %+v, want target %q", name, fm.name, c, want[c.ID])
				}
				targets[c.ID] = c.Target
			}
			if _, err := d.Rebuild(targets); err != nil {
				t.Errorf("%s %s: rebuild: %v", name, fm.name, err)
			}
		}
	}
}

func readXLIFF(b []byte) (translation.File, error) { return translation.ReadXLIFF(bytes.NewReader(b)) }
func readPO(b []byte) (translation.File, error)    { return translation.ReadPO(bytes.NewReader(b)) }

func schema(t *testing.T, rel string) string {
	t.Helper()
	p := testenv.Shared(t, filepath.Join("schemas", rel))
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
	if out, err := exec.Command("xmllint", "--noout", "--schema", schema, f).CombinedOutput(); err != nil {
		return errors.New(string(out))
	}
	return nil
}

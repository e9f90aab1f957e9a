package translation

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The real tools translators and platforms run: translate-toolkit
// (po2xliff, xliff2po, pocount and its Python API, Debian's
// translate-toolkit package) and GNU gettext (msgfmt, msgcat, msgmerge,
// msgattrib). `make deps-translate` installs them; under CI=true a missing
// tool fails the test.

// debianPython is the interpreter that sees Debian's translate-toolkit (a
// pyenv python3 earlier on PATH does not).
const debianPython = "/usr/bin/python3"

func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		needTool(t, name)
	}
	return p
}

func havePythonToolkit(t *testing.T) {
	t.Helper()
	if err := exec.Command(debianPython, "-c", "import translate.storage.xliff").Run(); err != nil {
		needTool(t, "translate-toolkit's Python API ("+debianPython+": "+err.Error()+")")
	}
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeFile(t *testing.T, dir, name string, fm format, f File) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fm.write(&buf, f); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readPath(t *testing.T, path string) File {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if strings.HasSuffix(path, ".po") {
		f, err = ReadPO(bytes.NewReader(b))
	} else {
		f, err = ReadXLIFF(bytes.NewReader(b))
	}
	if err != nil {
		t.Fatalf("read %s: %v\n%s", path, err, b)
	}
	return f
}

var everyone = []ImportRights{{}, {MarkMinor: true}, {Approve: true, MarkMinor: true}}

// noOp checks that importing f changes nothing for any role.
func noOp(t *testing.T, what string, f File, st []StoredSegment) {
	t.Helper()
	for _, r := range everyone {
		p := PlanImport(f, st, r)
		if len(p.Changes) != 0 {
			t.Errorf("%s (%+v): changes %+v\nreport %+v", what, r, p.Changes, p.Report)
		}
		for _, u := range p.Report.Units {
			if u.Result == ResultSkipped && !strings.Contains(u.Reason, "not translated") && !strings.Contains(u.Reason, "no translation") {
				t.Errorf("%s: unit %s skipped: %s", what, u.ID, u.Reason)
			}
		}
	}
}

// pocount --csv: translated, fuzzy, untranslated messages.
func pocount(t *testing.T, dir, file string) [3]string {
	t.Helper()
	out := run(t, dir, "pocount", "--csv", file)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, file+",") {
			c := strings.Split(line, ",")
			return [3]string{strings.TrimSpace(c[1]), strings.TrimSpace(c[4]), strings.TrimSpace(c[6])}
		}
	}
	t.Fatalf("pocount said:\n%s", out)
	return [3]string{}
}

func TestTranslateToolkitXLIFF12(t *testing.T) {
	havePythonToolkit(t)
	dir := t.TempDir()
	st := storedSample(t)
	xl := writeFile(t, dir, "s.xliff", formats[1], exportOf(st))
	// translate-toolkit's own reading of our states.
	out, err := exec.Command(debianPython, "-c", `
import sys
from translate.storage import xliff
s = xliff.xlifffile.parsefile(sys.argv[1])
for u in s.getunits():
    print(u.getid().split("\x04")[-1], u.istranslated(), u.isfuzzy(), u.isapproved(), u.target == u.source)
s.savefile(sys.argv[2])
`, xl, filepath.Join(dir, "saved.xliff")).CombinedOutput()
	if err != nil {
		t.Fatalf("translate-toolkit: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(st) {
		t.Fatalf("translate-toolkit sees %d units, want %d (every unit has a target):\n%s", len(lines), len(st), out)
	}
	// reviewed and final (not outdated) are approved; the untranslated one
	// holds a copy of the source; the rest are fuzzy.
	want := []string{"False True False False", "True False True False", "True False True False", "False True False False",
		"False True False False", "False True False True", "False True False False"}
	for i, l := range lines {
		if !strings.HasSuffix(l, want[i]) {
			t.Errorf("unit %d: translate-toolkit says %q, want %q", i, l, want[i])
		}
	}
	// Loaded and saved by translate-toolkit, the file imports as a no-op.
	noOp(t, "translate-toolkit load/save", readPath(t, filepath.Join(dir, "saved.xliff")), st)
	if c := pocount(t, dir, "s.xliff"); c != [3]string{"2", "5", "0"} {
		t.Errorf("pocount 1.2 = %v", c)
	}
	// xliff2po loses ids and inline codes; po2xliff renumbers the units.
	run(t, dir, "xliff2po", "s.xliff", "via.po")
	noOp(t, "xliff2po", readPath(t, filepath.Join(dir, "via.po")), st)
	run(t, dir, "po2xliff", "via.po", "back.xliff")
	back := readPath(t, filepath.Join(dir, "back.xliff"))
	noOp(t, "xliff2po + po2xliff", back, st)
	// A translator's work through that path arrives unit by unit.
	b, _ := os.ReadFile(filepath.Join(dir, "via.po"))
	po := strings.Replace(string(b), "msgid \"Sixth.\"\nmsgstr \"Sixth.\"", "msgid \"Sixth.\"\nmsgstr \"Sexta.\"", 1)
	if po == string(b) {
		t.Fatalf("untranslated unit not found in xliff2po output:\n%s", b)
	}
	if err := os.WriteFile(filepath.Join(dir, "via.po"), []byte(po), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "po2xliff", "via.po", "back.xliff")
	p := PlanImport(readPath(t, filepath.Join(dir, "back.xliff")), st, ImportRights{})
	if len(p.Changes) != 1 || p.Changes[0].ID != st[5].ID || p.Changes[0].Target != "Sexta." || p.Changes[0].State != StateTranslated {
		t.Errorf("plan = %+v\n%+v", p.Changes, p.Report)
	}
}

func TestTranslateToolkitPO(t *testing.T) {
	dir := t.TempDir()
	st := storedSample(t)
	writeFile(t, dir, "s.po", formats[2], exportOf(st))
	if c := pocount(t, dir, "s.po"); c != [3]string{"4", "2", "1"} {
		t.Errorf("pocount PO = %v (translated, fuzzy = outdated, untranslated)", c)
	}
	run(t, dir, "po2xliff", "s.po", "s.xliff")
	noOp(t, "po2xliff", readPath(t, filepath.Join(dir, "s.xliff")), st)
	run(t, dir, "xliff2po", "s.xliff", "again.po")
	noOp(t, "po2xliff + xliff2po", readPath(t, filepath.Join(dir, "again.po")), st)
}

func TestGettextTools(t *testing.T) {
	dir := t.TempDir()
	st := storedSample(t)
	writeFile(t, dir, "s.po", formats[2], exportOf(st))
	if out := run(t, dir, "msgfmt", "-c", "--statistics", "-o", "/dev/null", "s.po"); strings.TrimSpace(out) != "4 translated messages, 2 fuzzy translations, 1 untranslated message." {
		t.Errorf("msgfmt -c says %q", out)
	}
	run(t, dir, "msgcat", "-o", "cat.po", "s.po")
	noOp(t, "msgcat", readPath(t, filepath.Join(dir, "cat.po")), st)
	// msgmerge against the template of the same source (targets empty).
	pot := exportOf(st)
	for i := range pot.Units {
		pot.Units[i].Target, pot.Units[i].State, pot.Units[i].Outdated, pot.Units[i].PreviousSource = "", StateInitial, false, ""
	}
	writeFile(t, dir, "s.pot", formats[2], pot)
	run(t, dir, "msgmerge", "--quiet", "-o", "merged.po", "s.po", "s.pot")
	merged := readPath(t, filepath.Join(dir, "merged.po"))
	for _, r := range everyone {
		// msgmerge keeps translations and fuzzy flags; it takes the
		// template's comments, so states come from the template (initial):
		// the plan must still change nothing.
		if p := PlanImport(merged, st, r); len(p.Changes) != 0 {
			t.Errorf("msgmerge (%+v): %+v", r, p.Changes)
		}
	}
	// msgattrib --clear-fuzzy: a translator cannot clear "outdated" that way.
	run(t, dir, "msgattrib", "--clear-fuzzy", "-o", "cleared.po", "s.po")
	cleared := readPath(t, filepath.Join(dir, "cleared.po"))
	if p := PlanImport(cleared, st, ImportRights{}); len(p.Changes) != 0 {
		t.Errorf("translator cleared outdated with msgattrib: %+v", p.Changes)
	}
	p := PlanImport(cleared, st, ImportRights{Approve: true, MarkMinor: true})
	if len(p.Changes) != 2 || p.Changes[0].Outdated || p.Changes[1].Outdated || p.Changes[0].State != StateReviewed {
		t.Errorf("reviewer clearing fuzzy: %+v", p.Changes)
	}
}

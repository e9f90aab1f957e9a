package i18n

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/i18n/extract"
)

// Every shipped catalogue translates every message of the template, keeps
// its placeholders, has every plural form, and its Plural-Forms header
// agrees with CLDR for every count.
func TestEveryCatalogueIsComplete(t *testing.T) {
	t.Parallel()
	pot, err := Catalogues.ReadFile("po/messages.pot")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Check(Default(), pot) {
		t.Error(p)
	}
	want := []string{"en", "es", "fr", "ar", "zh-Hans"}
	var got []string
	for _, l := range Default().Locales() {
		got = append(got, l.Code)
	}
	for _, w := range want {
		if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+w+" ") {
			t.Errorf("languages %v lack %s", got, w)
		}
	}
}

// The committed template is what the sources say: a new {{t "…"}}, T, N,
// tr, M, Label: or JavaScript t('…') fails here until
// `commonplace ui-strings extract` is run (and then the catalogue test
// fails until every language translates it).
func TestTemplateIsUpToDate(t *testing.T) {
	t.Parallel()
	set, err := extract.FromRoot(filepath.Join("..", ""))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := extract.WritePOT(&b, set.Messages()); err != nil {
		t.Fatal(err)
	}
	committed, err := Catalogues.ReadFile("po/messages.pot")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), committed) {
		t.Error("i18n/po/messages.pot is out of date: run `go run ./cmd/commonplace ui-strings extract` and translate what is new")
	}
}

// A check that finds nothing wrong could be a check that looks at nothing.
func TestCheckFindsProblems(t *testing.T) {
	t.Parallel()
	pot := []byte(`msgid ""
msgstr ""

msgid "Hello {name}"
msgstr ""

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] ""
msgstr[1] ""

msgid "Missing"
msgstr ""
`)
	po := []byte(`msgid ""
msgstr ""
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Hello {name}"
msgstr "Bonjour {nom}"

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} fichier"
msgstr[1] ""

msgid "Old"
msgstr "Vieux"
`)
	probs := strings.Join(checkCatalogue(mustTag("fr"), po, pot), "\n")
	for _, want := range []string{
		"Plural-Forms gives form 1 for 0, CLDR one", // French counts 0 as one
		`"Hello {name}" has placeholders [nom], the English [name]`,
		`leaves the other form of "{n} file" untranslated`,
		`lacks "Missing"`,
		`has "Old", which the template no longer has`,
	} {
		if !strings.Contains(probs, want) {
			t.Errorf("the check does not say %q; it says:\n%s", want, probs)
		}
	}
}

// The catalogues pass GNU gettext's own checks (msgfmt --check: syntax,
// headers, plural forms, python-brace-format placeholders), and a
// catalogue exported and imported again is unchanged.
func TestCataloguesPassMsgfmt(t *testing.T) {
	t.Parallel()
	msgfmt, err := exec.LookPath("msgfmt")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("msgfmt is missing (make deps-translate installs gettext)")
		}
		t.Skip("msgfmt is missing; make deps-translate installs gettext")
	}
	pot, err := Catalogues.ReadFile("po/messages.pot")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, l := range Default().Locales()[1:] {
		src, err := Catalogues.ReadFile("po/" + l.Code + ".po")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, l.Code+".po")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(msgfmt, "--check", "--statistics", "-o", os.DevNull, path).CombinedOutput()
		if err != nil {
			t.Errorf("msgfmt --check %s: %v\n%s", l.Code, err, out)
		}
		if s := string(out); strings.Contains(s, "untranslated") || strings.Contains(s, "fuzzy") {
			t.Errorf("msgfmt says %s is incomplete: %s", l.Code, s)
		}
		// The round trip: export (Merge) and import give back the same file.
		merged, err := Merge(pot, src, l.Code)
		if err != nil {
			t.Fatal(err)
		}
		back, problems, err := Import(pot, merged, l.Code)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) > 0 || !bytes.Equal(back, src) {
			t.Errorf("%s: export then import changes the catalogue (problems %v)", l.Code, problems)
		}
	}
}

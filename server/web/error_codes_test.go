package web

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/i18n"
)

// codeLiterals find the error codes the sources write: app.Error's constructors and literals,
// and the HTTP layer's.
var codeLiterals = []*regexp.Regexp{
	regexp.MustCompile(`\bnewErr\(\w+, "([a-z_]+)"`),
	regexp.MustCompile(`\bnewFieldErr\(\w+, "([a-z_]+)"`),
	regexp.MustCompile(`\bCode: +"([a-z_]+)"`),
	regexp.MustCompile(`\bNewError\([^,()]+(?:\([^)]*\))?, "([a-z_]+)"`),
	regexp.MustCompile(`\breturn "([a-z_]+)"\s*\n`), // kindCode in httpx/errors_formats.go
}

// errorCodes are the codes of every error the application and the HTTP adapters can answer with.
func errorCodes(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, dir := range []string{"../../app", "../httpx", "..", "."} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, re := range codeLiterals {
				if i == len(codeLiterals)-1 && filepath.Base(f) != "errors_formats.go" {
					continue
				}
				for _, m := range re.FindAllStringSubmatch(string(src), -1) {
					seen[m[1]] = true
				}
			}
		}
	}
	var out []string
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Every error code a person can meet on a page has a sentence in every shipped language, so a
// message the catalogue does not know word for word is still said in the reader's language.
func TestEveryErrorCodeHasAMessageInEveryLanguage(t *testing.T) {
	codes := errorCodes(t)
	if len(codes) < 40 {
		t.Fatalf("found only %d error codes in the sources (%v): the scan is broken", len(codes), codes)
	}
	for _, want := range []string{"invalid", "not_found", "stale", "email_taken", "csrf", "unsupported_media_type", "malformed"} {
		if !contains(codes, want) {
			t.Errorf("the scan misses the code %q", want)
		}
	}
	for _, c := range codes {
		if _, ok := codeMessages[c]; !ok {
			t.Errorf("error code %q has no message in codeMessages (server/web/error_codes.go)", c)
		}
	}
	for _, loc := range i18n.Default().Locales()[1:] {
		for _, c := range codes {
			id := codeMessages[c]
			if tr, ok := loc.Translation(id); id != "" && (!ok || !tr.IsTranslated()) {
				t.Errorf("%s: no translation of the message for %q: %q", loc.Code, c, id)
			}
		}
	}
}

// A page in another language never shows an application message in English: one its
// catalogue does not know is said by its code.
func TestFormMessagesNeverFallBackToEnglish(t *testing.T) {
	es, _ := i18n.Default().Lookup("es")
	en, _ := i18n.Default().Lookup("en")
	unknown := "only the source's owner, editors and reviewers review and merge proposals"
	if got := formMessage(es, "forbidden", unknown); got != es.T("Your role does not allow this.") {
		t.Errorf("es: %q", got)
	}
	if got := formMessage(en, "forbidden", unknown); got != unknown {
		t.Errorf("en keeps the precise message: %q", got)
	}
	if got := formMessage(es, "invalid", "Is required"); got != es.T("Is required") {
		t.Errorf("a known message is translated as it is: %q", got)
	}
	if got := formMessage(es, "rate_limited", "Too many sign-in attempts; try again in 30 seconds"); !strings.Contains(got, "30") || got == "Too many sign-in attempts; try again in 30 seconds" {
		t.Errorf("a pattern keeps its number: %q", got)
	}
	if got := formMessage(es, "no_such_code", unknown); got != es.T(unknownCode) {
		t.Errorf("an unknown code: %q", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package i18n

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
)

func mustTag(s string) language.Tag { return language.MustParse(s) }

func loc(t *testing.T, code string) *Locale {
	t.Helper()
	l, ok := Default().Lookup(code)
	if !ok {
		t.Fatalf("no %s", code)
	}
	return l
}

func TestMessagesAndPlurals(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 result"}, {"en", 2, "2 results"},
		{"es", 1, "1 resultado"}, {"es", 1000, "1.000 resultados"},
		{"fr", 0, "0 résultat"}, {"fr", 2, "2 résultats"}, // French: 0 is one
		{"ar", 0, "لا نتائج"}, {"ar", 1, "نتيجة واحدة"}, {"ar", 2, "نتيجتان"},
		{"ar", 3, "3 نتائج"}, {"ar", 11, "11 نتيجة"}, {"ar", 1000, "1,000 نتيجة"},
		{"zh-Hans", 5, "5 个结果"},
	} {
		if got := loc(t, c.lang).N("{n} result", "{n} results", c.n); got != c.want {
			t.Errorf("%s N(%d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := loc(t, "es").T("Signed in as {name} (@{handle})", "name", "Ana", "handle", "ana"); got != "Sesión iniciada como Ana (@ana)" {
		t.Errorf("es T = %q", got)
	}
	if got := loc(t, "es").T("a message no catalogue has"); got != "a message no catalogue has" {
		t.Errorf("an unknown id must show as it is, got %q", got)
	}
}

func TestChoosingALanguage(t *testing.T) {
	t.Parallel()
	b := Default()
	for _, c := range []struct{ setting, accept, want string }{
		{"", "es-MX,es;q=0.9,en;q=0.5", "es"},
		{"", "fr-CA", "fr"},
		{"", "ar-EG,ar;q=0.9", "ar"},
		{"", "zh-CN,zh;q=0.9", "zh-Hans"},
		{"", "de-DE", "en"},
		{"", "", "en"},
		{"", "garbage;;;", "en"},
		{"fr", "es", "fr"},         // the person's setting wins
		{"xx", "es", "es"},         // an unknown setting is ignored
		{"ZH-hans", "", "zh-Hans"}, // codes are matched without case
	} {
		if got := b.Choose(c.setting, c.accept).Code; got != c.want {
			t.Errorf("Choose(%q, %q) = %s, want %s", c.setting, c.accept, got, c.want)
		}
	}
	if loc(t, "ar").Dir != "rtl" || loc(t, "es").Dir != "ltr" {
		t.Error("Arabic reads right to left")
	}
}

func TestFormatsFollowCLDR(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 1, 2, 15, 4, 0, 0, time.UTC)
	for _, c := range []struct{ lang, date, stamp, num, de string }{
		{"en", "2 Jan 2026", "2 Jan 2026 15:04 UTC", "1,234,567", "German"},
		{"es", "2 ene 2026", "2 ene 2026, 15:04 UTC", "1.234.567", "alemán"},
		{"fr", "2 janv. 2026", "2 janv. 2026, 15:04 UTC", "1\u00a0234\u00a0567", "allemand"},
		// Latin digits for plain Arabic, as CLDR since 42 and browsers (newerNumbering).
		{"ar", "2 يناير 2026", "2 يناير 2026، 3:04 م UTC", "1,234,567", "الألمانية"},
		{"zh-Hans", "2026年1月2日", "2026年1月2日 15:04 UTC", "1,234,567", "德语"},
	} {
		l := loc(t, c.lang)
		if got := l.Date(day); got != c.date {
			t.Errorf("%s Date = %q, want %q", c.lang, got, c.date)
		}
		if got := l.DateTime(day); got != c.stamp {
			t.Errorf("%s DateTime = %q, want %q", c.lang, got, c.stamp)
		}
		if got := l.Number(1234567); got != c.num {
			t.Errorf("%s Number = %q, want %q", c.lang, got, c.num)
		}
		if got := l.LanguageName("de"); got != c.de {
			t.Errorf("%s LanguageName(de) = %q, want %q", c.lang, got, c.de)
		}
	}
}

func TestScriptDataCarriesPluralForms(t *testing.T) {
	t.Parallel()
	got := string(loc(t, "ar").ScriptData(true))
	for _, want := range []string{`"lang":"ar"`, `"numbering":"latn"`, `"{n} error":{`, `"zero":"لا أخطاء"`, `"two":"خطآن"`, `"Connected":"متصل"`} {
		if !strings.Contains(got, want) {
			t.Errorf("script data lacks %s", want)
		}
	}
	if got := string(loc(t, "en").ScriptData(true)); got != `{"lang":"en","messages":{},"numbering":"latn"}` {
		t.Errorf("English sends no messages, got %s", got)
	}
	if got := string(loc(t, "ar").ScriptData(false)); got != `{"lang":"ar","numbering":"latn"}` {
		t.Errorf("the language alone: got %s", got)
	}
}

// The browser is told the digits the server writes, by their CLDR name: Latin for the shipped
// languages, and the name of another system where x/text writes one.
func TestNumberingNamesTheServersDigits(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ tag, want string }{
		{"en", "latn"}, {"ar", "latn"}, {"zh-Hans", "latn"},
		{"ar-u-nu-arab", "arab"}, {"fa", "arabext"}, {"mr", "deva"}, {"bn", "beng"},
	} {
		if got := newLocale(language.MustParse(c.tag), nil).Numbering(); got != c.want {
			t.Errorf("%s: Numbering() = %s, want %s", c.tag, got, c.want)
		}
	}
	// Dates take those digits too.
	if got := newLocale(language.MustParse("ar-u-nu-arab"), nil).Date(time.Date(2026, 1, 2, 15, 4, 0, 0, time.UTC)); got != "٢ يناير ٢٠٢٦" {
		t.Errorf("ar-u-nu-arab Date = %q", got)
	}
}

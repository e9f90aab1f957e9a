package i18n

import (
	"github.com/leonelquinteros/gotext"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
)

// Locale is one interface language: its catalogue and its formats.
type Locale struct {
	Code string       // BCP 47, as the catalogue's file is named: "es", "zh-Hans"
	Tag  language.Tag // the same, parsed
	Name string       // the language's name in itself ("español"), for the switcher
	Dir  string       // "rtl" or "ltr"

	header  string // the catalogue's Plural-Forms
	cats    []Category
	js      []jsMessage                    // the browser bundle's messages
	trs     map[string]*gotext.Translation // msgid → translation; nil for English
	printer *message.Printer
	zero    rune // the digit zero in the language's numbering system (format.go)
	dates   dateFormat
}

func newLocale(tag language.Tag, po *gotext.Po) *Locale {
	l := &Locale{Code: tag.String(), Tag: tag, Name: display.Self.Name(tag), Dir: "ltr",
		cats: Categories(tag), printer: message.NewPrinter(numberingTag(tag)), dates: datesFor(tag)}
	l.zero = zeroOf(l.printer)
	if b, _ := tag.Base(); b.String() == "ar" || b.String() == "he" || b.String() == "fa" || b.String() == "ur" {
		l.Dir = "rtl"
	}
	if po != nil {
		l.trs = po.GetDomain().GetTranslations()
		l.header = po.GetDomain().Headers.Get("Plural-Forms")
	}
	return l
}

// newerNumbering is a language's default numbering system where CLDR changed it after the data
// x/text carries. Since CLDR 42 plain Arabic is written in Latin digits (the regions that keep
// Arabic-Indic ones, such as ar-EG and ar-SA, have their own locales); browsers follow the newer
// CLDR, so with x/text's older default a page wrote its dates in Arabic-Indic digits and its
// revision numbers, counts and the browser's times in Latin ones.
var newerNumbering = map[string]string{"ar": "latn"}

// numberingTag is tag with its language's newer numbering system, if any, for formatting.
func numberingTag(tag language.Tag) language.Tag {
	b, _ := tag.Base()
	if nu, ok := newerNumbering[b.String()]; ok && tag.TypeForKey("nu") == "" {
		if t, err := tag.SetTypeForKey("nu", nu); err == nil {
			return t
		}
	}
	return tag
}

// T translates msgid and fills its placeholders from kv: name, value, …
// An id the catalogue lacks (or leaves empty) is shown in English.
func (l *Locale) T(msgid string, kv ...any) string {
	s := msgid
	if tr, ok := l.trs[msgid]; ok && tr.IsTranslated() {
		s = tr.Get()
	}
	return fill(s, kv)
}

// N translates a message that depends on a count n, by the language's CLDR
// plural rules; {n} is the count written for the reader.
func (l *Locale) N(singular, plural string, n int, kv ...any) string {
	kv = append([]any{"n", l.Number(n)}, kv...)
	abs := n
	if abs < 0 {
		abs = -abs
	}
	if tr, ok := l.trs[singular]; ok {
		if i := pluralIndex(l.Tag, l.cats, abs); tr.IsTranslatedN(i) {
			return fill(tr.GetN(i), kv)
		}
	}
	if abs == 1 {
		return fill(singular, kv)
	}
	return fill(plural, kv)
}

// Forms are a plural message's forms by CLDR category, for the browser's
// Intl.PluralRules (the JavaScript bundle's strings).
func (l *Locale) Forms(singular, plural string) map[Category]string {
	out := map[Category]string{}
	tr, ok := l.trs[singular]
	for i, c := range l.cats {
		switch {
		case ok && tr.IsTranslatedN(i):
			out[c] = tr.GetN(i)
		case c == "one":
			out[c] = singular
		default:
			out[c] = plural
		}
	}
	return out
}

// Categories are the language's plural categories in msgstr order.
func (l *Locale) Categories() []Category { return l.cats }

// Translation is the catalogue's entry for msgid, if it has one.
func (l *Locale) Translation(msgid string) (*gotext.Translation, bool) {
	tr, ok := l.trs[msgid]
	return tr, ok
}

package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Number writes n with the language's digits and grouping (CLDR, x/text):
// 1,234 · 1.234 · 1 234 · ١٬٢٣٤.
func (l *Locale) Number(n int) string { return l.printer.Sprint(number.Decimal(n)) }

// LanguageName is a language tag's name in the reader's language
// ("alemán" for de to a Spanish reader), or the tag when CLDR has no name.
func (l *Locale) LanguageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if n := display.Tags(l.Tag).Name(t); n != "" {
		return n
	}
	return tag
}

// dateFormat is a language's CLDR date and time patterns (Gregorian,
// format context), written out for the few shipped languages: x/text has
// no date formatting (see docs/decisions.md).
type dateFormat struct {
	date     string // CLDR pattern: d, dd, MMM, MMMM, y
	dateTime string // {1} date, {0} time (CLDR dateTimeFormat)
	time     string // H, HH, h, mm, a
	months   [12]string
	am, pm   string
}

var dateFormats = map[string]dateFormat{
	// en-GB medium (the interface's English is British: "licence").
	"en": {date: "d MMM y", dateTime: "{1} {0}", time: "HH:mm",
		months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	// es medium: d MMM y; time H:mm; dateTimeFormat "{1}, {0}".
	"es": {date: "d MMM y", dateTime: "{1}, {0}", time: "H:mm",
		months: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}},
	// fr medium: d MMM y; time HH:mm; dateTimeFormat "{1}, {0}" (medium "{1}, {0}" since CLDR 42; older "{1} 'à' {0}").
	"fr": {date: "d MMM y", dateTime: "{1}, {0}", time: "HH:mm",
		months: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}},
	// ar long: d MMMM y (the medium form is all digits, dd‏/MM‏/y); time h:mm a.
	"ar": {date: "d MMMM y", dateTime: "{1}، {0}", time: "h:mm a", am: "ص", pm: "م",
		months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}},
	// zh medium: y年M月d日; time HH:mm.
	"zh": {date: "y年M月d日", dateTime: "{1} {0}", time: "HH:mm"},
}

func datesFor(tag language.Tag) dateFormat {
	b, _ := tag.Base()
	if f, ok := dateFormats[b.String()]; ok {
		return f
	}
	return dateFormats["en"]
}

// Date writes a day in the reader's language, in UTC.
func (l *Locale) Date(t time.Time) string { return l.pattern(l.dates.date, t.UTC()) }

// DateTime writes a moment in the reader's language, in UTC, saying so.
func (l *Locale) DateTime(t time.Time) string {
	t = t.UTC()
	s := strings.Replace(l.dates.dateTime, "{1}", l.pattern(l.dates.date, t), 1)
	return strings.Replace(s, "{0}", l.pattern(l.dates.time, t), 1) + " UTC"
}

// pattern fills a CLDR date pattern; numbers take the language's digits.
func (l *Locale) pattern(p string, t time.Time) string {
	var b strings.Builder
	num := func(n, width int) {
		s := strconv.Itoa(n)
		for len(s) < width {
			s = "0" + s
		}
		b.WriteString(l.digits(s))
	}
	for i := 0; i < len(p); {
		c := p[i]
		j := i
		for j < len(p) && p[j] == c {
			j++
		}
		w := j - i
		switch c {
		case 'd':
			num(t.Day(), w)
		case 'M':
			switch {
			case w >= 3 && l.dates.months[0] != "":
				b.WriteString(l.dates.months[t.Month()-1])
			default:
				num(int(t.Month()), min(w, 2))
			}
		case 'y':
			num(t.Year(), 1)
		case 'H':
			num(t.Hour(), w)
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			num(h, w)
		case 'm':
			num(t.Minute(), w)
		case 'a':
			if t.Hour() < 12 {
				b.WriteString(l.dates.am)
			} else {
				b.WriteString(l.dates.pm)
			}
		default:
			b.WriteString(p[i:j])
		}
		i = j
	}
	return b.String()
}

// Numbering is the CLDR name of the numbering system the server writes the language's
// numbers and dates in ("latn" for 0–9, "arab" for Arabic-Indic digits), so that the
// browser's Intl formats times and counts in the same digits. x/text picks the digits from
// its CLDR data but does not name the system, so it is looked up from the zero digit.
func (l *Locale) Numbering() string {
	if nu, ok := numberingByZero[l.zero]; ok {
		return nu
	}
	return "latn"
}

// zeroOf is the digit zero as p writes numbers, '0' when it is not one character.
func zeroOf(p *message.Printer) rune {
	if z := []rune(p.Sprint(number.Decimal(0))); len(z) == 1 {
		return z[0]
	}
	return '0'
}

// numberingByZero names the decimal numbering systems of the languages CLDR writes in other
// digits than 0–9, by their zero.
var numberingByZero = map[rune]string{
	'\u0660': "arab",    // Arabic-Indic: ar
	'\u06f0': "arabext", // Extended Arabic-Indic: fa, ur-IN
	'\u0966': "deva",    // Devanagari: mr, ne
	'\u09e6': "beng",    // Bengali: bn
	'\u1040': "mymr",    // Myanmar: my
}

// digits writes ASCII digits in the language's default numbering system.
func (l *Locale) digits(s string) string {
	if l.zero == '0' {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return l.zero + (r - '0')
		}
		return r
	}, s)
}

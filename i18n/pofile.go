package i18n

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/leonelquinteros/gotext"
	"github.com/leonelquinteros/gotext/plurals"
	"golang.org/x/text/language"
)

// pluralForms are gettext's Plural-Forms headers for languages whose
// catalogue may start from nothing; each must agree with CLDR (Check).
var pluralForms = map[string]string{
	"en": "nplurals=2; plural=(n != 1);", "es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);",
	"pt": "nplurals=2; plural=(n > 1);", "de": "nplurals=2; plural=(n != 1);", "it": "nplurals=2; plural=(n != 1);",
	"sw": "nplurals=2; plural=(n != 1);", "hi": "nplurals=2; plural=(n > 1);",
	"ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
	"zh": "nplurals=1; plural=0;", "ja": "nplurals=1; plural=0;", "ko": "nplurals=1; plural=0;",
	"ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);",
}

// entry is one message of a template or catalogue.
type entry struct {
	id, plural string
	refs       []string
	strs       map[int]string
}

func parsePO(data []byte) (*gotext.Po, []entry) {
	po := gotext.NewPo()
	po.Parse(data)
	var out []entry
	for id, tr := range po.GetDomain().GetTranslations() {
		if id == "" {
			continue
		}
		out = append(out, entry{id: id, plural: tr.PluralID, refs: tr.Refs, strs: tr.Trs})
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := first(out[i].refs), first(out[j].refs)
		if ri != rj {
			return ri < rj
		}
		return out[i].id < out[j].id
	})
	return po, out
}

func first(refs []string) string {
	if len(refs) == 0 {
		return ""
	}
	return refs[0]
}

// IsJS reports whether a message's references name the browser bundle.
func IsJS(refs []string) bool {
	return slices.ContainsFunc(refs, func(r string) bool { return strings.HasPrefix(r, "frontend/src/") })
}

// Merge writes lang's catalogue against the template: every template
// message, with the translation po has for it (none for a new language),
// in the template's order. It is what `ui-strings export` gives translators.
func Merge(pot, po []byte, lang string) ([]byte, error) {
	tag, err := language.Parse(lang)
	if err != nil {
		return nil, fmt.Errorf("language %q: %w", lang, err)
	}
	_, tmpl := parsePO(pot)
	old := map[string]entry{}
	header := ""
	if len(po) > 0 {
		p, list := parsePO(po)
		for _, e := range list {
			old[e.id] = e
		}
		header = p.GetDomain().Headers.Get("Plural-Forms")
	}
	if header == "" {
		b, _ := tag.Base()
		if header = pluralForms[tag.String()]; header == "" {
			header = pluralForms[b.String()]
		}
		if header == "" {
			return nil, fmt.Errorf("no Plural-Forms known for %s: write the header from CLDR's plural rules into i18n/po/%s.po first", lang, lang)
		}
	}
	n, err := nplurals(header)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Commonplace interface strings in %s.\n# Update with \"commonplace ui-strings export %s\"; see docs/localisation.md.\n", lang, lang)
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	for _, h := range []string{"Project-Id-Version: Commonplace interface", "Language: " + lang, "MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "Plural-Forms: " + header} {
		b.WriteString(quote(h+"\n") + "\n")
	}
	for _, e := range tmpl {
		b.WriteString("\n")
		if IsJS(e.refs) {
			b.WriteString("#. commonplace-js\n")
		}
		if len(e.refs) > 0 {
			b.WriteString("#: " + strings.Join(e.refs, " ") + "\n")
		}
		if strings.Contains(e.id+e.plural, "{") {
			b.WriteString("#, python-brace-format\n")
		}
		b.WriteString("msgid " + quote(e.id) + "\n")
		o := old[e.id]
		if e.plural != "" {
			b.WriteString("msgid_plural " + quote(e.plural) + "\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "msgstr[%d] %s\n", i, quote(o.strs[i]))
			}
			continue
		}
		b.WriteString("msgstr " + quote(o.strs[0]) + "\n")
	}
	return b.Bytes(), nil
}

// Import reads a translated PO (from Commonplace's own translation of the
// interface, or any platform), keeps the template's messages, and returns
// the catalogue to store with what is still wrong in it.
func Import(pot, in []byte, lang string) ([]byte, []string, error) {
	p, _ := parsePO(in)
	if l := p.GetDomain().Headers.Get("Language"); l != "" && !strings.EqualFold(strings.ReplaceAll(l, "_", "-"), lang) {
		return nil, nil, fmt.Errorf("the file is in %s, not %s", l, lang)
	}
	out, err := Merge(pot, in, lang)
	if err != nil {
		return nil, nil, err
	}
	tag, _ := language.Parse(lang)
	return out, checkCatalogue(tag, out, pot), nil
}

var npluralsRE = regexp.MustCompile(`nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$`)

func nplurals(header string) (int, error) {
	m := npluralsRE.FindStringSubmatch(header)
	if m == nil {
		return 0, fmt.Errorf("Plural-Forms %q cannot be read", header)
	}
	return strconv.Atoi(m[1])
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// Check lists what is wrong with a bundle's catalogues against the
// template: missing or empty translations, lost or invented placeholders,
// plural forms that are missing or disagree with CLDR, stale messages.
func Check(b *Bundle, pot []byte) []string {
	var out []string
	for _, l := range b.Locales() {
		if l.trs == nil {
			continue
		}
		out = append(out, checkLocale(l, pot)...)
	}
	return out
}

func checkCatalogue(tag language.Tag, po, pot []byte) []string {
	p := gotext.NewPo()
	p.Parse(po)
	l := newLocale(tag, p)
	l.header = p.GetDomain().Headers.Get("Plural-Forms")
	return checkLocale(l, pot)
}

func checkLocale(l *Locale, pot []byte) []string {
	var out []string
	bad := func(f string, a ...any) { out = append(out, l.Code+": "+fmt.Sprintf(f, a...)) }
	n, err := nplurals(l.header)
	if err != nil {
		bad("%v", err)
		return out
	}
	if n != len(l.cats) {
		bad("Plural-Forms has %d forms, CLDR has %d (%v)", n, len(l.cats), l.cats)
	}
	expr, err := plurals.Compile(npluralsRE.FindStringSubmatch(l.header)[2])
	if err != nil {
		bad("Plural-Forms: %v", err)
	} else {
		for _, c := range probeCounts() {
			if got, want := expr.Eval(uint32(c)), pluralIndex(l.Tag, l.cats, c); got != want {
				bad("Plural-Forms gives form %d for %d, CLDR %s (form %d)", got, c, l.cats[want], want)
				break
			}
		}
	}
	_, tmpl := parsePO(pot)
	known := map[string]bool{}
	for _, e := range tmpl {
		known[e.id] = true
		tr, ok := l.trs[e.id]
		if !ok {
			bad("lacks %q", e.id)
			continue
		}
		if e.plural == "" {
			if !tr.IsTranslated() {
				bad("leaves %q untranslated", e.id)
			} else if got, want := Placeholders(tr.Get()), Placeholders(e.id); !slices.Equal(got, want) {
				bad("%q has placeholders %v, the English %v", e.id, got, want)
			}
			continue
		}
		want := Placeholders(e.plural)
		for i, c := range l.cats {
			if !tr.IsTranslatedN(i) {
				bad("leaves the %s form of %q untranslated", c, e.id)
				continue
			}
			got := Placeholders(tr.GetN(i))
			for _, p := range want {
				// A form for exactly zero, one or two may say the number in words.
				if !slices.Contains(got, p) && (p != "n" || (c != "zero" && c != "one" && c != "two")) {
					bad("the %s form of %q lacks {%s}", c, e.id, p)
				}
			}
			for _, p := range got {
				if !slices.Contains(want, p) {
					bad("the %s form of %q has {%s}, which the English has not", c, e.id, p)
				}
			}
		}
	}
	for id := range l.trs {
		if id != "" && !known[id] {
			bad("has %q, which the template no longer has (export again)", id)
		}
	}
	slices.Sort(out)
	return out
}

package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/leonelquinteros/gotext"
	"golang.org/x/text/language"
)

// Catalogues are the shipped PO files: po/<BCP 47 tag>.po, and
// po/messages.pot, the template every language translates.
//
//go:embed po/*.po po/messages.pot
var Catalogues embed.FS

// Source is the language the message ids are written in.
const Source = "en"

// Bundle is the set of interface languages and the matcher that picks one.
type Bundle struct {
	locales []*Locale // Source first
	byCode  map[string]*Locale
	matcher language.Matcher
}

var (
	defaultOnce   sync.Once
	defaultBundle *Bundle
	defaultErr    error
)

// Default is the bundle of the embedded catalogues. The catalogues are part
// of the program, so a broken one is a programming error the tests catch.
func Default() *Bundle {
	defaultOnce.Do(func() { defaultBundle, defaultErr = Load(Catalogues, "po") })
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultBundle
}

// Load reads every dir/*.po of fsys; English comes without a file.
func Load(fsys fs.FS, dir string) (*Bundle, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.po"))
	if err != nil {
		return nil, fmt.Errorf("list catalogues: %w", err)
	}
	b := &Bundle{byCode: map[string]*Locale{}}
	b.add(newLocale(language.MustParse(Source), nil))
	sort.Strings(names)
	for _, n := range names {
		code := strings.TrimSuffix(path.Base(n), ".po")
		tag, err := language.Parse(code)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: file name is not a language tag: %w", n, err)
		}
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read catalogue %s: %w", n, err)
		}
		po := gotext.NewPo()
		po.Parse(data)
		b.add(newLocale(tag, po))
	}
	js, err := loadJSMessages(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read the template: %w", err)
	}
	for _, l := range b.locales {
		l.js = js
	}
	tags := make([]language.Tag, len(b.locales))
	for i, l := range b.locales {
		tags[i] = l.Tag
	}
	b.matcher = language.NewMatcher(tags)
	return b, nil
}

func (b *Bundle) add(l *Locale) {
	b.locales = append(b.locales, l)
	b.byCode[strings.ToLower(l.Code)] = l
}

// Locales are the interface languages, English first.
func (b *Bundle) Locales() []*Locale { return b.locales }

// Lookup finds a shipped language by its code ("es", "zh-Hans"), ignoring case.
func (b *Bundle) Lookup(code string) (*Locale, bool) {
	l, ok := b.byCode[strings.ToLower(code)]
	return l, ok
}

// Match picks the language for an Accept-Language header; English when
// nothing fits.
func (b *Bundle) Match(acceptLanguage string) *Locale {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return b.locales[0]
	}
	_, i, conf := b.matcher.Match(prefs...)
	if conf == language.No {
		return b.locales[0]
	}
	return b.locales[i]
}

// Choose is the language for a person: their own setting when it is a
// shipped language, else their browser's Accept-Language.
func (b *Bundle) Choose(setting, acceptLanguage string) *Locale {
	if l, ok := b.Lookup(setting); ok && setting != "" {
		return l
	}
	return b.Match(acceptLanguage)
}

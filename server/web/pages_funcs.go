package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
)

// funcsFor are the template functions of one interface language. Every
// page set, and the small templates written in Go, is cloned per language
// with these, so {{t "Sign in"}} needs no locale argument anywhere.
func funcsFor(loc *i18n.Locale) template.FuncMap {
	return template.FuncMap{
		// Messages (i18n): t and tn give text, escaped where they are used;
		// th and thn give HTML: the message is escaped and placeholders
		// whose values are template.HTML (e.g. from tag) are kept as HTML.
		"t":  loc.T,
		"tn": loc.N,
		"th": func(msgid string, kv ...any) template.HTML { return htmlMessage(loc.T, msgid, kv) },
		"thn": func(singular, plural string, n int, kv ...any) template.HTML {
			return htmlMessage(func(id string, kv ...any) string { return loc.N(id, plural, n, kv...) }, singular, kv)
		},
		"tag":       wrapTag,
		"langSpan":  langSpan,
		"link":      link,
		"langLink":  langLink,
		"linkLang":  linkLang,
		"tagID":     tagID,
		"tagClass":  tagClass,
		"uiLang":    func() string { return loc.Code },
		"uiDir":     func() string { return loc.Dir },
		"uiLocales": func() []*i18n.Locale { return i18n.Default().Locales() },
		"number":    loc.Number,
		// uiMessages is the element frontend/src/i18n.js reads: the
		// language and, with all, the bundle's messages in it.
		"uiMessages": func(all bool) template.HTML {
			return template.HTML(`<script type="application/json" id="ui-messages">` + string(loc.ScriptData(all)) + `</script>`) //nolint:gosec // JSON with <, > and & escaped
		},
		// langList names languages in the reader's language: "Spanish, French".
		"langList": func(tags []string) string {
			names := make([]string, len(tags))
			for i, t := range tags {
				names[i] = loc.LanguageName(t)
			}
			return strings.Join(names, loc.T(", "))
		},

		"dir":         resource.Direction,
		"langName":    loc.LanguageName,
		"licenseName": license.NameOf,
		// partsHTML is a notification's sentence with its titles and names
		// set apart, each in its own language and direction.
		"partsHTML": func(parts []app.TextPart) template.HTML {
			return template.HTML(app.PartsHTML(parts)) //nolint:gosec // PartsHTML escapes every part
		},
		// tokenSource says what made an API token ("login" → "signing in through the API").
		"tokenSource": func(name string) string {
			if m, ok := tokenSources[name]; ok {
				return loc.T(m)
			}
			return name
		},
		"iso":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"date": loc.Date,
		// dateHTML is a day as a <time> element, to fill a th message.
		"dateHTML": func(t time.Time) template.HTML {
			return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `">` + template.HTMLEscapeString(loc.Date(t)) + `</time>`)
		},
		// whenHTML is a moment as the "when" template shows it, to fill a th message.
		"whenHTML": func(t time.Time) template.HTML { return whenHTML(loc, t) },
		// ogLocale writes a BCP 47 tag as OpenGraph's language_TERRITORY.
		"ogLocale": func(tag string) string { return strings.ReplaceAll(tag, "-", "_") },
		// Shared form controls (forms.go).
		"languagePicker": func(id, name, label, value, errMsg string) template.HTML {
			return languagePickerIn(loc, id, name, label, value, errMsg)
		},
		"licenseChooser": func(value, errMsg string) template.HTML { return licenseChooserIn(loc, value, errMsg) },
		"errorSummary": func(errs map[string]string) template.HTML {
			return execFormIn(loc, "error-summary", errorSummary(loc, errs))
		},
		"langTag": langTag,
		// revisionLabel is a revision's name in bold with its time, the
		// way the diff summary shows each side: <strong>…</strong> (<time…>).
		"revisionLabel": func(name string, when *time.Time) template.HTML {
			h := string(wrapTag("strong", name))
			if when != nil {
				h += ` (` + string(whenHTML(loc, *when)) + `)`
			}
			return template.HTML(h)
		},
		// stamp is a moment in UTC, the text a "when" shows before (or
		// without) the script that puts it in the reader's time zone.
		"stamp":    loc.DateTime,
		"kindName": func(k string) string { return loc.T(kindName(k)) },
		// asset is a static file's fingerprinted URL (static.go): {{asset "style.css"}}.
		"asset": assetURL,
		// kindLabel and visibilityLabel name a resource's kind and visibility.
		"kindLabel":       func(k any) string { return loc.T(enumLabel(kindLabels, fmt.Sprint(k))) },
		"visibilityLabel": func(v any) string { return loc.T(enumLabel(visibilityLabels, fmt.Sprint(v))) },
		"roleLabel":       func(r any) string { return loc.T(enumLabel(roleLabels, fmt.Sprint(r))) },
	}
}

// whenHTML is a moment as a <time> element in UTC text, which frontend/src/localtime.js puts in
// the reader's time zone (data-local), as the "when" template of base.html does.
func whenHTML(loc *i18n.Locale, t time.Time) template.HTML {
	return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `" data-local>` + template.HTMLEscapeString(loc.DateTime(t)) + `</time>`)
}

// htmlMessage escapes a translated message and fills its placeholders:
// template.HTML values as they are, anything else escaped.
func htmlMessage(translate func(string, ...any) string, msgid string, kv []any) template.HTML {
	safe := make([]any, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		if h, ok := v.(template.HTML); ok {
			safe = append(safe, kv[i], string(h))
		} else {
			safe = append(safe, kv[i], template.HTMLEscapeString(fmt.Sprint(v)))
		}
	}
	// Translate with the placeholders left in, escape, then fill.
	keep := make([]any, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		keep = append(keep, kv[i], "{"+fmt.Sprint(kv[i])+"}")
	}
	msg := template.HTMLEscapeString(translate(msgid, keep...))
	return template.HTML(i18n.Fill(msg, safe...)) //nolint:gosec // escaped above; values escaped or already HTML
}

// wrapTag is an element around escaped text: {{tag "strong" .Name}}.
func wrapTag(name string, text any) template.HTML {
	switch name {
	case "strong", "em", "code", "bdi", "span":
	default:
		panic("tag: element " + name + " is not allowed")
	}
	return template.HTML("<" + name + ">" + template.HTMLEscapeString(fmt.Sprint(text)) + "</" + name + ">")
}

// Labels of enumerations shown on pages (the values stay English in the
// API and in the database).
var (
	kindLabels       = map[string]string{"original": i18n.M("original"), "fork": i18n.M("fork"), "translation": i18n.M("translation")}
	visibilityLabels = map[string]string{"public": i18n.M("public"), "unlisted": i18n.M("unlisted"), "private": i18n.M("private")}
	roleLabels       = map[string]string{"owner": i18n.M("owner"), "editor": i18n.M("editor"), "translator": i18n.M("translator"),
		"reviewer": i18n.M("reviewer"), "viewer": i18n.M("viewer")}
)

func enumLabel(m map[string]string, v string) string {
	if l, ok := m[v]; ok {
		return l
	}
	return v
}

// localTemplates is a template set written in Go (form controls, page
// sections), parsed once and cloned for each interface language.
type localTemplates map[string]*template.Template

func mustLocalTemplates(name, text string, extra template.FuncMap) localTemplates {
	en := i18n.Default().Locales()[0]
	base := template.Must(template.New(name).Funcs(funcsFor(en)).Funcs(extra).Parse(text))
	out := localTemplates{}
	for _, loc := range i18n.Default().Locales() {
		out[loc.Code] = template.Must(base.Clone()).Funcs(funcsFor(loc)).Funcs(extra)
	}
	return out
}

// in is the set of one language (English when the language is unknown).
func (lt localTemplates) in(loc *i18n.Locale) *template.Template {
	if t, ok := lt[loc.Code]; ok {
		return t
	}
	return lt[i18n.Source]
}

// Values the templates show through {{t (print .X)}}: severities of
// accessibility findings, kinds and states of proposals.
var _ = []string{i18n.M("initial"), i18n.M("translated"), i18n.M("reviewed"), i18n.M("final"), i18n.M("Create resource"), i18n.M("Save changes"), i18n.M("Create mine anyway"), i18n.M("early-childhood"), i18n.M("primary"), i18n.M("lower-secondary"), i18n.M("upper-secondary"),
	i18n.M("vocational"), i18n.M("higher"), i18n.M("adult"), i18n.M("error"), i18n.M("warning"), i18n.M("notice"),
	i18n.M("merge"), i18n.M("endorse"), i18n.M("open"), i18n.M("merged"), i18n.M("closed")}

// langSpan is text in its own language, to fill a th message: a title
// inside an interface sentence. With no language (a label of the
// application's standing in for a hidden title) it is the text alone. The
// markup is the notifications' (app.PartsHTML), so pages and e-mail agree.
func langSpan(lang string, text any) template.HTML {
	part := app.TextPart{Text: fmt.Sprint(text), Lang: lang, Isolated: lang != ""}
	return template.HTML(app.PartsHTML([]app.TextPart{part})) //nolint:gosec // PartsHTML escapes the text
}

// sourceTitle is a derivative's source named in a notice: its title in its
// language, or, when the reader may not see it, the application's stand-in
// (app.HiddenTitle) in the reader's language.
func sourceTitle(loc *i18n.Locale, hidden bool, lang, title string) template.HTML {
	if hidden {
		return langSpan("", loc.T(title))
	}
	return langSpan(lang, title)
}

// link is an <a> around escaped text, to fill a th message. href must be
// a path of this site.
func link(href string, text any) template.HTML {
	return langLink(href, "", text)
}

// langLink is link to a title in its own language (lang, when known).
func langLink(href, lang string, text any) template.HTML {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
		panic("link: " + href + " is not a path of this site")
	}
	attrs := ""
	if lang != "" {
		attrs = ` lang="` + template.HTMLEscapeString(lang) + `" dir="` + resource.Direction(lang) + `"`
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `"` + attrs + `>` + template.HTMLEscapeString(fmt.Sprint(text)) + `</a>`)
}

// tagID and tagClass are tag with an id or a class, for scripts and styles
// that find the element inside a message.
func tagID(name, id string, text any) template.HTML {
	return template.HTML(strings.Replace(string(wrapTag(name, text)), "<"+name+">", "<"+name+` id="`+template.HTMLEscapeString(id)+`">`, 1))
}

func tagClass(name, class string, text any) template.HTML {
	return template.HTML(strings.Replace(string(wrapTag(name, text)), "<"+name+">", "<"+name+` class="`+template.HTMLEscapeString(class)+`">`, 1))
}

// linkLang is link around text in its own language.
func linkLang(href, lang string, text any) template.HTML {
	a := string(link(href, text))
	return template.HTML(strings.Replace(a, "<a ", `<a lang="`+template.HTMLEscapeString(lang)+`" dir="`+resource.Direction(lang)+`" `, 1))
}

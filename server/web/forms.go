package web

import (
	"bytes"
	"html/template"
	"slices"
	"sort"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
)

// The form controls several pages share: a language picker by name, a
// licence chooser that shows the open licences first, and a summary of
// every field error at the top of a form.

var formTemplates localTemplates

func init() { formTemplates = mustLocalTemplates("forms", formText, nil) }

const formText = `
{{define "language-picker"}}<div class="field language-picker"><label for="{{.ID}}">{{t .Label}}</label>
<input id="{{.ID}}" name="{{.Name}}" list="{{.ID}}-names" value="{{.Value}}" autocomplete="off" spellcheck="false" {{if .Required}}required{{end}}
  aria-describedby="{{.ID}}-hint{{if .Error}} {{.ID}}-error{{end}}"{{if .Error}} aria-invalid="true"{{end}}>
<datalist id="{{.ID}}-names">{{range .Choices}}<option value="{{.Label}}">{{if .Autonym}}{{.Autonym}}{{end}}</option>{{end}}</datalist>
<p class="hint" id="{{.ID}}-hint">{{.Hint}}{{t "Type the language's name, in English or in itself (“español”), and pick it from the list; a code such as es or pt-BR works too."}}</p>
{{if .Error}}<p class="field-error" id="{{.ID}}-error">{{.Error}}</p>{{end}}</div>{{end}}

{{define "license-choice"}}<div class="choice"><input type="radio" name="license" id="license-{{.L.ID}}" value="{{.L.ID}}"{{if .Checked}} checked{{end}} aria-describedby="license-{{.L.ID}}-note">
<label for="license-{{.L.ID}}"><strong>{{.L.Name}}</strong></label> <span class="hint" id="license-{{.L.ID}}-note">{{.Note}}</span></div>{{end}}

{{define "license-chooser"}}<fieldset class="field license-chooser" id="license"{{if .Error}} aria-describedby="license-error"{{end}}>
<legend>{{t "Licence"}}</legend>
<p class="hint">{{t "What others may do with your work."}} <a href="https://creativecommons.org/about/cclicenses/">{{t "About the licences"}}</a></p>
{{range .Featured}}{{template "license-choice" .}}{{end}}
<details class="more-licenses"{{if .MoreOpen}} open{{end}}><summary>{{t "More licences (NonCommercial, NoDerivatives, older versions)"}}</summary>
{{range .More}}{{template "license-choice" .}}{{end}}
<div class="choice"><input type="radio" name="license" id="license-other" value="other"{{if .Other}} checked{{end}} aria-describedby="license-other-note">
<label for="license-other"><strong>{{t "An older version or a port"}}</strong></label> <span class="hint" id="license-other-note">{{t "for material that already carries one:"}}</span>
<label for="license_other" class="sr-only">{{t "Older licence or port"}}</label>
<select id="license_other" name="license_other">{{range .Older}}<option value="{{.ID}}"{{if eq .ID $.Value}} selected{{end}}>{{.Name}}</option>{{end}}</select></div>
</details>
{{if .Error}}<p class="field-error" id="license-error">{{.Error}}</p>{{end}}</fieldset>{{end}}

{{define "error-summary"}}{{if .}}<div class="form-error error-summary" role="alert" id="error-summary">
<p><strong>{{tn "{n} thing needs fixing:" "{n} things need fixing:" (len .)}}</strong></p>
<ul>{{range .}}<li><a href="#{{.ID}}">{{.Label}}: {{.Message}}</a></li>{{end}}</ul></div>{{end}}{{end}}
`

func execFormIn(loc *i18n.Locale, name string, data any) template.HTML {
	var b bytes.Buffer
	if err := formTemplates.in(loc).ExecuteTemplate(&b, name, data); err != nil {
		// The templates are fixed and their data typed: a failure here is a
		// programming error, caught by every page test.
		panic("form template " + name + ": " + err.Error())
	}
	return template.HTML(b.String()) // html/template escaped it
}

// languagePicker is a searchable language field: an <input list> whose
// datalist holds the CLDR names (resource.LanguageChoices). What is typed
// is read back by resource.LanguageFromInput.
func languagePickerIn(loc *i18n.Locale, id, name, label, value, errMsg string) template.HTML {
	return execFormIn(loc, "language-picker", struct {
		ID, Name, Label, Value, Error, Hint string
		Required                            bool
		Choices                             []resource.LanguageChoice
	}{ID: id, Name: name, Label: label, Value: value, Error: errMsg, Required: true, Choices: resource.LanguageChoices()})
}

// licenseOption is one licence offered as a radio button with a note.
type licenseOption struct{ ID, Name, Note string }

type licenseChoice struct {
	L       license.License
	Note    string
	Checked bool
}

// licenseChooser offers CC BY 4.0, CC BY-SA 4.0, CC0 and the Public Domain
// Mark first, each explained in one line; the other 4.0 licences and the
// older versions and ports are behind a "more licences" disclosure (which
// opens by itself when one of them is chosen).
func licenseChooserIn(loc *i18n.Locale, value, errMsg string) template.HTML {
	featured := license.Featured()
	isFeatured := func(id string) bool {
		return slices.ContainsFunc(featured, func(l license.License) bool { return l.ID == id })
	}
	data := struct {
		Featured, More []licenseChoice
		Older          []license.License
		Value, Error   string
		MoreOpen       bool
		Other          bool
	}{Value: value, Error: errMsg}
	for _, l := range featured {
		data.Featured = append(data.Featured, licenseChoice{L: l, Note: licenseNote(loc, l), Checked: l.ID == value})
	}
	for _, l := range license.Selectable() {
		switch {
		case isFeatured(l.ID):
		case l.Version == "4.0" && l.Port == "":
			data.More = append(data.More, licenseChoice{L: l, Note: licenseNote(loc, l), Checked: l.ID == value})
			data.MoreOpen = data.MoreOpen || l.ID == value
		default:
			data.Older = append(data.Older, l)
			if l.ID == value {
				data.Other, data.MoreOpen = true, true
			}
		}
	}
	return execFormIn(loc, "license-chooser", data)
}

// licenseFromForm reads the chooser: a licence id, or "other" with the id
// picked in the list of older versions.
func licenseFromForm(f map[string]string) string {
	if f["license"] == "other" {
		return f["license_other"]
	}
	return f["license"]
}

// fieldError is one line of a form's error summary.
type fieldError struct{ ID, Label, Message string }

// fieldLabels name the fields of the forms that use the error summary, in
// the order they appear.
var fieldLabels = []struct{ Field, Label string }{
	{"title", i18n.M("Title")}, {"summary", i18n.M("Summary")}, {"language", i18n.M("Language")}, {"license", i18n.M("Licence")}, {"subjects", i18n.M("Subjects")},
	{"level", i18n.M("Education level")}, {"visibility", i18n.M("Visibility")}, {"content", i18n.M("Text")}, {"purpose", i18n.M("Purpose")},
	// The account page and the deletion page (issue 11).
	{"name", i18n.M("Name")}, {"email", i18n.M("E-mail address")}, {"email_current_password", i18n.M("Current password")},
	{"current_password", i18n.M("Current password")}, {"password", i18n.M("Password")}, {"confirm", i18n.M("Your handle")}, {"credit", i18n.M("Credit")}, {"to", i18n.M("New owners")},
}

// errorSummary lists a page's field errors in form order (form-wide
// errors are shown on their own, not here).
func errorSummary(loc *i18n.Locale, errs map[string]string) []fieldError {
	var out []fieldError
	seen := map[string]bool{"form": true}
	for _, f := range fieldLabels {
		if msg, ok := errs[f.Field]; ok {
			out = append(out, fieldError{ID: f.Field, Label: loc.T(f.Label), Message: msg})
			seen[f.Field] = true
		}
	}
	var rest []string
	for k := range errs {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, fieldError{ID: k, Label: k, Message: errs[k]})
	}
	return out
}

// langTag is the tag a language field's text names, or "" (for lang and
// dir attributes while the field is still wrong).
func langTag(input string) string {
	tag, err := resource.CanonicalLanguage(resource.LanguageFromInput(input))
	if err != nil {
		return ""
	}
	return tag
}

// The labels templates give languagePicker as literals ({{languagePicker "language" "language"
// "Language of your fork" …}}), marked for the catalogue: the picker shows {{t .Label}}.
var _ = []string{i18n.M("Language"), i18n.M("Language of your fork")}

package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/a11ytext"
	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/server/httpx"
)

// a11yPanel is the short summary of a check that the resource, proposal and translator pages
// show: how many problems, the first few, and a link to the full report.
type a11yPanel struct {
	Intro     string
	New       []a11ytext.Finding // proposals: what merging would bring in
	Open      []a11ytext.Finding // the first few
	More      int
	Metadata  *metaView // the resource page shows what it derives
	ReportURL string
	Lang, Dir string // of the text the excerpts come from
	loc       *i18n.Locale
}

const panelFindings = 5

// metaView is the derived accessibility metadata in the reader's words (the JSON-LD keeps the
// schema.org terms).
type metaView struct {
	Modes, Sufficient, Features, Hazards, Summary string
}

func newMetaView(loc *i18n.Locale, m a11ycheck.Metadata) *metaView {
	return &metaView{Modes: a11ytext.Terms(loc, m.AccessMode), Sufficient: a11ytext.Sufficient(loc, m.AccessModeSufficient),
		Features: a11ytext.Terms(loc, m.AccessibilityFeature), Hazards: a11ytext.Terms(loc, m.AccessibilityHazard),
		Summary: a11ytext.Summary(loc, m)}
}

var a11yTemplates localTemplates

func init() {
	a11yTemplates = mustLocalTemplates("a11y", a11yText, nil)
}

const a11yText = `
{{define "panel"}}<p class="a11y-intro">{{.Intro}}</p>
{{if .New}}<p>{{t "New with these changes:"}}</p>
<ul class="a11y-findings" id="a11y-new">{{range .New}}{{template "item" .}}{{end}}</ul>{{end}}
{{if .Open}}<ul class="a11y-findings" id="a11y-open">{{range .Open}}{{template "item" .}}{{end}}</ul>{{end}}
{{if .More}}<p>{{tn "and {n} more." "and {n} more." .More}}</p>{{end}}
{{with .Metadata}}<dl class="a11y-meta" id="a11y-metadata">
<dt>{{t "Access modes"}}</dt><dd>{{.Modes}}</dd>
<dt>{{t "Sufficient to understand it"}}</dt><dd>{{.Sufficient}}</dd>
<dt>{{t "Features"}}</dt><dd>{{.Features}}</dd>
<dt>{{t "Hazards"}}</dt><dd>{{.Hazards}}</dd>
<dt>{{t "Summary"}}</dt><dd>{{.Summary}}</dd>
</dl>{{end}}
<p><a href="{{.ReportURL}}">{{t "Full accessibility report"}}</a></p>{{end}}
{{define "item"}}<li><strong>{{.Title}}</strong> <span class="a11y-severity sev-{{.Severity}}">({{t (print .Severity)}})</span>, {{t "line {line}" "line" .Start.Line}}: {{.Message}}</li>{{end}}
`

// The panels' subjects: noun phrases their sentences name ("… finds 2 problems in this text"),
// translated where the panel is built.
var (
	a11yThisText     = i18n.M("this text")
	a11yTranslation  = i18n.M("the translation")
	a11yProposedText = i18n.M("the proposed text")
)

// newA11yPanel summarises open findings (and, for a proposal, the new ones); subject is one of
// the a11y subjects above.
func newA11yPanel(loc *i18n.Locale, sum app.AccessibilitySummary, newOnes []a11ycheck.Finding, reportURL, subject string) a11yPanel {
	p := a11yPanel{New: a11ytext.List(loc, newOnes), ReportURL: reportURL, loc: loc}
	subject = loc.T(subject)
	switch n := len(sum.Open); n {
	case 0:
		p.Intro = loc.T("The accessibility checker finds no open problems in {subject}.", "subject", subject)
	default:
		p.Intro = loc.N("The accessibility checker finds {n} problem in {subject} ({severities}).", "The accessibility checker finds {n} problems in {subject} ({severities}).",
			n, "subject", subject, "severities", severities(loc, sum.Open))
	}
	if sum.Dismissed > 0 {
		p.Intro += " " + loc.N("{n} finding was dismissed with a reason.", "{n} findings were dismissed with a reason.", sum.Dismissed)
	}
	if len(newOnes) == 0 {
		p.Open = a11ytext.List(loc, sum.Open[:min(len(sum.Open), panelFindings)])
		p.More = len(sum.Open) - len(p.Open)
	}
	return p
}

// severities reads like "1 error, 2 warnings".
func severities(loc *i18n.Locale, fs []a11ycheck.Finding) string {
	n := map[a11ycheck.Severity]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	var parts []string
	for _, s := range []struct {
		sev   a11ycheck.Severity
		forms [2]string
	}{{a11ycheck.Error, i18n.MN("{n} error", "{n} errors")}, {a11ycheck.Warning, i18n.MN("{n} warning", "{n} warnings")},
		{a11ycheck.Notice, i18n.MN("{n} notice", "{n} notices")}} {
		if n[s.sev] > 0 {
			parts = append(parts, loc.N(s.forms[0], s.forms[1], n[s.sev]))
		}
	}
	return strings.Join(parts, loc.T(", "))
}

func renderA11yPanel(p a11yPanel) (template.HTML, error) {
	var b bytes.Buffer
	if err := a11yTemplates.in(p.loc).ExecuteTemplate(&b, "panel", p); err != nil {
		return "", fmt.Errorf("render accessibility panel: %w", err)
	}
	return template.HTML(b.String()), nil // html/template escaped it
}

// accessibilitySection adds the checker's summary and the derived metadata to the resource page.
func accessibilitySection(v app.ResourceView, rp *resourcePage) error {
	p := newA11yPanel(rp.loc, v.Accessibility, nil, "/r/"+v.Resource.ID+"/accessibility", a11yThisText)
	p.Metadata = newMetaView(rp.loc, v.Accessibility.Metadata)
	html, err := renderA11yPanel(p)
	if err != nil {
		return err
	}
	rp.Sections = append(rp.Sections, Section{ID: "accessibility-h", Heading: "Accessibility", HTML: html})
	return nil
}

// reportView is the accessibility report page's data.
type reportView struct {
	Report    app.AccessibilityReport
	Findings  []findingView
	Dismissed []a11ytext.Dismissed
	Meta      *metaView
	Counts    string
	CanEdit   bool
}

type findingView struct {
	a11ytext.Finding
	EditURL string // the live editor, with the cursor at the spot
}

func (s *Site) accessibilityPage(c echo.Context, status int, formErr error) error {
	rep, err := s.app.Accessibility(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.AccessibilityRequest{Revision: c.QueryParam("revision")})
	if err != nil {
		return err
	}
	r := rep.Resource
	loc := localeOf(c)
	v := reportView{Report: rep, Dismissed: a11ytext.DismissedList(loc, rep.Dismissed), Meta: newMetaView(loc, rep.Metadata),
		Counts: severities(loc, rep.Findings), CanEdit: rep.CanDismiss && rep.Revision == 0}
	for _, f := range rep.Findings {
		fv := findingView{Finding: a11ytext.Words(loc, f)}
		if v.CanEdit {
			fv.EditURL = fmt.Sprintf("/r/%s/edit#at=%d-%d", url.PathEscape(r.ID), f.Start.Offset16, f.End.Offset16)
		}
		v.Findings = append(v.Findings, fv)
	}
	p := s.page(c, tr(c, "Accessibility of “{title}”", "title", r.Title), v)
	if formErr != nil && !formErrors(p, formErr) {
		return formErr
	}
	return s.render(c, status, "accessibility", p)
}

func (s *Site) pageAccessibility(c echo.Context) error {
	return s.accessibilityPage(c, http.StatusOK, nil)
}

func (s *Site) pageDismissFinding(c echo.Context) error {
	f, err := formValues(c, "rule", "fingerprint", "reason")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	_, err = s.app.DismissFinding(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.DismissRequest{Rule: f["rule"], Fingerprint: f["fingerprint"], Reason: f["reason"]})
	if err != nil {
		if pageStatus(err) == http.StatusUnprocessableEntity {
			return s.accessibilityPage(c, http.StatusUnprocessableEntity, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/accessibility?done=dismissed#dismissed-h")
}

func (s *Site) pageRestoreFinding(c echo.Context) error {
	f, err := formValues(c, "rule", "fingerprint")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if err := s.app.RestoreFinding(c.Request().Context(), httpx.Actor(c), c.Param("id"), f["rule"], f["fingerprint"]); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/accessibility?done=undismissed")
}

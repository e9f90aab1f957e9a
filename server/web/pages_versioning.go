package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/versioning"
)

// sectionTemplates render the panels the resource page gets from versioning.
var sectionTemplates localTemplates

func init() { sectionTemplates = mustLocalTemplates("sections", sectionText, nil) }

const sectionText = `
{{define "derivatives"}}<p>{{.Summary}}</p>
<ul class="derivatives">{{range .Items}}<li lang="{{.Resource.Language}}" dir="{{dir .Resource.Language}}"><a href="/r/{{.Resource.ID}}">{{.Resource.Title}}</a>
<span lang="{{uiLang}}" dir="{{uiDir}}"> — {{t "{kind}, {language}, by {name}" "kind" (kindLabel .Kind) "language" (langName .Resource.Language) "name" .Resource.Owner.Name}}{{if .Approved}} · <strong class="badge approved">{{t "approved by this resource's reviewers"}}</strong>{{end}}</span></li>{{end}}</ul>
<p><a href="/r/{{.ID}}/family">{{t "See the whole family"}}</a></p>{{end}}
{{define "proposals"}}<ul>{{range .}}<li><a href="/proposals/{{.ID}}"><bdi>{{.Title}}</bdi></a> — {{th "{kind} from “{fork}” by {name}," "kind" (t (print .Kind)) "fork" (langSpan .ForkLanguage .ForkTitle) "name" .AuthorName}} <span class="badge">{{t (print .Status)}}</span></li>{{end}}</ul>
<p><a href="/reviews">{{t "Your review queue"}}</a></p>{{end}}
`

func renderSection(loc *i18n.Locale, name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := sectionTemplates.in(loc).ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render section %s: %w", name, err)
	}
	return template.HTML(b.String()), nil // html/template escaped it
}

// versioning adds to the resource page: the history/family/fork actions,
// upstream and approval notices for forks, and the lists of derivatives and
// of proposals waiting for review.
func (rp *resourcePage) versioning(v app.ResourceView) error {
	r, x := v.Resource, v.Access
	rp.Actions = append(rp.Actions, Link{Label: "History", URL: "/r/" + r.ID + "/history"},
		Link{Label: "Family", URL: "/r/" + r.ID + "/family"}, Link{Label: "Fork", URL: "/r/" + r.ID + "/fork"})
	if df := v.Derivation; df != nil {
		loc, translated := rp.loc, df.Kind == string(resource.Translation)
		source := sourceTitle(loc, df.SourceHidden, df.SourceLanguage, df.SourceTitle)
		switch {
		case df.SourceDeleted && translated:
			rp.noticeHTML(i18n.M("Translated from “{title}”, which has since been deleted; its credit is kept below."), "title", source)
		case df.SourceDeleted:
			rp.noticeHTML(i18n.M("Forked from “{title}”, which has since been deleted; its credit is kept below."), "title", source)
		case translated:
			rp.noticeHTML(i18n.M("Translated from “{title}”."), "title", source)
		default:
			rp.noticeHTML(i18n.M("Forked from “{title}”."), "title", source)
		}
		if df.UpstreamChanges > 0 {
			rp.notice(loc.N("{n} change upstream since you forked.", "{n} changes upstream since you forked.", df.UpstreamChanges))
		}
		if df.Approved != nil {
			rp.notice(loc.T("Approved by {name} on {date} at revision {number}.", "name", df.Approved.ByName,
				"date", loc.Date(df.Approved.At), "number", df.Approved.Number))
		}
		if x.Can(resource.EditContent) && !df.SourceDeleted && !df.SourceHidden {
			rp.Actions = append(rp.Actions, Link{Label: "Update from source", URL: "/r/" + r.ID + "/sync"},
				Link{Label: "Propose to source", URL: "/r/" + r.ID + "/propose"})
		}
	}
	if len(v.Derivatives) > 0 {
		html, err := renderSection(rp.loc, "derivatives", map[string]any{"Summary": derivativeSummary(rp.loc, r, v.Derivatives), "Items": v.Derivatives, "ID": r.ID})
		if err != nil {
			return err
		}
		rp.Sections = append(rp.Sections, Section{ID: "derivatives", Heading: "Adaptations and translations", HTML: html})
	}
	if len(v.OpenProposals) > 0 {
		html, err := renderSection(rp.loc, "proposals", v.OpenProposals)
		if err != nil {
			return err
		}
		rp.Sections = append(rp.Sections, Section{ID: "proposals", Heading: "Proposals waiting for review", HTML: html})
	}
	return nil
}

// derivativeSummary reads like "3 adaptations, 2 in Spanish".
func derivativeSummary(loc *i18n.Locale, src resource.Resource, ds []versioning.Derivative) string {
	forks, translations := 0, 0
	byLang := map[string]int{}
	for _, d := range ds {
		if d.Kind == string(resource.Translation) {
			translations++
		} else {
			forks++
		}
		if d.Resource.Language != src.Language {
			byLang[loc.LanguageName(d.Resource.Language)]++
		}
	}
	var parts []string
	if forks > 0 {
		parts = append(parts, loc.N("{n} adaptation", "{n} adaptations", forks))
	}
	if translations > 0 {
		parts = append(parts, loc.N("{n} translation", "{n} translations", translations))
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		parts = append(parts, loc.N("{n} in {language}", "{n} in {language}", byLang[l], "language", l))
	}
	return strings.Join(parts, loc.T(", "))
}

// pageHistory lists a resource's revisions with links to their changes.
func (s *Site) pageHistory(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	p, err := s.historyPage(c, page)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "history", p)
}

func (s *Site) historyPage(c echo.Context, page int) (*Page, error) {
	r, x, list, total, err := s.app.Revisions(c.Request().Context(), httpx.Actor(c), c.Param("id"), 50, (page-1)*50)
	if err != nil {
		return nil, err
	}
	return s.page(c, tr(c, "History of “{title}”", "title", r.Title), map[string]any{"Resource": r, "Revisions": list, "Total": total,
		"CanCut": x.Can(resource.CutRevision), "Pager": newPager(c, page, 50, total)}), nil
}

func (s *Site) pageCreateRevision(c echo.Context) error {
	f, err := formValues(c, "message")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if _, err := s.app.NameVersion(c.Request().Context(), httpx.Actor(c), c.Param("id"), f["message"]); err != nil {
		p, lerr := s.historyPage(c, 1)
		if lerr != nil {
			return lerr
		}
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "history", p)
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"/history?done=saved")
}

// diffView is a diff prepared for the template: each line says in words
// whether it was added or removed (not by colour alone).
type diffView struct {
	From, To       string
	FromWhen       *time.Time // when From and To are revisions: their time,
	ToWhen         *time.Time // shown in the reader's zone
	Added, Removed int
	Identical      bool
	Hunks          []hunkView
}

type hunkView struct {
	Header string
	Lines  []lineView
}

type lineView struct {
	Kind     string // "ins", "del" or "eq"
	Old, New int
	Text     string
	Segs     []segView
	Comments []versioning.ProposalComment // on a proposal's diff
}

type segView struct {
	Changed bool
	Text    string
}

func toDiffView(loc *i18n.Locale, from, to string, d versioning.Diff) diffView {
	out := diffView{From: from, To: to, Added: d.Added, Removed: d.Removed, Identical: d.Identical}
	for _, h := range d.Hunks {
		hv := hunkView{Header: loc.T("Lines {first}–{last} before, {new_first}–{new_last} after",
			"first", loc.Number(h.OldStart), "last", loc.Number(h.OldStart+max(h.OldLines-1, 0)),
			"new_first", loc.Number(h.NewStart), "new_last", loc.Number(h.NewStart+max(h.NewLines-1, 0)))}
		for _, l := range h.Lines {
			lv := lineView{Kind: map[versioning.Op]string{versioning.Insert: "ins", versioning.Delete: "del", versioning.Equal: "eq"}[l.Op],
				Old: l.OldNo, New: l.NewNo, Text: l.Text}
			for _, sg := range l.Segments {
				lv.Segs = append(lv.Segs, segView{Changed: sg.Op != versioning.Equal, Text: sg.Text})
			}
			hv.Lines = append(hv.Lines, lv)
		}
		out.Hunks = append(out.Hunks, hv)
	}
	return out
}

func (s *Site) pageDiff(c echo.Context) error {
	cmp, err := s.app.Diff(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	loc := localeOf(c)
	dv := toDiffView(loc, refName(loc, cmp.From), refName(loc, cmp.To), cmp.Diff)
	if cmp.From.Revision != nil {
		dv.FromWhen = &cmp.From.Revision.Created
	}
	if cmp.To.Revision != nil {
		dv.ToWhen = &cmp.To.Revision.Created
	}
	return s.render(c, http.StatusOK, "diff", s.page(c, tr(c, "Changes to “{title}”", "title", cmp.Resource.Title), map[string]any{
		"Resource": cmp.Resource, "Diff": dv}))
}

// forkForm is what the fork page shows: the licences a fork may carry, with
// the reasons for those not recommended, or why forking is not offered.
func (s *Site) forkForm(c echo.Context) (*Page, error) {
	o, err := s.app.ForkOptions(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return nil, err
	}
	src := o.Source
	data := map[string]any{"Resource": src, "Existing": o.Existing}
	loc := localeOf(c)
	if o.Forbidden != "" {
		data["Forbidden"] = noAdaptationNote(loc, src.License)
	} else {
		srcLicense, _ := license.Lookup(src.License)
		var opts []licenseOption
		for _, ch := range o.Licenses {
			note := ""
			if ch.Verdict == license.VerdictWarn {
				note = warnNote(loc, srcLicense, ch.License)
			}
			opts = append(opts, licenseOption{ID: ch.License.ID, Name: ch.License.Name, Note: note})
		}
		data["Licenses"] = opts
	}
	p := s.page(c, tr(c, "Fork “{title}”", "title", src.Title), data)
	p.Form = map[string]string{"title": src.Title, "license": license.DefaultForFork(src.License), "language": resource.LanguageLabel(src.Language),
		"visibility": "public"}
	if src.Visibility != resource.Public {
		p.Form["visibility"] = "private"
	}
	return p, nil
}

func (s *Site) pageFork(c echo.Context) error {
	p, err := s.forkForm(c)
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	return s.render(c, http.StatusOK, "fork", p)
}

func (s *Site) pageForkSubmit(c echo.Context) error {
	f, err := formValues(c, "title", "license", "language", "purpose", "visibility")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	title, lic, lang, vis := f["title"], f["license"], resource.LanguageFromInput(f["language"]), f["visibility"]
	res, err := s.app.Fork(c.Request().Context(), httpx.Actor(c), c.Param("id"), app.ForkRequest{Title: &title, License: &lic, Language: &lang, Visibility: &vis, Purpose: f["purpose"]})
	if err != nil {
		p, ferr := s.forkForm(c)
		if ferr != nil {
			return ferr
		}
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "fork", p)
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+res.Resource.ID+"?done=created")
}

func (s *Site) pageFamily(c echo.Context) error {
	f, err := s.app.Family(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	loc := localeOf(c)
	type title struct{ Text, Lang string } // Lang "" for a label of the application's
	titles := map[string]title{}
	for i, n := range f.Graph.Nodes {
		if n.Hidden { // a label of the application's, not a title
			f.Graph.Nodes[i].Title = loc.T(n.Title)
			titles[n.ID] = title{Text: f.Graph.Nodes[i].Title}
			continue
		}
		titles[n.ID] = title{Text: n.Title, Lang: n.Language}
	}
	type edgeView struct {
		From, To title
		Kind     string
	}
	var ev []edgeView
	for _, e := range f.Graph.Edges {
		ev = append(ev, edgeView{From: titles[e.From], To: titles[e.To], Kind: e.Kind})
	}
	nodes, _ := wire.FamilyJSON(f.Graph)
	svg := template.HTML(versioning.RenderSVG(f.Graph, graphWords(loc))) // RenderSVG escapes all user text
	return s.render(c, http.StatusOK, "family", s.page(c, tr(c, "Family of “{title}”", "title", f.Focus.Title), map[string]any{
		"Resource": f.Focus, "SVG": svg, "Nodes": nodes, "Edges": ev}))
}

// syncPage shows what updating a fork from its source would do.
func (s *Site) syncPage(c echo.Context, status int, formErr error) error {
	plan, err := s.app.SyncPlan(c.Request().Context(), httpx.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	data := map[string]any{"Resource": plan.Target, "UpToDate": plan.UpToDate(), "Plan": plan}
	if !plan.UpToDate() {
		d, err := plan.Incoming()
		if err != nil {
			return err
		}
		data["Diff"] = toDiffView(localeOf(c), tr(c, "the source when you last took its changes"), tr(c, "the source now"), d)
		data["Conflicts"] = wire.ConflictsJSON(plan.Result.Conflicts)
	}
	p := s.page(c, tr(c, "Update “{title}” from its source", "title", plan.Target.Title), data)
	if formErr != nil && !formErrors(p, formErr) {
		return formErr
	}
	return s.render(c, status, "sync", p)
}

func (s *Site) pageSync(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		if _, err := s.app.Check(c.Request().Context(), httpx.Actor(c), c.Param("id"), resource.View); err != nil {
			return err
		}
		return needSignIn(c)
	}
	return s.syncPage(c, http.StatusOK, nil)
}

// resolutionsFromForm reads take_N / text_N fields for n conflicts.
func resolutionsFromForm(c echo.Context) (wire.MergeRequest, error) {
	if err := c.Request().ParseForm(); err != nil {
		return wire.MergeRequest{}, httpx.FormError(err)
	}
	form := c.Request().PostForm
	req := wire.MergeRequest{Upstream: form.Get("upstream")}
	if form.Get("version") != "" {
		v, err := httpx.IntValue("the field version", form.Get("version"), 0, 0, math.MaxInt64)
		if err != nil {
			return req, err
		}
		req.Version = &v
	}
	n, err := httpx.IntValue("the field conflicts", form.Get("conflicts"), 0, 0, 1000)
	if err != nil {
		return req, err
	}
	for i := 0; i < int(n); i++ {
		take := form.Get("take_" + strconv.Itoa(i))
		if take == "" {
			continue
		}
		text := strings.ReplaceAll(form.Get("text_"+strconv.Itoa(i)), "\r\n", "\n")
		if take == versioning.TakeEdit && text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n" // conflict regions are whole lines
		}
		req.Resolutions = append(req.Resolutions, wire.ResolutionJSON{Index: i, Take: take, Text: text})
	}
	return req, nil
}

func (s *Site) pageSyncSubmit(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	req, err := resolutionsFromForm(c)
	if err != nil {
		return err
	}
	if _, err := s.app.SyncFork(c.Request().Context(), httpx.Actor(c), c.Param("id"), req.App()); err != nil {
		if ae := httpx.ToError(err); ae.Status == http.StatusConflict || ae.Status == http.StatusUnprocessableEntity {
			return s.syncPage(c, ae.Status, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"?done=saved")
}

func (s *Site) pagePropose(c echo.Context) error {
	r, _, err := s.app.Resource(c.Request().Context(), httpx.Actor(c), c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	p := s.page(c, tr(c, "Propose “{title}” to its source", "title", r.Title), map[string]any{"Resource": r})
	p.Form = map[string]string{"kind": "merge"}
	return s.render(c, http.StatusOK, "propose", p)
}

func (s *Site) pageProposeSubmit(c echo.Context) error {
	f, err := formValues(c, "title", "description", "kind")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	ctx := c.Request().Context()
	prop, err := s.app.CreateProposal(ctx, httpx.Actor(c), c.Param("id"), app.ProposalRequest{Title: f["title"], Description: f["description"], Kind: f["kind"]})
	if err != nil {
		r, _, lerr := s.app.Resource(ctx, httpx.Actor(c), c.Param("id"), resource.View)
		if lerr != nil {
			return lerr
		}
		p := s.page(c, tr(c, "Propose “{title}” to its source", "title", r.Title), map[string]any{"Resource": r})
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "propose", p)
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+prop.ID)
}

func (s *Site) proposalPage(c echo.Context, id string, status int, formErr error, form map[string]string) error {
	d, err := s.app.Proposal(c.Request().Context(), httpx.Actor(c), id)
	if err != nil {
		return err
	}
	detail := wire.ToProposalJSON(d.Proposal)
	for _, r := range d.Reviews {
		detail.Reviews = append(detail.Reviews, wire.ToReviewJSON(r))
	}
	detail.Conflicts = wire.ConflictsJSON(d.Conflicts())
	detail.CanReview = &d.CanReview
	diff := toDiffView(localeOf(c), tr(c, "the source at revision {n}", "n", localeOf(c).Number(int(d.Plan.Base.Number))), tr(c, "“{title}” now", "title", d.Fork.Title), d.Changes)
	diff.FromWhen = &d.Plan.Base.Created
	who := httpx.Actor(c)
	p := s.page(c, tr(c, "Proposal: {title}", "title", d.Proposal.Title), map[string]any{"P": detail, "Access": d.ProposalAccess,
		"Diff": diff, "CanMerge": d.CanMerge(), "CanDecide": d.CanDecide(who), "CanComment": who.SignedIn(),
		"Earlier": placeComments(&diff, d.Comments), "Lines": lineChoices(localeOf(c), diff), "Base": d.Plan.Base})
	if d.Accessibility != nil {
		panel := newA11yPanel(localeOf(c), d.Accessibility.AccessibilitySummary, d.Accessibility.New, "/r/"+d.Fork.ID+"/accessibility", a11yProposedText)
		if p.Data.(map[string]any)["A11y"], err = renderA11yPanel(panel); err != nil {
			return err
		}
	}
	if form != nil {
		p.Form = form
	}
	if formErr != nil && !formErrors(p, formErr) {
		return formErr
	}
	return s.render(c, status, "proposal", p)
}

func (s *Site) pageProposal(c echo.Context) error {
	return s.proposalPage(c, c.Param("p"), http.StatusOK, nil, nil)
}

func (s *Site) pageReviewSubmit(c echo.Context) error {
	f, err := formValues(c, "verdict", "body")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if _, _, err := s.app.ReviewProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"), app.ReviewRequest{Verdict: f["verdict"], Body: f["body"]}); err != nil {
		if st := pageStatus(err); st == http.StatusUnprocessableEntity || st == http.StatusConflict {
			return s.proposalPage(c, c.Param("p"), st, err, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+c.Param("p")+"?done=saved")
}

func (s *Site) pageMergeSubmit(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if _, err := s.app.MergeProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"), app.MergeRequest{}); err != nil {
		if st := pageStatus(err); st == http.StatusUnprocessableEntity || st == http.StatusConflict {
			return s.proposalPage(c, c.Param("p"), st, err, nil)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+c.Param("p")+"?done=saved")
}

// refName names one side of a comparison in the reader's language: a revision by its number
// (and its resource, when another, and its message), or the text now, or an empty text.
func refName(loc *i18n.Locale, r app.TextRef) string {
	if r.Revision == nil {
		return loc.T(r.Name)
	}
	n, msg := loc.Number(int(r.Revision.Number)), r.Revision.Message
	switch {
	case r.Of != "" && msg != "":
		return loc.T("revision {n} of “{title}” “{message}”", "n", n, "title", r.Of, "message", msg)
	case r.Of != "":
		return loc.T("revision {n} of “{title}”", "n", n, "title", r.Of)
	case msg != "":
		return loc.T("revision {n} “{message}”", "n", n, "message", msg)
	}
	return loc.T("revision {n}", "n", n)
}

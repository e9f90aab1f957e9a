package server

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// sectionTemplates render the panels the resource page gets from versioning.
var sectionTemplates = template.Must(template.New("sections").Funcs(templateFuncs).Parse(`
{{define "derivatives"}}<p>{{.Summary}}</p>
<ul class="derivatives">{{range .Items}}<li lang="{{.Resource.Language}}" dir="{{dir .Resource.Language}}"><a href="/r/{{.Resource.ID}}">{{.Resource.Title}}</a>
<span lang="en" dir="ltr"> — {{.Kind}}, {{langName .Resource.Language}}, by {{.Resource.Owner.Name}}{{if .Approved}} · <strong class="badge approved">approved by this resource's reviewers</strong>{{end}}</span></li>{{end}}</ul>
<p><a href="/r/{{.ID}}/family">See the whole family</a></p>{{end}}
{{define "proposals"}}<ul>{{range .}}<li><a href="/proposals/{{.ID}}">{{.Title}}</a> — {{.Kind}} from “{{.ForkTitle}}” by {{.AuthorName}}, <span class="badge">{{.Status}}</span></li>{{end}}</ul>
<p><a href="/reviews">Your review queue</a></p>{{end}}
`))

func renderSection(name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := sectionTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render section %s: %w", name, err)
	}
	return template.HTML(b.String()), nil // html/template escaped it
}

// decorateVersioningPage adds to the resource page: the full attribution,
// the history/family/fork actions, upstream and approval notices for
// derivatives, and the list of derivatives and open proposals.
func (s *Server) decorateVersioningPage(c echo.Context, v *ResourceView) error {
	ctx := c.Request().Context()
	r := v.Resource
	a, err := s.attributionOf(c, r)
	if err != nil {
		return err
	}
	v.Attribution = template.HTML(a.Statement.HTML) // the licence package escapes user text
	can := func(act resource.Action) bool {
		return resource.Authorize(actorOf(c), v.Role, r.Visibility, act) == resource.Allowed
	}
	v.Actions = append(v.Actions, Link{Label: "History", URL: "/r/" + r.ID + "/history"},
		Link{Label: "Family", URL: "/r/" + r.ID + "/family"}, Link{Label: "Fork", URL: "/r/" + r.ID + "/fork"})
	df, _, err := s.derivedFrom(ctx, r)
	switch {
	case err == nil:
		what := "Forked from"
		if df.Kind == string(resource.Translation) {
			what = "Translated from"
		}
		if df.SourceDeleted {
			v.Notices = append(v.Notices, what+" “"+df.SourceTitle+"”, which has since been deleted; its credit is kept below.")
		} else {
			v.Notices = append(v.Notices, what+" “"+df.SourceTitle+"”.")
		}
		if df.UpstreamChanges > 0 {
			word := "changes"
			if df.UpstreamChanges == 1 {
				word = "change"
			}
			v.Notices = append(v.Notices, fmt.Sprintf("%d %s upstream since you forked.", df.UpstreamChanges, word))
		}
		if df.Approved != nil {
			v.Notices = append(v.Notices, fmt.Sprintf("Approved by %s on %s at revision %s.", df.Approved.By.Name,
				df.Approved.At.UTC().Format("2 Jan 2006"), shortID(df.Approved.Revision)))
		}
		if can(resource.EditContent) && !df.SourceDeleted {
			v.Actions = append(v.Actions, Link{Label: "Update from source", URL: "/r/" + r.ID + "/sync"},
				Link{Label: "Propose to source", URL: "/r/" + r.ID + "/propose"})
		}
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	derivs, err := s.db.Derivatives(ctx, r.ID, userID(c))
	if err != nil {
		return err
	}
	var visible []versioning.Derivative
	for _, d := range derivs {
		if d.Role != resource.RoleNone || d.Resource.Visibility == resource.Public {
			visible = append(visible, d)
		}
	}
	if len(visible) > 0 {
		html, err := renderSection("derivatives", map[string]any{"Summary": derivativeSummary(r, visible), "Items": visible, "ID": r.ID})
		if err != nil {
			return err
		}
		v.Sections = append(v.Sections, Section{ID: "derivatives", Heading: "Adaptations and translations", HTML: html})
	}
	if can(resource.Review) {
		props, err := s.db.ProposalsForSource(ctx, r.ID)
		if err != nil {
			return err
		}
		var open []versioning.Proposal
		for _, p := range props {
			if p.Status != versioning.ProposalMerged && p.Status != versioning.ProposalClosed && !(p.Kind == "endorse" && p.Status == versioning.ProposalApproved) {
				open = append(open, p)
			}
		}
		if len(open) > 0 {
			html, err := renderSection("proposals", open)
			if err != nil {
				return err
			}
			v.Sections = append(v.Sections, Section{ID: "proposals", Heading: "Proposals waiting for review", HTML: html})
		}
	}
	return nil
}

// derivativeSummary reads like "3 adaptations, 2 in Spanish".
func derivativeSummary(src resource.Resource, ds []versioning.Derivative) string {
	forks, translations := 0, 0
	byLang := map[string]int{}
	for _, d := range ds {
		if d.Kind == string(resource.Translation) {
			translations++
		} else {
			forks++
		}
		if d.Resource.Language != src.Language {
			byLang[languageName(d.Resource.Language)]++
		}
	}
	var parts []string
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	}
	if forks > 0 {
		parts = append(parts, plural(forks, "adaptation", "adaptations"))
	}
	if translations > 0 {
		parts = append(parts, plural(translations, "translation", "translations"))
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%d in %s", byLang[l], l))
	}
	return strings.Join(parts, ", ")
}

// pageHistory lists a resource's revisions with links to their changes.
func (s *Server) pageHistory(c echo.Context) error {
	r, role, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	page := pageNumber(c)
	list, total, err := s.db.ListRevisions(c.Request().Context(), r.ID, 50, (page-1)*50)
	if err != nil {
		return err
	}
	canCut := resource.Authorize(actorOf(c), role, r.Visibility, resource.CutRevision) == resource.Allowed
	p := s.page(c, "History of “"+r.Title+"”", map[string]any{"Resource": r, "Revisions": list, "Total": total,
		"CanCut": canCut, "Pager": newPager(c, page, 50, total)})
	return s.render(c, http.StatusOK, "history", p)
}

func (s *Server) pageCreateRevision(c echo.Context) error {
	f, err := formValues(c, "message")
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	if _, err := s.nameVersion(c, c.Param("id"), f["message"]); err != nil {
		r, role, lerr := s.resourceFor(c, c.Param("id"), resource.View)
		if lerr != nil {
			return lerr
		}
		list, total, lerr := s.db.ListRevisions(c.Request().Context(), r.ID, 50, 0)
		if lerr != nil {
			return lerr
		}
		p := s.page(c, "History of “"+r.Title+"”", map[string]any{"Resource": r, "Revisions": list, "Total": total,
			"CanCut": resource.Authorize(actorOf(c), role, r.Visibility, resource.CutRevision) == resource.Allowed,
			"Pager":  newPager(c, 1, 50, total)})
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
}

type segView struct {
	Changed bool
	Text    string
}

func toDiffView(from, to textRef, d versioning.Diff) diffView {
	out := diffView{From: from.Label, To: to.Label, Added: d.Added, Removed: d.Removed, Identical: d.Identical}
	for _, h := range d.Hunks {
		hv := hunkView{Header: fmt.Sprintf("Lines %d–%d before, %d–%d after", h.OldStart, h.OldStart+max(h.OldLines-1, 0),
			h.NewStart, h.NewStart+max(h.NewLines-1, 0))}
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

func (s *Server) pageDiff(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	from, to, d, err := s.diffRange(c, r)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "diff", s.page(c, "Changes to “"+r.Title+"”", map[string]any{
		"Resource": r, "Diff": toDiffView(from, to, d)}))
}

// forkForm is what the fork page shows: the licences a fork may carry, with
// the reasons for those not recommended, or why forking is not offered.
func (s *Server) forkForm(c echo.Context, src resource.Resource) (*Page, error) {
	data := map[string]any{"Resource": src}
	if err := license.CanAdapt(src.License); err != nil {
		data["Forbidden"] = err.Error()
	} else {
		choices, err := license.DerivativeChoices(src.License)
		if err != nil {
			return nil, err
		}
		var opts []licenseOption
		for _, ch := range choices {
			if ch.Verdict == license.VerdictNo {
				continue
			}
			note := ""
			if ch.Verdict == license.VerdictWarn {
				note = "not recommended: " + ch.Reason
			}
			opts = append(opts, licenseOption{ID: ch.License.ID, Name: ch.License.Name, Note: note})
		}
		data["Licenses"] = opts
		langs := make([]languageOption, len(commonLanguages))
		for i, t := range commonLanguages {
			langs[i] = languageOption{Tag: t, Name: languageName(t)}
		}
		data["Languages"] = langs
	}
	p := s.page(c, "Fork “"+src.Title+"”", data)
	p.Form = map[string]string{"title": src.Title, "license": license.DefaultForFork(src.License), "language": src.Language,
		"visibility": "public"}
	if src.Visibility != resource.Public {
		p.Form["visibility"] = "private"
	}
	return p, nil
}

func (s *Server) pageFork(c echo.Context) error {
	src, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	p, err := s.forkForm(c, src)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "fork", p)
}

func (s *Server) pageForkSubmit(c echo.Context) error {
	f, err := formValues(c, "title", "license", "language", "purpose", "visibility")
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	title, lic, lang, vis := f["title"], f["license"], f["language"], f["visibility"]
	res, err := s.fork(c, c.Param("id"), forkRequest{Title: &title, License: &lic, Language: &lang, Visibility: &vis, Purpose: f["purpose"]})
	if err != nil {
		src, _, lerr := s.resourceFor(c, c.Param("id"), resource.View)
		if lerr != nil {
			return lerr
		}
		p, ferr := s.forkForm(c, src)
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

func (s *Server) pageFamily(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	nodes, edges, g, err := s.familyGraph(c, r)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, n := range nodes {
		titles[n.ID] = n.Title
	}
	type edgeView struct{ From, To, Kind string }
	var ev []edgeView
	for _, e := range edges {
		ev = append(ev, edgeView{From: titles[e.From], To: titles[e.To], Kind: e.Kind})
	}
	svg := template.HTML(versioning.RenderSVG(g)) // RenderSVG escapes all user text
	return s.render(c, http.StatusOK, "family", s.page(c, "Family of “"+r.Title+"”", map[string]any{
		"Resource": r, "SVG": svg, "Nodes": nodes, "Edges": ev}))
}

// syncPage shows what updating a fork from its source would do.
func (s *Server) syncPage(c echo.Context, status int, formErr error) error {
	plan, _, err := s.syncPlan(c, c.Param("id"))
	if err != nil {
		return err
	}
	data := map[string]any{"Resource": plan.Target, "UpToDate": plan.upToDate(), "Plan": plan}
	if !plan.upToDate() {
		d, err := versioning.ComputeDiff(plan.Base.Content, plan.Theirs.Content, -1)
		if err != nil {
			return err
		}
		data["Diff"] = toDiffView(textRef{Label: "the source when you last took its changes"}, textRef{Label: "the source now"}, d)
		data["Conflicts"] = plan.conflicts()
	}
	p := s.page(c, "Update “"+plan.Target.Title+"” from its source", data)
	if formErr != nil && !formErrors(p, formErr) {
		return formErr
	}
	return s.render(c, status, "sync", p)
}

func (s *Server) pageSync(c echo.Context) error {
	if currentUser(c) == nil {
		if _, _, err := s.resourceFor(c, c.Param("id"), resource.View); err != nil {
			return err
		}
		return needSignIn(c)
	}
	return s.syncPage(c, http.StatusOK, nil)
}

// resolutionsFromForm reads take_N / text_N fields for n conflicts.
func resolutionsFromForm(c echo.Context) (syncRequest, error) {
	if err := c.Request().ParseForm(); err != nil {
		return syncRequest{}, formError(err)
	}
	form := c.Request().PostForm
	req := syncRequest{Upstream: form.Get("upstream")}
	if v, err := strconv.ParseInt(form.Get("version"), 10, 64); err == nil {
		req.Version = &v
	}
	n, _ := strconv.Atoi(form.Get("conflicts"))
	for i := 0; i < n && i < 1000; i++ {
		take := form.Get("take_" + strconv.Itoa(i))
		if take == "" {
			continue
		}
		text := strings.ReplaceAll(form.Get("text_"+strconv.Itoa(i)), "\r\n", "\n")
		if take == versioning.TakeEdit && text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n" // conflict regions are whole lines
		}
		req.Resolutions = append(req.Resolutions, resolutionJSON{Index: i, Take: take, Text: text})
	}
	return req, nil
}

func (s *Server) pageSyncSubmit(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	req, err := resolutionsFromForm(c)
	if err != nil {
		return err
	}
	if _, err := s.syncFork(c, c.Param("id"), req); err != nil {
		if ae := toAPIError(err); ae.Status == http.StatusConflict || ae.Status == http.StatusUnprocessableEntity {
			return s.syncPage(c, ae.Status, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+c.Param("id")+"?done=saved")
}

func (s *Server) pagePropose(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	p := s.page(c, "Propose “"+r.Title+"” to its source", map[string]any{"Resource": r})
	p.Form = map[string]string{"kind": "merge"}
	return s.render(c, http.StatusOK, "propose", p)
}

func (s *Server) pageProposeSubmit(c echo.Context) error {
	f, err := formValues(c, "title", "description", "kind")
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	prop, err := s.createProposal(c, c.Param("id"), proposalRequest{Title: f["title"], Description: f["description"], Kind: f["kind"]})
	if err != nil {
		r, _, lerr := s.resourceFor(c, c.Param("id"), resource.View)
		if lerr != nil {
			return lerr
		}
		p := s.page(c, "Propose “"+r.Title+"” to its source", map[string]any{"Resource": r})
		p.Form = f
		if !formErrors(p, err) {
			return err
		}
		return s.render(c, pageStatus(err), "propose", p)
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+prop.ID)
}

func (s *Server) proposalPage(c echo.Context, id string, status int, formErr error, form map[string]string) error {
	a, err := s.proposalFor(c, id)
	if err != nil {
		return err
	}
	detail, _, err := s.proposalDetail(c, a)
	if err != nil {
		return err
	}
	plan, err := s.proposalMergePlan(c, a, false)
	if err != nil {
		return err
	}
	d, err := versioning.ComputeDiff(plan.Base.Content, plan.Theirs.Content, -1)
	if err != nil {
		return err
	}
	p := s.page(c, "Proposal: "+a.Proposal.Title, map[string]any{"P": detail, "Access": a,
		"Diff":     toDiffView(textRef{Label: "the source at the fork's base revision"}, textRef{Label: "“" + a.Fork.Title + "” now"}, d),
		"CanMerge": a.CanReview && a.Proposal.Kind == "merge" && a.Proposal.Status == versioning.ProposalApproved})
	if form != nil {
		p.Form = form
	}
	if formErr != nil && !formErrors(p, formErr) {
		return formErr
	}
	return s.render(c, status, "proposal", p)
}

func (s *Server) pageProposal(c echo.Context) error {
	return s.proposalPage(c, c.Param("p"), http.StatusOK, nil, nil)
}

func (s *Server) pageReviewSubmit(c echo.Context) error {
	f, err := formValues(c, "verdict", "body")
	if err != nil {
		return err
	}
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	if _, _, err := s.review(c, c.Param("p"), reviewRequest{Verdict: f["verdict"], Body: f["body"]}); err != nil {
		if st := pageStatus(err); st == http.StatusUnprocessableEntity || st == http.StatusConflict {
			return s.proposalPage(c, c.Param("p"), st, err, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+c.Param("p")+"?done=saved")
}

func (s *Server) pageMergeSubmit(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	if _, err := s.mergeProposal(c, c.Param("p"), syncRequest{}); err != nil {
		if st := pageStatus(err); st == http.StatusUnprocessableEntity || st == http.StatusConflict {
			return s.proposalPage(c, c.Param("p"), st, err, nil)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+c.Param("p")+"?done=saved")
}

func (s *Server) pageReviewQueue(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return needSignIn(c)
	}
	list, err := s.db.ReviewQueue(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "reviews", s.page(c, "Waiting for your review", map[string]any{"Proposals": list}))
}

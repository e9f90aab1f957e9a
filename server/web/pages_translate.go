package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/translation"
)

// translationPanels adds to the resource page: for a translation, its
// source, the "source changed" notices, the translator's page link and the
// text with untranslated passages marked (or the published view); for any
// other resource, a form to start a translation.
func (s *Site) translationPanels(c echo.Context, v app.ResourceView, rp *resourcePage) error {
	r, x := v.Resource, v.Access
	tv := v.Translation
	if tv == nil {
		if r.Kind != resource.Translation && x.Can(resource.Derive) {
			rp.Sections = append(rp.Sections, Section{ID: "translate-h", Heading: "Translate", HTML: startTranslationForm(c, r, "", "")})
		}
		return nil
	}
	info := tv.Info
	loc := rp.loc
	title := sourceTitle(loc, info.SourceHidden, info.SourceLanguage, info.SourceTitle)
	rp.noticeHTML(i18n.M("A {language} translation of “{title}” (from {source_language}, source version {version}). {percent}% translated."),
		"language", loc.LanguageName(r.Language), "title", title, "source_language", loc.LanguageName(info.SourceLanguage),
		"version", info.SourceVersion, "percent", info.Progress.Percent)
	if info.Progress.Outdated > 0 {
		rp.notice(loc.N("Source changed: {n} segment to review.", "Source changed: {n} segments to review.", info.Progress.Outdated))
	}
	if info.SourceMoved {
		rp.notice(loc.T("The source has a newer version ({version}); sync on the translator's page to bring in its changes.", "version", info.LatestVersion))
	}
	if x.CanAny(resource.Translate, resource.ApproveTranslation) {
		rp.Actions = append(rp.Actions, Link{Label: "Translate", URL: "/r/" + r.ID + "/translate", Primary: true})
	}
	if !info.SourceHidden {
		rp.Actions = append(rp.Actions, Link{Label: "Source", URL: "/r/" + info.Source})
	}
	if tv.Published {
		rp.Actions = append(rp.Actions, Link{Label: "Working view", URL: "/r/" + r.ID + "?view=working"})
	} else {
		rp.Actions = append(rp.Actions, Link{Label: "Published view (approved text only)", URL: "/r/" + r.ID + "?view=published"})
	}
	html, err := s.markedHTML(loc, v.Display(tv.Marked), info.SourceLanguage)
	if err != nil {
		return err
	}
	rp.HTML = html
	if tv.Untranslated > 0 {
		if tv.Published {
			rp.notice(loc.N("{n} passage is not approved yet: it is shown in {language}, with a dotted underline and marked “source text” for screen readers.",
				"{n} passages are not approved yet: they are shown in {language}, with a dotted underline and marked “source text” for screen readers.",
				tv.Untranslated, "language", loc.LanguageName(info.SourceLanguage)))
		} else {
			rp.notice(loc.N("{n} passage is not translated yet: it is shown in {language}, with a dotted underline and marked “source text” for screen readers.",
				"{n} passages are not translated yet: they are shown in {language}, with a dotted underline and marked “source text” for screen readers.",
				tv.Untranslated, "language", loc.LanguageName(info.SourceLanguage)))
		}
	}
	return nil
}

// markedHTML renders a translation whose untranslated runs are marked
// (translation.RebuildForDisplay), turning each into one
// <span class="untranslated" lang=… dir=…>: one isolate per run.
func (s *Site) markedHTML(loc *i18n.Locale, md, sourceLang string) (template.HTML, error) {
	html, err := s.md.Render(md)
	if err != nil {
		return "", err
	}
	open := `<span class="untranslated" lang="` + template.HTMLEscapeString(sourceLang) + `" dir="` +
		translation.Direction(sourceLang) + `"><span class="sr-only" lang="` + loc.Code + `" dir="` + loc.Dir + `">` + template.HTMLEscapeString(loc.T("(source text)")) + ` </span>`
	return template.HTML(translation.ReplaceMarks(string(html), open, `</span>`)), nil // rendered and sanitised by s.md; our spans carry escaped values only
}

// startTranslationForm offers a translation of r: the target language is
// picked by name. value and errMsg refill it after a refused attempt.
func startTranslationForm(c echo.Context, r resource.Resource, value, errMsg string) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString(`<form method="post" action="/r/` + esc(r.ID) + `/translations" class="stack" novalidate>`)
	b.WriteString(`<input type="hidden" name="_csrf" value="` + esc(httpx.CSRFToken(c)) + `">`)
	loc := localeOf(c)
	b.WriteString(string(languagePickerIn(loc, "translate-language", "language", loc.T("Translate into"), value, errMsg)))
	b.WriteString(`<p class="hint">` + esc(loc.T("The translation is an adaptation: the licence must allow it.")) + `</p>`)
	b.WriteString(`<p><button type="submit">` + esc(loc.T("Start a translation")) + `</button></p></form>`)
	return template.HTML(b.String()) // built from escaped values and html/template output
}

// pageStartTranslation starts a translation from the resource page's form.
// A refused language (or licence) shows the resource page again with the
// form refilled and the reason next to the field, never a bare error page.
func (s *Site) pageStartTranslation(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "language", "start_anyway")
	if err != nil {
		return err
	}
	// See what exists before duplicating it: an existing translation into
	// the language is offered to join first.
	ctx := c.Request().Context()
	r, err := s.app.StartTranslation(ctx, httpx.Actor(c), c.Param("id"),
		app.StartRequest{Language: resource.LanguageFromInput(f["language"]), CheckExisting: f["start_anyway"] != "1"})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/r/"+r.ID+"/translate")
	}
	var ex *app.ExistingTranslationsError
	if errors.As(err, &ex) {
		return s.render(c, http.StatusOK, "translation_exists", s.page(c, tr(c, "A translation already exists"), map[string]any{
			"Existing": ex.Existing, "Language": ex.Language, "Source": c.Param("id")}))
	}
	ae := httpx.ToError(err)
	if ae.Status != http.StatusUnprocessableEntity {
		return err
	}
	p, perr := s.resourcePage(c)
	if perr != nil {
		return perr
	}
	msg := formMessage(localeOf(c), ae.Code, ae.Message)
	if ae.Field != "" {
		msg = formMessage(localeOf(c), ae.Code, sentence(strings.TrimPrefix(ae.Message, ae.Field+": ")))
	}
	rp := p.Data.(*resourcePage)
	for i, sec := range rp.Sections {
		if sec.ID == "translate-h" {
			rp.Sections[i].HTML = startTranslationForm(c, rp.Resource, f["language"], msg)
		}
	}
	return s.render(c, ae.Status, "resource", p)
}

// segmentView is one row of the translator's page.
type segmentView struct {
	N           int
	Kind        string // "", "title", "summary" or "alt"
	Seg         wire.TSegmentJSON
	SourceHTML  template.HTML
	DiffHTML    template.HTML
	Target      string
	Error       string
	Suggestions []wire.SuggestionJSON
	ShowSuggest bool
	Chips       []wire.PlaceholderJSON
	Focus       bool // autofocus: the segment a save-and-next or approve-and-next moved to
	CanApprove  bool // the caller may approve this one (not their own text where the policy refuses it)
}

// compactNav links the one-segment-at-a-time view to its neighbours.
type compactNav struct {
	Pos, Total int
	Prev, Next string // URLs, "" at the ends
	NextOpen   string // the next untranslated or outdated segment
}

type translateView struct {
	A11y                     template.HTML // the checker's summary, for reviewers
	R                        resource.Resource
	Src                      translation.Source
	SourceTitle              string
	SourceDir, TargetDir     string
	Segments                 []segmentView
	Progress                 wire.ProgressJSON
	Moved                    bool
	Latest                   int64
	State                    string
	OutdatedOnly             bool
	CanTranslate, CanApprove bool
	CanMinor, CanConfigure   bool
	States                   []string
	Rev                      int64
	Done                     string
	FormError                string
	Compact                  bool
	Nav                      compactNav
	Query                    string // the filter and mode, for the forms' return field
	SelfApproval             string
	ApproveOwn               bool
}

// isOpen: a segment a translator still has to write or revisit.
func isOpen(sg translation.StoredSegment) bool {
	return sg.State == translation.StateInitial || sg.Outdated
}

// waitsForReview: translated text nobody approved yet.
func waitsForReview(sg translation.StoredSegment) bool {
	return sg.State == translation.StateTranslated && sg.Target != ""
}

// nextAfter finds the first segment after id (wrapping around) that
// matches; "" when none does.
func nextAfter(list []translation.StoredSegment, id string, match func(translation.StoredSegment) bool) string {
	start := -1
	for i, sg := range list {
		if sg.ID == id {
			start = i
		}
	}
	for k := 1; k <= len(list); k++ {
		sg := list[(start+k+len(list))%len(list)]
		if sg.ID != id && match(sg) {
			return sg.ID
		}
	}
	return ""
}

// translateQuery is the filter and mode of the translator's page, kept
// across its forms and links.
func translateQuery(c echo.Context) url.Values {
	keep := url.Values{}
	for _, k := range []string{"state", "outdated", "mode"} {
		if v := c.QueryParam(k); v != "" {
			keep.Set(k, v)
		}
	}
	return keep
}

func (s *Site) translatePage(c echo.Context, errs map[string]string, typed map[string]string) (*Page, error) {
	q := app.SegmentQuery{State: c.QueryParam("state"), OutdatedOnly: c.QueryParam("outdated") == "true"}
	if !translation.State(q.State).Valid() {
		q.State = ""
	}
	compact := c.QueryParam("mode") == "one"
	suggest := c.QueryParam("suggest")
	if compact && c.QueryParam("seg") != "" {
		suggest = c.QueryParam("seg") // the one segment shown gets its suggestions
	}
	w, err := s.app.Workbench(c.Request().Context(), httpx.Actor(c), c.Param("id"), q, suggest)
	if err != nil {
		return nil, err
	}
	t, x := w.Translation, w.Translation.Access
	v := &translateView{R: t.Resource, Src: t.Source, SourceTitle: w.Info.SourceTitle, SourceDir: translation.Direction(t.Source.SourceLanguage),
		TargetDir: translation.Direction(t.Resource.Language), Progress: wire.ProgressJSON(w.Info.Progress), Moved: w.Info.SourceMoved, Latest: w.Info.LatestVersion,
		State: q.State, OutdatedOnly: q.OutdatedOnly, CanTranslate: x.Can(resource.Translate), CanApprove: x.Can(resource.ApproveTranslation),
		CanConfigure: x.Can(resource.Configure), CanMinor: w.CanMinor, States: []string{"initial", "translated", "reviewed", "final"}, Rev: t.Source.Rev,
		Done: c.QueryParam("done"), FormError: errs[""], Compact: compact, Query: translateQuery(c).Encode(),
		SelfApproval: string(w.Info.SelfApproval), ApproveOwn: w.Info.ApproveOwn}
	if w.Accessibility != nil {
		if v.A11y, err = renderA11yPanel(newA11yPanel(localeOf(c), *w.Accessibility, nil, "/r/"+t.Resource.ID+"/accessibility", a11yTranslation)); err != nil {
			return nil, err
		}
	}
	var shown []translation.StoredSegment
	for _, sg := range w.All {
		if q.State != "" && string(sg.State) != q.State || q.OutdatedOnly && !sg.Outdated {
			continue
		}
		shown = append(shown, sg)
	}
	// After a save-and-next or approve-and-next, the next segment to work on.
	focus := c.QueryParam("seg")
	if after := c.QueryParam("after"); after != "" {
		match := isOpen
		if c.QueryParam("next") == "review" {
			match = waitsForReview
		}
		if next := nextAfter(shown, after, match); next != "" {
			focus = next
		} else {
			focus = after
		}
	}
	if compact {
		shown = s.compactView(c, v, shown, focus)
	}
	for i, sg := range w.All {
		if !slices.ContainsFunc(shown, func(x translation.StoredSegment) bool { return x.ID == sg.ID }) {
			continue
		}
		js := wire.ToSegmentJSON(sg, w.Comments[sg.ID])
		sv := segmentView{N: i + 1, Kind: w.Kinds[sg.ID], Seg: js, SourceHTML: notationHTML(sg.Source, sg.Placeholders), Target: sg.Target,
			Error: errs[sg.ID], Chips: js.Placeholders, Focus: sg.ID == focus && c.QueryParam("after") != "",
			CanApprove: v.CanApprove && (w.Info.ApproveOwn || sg.TranslatedBy != httpx.Actor(c).ID)}
		if tg, ok := typed[sg.ID]; ok {
			sv.Target = tg
		}
		if js.SourceDiff != nil {
			sv.DiffHTML = diffHTML(js.SourceDiff, sg.Placeholders)
		}
		if suggest == sg.ID {
			sv.ShowSuggest = true
			for _, x := range w.Suggestions {
				sv.Suggestions = append(sv.Suggestions, wire.ToSuggestionJSON(x))
			}
		}
		v.Segments = append(v.Segments, sv)
	}
	return s.page(c, tr(c, "Translate “{title}”", "title", t.Resource.Title), v), nil
}

// compactView keeps one segment of shown (the one asked for, else the
// first open one, else the first) and links its neighbours.
func (s *Site) compactView(c echo.Context, v *translateView, shown []translation.StoredSegment, want string) []translation.StoredSegment {
	if len(shown) == 0 {
		return nil
	}
	at := slices.IndexFunc(shown, func(sg translation.StoredSegment) bool { return sg.ID == want })
	if at < 0 {
		at = max(0, slices.IndexFunc(shown, isOpen))
	}
	link := func(id string) string {
		q := translateQuery(c)
		q.Set("seg", id)
		return "/r/" + v.R.ID + "/translate?" + q.Encode()
	}
	v.Nav = compactNav{Pos: at + 1, Total: len(shown)}
	if at > 0 {
		v.Nav.Prev = link(shown[at-1].ID)
	}
	if at+1 < len(shown) {
		v.Nav.Next = link(shown[at+1].ID)
	}
	if next := nextAfter(shown, shown[at].ID, isOpen); next != "" {
		v.Nav.NextOpen = link(next)
	}
	return shown[at : at+1]
}

func (s *Site) pageTranslate(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		if _, err := s.app.TranslationInfo(c.Request().Context(), httpx.Actor(c), c.Param("id")); err != nil {
			return err
		}
		return needSignIn(c)
	}
	p, err := s.translatePage(c, nil, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "translate", p)
}

// pageTranslateSubmit handles the per-segment forms of the translator's
// page (and of the review queue) without JavaScript: op is save,
// save_next, approve, approve_next, final, send_back, minor, comment,
// sync, publish or self_approval. return is the page's query (filter and
// mode), or "/reviews" for the review queue.
func (s *Site) pageTranslateSubmit(c echo.Context) error {
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "op", "segment", "target", "state", "comment", "publish", "self_approval", "return")
	if err != nil {
		return err
	}
	ctx, who, id, sid := c.Request().Context(), httpx.Actor(c), c.Param("id"), f["segment"]
	toQueue := f["return"] == "/reviews"
	keep := url.Values{}
	if vals, err := url.ParseQuery(f["return"]); err == nil && !toQueue {
		for _, k := range []string{"state", "outdated", "mode"} {
			if v := vals.Get(k); v != "" {
				keep.Set(k, v)
			}
		}
	}
	op := f["op"]
	switch op {
	case "save", "save_next":
		target := f["target"]
		req := app.SegmentChange{Target: &target}
		if st := f["state"]; st != "" {
			req.State = &st
		}
		_, err = s.app.ChangeSegment(ctx, who, id, sid, req)
	case "approve", "approve_next", "final", "send_back":
		action := op
		if op == "approve_next" {
			action = "approve"
		}
		_, _, err = s.app.ReviewSegment(ctx, who, id, sid, app.SegmentReview{Action: action, Comment: f["comment"]})
	case "minor":
		_, err = s.app.MarkMinor(ctx, who, id, sid)
	case "comment":
		_, err = s.app.CommentSegment(ctx, who, id, sid, f["comment"])
	case "sync":
		var res app.SyncReport
		if res, err = s.app.SyncTranslation(ctx, who, id); err == nil {
			keep.Set("done", "synced")
			keep.Set("outdated_n", strconv.Itoa(res.Outdated))
			return c.Redirect(http.StatusSeeOther, "/r/"+id+"/translate?"+keep.Encode())
		}
	case "publish":
		err = s.app.SetPublishApprovedOnly(ctx, who, id, f["publish"] == "approved")
	case "self_approval":
		err = s.app.SetSelfApproval(ctx, who, id, app.SelfApproval(f["self_approval"]))
	default:
		if _, err := s.app.TranslationInfo(ctx, who, id); err != nil {
			return err
		}
		return httpx.NewError(http.StatusBadRequest, "bad_request", "unknown action %q", op)
	}
	if err != nil {
		ae := httpx.ToError(err)
		if toQueue && ae.Status < 500 && ae.Status != http.StatusNotFound && ae.Status != http.StatusUnauthorized {
			key := itemKey(id, sid)
			return s.renderReviewQueue(c, ae.Status, map[string]string{key: ae.Message}, map[string]string{key: f["comment"]})
		}
		if ae.Status != http.StatusUnprocessableEntity {
			return err
		}
		p, perr := s.translatePage(c, map[string]string{sid: ae.Message, "": ae.Message}, map[string]string{sid: f["target"]})
		if perr != nil {
			return perr
		}
		return s.render(c, ae.Status, "translate", p)
	}
	if toQueue {
		return c.Redirect(http.StatusSeeOther, "/reviews?done="+url.QueryEscape(op))
	}
	keep.Set("done", op)
	frag := ""
	switch {
	case (op == "save_next" || op == "approve_next") && sid != "":
		// The page focuses the next segment to work on (or to review).
		keep.Set("after", sid)
		if op == "approve_next" {
			keep.Set("next", "review")
		}
	case keep.Get("mode") == "one" && sid != "":
		keep.Set("seg", sid)
	case sid != "":
		frag = "#seg-" + sid
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+id+"/translate?"+keep.Encode()+frag)
}

// notationHTML shows a segment's text with its placeholders as chips.
func notationHTML(text string, phs []translation.Placeholder) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	for _, tok := range translation.DisplayTokens(text, phs) {
		switch {
		case tok.Placeholder != nil:
			b.WriteString(`<span class="ph" data-ph="` + esc(tok.Ref) + `" title="` + esc(tok.Placeholder.Bytes) +
				`"><span class="sr-only">placeholder </span>` + esc(tok.Placeholder.Display) + `</span>`)
		case tok.Break:
			b.WriteString("<br>")
		default:
			b.WriteString(esc(tok.Text))
		}
	}
	return template.HTML(b.String())
}

// diffHTML shows what changed in the source: <del> and <ins> (not colour alone).
func diffHTML(parts []wire.WordDiffJSON, phs []translation.Placeholder) template.HTML {
	var b strings.Builder
	for _, d := range parts {
		inner := string(notationHTML(d.Text, phs))
		switch d.Op {
		case translation.DiffInsert:
			b.WriteString(`<ins><span class="sr-only">[added: </span>` + inner + `<span class="sr-only">]</span></ins>`)
		case translation.DiffDelete:
			b.WriteString(`<del><span class="sr-only">[removed: </span>` + inner + `<span class="sr-only">]</span></del>`)
		default:
			b.WriteString(inner)
		}
	}
	return template.HTML(b.String())
}

package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
)

// translationPanels adds to the resource page: for a translation, its
// source, the "source changed" notices, the translator's page link and the
// text with untranslated passages marked (or the published view); for any
// other resource, a form to start a translation.
func (s *Server) translationPanels(c echo.Context, v app.ResourceView, rp *resourcePage) error {
	r, x := v.Resource, v.Access
	tv := v.Translation
	if tv == nil {
		if r.Kind != resource.Translation && x.Can(resource.Derive) {
			rp.Sections = append(rp.Sections, Section{ID: "translate-h", Heading: "Translate", HTML: startTranslationForm(c, r)})
		}
		return nil
	}
	info := tv.Info
	rp.Notices = append(rp.Notices, fmt.Sprintf("A %s translation of “%s” (from %s, source version %d). %d%% translated.",
		resource.LanguageName(r.Language), info.SourceTitle, resource.LanguageName(info.SourceLanguage), info.SourceVersion, info.Progress.Percent))
	if info.Progress.Outdated > 0 {
		rp.Notices = append(rp.Notices, fmt.Sprintf("Source changed: %d segments to review.", info.Progress.Outdated))
	}
	if info.SourceMoved {
		rp.Notices = append(rp.Notices, fmt.Sprintf("The source has a newer version (%d); sync on the translator's page to bring in its changes.", info.LatestVersion))
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
	html, err := s.markedHTML(v.Display(tv.Marked), info.SourceLanguage)
	if err != nil {
		return err
	}
	rp.HTML = html
	if tv.Untranslated > 0 {
		what := "not translated yet"
		if tv.Published {
			what = "not approved yet"
		}
		rp.Notices = append(rp.Notices, fmt.Sprintf("%d passages are %s: they are shown in %s, with a dotted underline and marked “source text” for screen readers.",
			tv.Untranslated, what, resource.LanguageName(info.SourceLanguage)))
	}
	return nil
}

// markedHTML renders a translation whose untranslated runs are marked
// (translation.RebuildForDisplay), turning each into one
// <span class="untranslated" lang=… dir=…>: one isolate per run.
func (s *Server) markedHTML(md, sourceLang string) (template.HTML, error) {
	html, err := s.md.Render(md)
	if err != nil {
		return "", err
	}
	open := `<span class="untranslated" lang="` + template.HTMLEscapeString(sourceLang) + `" dir="` +
		translation.Direction(sourceLang) + `"><span class="sr-only">(source text) </span>`
	return template.HTML(translation.ReplaceMarks(string(html), open, `</span>`)), nil // rendered and sanitised by s.md; our spans carry escaped values only
}

func startTranslationForm(c echo.Context, r resource.Resource) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString(`<form method="post" action="/r/` + esc(r.ID) + `/translations" class="stack">`)
	b.WriteString(`<input type="hidden" name="_csrf" value="` + esc(csrfToken(c)) + `">`)
	b.WriteString(`<div class="field"><label for="translate-language">Translate into (BCP 47 language tag)</label>`)
	b.WriteString(`<input id="translate-language" name="language" list="translate-languages" required aria-describedby="translate-language-hint">`)
	b.WriteString(`<p class="hint" id="translate-language-hint">For example es, fr-CA, ar, zh-Hans. The translation is an adaptation: the licence must allow it.</p>`)
	b.WriteString(`<datalist id="translate-languages">`)
	for _, l := range languageOptions(r.Language) {
		b.WriteString(`<option value="` + esc(l.Tag) + `">` + esc(l.Name) + `</option>`)
	}
	b.WriteString(`</datalist></div><p><button type="submit">Start a translation</button></p></form>`)
	return template.HTML(b.String())
}

func (s *Server) pageStartTranslation(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "language")
	if err != nil {
		return err
	}
	r, err := s.app.StartTranslation(c.Request().Context(), actor(c), c.Param("id"), app.StartRequest{Language: f["language"]})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+r.ID+"/translate")
}

// segmentView is one row of the translator's page.
type segmentView struct {
	N           int
	Seg         tSegmentJSON
	SourceHTML  template.HTML
	DiffHTML    template.HTML
	Target      string
	Error       string
	Suggestions []suggestionJSON
	ShowSuggest bool
	Chips       []placeholderJSON
}

type translateView struct {
	R                        resource.Resource
	Src                      translation.Source
	SourceTitle              string
	SourceDir, TargetDir     string
	Segments                 []segmentView
	Progress                 progressJSON
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
}

func (s *Server) translatePage(c echo.Context, errs map[string]string, typed map[string]string) (*Page, error) {
	q := app.SegmentQuery{State: c.QueryParam("state"), OutdatedOnly: c.QueryParam("outdated") == "true"}
	if !translation.State(q.State).Valid() {
		q.State = ""
	}
	suggest := c.QueryParam("suggest")
	w, err := s.app.Workbench(c.Request().Context(), actor(c), c.Param("id"), q, suggest)
	if err != nil {
		return nil, err
	}
	t, x := w.Translation, w.Translation.Access
	v := &translateView{R: t.Resource, Src: t.Source, SourceTitle: w.Info.SourceTitle, SourceDir: translation.Direction(t.Source.SourceLanguage),
		TargetDir: translation.Direction(t.Resource.Language), Progress: progressJSON(w.Info.Progress), Moved: w.Info.SourceMoved, Latest: w.Info.LatestVersion,
		State: q.State, OutdatedOnly: q.OutdatedOnly, CanTranslate: x.Can(resource.Translate), CanApprove: x.Can(resource.ApproveTranslation),
		CanConfigure: x.Can(resource.Configure), CanMinor: w.CanMinor, States: []string{"initial", "translated", "reviewed", "final"}, Rev: t.Source.Rev,
		Done: c.QueryParam("done"), FormError: errs[""]}
	for i, sg := range w.All {
		if q.State != "" && string(sg.State) != q.State || q.OutdatedOnly && !sg.Outdated {
			continue
		}
		js := toSegmentJSON(sg, w.Comments[sg.ID])
		sv := segmentView{N: i + 1, Seg: js, SourceHTML: notationHTML(sg.Source, sg.Placeholders), Target: sg.Target,
			Error: errs[sg.ID], Chips: js.Placeholders}
		if tg, ok := typed[sg.ID]; ok {
			sv.Target = tg
		}
		if js.SourceDiff != nil {
			sv.DiffHTML = diffHTML(js.SourceDiff, sg.Placeholders)
		}
		if suggest == sg.ID {
			sv.ShowSuggest = true
			for _, x := range w.Suggestions {
				sv.Suggestions = append(sv.Suggestions, toSuggestionJSON(x))
			}
		}
		v.Segments = append(v.Segments, sv)
	}
	return s.page(c, "Translate “"+t.Resource.Title+"”", v), nil
}

func (s *Server) pageTranslate(c echo.Context) error {
	if currentUser(c) == nil {
		if _, err := s.app.TranslationInfo(c.Request().Context(), actor(c), c.Param("id")); err != nil {
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
// page without JavaScript: op is save, approve, final, send_back, minor,
// comment, sync or publish.
func (s *Server) pageTranslateSubmit(c echo.Context) error {
	if currentUser(c) == nil {
		return needSignIn(c)
	}
	f, err := formValues(c, "op", "segment", "target", "state", "comment", "publish", "return")
	if err != nil {
		return err
	}
	ctx, who, id, sid := c.Request().Context(), actor(c), c.Param("id"), f["segment"]
	back := "/r/" + id + "/translate"
	if q := f["return"]; q != "" {
		if vals, err := url.ParseQuery(q); err == nil {
			keep := url.Values{}
			for _, k := range []string{"state", "outdated"} {
				if v := vals.Get(k); v != "" {
					keep.Set(k, v)
				}
			}
			if len(keep) > 0 {
				back += "?" + keep.Encode()
			}
		}
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	switch f["op"] {
	case "save":
		target := f["target"]
		req := app.SegmentChange{Target: &target}
		if st := f["state"]; st != "" {
			req.State = &st
		}
		_, err = s.app.ChangeSegment(ctx, who, id, sid, req)
	case "approve", "final", "send_back":
		_, _, err = s.app.ReviewSegment(ctx, who, id, sid, app.SegmentReview{Action: f["op"], Comment: f["comment"]})
	case "minor":
		_, err = s.app.MarkMinor(ctx, who, id, sid)
	case "comment":
		_, err = s.app.CommentSegment(ctx, who, id, sid, f["comment"])
	case "sync":
		var res app.SyncReport
		if res, err = s.app.SyncTranslation(ctx, who, id); err == nil {
			return c.Redirect(http.StatusSeeOther, back+sep+"done=synced&outdated_n="+strconv.Itoa(res.Outdated))
		}
	case "publish":
		err = s.app.SetPublishApprovedOnly(ctx, who, id, f["publish"] == "approved")
	default:
		if _, err := s.app.TranslationInfo(ctx, who, id); err != nil {
			return err
		}
		return newError(http.StatusBadRequest, "bad_request", "unknown action %q", f["op"])
	}
	if err != nil {
		ae := toAPIError(err)
		if ae.Status != http.StatusUnprocessableEntity {
			return err
		}
		p, perr := s.translatePage(c, map[string]string{sid: ae.Message, "": ae.Message}, map[string]string{sid: f["target"]})
		if perr != nil {
			return perr
		}
		return s.render(c, ae.Status, "translate", p)
	}
	frag := ""
	if sid != "" {
		frag = "#seg-" + sid
	}
	return c.Redirect(http.StatusSeeOther, back+sep+"done="+url.QueryEscape(f["op"])+frag)
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
func diffHTML(parts []wordDiffJSON, phs []translation.Placeholder) template.HTML {
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

package server

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// Sentinels around untranslated text in the rebuilt Markdown: private-use
// characters pass through goldmark and the sanitiser as plain text, and
// become a marked <span> after rendering.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// decorateTranslationPage adds to the resource page: for a translation, its
// source, the "source changed" notice, the translator's page link and the
// text with untranslated segments marked (or the published view); for any
// other resource, a form to start a translation.
func (s *Server) decorateTranslationPage(c echo.Context, v *ResourceView) error {
	r := v.Resource
	if r.Kind != resource.Translation {
		if resource.Authorize(actorOf(c), v.Role, r.Visibility, resource.Derive) == resource.Allowed {
			v.Sections = append(v.Sections, Section{ID: "translate-h", Heading: "Translate", HTML: startTranslationForm(c, r)})
		}
		return nil
	}
	ctx := c.Request().Context()
	df, segs, src, err := s.translationOrigin(c, r)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	srcTitle := src.SourceID
	if sr, err := s.db.Resource(ctx, src.SourceID); err == nil {
		srcTitle = sr.Title
	}
	v.Notices = append(v.Notices, fmt.Sprintf("A %s translation of “%s” (from %s, source version %d). %d%% translated.",
		languageName(r.Language), srcTitle, languageName(src.SourceLanguage), src.SourceVersion, df.Progress.Percent))
	if df.SourceChangedSegments > 0 {
		v.Notices = append(v.Notices, fmt.Sprintf("Source changed: %d segments to review.", df.SourceChangedSegments))
	}
	if df.SourceMoved {
		v.Notices = append(v.Notices, fmt.Sprintf("The source has a newer version (%d); sync on the translator's page to bring in its changes.", df.LatestRevision))
	}
	role := v.Role
	can := func(a resource.Action) bool {
		return resource.Authorize(actorOf(c), role, r.Visibility, a) == resource.Allowed
	}
	if can(resource.Translate) || can(resource.ApproveTranslation) {
		v.Actions = append(v.Actions, Link{Label: "Translate", URL: "/r/" + r.ID + "/translate", Primary: true})
	}
	v.Actions = append(v.Actions, Link{Label: "Source", URL: "/r/" + src.SourceID})
	published := publishedView(c, role, src)
	if published {
		v.Actions = append(v.Actions, Link{Label: "Working view", URL: "/r/" + r.ID + "?view=working"})
	} else {
		v.Actions = append(v.Actions, Link{Label: "Published view (approved text only)", URL: "/r/" + r.ID + "?view=published"})
	}
	html, untranslated, err := s.markedHTML(src, segs, published)
	if err != nil {
		return err
	}
	v.HTML = html
	if untranslated > 0 {
		what := "not translated yet"
		if published {
			what = "not approved yet"
		}
		v.Notices = append(v.Notices, fmt.Sprintf("%d passages are %s: they are shown in %s, with a dotted underline and marked “source text” for screen readers.",
			untranslated, what, languageName(src.SourceLanguage)))
	}
	return nil
}

// markedHTML renders the translation with every segment still in the source
// language wrapped in <span class="untranslated" lang=…>.
func (s *Server) markedHTML(src translation.Source, segs []translation.StoredSegment, published bool) (template.HTML, int, error) {
	n := 0
	md, err := assemble(src, segs, published, func(text string) string {
		n++
		return markOpen + text + markClose
	})
	if err != nil {
		return "", 0, err
	}
	html, err := s.md.Render(md)
	if err != nil {
		return "", 0, err
	}
	open := `<span class="untranslated" lang="` + template.HTMLEscapeString(src.SourceLanguage) + `" dir="` +
		translation.Direction(src.SourceLanguage) + `"><span class="sr-only">(source text) </span>`
	out := strings.NewReplacer(markOpen, open, markClose, `</span>`).Replace(string(html))
	// A sentinel split by markup the renderer reordered would leave spans
	// unbalanced; then show the text unmarked rather than a broken page.
	if strings.Count(out, `<span class="untranslated"`) != strings.Count(string(html), markOpen) ||
		strings.Count(string(html), markOpen) != strings.Count(string(html), markClose) {
		out = strings.NewReplacer(markOpen, "", markClose, "").Replace(string(html))
	}
	return template.HTML(out), n, nil // rendered and sanitised by s.md; our spans carry escaped values only
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
	for _, t := range commonLanguages {
		if t != r.Language {
			b.WriteString(`<option value="` + esc(t) + `">` + esc(languageName(t)) + `</option>`)
		}
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
	r, err := s.startTranslation(c, c.Param("id"), startRequest{Language: f["language"]})
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

func (s *Server) translatePage(c echo.Context, t *tctx, errs map[string]string, typed map[string]string) (*Page, error) {
	ctx := c.Request().Context()
	f := store.SegmentFilter{State: c.QueryParam("state"), OutdatedOnly: c.QueryParam("outdated") == "true"}
	if !translation.State(f.State).Valid() {
		f.State = ""
	}
	all, err := s.db.Segments(ctx, t.R.ID, store.SegmentFilter{})
	if err != nil {
		return nil, err
	}
	comments, err := s.db.Comments(ctx, t.R.ID)
	if err != nil {
		return nil, err
	}
	st, err := s.sourceStatus(ctx, t.Src)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	v := &translateView{R: t.R, Src: t.Src, SourceTitle: t.Src.SourceID, SourceDir: translation.Direction(t.Src.SourceLanguage),
		TargetDir: translation.Direction(t.R.Language), Progress: progressOf(all), Moved: st.Moved, Latest: st.LatestVersion,
		State: f.State, OutdatedOnly: f.OutdatedOnly, CanTranslate: t.can(resource.Translate), CanApprove: t.can(resource.ApproveTranslation),
		CanConfigure: t.can(resource.Configure), States: []string{"initial", "translated", "reviewed", "final"}, Rev: t.Src.Rev,
		Done: c.QueryParam("done"), FormError: errs[""]}
	if sr, err := s.db.Resource(ctx, t.Src.SourceID); err == nil {
		v.SourceTitle = sr.Title
	}
	v.CanMinor = v.CanApprove
	if !v.CanMinor && currentUser(c) != nil {
		_, _, err := s.resourceFor(c, t.Src.SourceID, resource.EditContent)
		v.CanMinor = err == nil
	}
	suggest := c.QueryParam("suggest")
	for i, sg := range all {
		if f.State != "" && sg.State != f.State || f.OutdatedOnly && !sg.Outdated {
			continue
		}
		js := toSegmentJSON(sg, comments[sg.ID])
		sv := segmentView{N: i + 1, Seg: js, SourceHTML: notationHTML(sg.Source, js.Placeholders), Target: sg.Target,
			Error: errs[sg.ID], Chips: pairedChips(js.Placeholders)}
		if typed != nil {
			if tg, ok := typed[sg.ID]; ok {
				sv.Target = tg
			}
		}
		if js.SourceDiff != nil {
			sv.DiffHTML = diffHTML(js.SourceDiff, js.Placeholders)
		}
		if suggest == sg.ID && (v.CanTranslate || v.CanApprove) {
			sv.ShowSuggest = true
			if sv.Suggestions, err = s.suggestions(c, t, sg); err != nil {
				return nil, err
			}
		}
		v.Segments = append(v.Segments, sv)
	}
	p := s.page(c, "Translate “"+t.R.Title+"”", v)
	return p, nil
}

func (s *Server) pageTranslate(c echo.Context) error {
	if currentUser(c) == nil {
		if _, err := s.translationFor(c, c.Param("id")); err != nil {
			return err
		}
		return needSignIn(c)
	}
	t, err := s.translationFor(c, c.Param("id"), resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return err
	}
	p, err := s.translatePage(c, t, nil, nil)
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
	t, err := s.translationFor(c, c.Param("id"), resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return err
	}
	sid := f["segment"]
	back := "/r/" + t.R.ID + "/translate"
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
		req := segmentRequest{Target: &target}
		if st := f["state"]; st != "" {
			req.State = &st
		}
		_, err = s.changeSegment(c, t, sid, req)
	case "approve", "final", "send_back":
		_, err = s.reviewSegment(c, t, sid, segmentReviewRequest{Action: f["op"], Comment: f["comment"]})
	case "minor":
		_, err = s.markMinor(c, t, sid)
	case "comment":
		body := strings.TrimSpace(f["comment"])
		if body == "" {
			err = &resource.ValidationError{Field: "comment", Message: "write a comment first"}
		} else {
			_, err = s.db.AddComment(c.Request().Context(), t.R.ID, sid, userID(c), body, false)
		}
	case "sync":
		var res translationSyncResult
		res, err = s.sync(c, t)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, back+sep+"done=synced&outdated_n="+strconv.Itoa(res.Outdated))
		}
	case "publish":
		if !t.can(resource.Configure) {
			return errForbidden
		}
		err = s.db.SetPublishApprovedOnly(c.Request().Context(), t.R.ID, f["publish"] == "approved")
	default:
		return newError(http.StatusBadRequest, "bad_request", "unknown action %q", f["op"])
	}
	if err != nil {
		ae := toAPIError(err)
		if ae.Status != http.StatusUnprocessableEntity {
			return err
		}
		p, perr := s.translatePage(c, t, map[string]string{sid: ae.Message, "": ae.Message}, map[string]string{sid: f["target"]})
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
func notationHTML(text string, phs []placeholderJSON) template.HTML {
	byRef := map[string]placeholderJSON{}
	for _, p := range phs {
		byRef[p.Kind+":"+p.ID] = p
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	for i := 0; i < len(text); {
		switch {
		case strings.HasPrefix(text[i:], "{{"):
			b.WriteString("{")
			i += 2
		case strings.HasPrefix(text[i:], "}}"):
			b.WriteString("}")
			i += 2
		case text[i] == '{':
			j := strings.IndexByte(text[i:], '}')
			if j < 0 {
				b.WriteString(esc(text[i:]))
				i = len(text)
				continue
			}
			tok := text[i+1 : i+j]
			kind, id := placeholderKind(tok)
			p := byRef[kind+":"+id]
			label := p.Display
			if label == "" {
				label = tok
			}
			b.WriteString(`<span class="ph" data-ph="{` + esc(tok) + `}" title="` + esc(p.Bytes) + `"><span class="sr-only">placeholder </span>` + esc(label) + `</span>`)
			i += j + 1
		case text[i] == '\n':
			b.WriteString("<br>")
			i++
		default:
			j := strings.IndexAny(text[i:], "{}\n")
			if j < 0 {
				j = len(text) - i
			} else if j == 0 {
				j = 1
			}
			b.WriteString(esc(text[i : i+j]))
			i += j
		}
	}
	return template.HTML(b.String())
}

// placeholderKind splits a placeholder token ("1", "/1", "2/") into kind and id.
func placeholderKind(tok string) (kind, id string) {
	switch {
	case strings.HasPrefix(tok, "/"):
		return translation.KindClose, tok[1:]
	case strings.HasSuffix(tok, "/"):
		return translation.KindStandalone, tok[:len(tok)-1]
	}
	return translation.KindOpen, tok
}

// diffHTML shows what changed in the source: <del> and <ins> (not colour alone).
func diffHTML(parts []wordDiffJSON, phs []placeholderJSON) template.HTML {
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

// pairedChips lists the placeholders a translator can insert, in the
// notation they type ({1}…{/1} for pairs).
func pairedChips(phs []placeholderJSON) []placeholderJSON {
	return phs
}

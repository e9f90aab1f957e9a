package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/versioning"
)

// kindNames say in words what kind of revision each is.
var kindNames = map[string]string{
	"checkpoint":       i18n.M("automatic save"),
	"named":            i18n.M("named version"),
	"fork":             i18n.M("forked"),
	"merge":            i18n.M("merged changes"),
	"translation_sync": i18n.M("translation updated"),
	"restore":          i18n.M("restored"),
}

func kindName(k string) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return strings.ReplaceAll(k, "_", " ")
}

// authorView is one author's share of a text, in per cent.
type authorView struct {
	Name    string
	Percent int
}

// revisionPage shows one revision: its text rendered, its credit and its raw
// Markdown, with a restore form for those who may restore it.
func (s *Site) revisionPage(c echo.Context, status int, formErr error) error {
	d, err := s.app.OpenRevision(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("rev"))
	if err != nil {
		return err
	}
	html, err := s.md.Render(d.Display())
	if err != nil {
		return err
	}
	total := 0
	for _, a := range d.Authors {
		total += a.Chars
	}
	authors := make([]authorView, 0, len(d.Authors))
	for _, a := range d.Authors {
		pc := 0
		if total > 0 {
			pc = (a.Chars*100 + total/2) / total
		}
		authors = append(authors, authorView{Name: a.Name, Percent: pc})
	}
	data := map[string]any{"Resource": d.Resource, "Revision": d.Revision, "HTML": html, "Authors": authors,
		"Parts": d.Parts, "Latest": d.Latest, "CanRestore": d.CanRestore}
	if l, err := license.Lookup(d.Resource.License); err == nil {
		data["License"] = l
	}
	p := s.page(c, tr(c, "Revision {number} of “{title}”", "number", d.Revision.Number, "title", d.Resource.Title), data)
	if formErr != nil && !formErrors(p, formErr) {
		return formErr
	}
	return s.render(c, status, "revision", p)
}

func (s *Site) pageRevision(c echo.Context) error {
	return s.revisionPage(c, http.StatusOK, nil)
}

// pageRevisionRaw answers a revision's Markdown as plain text.
func (s *Site) pageRevisionRaw(c echo.Context) error {
	d, err := s.app.OpenRevision(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.Param("rev"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(d.Revision.Content))
}

func (s *Site) pageRestoreSubmit(c echo.Context) error {
	if _, err := formValues(c); err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	rev, err := s.app.RestoreRevision(c.Request().Context(), httpx.Actor(c), c.Param("rev"))
	if err != nil {
		if st := pageStatus(err); st == http.StatusConflict || st == http.StatusUnprocessableEntity {
			return s.revisionPage(c, st, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/r/"+rev.ResourceID+"/history?done=restored#rev-"+strconv.FormatInt(rev.Number, 10))
}

// proposalDecision closes or reopens a proposal from its page.
func (s *Site) proposalDecision(c echo.Context, decide func(app.Actor, string) error, done string) error {
	if _, err := formValues(c); err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	if err := decide(httpx.Actor(c), c.Param("p")); err != nil {
		if st := pageStatus(err); st == http.StatusConflict || st == http.StatusUnprocessableEntity {
			return s.proposalPage(c, c.Param("p"), st, err, nil)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+c.Param("p")+"?done="+done)
}

func (s *Site) pageCloseProposal(c echo.Context) error {
	return s.proposalDecision(c, func(who app.Actor, id string) error {
		_, err := s.app.CloseProposal(c.Request().Context(), who, id)
		return err
	}, "closed")
}

func (s *Site) pageReopenProposal(c echo.Context) error {
	return s.proposalDecision(c, func(who app.Actor, id string) error {
		_, err := s.app.ReopenProposal(c.Request().Context(), who, id)
		return err
	}, "reopened")
}

// pageCommentSubmit adds a comment from the proposal page. comment_line
// names a line of the diff as "OLD-NEW" (0 for a side the line is not on),
// or is empty for a comment on the whole proposal. The form's fields are
// named apart from the review form's, and so are its errors.
func (s *Site) pageCommentSubmit(c echo.Context) error {
	f, err := formValues(c, "comment_line", "comment_body")
	if err != nil {
		return err
	}
	if httpx.CurrentUser(c) == nil {
		return needSignIn(c)
	}
	req := app.CommentRequest{Body: f["comment_body"]}
	if f["comment_line"] != "" {
		var ok bool
		if req.LineOld, req.LineNew, ok = parseLineRef(f["comment_line"]); !ok {
			return s.proposalPage(c, c.Param("p"), http.StatusUnprocessableEntity,
				&resource.ValidationError{Field: "comment_line", Message: "is not a line of the diff: choose one from the list"}, f)
		}
	}
	cm, err := s.app.CommentProposal(c.Request().Context(), httpx.Actor(c), c.Param("p"), req)
	if err != nil {
		if st := pageStatus(err); st == http.StatusConflict || st == http.StatusUnprocessableEntity {
			return s.proposalPage(c, c.Param("p"), st, commentFieldError(err), f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/proposals/"+c.Param("p")+"?done=commented#comment-"+cm.ID)
}

// commentFieldError names a comment's invalid field as the page's form does.
func commentFieldError(err error) error {
	var ve *resource.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	field := "comment_body"
	if ve.Field != "body" {
		field = "comment_line"
	}
	return &resource.ValidationError{Field: field, Message: ve.Message}
}

// lineRef names a diff line in a form value: "OLD-NEW".
func lineRef(oldNo, newNo int) string { return strconv.Itoa(oldNo) + "-" + strconv.Itoa(newNo) }

func parseLineRef(v string) (oldNo, newNo int, ok bool) {
	o, n, found := strings.Cut(v, "-")
	if !found {
		return 0, 0, false
	}
	oldNo, ok1 := smallInt(o)
	newNo, ok2 := smallInt(n)
	if !ok1 || !ok2 || (oldNo == 0 && newNo == 0) {
		return 0, 0, false
	}
	return oldNo, newNo, true
}

// smallInt parses a non-negative decimal of at most nine digits.
func smallInt(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && len(s) <= 9
}

// placeComments puts each line comment on the diff line it names and
// returns the others: comments on the whole proposal, and those whose line
// the diff no longer shows (the derivative changed since).
func placeComments(d *diffView, comments []versioning.ProposalComment) (rest []versioning.ProposalComment) {
	at := map[[2]int]*lineView{}
	for h := range d.Hunks {
		for l := range d.Hunks[h].Lines {
			lv := &d.Hunks[h].Lines[l]
			at[[2]int{lv.Old, lv.New}] = lv
		}
	}
	for _, c := range comments {
		if lv, ok := at[[2]int{c.LineOld, c.LineNew}]; ok && (c.LineOld > 0 || c.LineNew > 0) && lv.Text == c.LineText {
			lv.Comments = append(lv.Comments, c)
			continue
		}
		rest = append(rest, c)
	}
	return rest
}

// lineChoice is a diff line offered to the comment form.
type lineChoice struct {
	Value, Label string
}

// lineChoices lists the diff's lines for the comment form's picker.
func lineChoices(loc *i18n.Locale, d diffView) []lineChoice {
	var out []lineChoice
	for _, h := range d.Hunks {
		for _, l := range h.Lines {
			var where string
			switch l.Kind {
			case "ins":
				where = loc.T("added line {line}", "line", l.New)
			case "del":
				where = loc.T("removed line {line}", "line", l.Old)
			default:
				where = loc.T("line {line}", "line", l.New)
			}
			text := []rune(strings.TrimSpace(l.Text))
			if len(text) > 60 {
				text = append(text[:59], '…')
			}
			out = append(out, lineChoice{Value: lineRef(l.Old, l.New), Label: where + ": " + string(text)})
		}
	}
	return out
}

package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

type personJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type revisionRefJSON struct {
	ID            string `json:"id"`
	Resource      string `json:"resource"`
	ResourceTitle string `json:"resource_title"`
	Version       int64  `json:"version"`
}

type revisionJSON struct {
	ID       string            `json:"id"`
	Resource string            `json:"resource"`
	Version  int64             `json:"version"`
	Kind     string            `json:"kind"`
	Message  string            `json:"message"`
	Author   *personJSON       `json:"author,omitempty"`
	Parents  []revisionRefJSON `json:"parents"`
	Created  time.Time         `json:"created"`
	Content  *string           `json:"content,omitempty"`
	Authors  []authorJSON      `json:"authors,omitempty"`
}

type authorJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Chars int    `json:"chars"` // UTF-16 code units credited to them
}

func toRevisionJSON(r versioning.Revision) revisionJSON {
	out := revisionJSON{ID: r.ID, Resource: r.ResourceID, Version: r.Version, Kind: r.Kind, Message: r.Message,
		Created: r.Created, Parents: []revisionRefJSON{}}
	if r.AuthorID != "" {
		out.Author = &personJSON{ID: r.AuthorID, Name: r.AuthorName}
	}
	for _, p := range r.Parents {
		out.Parents = append(out.Parents, revisionRefJSON{ID: p.ID, Resource: p.ResourceID, ResourceTitle: p.ResourceTitle, Version: p.Version})
	}
	return out
}

// apiCreateRevision names the current text as a version.
func (s *Server) apiCreateRevision(c echo.Context) error {
	var req struct {
		Message string `json:"message"`
	}
	if err := readJSON(c, &req); err != nil {
		return err
	}
	rev, err := s.nameVersion(c, c.Param("id"), req.Message)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toRevisionJSON(rev))
}

// nameVersion cuts a named revision of the resource's current text.
func (s *Server) nameVersion(c echo.Context, id, message string) (versioning.Revision, error) {
	r, _, err := s.resourceFor(c, id, resource.CutRevision)
	if err != nil {
		return versioning.Revision{}, err
	}
	message = strings.TrimSpace(message)
	if message == "" {
		return versioning.Revision{}, &resource.ValidationError{Field: "message", Message: "is required: say what this version is (e.g. “Ready for term 2”)"}
	}
	if len([]rune(message)) > 500 {
		return versioning.Revision{}, &resource.ValidationError{Field: "message", Message: "must be at most 500 characters"}
	}
	rev, _, err := s.cutRevision(c.Request().Context(), r.ID, versioning.RevNamed, message, userID(c), false)
	if err != nil {
		return versioning.Revision{}, err
	}
	s.audit(c.Request().Context(), c, "revision.create", r.ID, map[string]any{"revision": rev.ID})
	return rev, nil
}

func (s *Server) apiListRevisions(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	offset, _ := strconv.Atoi(c.QueryParam("offset"))
	if offset < 0 {
		offset = 0
	}
	list, total, err := s.db.ListRevisions(c.Request().Context(), r.ID, limit, offset)
	if err != nil {
		return err
	}
	out := make([]revisionJSON, len(list))
	for i, rev := range list {
		out[i] = toRevisionJSON(rev)
	}
	return c.JSON(http.StatusOK, map[string]any{"revisions": out, "total": total})
}

// revisionFor loads a revision the caller may read (its resource visible).
func (s *Server) revisionFor(c echo.Context, id string) (versioning.Revision, error) {
	rev, err := s.db.Revision(c.Request().Context(), id)
	if err != nil {
		return rev, err
	}
	if _, _, err := s.resourceFor(c, rev.ResourceID, resource.View); err != nil {
		return rev, err
	}
	return rev, nil
}

func (s *Server) apiGetRevision(c echo.Context) error {
	rev, err := s.revisionFor(c, c.Param("rev"))
	if err != nil {
		return err
	}
	out := toRevisionJSON(rev)
	content := rev.Content
	out.Content = &content
	spans, err := spansOf(rev.Attribution)
	if err != nil {
		return err
	}
	names, err := s.names(c, authorIDs(spans))
	if err != nil {
		return err
	}
	count := map[string]int{}
	for _, sp := range spans {
		count[sp.Author] += sp.Len
	}
	out.Authors = []authorJSON{}
	for _, id := range authorIDs(spans) {
		out.Authors = append(out.Authors, authorJSON{ID: id, Name: names[id], Chars: count[id]})
	}
	return c.JSON(http.StatusOK, out)
}

// names maps user ids to display names.
func (s *Server) names(c echo.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	users, err := s.db.UserNames(c.Request().Context(), ids)
	if err != nil {
		return nil, err
	}
	for id, u := range users {
		out[id] = u.Name
	}
	return out, nil
}

// textRef is a text to compare: a revision or the current text of a resource.
type textRef struct {
	Label    string
	Revision *versioning.Revision
	Text     string
}

// textAt resolves ref ("" or "current": the resource's text now; otherwise
// a revision id of any resource the caller may read).
func (s *Server) textAt(c echo.Context, r resource.Resource, ref string) (textRef, error) {
	if ref == "" || ref == "current" {
		cur, err := s.texts.Current(c.Request().Context(), r.ID)
		if err != nil {
			return textRef{}, err
		}
		return textRef{Label: "current text (version " + strconv.FormatInt(cur.Version, 10) + ")", Text: cur.Text}, nil
	}
	rev, err := s.revisionFor(c, ref)
	if err != nil {
		return textRef{}, err
	}
	label := "revision " + shortID(rev.ID) + " (version " + strconv.FormatInt(rev.Version, 10) + ")"
	if rev.Message != "" {
		label += " “" + rev.Message + "”"
	}
	return textRef{Label: label, Revision: &rev, Text: rev.Content}, nil
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// diffRange resolves ?from= and ?to= for a resource: to defaults to the
// current text, from to the latest revision before it.
func (s *Server) diffRange(c echo.Context, r resource.Resource) (textRef, textRef, versioning.Diff, error) {
	fromRef, toRef := c.QueryParam("from"), c.QueryParam("to")
	to, err := s.textAt(c, r, toRef)
	if err != nil {
		return textRef{}, textRef{}, versioning.Diff{}, err
	}
	if fromRef == "" {
		if to.Revision != nil && len(to.Revision.Parents) > 0 {
			fromRef = to.Revision.Parents[0].ID
		} else if to.Revision == nil {
			if last, err := s.db.LatestRevision(c.Request().Context(), r.ID); err == nil {
				fromRef = last.ID
			}
		}
	}
	var from textRef
	if fromRef == "" {
		from = textRef{Label: "empty text"}
	} else if from, err = s.textAt(c, r, fromRef); err != nil {
		return textRef{}, textRef{}, versioning.Diff{}, err
	}
	d, err := versioning.ComputeDiff(from.Text, to.Text, -1)
	return from, to, d, err
}

type segmentJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

type lineJSON struct {
	Op       string        `json:"op"`
	Old      int           `json:"old,omitempty"`
	New      int           `json:"new,omitempty"`
	Text     string        `json:"text"`
	Segments []segmentJSON `json:"segments,omitempty"`
}

type hunkJSON struct {
	OldStart int        `json:"old_start"`
	OldLines int        `json:"old_lines"`
	NewStart int        `json:"new_start"`
	NewLines int        `json:"new_lines"`
	Lines    []lineJSON `json:"lines"`
}

type diffJSON struct {
	From      string     `json:"from"`
	To        string     `json:"to"`
	Added     int        `json:"added"`
	Removed   int        `json:"removed"`
	Identical bool       `json:"identical"`
	Hunks     []hunkJSON `json:"hunks"`
	Unified   string     `json:"unified"`
}

func toDiffJSON(from, to textRef, d versioning.Diff) diffJSON {
	out := diffJSON{From: from.Label, To: to.Label, Added: d.Added, Removed: d.Removed, Identical: d.Identical,
		Hunks: []hunkJSON{}, Unified: d.Unified()}
	for _, h := range d.Hunks {
		hj := hunkJSON{OldStart: h.OldStart, OldLines: h.OldLines, NewStart: h.NewStart, NewLines: h.NewLines}
		for _, l := range h.Lines {
			lj := lineJSON{Op: opName(l.Op), Old: l.OldNo, New: l.NewNo, Text: l.Text}
			for _, sg := range l.Segments {
				lj.Segments = append(lj.Segments, segmentJSON{Op: opName(sg.Op), Text: sg.Text})
			}
			hj.Lines = append(hj.Lines, lj)
		}
		out.Hunks = append(out.Hunks, hj)
	}
	return out
}

func opName(o versioning.Op) string {
	switch o {
	case versioning.Insert:
		return "insert"
	case versioning.Delete:
		return "delete"
	}
	return "equal"
}

func (s *Server) apiDiff(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	from, to, d, err := s.diffRange(c, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDiffJSON(from, to, d))
}

type blameSpanJSON struct {
	Author string `json:"author"`
	Name   string `json:"name"`
	Text   string `json:"text"`
}

// apiBlame credits each part of a text to its author: at ?revision= (any
// revision of this resource or, through forks and merges, of its family),
// or the current text. Spans were carried across forks and merges when the
// revisions were written, so credit crosses the graph.
func (s *Server) apiBlame(c echo.Context) error {
	r, _, err := s.resourceFor(c, c.Param("id"), resource.View)
	if err != nil {
		return err
	}
	spans, text, version, revID, err := s.blameOf(c, r, c.QueryParam("revision"))
	if err != nil {
		return err
	}
	out, err := s.blameSpans(c, text, spans)
	if err != nil {
		return err
	}
	body := map[string]any{"spans": out, "version": version}
	if revID != "" {
		body["revision"] = revID
	}
	return c.JSON(http.StatusOK, body)
}

func (s *Server) blameOf(c echo.Context, r resource.Resource, revID string) ([]versioning.Span, string, int64, string, error) {
	if revID == "" {
		cur, err := s.texts.Current(c.Request().Context(), r.ID)
		if err != nil {
			return nil, "", 0, "", err
		}
		return toVersioningSpans(cur.Attribution), cur.Text, cur.Version, "", nil
	}
	rev, err := s.revisionFor(c, revID)
	if err != nil {
		return nil, "", 0, "", err
	}
	if rev.ResourceID != r.ID {
		return nil, "", 0, "", newError(http.StatusNotFound, "not_found", "revision %s is not a revision of this resource", revID)
	}
	spans, err := spansOf(rev.Attribution)
	return spans, rev.Content, rev.Version, rev.ID, err
}

func (s *Server) blameSpans(c echo.Context, text string, spans []versioning.Span) ([]blameSpanJSON, error) {
	names, err := s.names(c, authorIDs(spans))
	if err != nil {
		return nil, err
	}
	out := []blameSpanJSON{}
	for _, p := range versioning.SplitSpans(text, spans) {
		if p.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Author == p.Author {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, blameSpanJSON{Author: p.Author, Name: names[p.Author], Text: p.Text})
	}
	return out, nil
}

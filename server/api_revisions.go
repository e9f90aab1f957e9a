package server

import (
	"math"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server/httpx"
	"github.com/commonplace/commonplace/server/wire"
	"github.com/commonplace/commonplace/versioning"
)

type revisionRefJSON struct {
	ID            string `json:"id"`
	Resource      string `json:"resource"`
	ResourceTitle string `json:"resource_title"`
	Version       int64  `json:"version"`
	Number        int64  `json:"number,omitempty"`
	Hidden        bool   `json:"hidden,omitempty"`
}

type revisionJSON struct {
	ID           string            `json:"id"`
	Resource     string            `json:"resource"`
	Number       int64             `json:"number"`
	Label        string            `json:"label"`
	Version      int64             `json:"version"`
	Kind         string            `json:"kind"`
	Message      string            `json:"message"`
	Author       *wire.PersonJSON  `json:"author,omitempty"`
	RestoredFrom *revisionRefJSON  `json:"restored_from,omitempty"`
	Contributors []contributorJSON `json:"contributors"`
	Parents      []revisionRefJSON `json:"parents"`
	Created      time.Time         `json:"created"`
	URL          string            `json:"url"`
	Content      *string           `json:"content,omitempty"`
	Authors      []authorJSON      `json:"authors,omitempty"`
}

type contributorJSON struct {
	ID     string `json:"id"`
	Handle string `json:"handle"`
	Name   string `json:"name"`
}

type authorJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Chars int    `json:"chars"` // UTF-16 code units credited to them
}

func toRevisionJSON(r versioning.Revision) revisionJSON {
	out := revisionJSON{ID: r.ID, Resource: r.ResourceID, Number: r.Number, Label: app.RevisionLabel(r), Version: r.Version,
		Kind: r.Kind, Message: r.Message, Created: r.Created, Parents: []revisionRefJSON{}, Contributors: []contributorJSON{},
		URL: revisionURL(r.ResourceID, r.ID)}
	if r.AuthorID != "" {
		out.Author = &wire.PersonJSON{ID: r.AuthorID, Name: r.AuthorName}
	}
	if r.RestoredFrom != "" {
		out.RestoredFrom = &revisionRefJSON{ID: r.RestoredFrom, Resource: r.ResourceID, Number: r.RestoredFromNumber}
	}
	for _, p := range r.Contributors {
		out.Contributors = append(out.Contributors, contributorJSON{ID: p.ID, Handle: p.Handle, Name: p.Name})
	}
	for _, p := range r.Parents {
		out.Parents = append(out.Parents, revisionRefJSON{ID: p.ID, Resource: p.ResourceID, ResourceTitle: p.ResourceTitle,
			Version: p.Version, Number: p.Number, Hidden: p.Hidden})
	}
	return out
}

// apiCreateRevision names the current text as a version.
func (s *Server) apiCreateRevision(c echo.Context) error {
	var req struct {
		Message string `json:"message"`
	}
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	rev, err := s.app.NameVersion(c.Request().Context(), httpx.Actor(c), c.Param("id"), req.Message)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toRevisionJSON(rev))
}

// revisionURL is the page of a revision.
func revisionURL(resourceID, revisionID string) string {
	return "/r/" + resourceID + "/revisions/" + revisionID
}

func (s *Server) apiListRevisions(c echo.Context) error {
	limit, err := httpx.QueryInt(c, "limit", 50, 1, 200)
	if err != nil {
		return err
	}
	offset, err := httpx.QueryInt(c, "offset", 0, 0, math.MaxInt32)
	if err != nil {
		return err
	}
	_, _, list, total, err := s.app.Revisions(c.Request().Context(), httpx.Actor(c), c.Param("id"), int(limit), int(offset))
	if err != nil {
		return err
	}
	out := make([]revisionJSON, len(list))
	for i, rev := range list {
		out[i] = toRevisionJSON(rev)
	}
	return c.JSON(http.StatusOK, map[string]any{"revisions": out, "total": total})
}

func (s *Server) apiGetRevision(c echo.Context) error {
	rev, shares, err := s.app.Revision(c.Request().Context(), httpx.Actor(c), c.Param("rev"))
	if err != nil {
		return err
	}
	out := toRevisionJSON(rev)
	out.Content = &rev.Content
	out.Authors = make([]authorJSON, len(shares))
	for i, a := range shares {
		out.Authors[i] = authorJSON(a)
	}
	return c.JSON(http.StatusOK, out)
}

func toDiffJSON(from, to string, d versioning.Diff) wire.DiffJSON {
	out := wire.DiffJSON{From: from, To: to, Added: d.Added, Removed: d.Removed, Identical: d.Identical,
		Hunks: []wire.HunkJSON{}, Unified: d.Unified()}
	for _, h := range d.Hunks {
		hj := wire.HunkJSON{OldStart: h.OldStart, OldLines: h.OldLines, NewStart: h.NewStart, NewLines: h.NewLines}
		for _, l := range h.Lines {
			lj := wire.LineJSON{Op: opName(l.Op), Old: l.OldNo, New: l.NewNo, Text: l.Text}
			for _, sg := range l.Segments {
				lj.Segments = append(lj.Segments, wire.SegmentJSON{Op: opName(sg.Op), Text: sg.Text})
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
	cmp, err := s.app.Diff(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDiffJSON(cmp.From.Label, cmp.To.Label, cmp.Diff))
}

type blameSpanJSON struct {
	Author string `json:"author"`
	Name   string `json:"name"`
	Text   string `json:"text"`
}

// apiBlame credits each part of a text to its author: at ?revision= or the
// current text.
func (s *Server) apiBlame(c echo.Context) error {
	b, err := s.app.Blame(c.Request().Context(), httpx.Actor(c), c.Param("id"), c.QueryParam("revision"))
	if err != nil {
		return err
	}
	spans := make([]blameSpanJSON, len(b.Parts))
	for i, p := range b.Parts {
		spans[i] = blameSpanJSON(p)
	}
	body := map[string]any{"spans": spans, "version": b.Version}
	if b.Revision != "" {
		body["revision"] = b.Revision
	}
	return c.JSON(http.StatusOK, body)
}

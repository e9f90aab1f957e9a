package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// A translation is a resource of kind translation pinned to one text of its
// source (table translation_sources). Its segments live in
// translation_segments; its content (read through s.texts like any other
// resource) is the Markdown rebuilt from the pinned source's skeleton and
// the segments' targets, refreshed after every segment change.

// tctx is a translation loaded for a request, with the caller's rights.
type tctx struct {
	R    resource.Resource
	Role resource.Role
	Src  translation.Source
	c    echo.Context
}

func (t *tctx) can(a resource.Action) bool {
	return resource.Authorize(actorOf(t.c), t.Role, t.R.Visibility, a) == resource.Allowed
}

var errNotTranslation = newError(http.StatusNotFound, "not_a_translation", "this resource is not a translation")

// translationFor loads translation id and checks the caller may do at least
// one of actions (View when none is given).
func (s *Server) translationFor(c echo.Context, id string, actions ...resource.Action) (*tctx, error) {
	r, role, err := s.resourceFor(c, id, resource.View)
	if err != nil {
		return nil, err
	}
	t := &tctx{R: r, Role: role, c: c}
	if len(actions) > 0 {
		ok := false
		for _, a := range actions {
			ok = ok || t.can(a)
		}
		if !ok {
			if currentUser(c) == nil {
				return nil, errUnauthorized
			}
			return nil, errForbidden
		}
	}
	if r.Kind != resource.Translation {
		return nil, errNotTranslation
	}
	if t.Src, err = s.db.TranslationSourceOf(c.Request().Context(), r.ID); err != nil {
		return nil, err
	}
	return t, nil
}

type placeholderJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Bytes   string `json:"bytes"`
	Display string `json:"display"`
}

func placeholdersJSON(ps []translation.Placeholder) []byte {
	out := make([]placeholderJSON, len(ps))
	for i, p := range ps {
		out[i] = placeholderJSON{ID: p.ID, Kind: p.Kind, Bytes: p.Bytes, Display: p.Display}
	}
	b, _ := json.Marshal(out) // plain strings: cannot fail
	return b
}

func parsePlaceholders(b []byte) []translation.Placeholder {
	var in []placeholderJSON
	_ = json.Unmarshal(b, &in) // written by placeholdersJSON
	out := make([]translation.Placeholder, len(in))
	for i, p := range in {
		out[i] = translation.Placeholder{ID: p.ID, Kind: p.Kind, Bytes: p.Bytes, Display: p.Display}
	}
	return out
}

// domainSegment rebuilds the translation.Segment of a stored row, enough to
// check placeholders.
func domainSegment(sg translation.StoredSegment) translation.Segment {
	return translation.Segment{ID: sg.ID, Source: sg.Source, Placeholders: parsePlaceholders(sg.Placeholders), Hash: sg.SourceHash}
}

// segmentRows turns a segmented document into fresh, untranslated rows.
func segmentRows(doc *translation.Document) []translation.StoredSegment {
	rows := make([]translation.StoredSegment, len(doc.Segments))
	for i, sg := range doc.Segments {
		rows[i] = newRow(i, sg)
	}
	return rows
}

func newRow(pos int, sg translation.Segment) translation.StoredSegment {
	return translation.StoredSegment{ID: sg.ID, Position: pos, Source: sg.Source, SourceHash: sg.Hash,
		Placeholders: placeholdersJSON(sg.Placeholders), State: string(translation.StateInitial)}
}

func isApproved(state string) bool {
	return state == string(translation.StateReviewed) || state == string(translation.StateFinal)
}

// assemble rebuilds the translated Markdown from the pinned source and the
// targets. published keeps only reviewed/final targets that are not
// outdated; the other segments fall back to the source text (they are not
// omitted, so the document keeps its structure). Targets whose placeholders
// no longer fit the segment (a source changed under them) fall back too.
// mark, when not nil, wraps every segment shown in the source language.
func assemble(src translation.Source, segs []translation.StoredSegment, published bool, mark func(string) string) (string, error) {
	doc, err := translation.SegmentMarkdown([]byte(src.SourceText))
	if err != nil {
		return "", fmt.Errorf("segment pinned source: %w", err)
	}
	byID := make(map[string]translation.Segment, len(doc.Segments))
	for _, sg := range doc.Segments {
		byID[sg.ID] = sg
	}
	targets := map[string]string{}
	for _, sg := range segs {
		if sg.Target == "" || (published && (!isApproved(sg.State) || sg.Outdated)) {
			continue
		}
		d, ok := byID[sg.ID]
		if !ok || translation.CheckPlaceholders(d, sg.Target) != nil {
			continue
		}
		targets[sg.ID] = sg.Target
	}
	if mark != nil {
		return doc.RebuildMarked(targets, mark)
	}
	return doc.Rebuild(targets)
}

// refreshContent rebuilds the translation's text and stores it through
// s.texts when it changed. Call it holding the translation lock.
func (s *Server) refreshContent(ctx context.Context, t *tctx, author Author) error {
	src, err := s.db.TranslationSourceOf(ctx, t.R.ID)
	if err != nil {
		return err
	}
	segs, err := s.db.Segments(ctx, t.R.ID, store.SegmentFilter{})
	if err != nil {
		return err
	}
	text, err := assemble(src, segs, false, nil)
	if err != nil {
		return err
	}
	cur, err := s.texts.Current(ctx, t.R.ID)
	if err != nil {
		return err
	}
	if cur.Text == text {
		return nil
	}
	if _, err := s.texts.Replace(ctx, t.R.ID, author, -1, text, nil); err != nil {
		return fmt.Errorf("store translated text of %s: %w", t.R.ID, err)
	}
	return nil
}

func authorOf(c echo.Context) Author {
	if u := currentUser(c); u != nil {
		return Author{UserID: u.ID, Name: u.Name}
	}
	return Author{}
}

// feedMemory records segments' current translations in the memory of the
// language pair: each translated, not outdated segment is one entry, keyed by
// segment so a later edit replaces it; emptied segments leave the memory.
func (s *Server) feedMemory(ctx context.Context, t *tctx, segs []translation.StoredSegment) error {
	var put []translation.MemoryEntry
	for _, sg := range segs {
		if sg.Target == "" || sg.State == string(translation.StateInitial) {
			if err := s.db.DeleteTM(ctx, t.R.ID, t.Src.SourceLanguage, t.R.Language, sg.ID); err != nil {
				return err
			}
			continue
		}
		if sg.Outdated {
			continue
		}
		put = append(put, translation.MemoryEntry{SourceLang: t.Src.SourceLanguage, TargetLang: t.R.Language, Source: sg.Source,
			Target: sg.Target, Approved: isApproved(sg.State), OriginResource: t.R.ID, OriginKey: sg.ID})
	}
	return s.db.PutTM(ctx, put)
}

// progress counts segments: translated includes reviewed and final,
// reviewed includes final; percent is translated over total.
type progressJSON struct {
	Total      int `json:"total"`
	Translated int `json:"translated"`
	Reviewed   int `json:"reviewed"`
	Final      int `json:"final"`
	Outdated   int `json:"outdated"`
	Percent    int `json:"percent"`
}

func progressOf(segs []translation.StoredSegment) progressJSON {
	var p progressJSON
	p.Total = len(segs)
	for _, sg := range segs {
		if sg.State != string(translation.StateInitial) {
			p.Translated++
		}
		if isApproved(sg.State) {
			p.Reviewed++
		}
		if sg.State == string(translation.StateFinal) {
			p.Final++
		}
		if sg.Outdated {
			p.Outdated++
		}
	}
	if p.Total > 0 {
		p.Percent = p.Translated * 100 / p.Total
	}
	return p
}

type wordDiffJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

type commentJSON struct {
	ID       string          `json:"id"`
	Author   resource.Person `json:"author"`
	Body     string          `json:"body"`
	SentBack bool            `json:"sent_back"`
	Created  string          `json:"created"`
}

type tSegmentJSON struct {
	ID             string            `json:"id"`
	Position       int               `json:"position"`
	Source         string            `json:"source"`
	Target         string            `json:"target"`
	State          string            `json:"state"`
	Outdated       bool              `json:"outdated"`
	PreviousSource string            `json:"previous_source,omitempty"`
	SourceDiff     []wordDiffJSON    `json:"source_diff,omitempty"`
	Placeholders   []placeholderJSON `json:"placeholders"`
	Rev            int64             `json:"rev"`
	Updated        string            `json:"updated"`
	Comments       []commentJSON     `json:"comments,omitempty"`
}

func toSegmentJSON(sg translation.StoredSegment, comments []translation.Comment) tSegmentJSON {
	out := tSegmentJSON{ID: sg.ID, Position: sg.Position, Source: sg.Source, Target: sg.Target, State: sg.State,
		Outdated: sg.Outdated, Rev: sg.Rev, Updated: sg.Updated.UTC().Format("2006-01-02T15:04:05.000000Z")}
	if err := json.Unmarshal(sg.Placeholders, &out.Placeholders); err != nil || out.Placeholders == nil {
		out.Placeholders = []placeholderJSON{}
	}
	if sg.Outdated && sg.PreviousSource != "" {
		out.PreviousSource = sg.PreviousSource
		for _, d := range translation.WordDiff(sg.PreviousSource, sg.Source) {
			out.SourceDiff = append(out.SourceDiff, wordDiffJSON{Op: d.Op, Text: d.Text})
		}
	}
	for _, c := range comments {
		out.Comments = append(out.Comments, commentJSON{ID: c.ID, Author: c.Author, Body: c.Body, SentBack: c.SentBack,
			Created: c.Created.UTC().Format("2006-01-02T15:04:05Z")})
	}
	return out
}

// sourceStatus says whether the source moved since the pinned version.
type sourceStatus struct {
	LatestVersion int64
	Moved         bool
}

func (s *Server) sourceStatus(ctx context.Context, src translation.Source) (sourceStatus, error) {
	cur, err := s.texts.Current(ctx, src.SourceID)
	if err != nil {
		return sourceStatus{}, err
	}
	return sourceStatus{LatestVersion: cur.Version, Moved: cur.Version != src.SourceVersion && cur.Text != src.SourceText}, nil
}

// cleanTarget normalises what a translator typed: LF line ends, no
// surrounding blank lines.
func cleanTarget(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(s)
}

// jsonAttribution encodes a text's attribution spans for a new resource.
func jsonAttribution(st TextState) ([]byte, error) {
	if st.Attribution == nil {
		return []byte("[]"), nil
	}
	b, err := json.Marshal(st.Attribution)
	if err != nil {
		return nil, fmt.Errorf("encode attribution: %w", err)
	}
	return b, nil
}

// saveSegment stores one segment change, rebuilds the translation's text
// from its segments, feeds the memory, and returns the segment as stored.
func (s *Server) saveSegment(ctx context.Context, c echo.Context, t *tctx, sid string, change store.SegmentChange) (translation.StoredSegment, error) {
	if _, err := s.db.UpdateSegments(ctx, t.R.ID, userID(c), []store.SegmentChange{change}); err != nil {
		return translation.StoredSegment{}, err
	}
	if err := s.refreshContent(ctx, t, authorOf(c)); err != nil {
		return translation.StoredSegment{}, err
	}
	saved, err := s.db.Segment(ctx, t.R.ID, sid)
	if err != nil {
		return translation.StoredSegment{}, err
	}
	return saved, s.feedMemory(ctx, t, []translation.StoredSegment{saved})
}

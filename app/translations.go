package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// A translation is a resource of kind translation pinned to one text of its
// source (table translation_sources). Its segments live in
// translation_segments; its content (read through the live texts like any
// other resource) is the Markdown rebuilt from the pinned source's skeleton
// and the segments' targets, refreshed after every segment change.

// Translation is a translation loaded for a use case, with the caller's rights.
type Translation struct {
	Resource resource.Resource
	Access   Access
	Source   translation.Source
}

var errNotTranslation = newErr(NotFound, "not_a_translation", "this resource is not a translation")

// ErrTranslationText refuses writing a translation's text directly (a
// PATCH of its content, ops, a merge into it): the text is rebuilt from the
// segments after every segment change, which would silently erase it.
var ErrTranslationText = &Error{Kind: Invalid, Code: "translation_text", Field: "content",
	Message: "the text of a translation is written through its segments: translate it on its translator's page (/r/<id>/translate) or with PUT /api/v1/resources/<id>/segments/<segment>"}

// translationFor loads translation id and checks the caller may do at least
// one of acts (View when none is given).
func (a *App) translationFor(ctx context.Context, who Actor, id string, acts ...resource.Action) (Translation, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return Translation{}, err
	}
	if len(acts) > 0 {
		if err := x.requireAny(acts...); err != nil {
			return Translation{}, err
		}
	}
	if r.Kind != resource.Translation {
		return Translation{}, errNotTranslation
	}
	src, err := a.db.TranslationSourceOf(ctx, r.ID)
	if err != nil {
		return Translation{}, err
	}
	return Translation{Resource: r, Access: x, Source: src}, nil
}

// StartRequest asks for a new translation into Language.
type StartRequest struct {
	Language   string
	Title      *string
	License    *string
	Visibility *string
	// CheckExisting refuses with *ExistingTranslationsError when the
	// caller may already see a translation into Language: see what exists
	// before duplicating it.
	CheckExisting bool
}

// StartTranslation creates a translation of a source resource: its text is
// cut into segments, pinned to the source's current text and revision, and
// the caller owns the new resource.
func (a *App) StartTranslation(ctx context.Context, who Actor, id string, req StartRequest) (resource.Resource, error) {
	if !who.SignedIn() {
		return resource.Resource{}, ErrUnauthorized
	}
	src, _, err := a.resourceFor(ctx, who, id, resource.Derive)
	if err != nil {
		return resource.Resource{}, err
	}
	if src.Kind == resource.Translation {
		// Translating a translation would chain errors; translate the original.
		if ts, err := a.db.TranslationSourceOf(ctx, src.ID); err == nil {
			where := "its source"
			if ok, err := a.readable(ctx, who, ts.SourceID); err == nil && ok[ts.SourceID] {
				where += " /r/" + ts.SourceID
			}
			return resource.Resource{}, &resource.ValidationError{Field: "resource", Message: "this is a translation; start from " + where}
		}
	}
	lang, err := resource.CanonicalLanguage(req.Language)
	if err != nil {
		return resource.Resource{}, err
	}
	// A translation is an adaptation: ND and unknown licences forbid it.
	if err := license.CanAdapt(src.License); err != nil {
		return resource.Resource{}, err
	}
	if lang == src.Language {
		return resource.Resource{}, &resource.ValidationError{Field: "language", Message: "is the source's own language (" + lang + "); pick another"}
	}
	if req.CheckExisting {
		if err := a.refuseExistingTranslation(ctx, who, src, lang); err != nil {
			return resource.Resource{}, err
		}
	}
	lic := license.DefaultForFork(src.License)
	if req.License != nil && strings.TrimSpace(*req.License) != "" {
		if _, err := license.CheckDerivative(src.License, strings.TrimSpace(*req.License)); err != nil {
			if errors.Is(err, license.ErrUnknown) {
				return resource.Resource{}, &resource.ValidationError{Field: "license", Message: err.Error()}
			}
			return resource.Resource{}, err
		}
		l, _ := license.Lookup(strings.TrimSpace(*req.License))
		lic = l.ID
	}
	cur, err := a.texts.Current(ctx, src.ID)
	if err != nil {
		return resource.Resource{}, err
	}
	// Pin the source revision too: it places the translation in the family
	// graph and gives it the same attribution snapshot a fork gets.
	rev, err := a.ensureRevision(ctx, src.ID)
	if err != nil {
		return resource.Resource{}, err
	}
	chain, err := a.sourceSnapshot(ctx, src, rev)
	if err != nil {
		return resource.Resource{}, err
	}
	snap, err := json.Marshal(chain)
	if err != nil {
		return resource.Resource{}, err
	}
	doc, err := translation.SegmentMarkdown([]byte(cur.Text))
	if err != nil {
		return resource.Resource{}, &resource.ValidationError{Field: "content", Message: "the source cannot be segmented: " + err.Error()}
	}
	r := resource.Resource{FamilyID: src.FamilyID, Kind: resource.Translation, Title: defaultTitle(src.Title, lang),
		Summary: src.Summary, Content: cur.Text, Language: lang, License: lic, Subjects: src.Subjects, Level: src.Level,
		Visibility: src.Visibility, Owner: who.person()}
	if req.Title != nil || req.Visibility != nil {
		if err := r.Apply(resource.Fields{Title: req.Title, Visibility: req.Visibility}); err != nil {
			return resource.Resource{}, err
		}
	}
	if err := r.ValidateNew(); err != nil {
		return resource.Resource{}, err
	}
	if err := a.checkDerivativeVisibility(ctx, who, src.ID, r.Visibility); err != nil {
		return resource.Resource{}, err
	}
	// Until segments are translated the text is the source's, credited to its authors.
	attr, err := json.Marshal(normalAttribution(cur.Attribution))
	if err != nil {
		return resource.Resource{}, err
	}
	rows := append(metaRows(src), segmentRows(doc)...)
	if req.Title != nil && r.Title != defaultTitle(src.Title, lang) {
		// A title chosen at the start is the title's first translation.
		rows[0].Target, rows[0].State, rows[0].TranslatedBy, rows[0].UpdatedBy = r.Title, translation.StateTranslated, who.ID, who.ID
	}
	created, err := a.db.CreateTranslation(ctx, r, attr, translation.Source{SourceID: src.ID, SourceVersion: cur.Version,
		SourceText: cur.Text, SourceLanguage: src.Language, SourceRevision: rev.ID, Snapshot: snap}, rows)
	if err != nil {
		return resource.Resource{}, err
	}
	a.audit(ctx, who, "translation.start", created.ID, map[string]any{"source": src.ID, "language": lang})
	a.derivativeCreated(ctx, who, KindTranslationCreated, created.ID, src.ID, map[string]string{"language": lang})
	if err := a.withCurrentText(ctx, &created); err != nil {
		return created, err
	}
	return created, nil
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
		Placeholders: sg.Placeholders, State: translation.StateInitial}
}

// IsApproved reports whether a segment state counts as reviewed.
func IsApproved(state translation.State) bool {
	return state == translation.StateReviewed || state == translation.StateFinal
}

// assemble rebuilds the translated Markdown from the pinned source and the
// targets. published keeps only reviewed/final targets that are not
// outdated; the other segments fall back to the source text (they are not
// omitted, so the document keeps its structure).
func assemble(src translation.Source, segs []translation.StoredSegment, published bool) (string, error) {
	doc, targets, err := shownTargets(src, segs, published)
	if err != nil {
		return "", err
	}
	return doc.Rebuild(targets)
}

// shownTargets segments the pinned source and picks the targets a reader
// sees. Targets whose placeholders no longer fit the segment (a source
// changed under them) fall back to the source too.
func shownTargets(src translation.Source, segs []translation.StoredSegment, published bool) (*translation.Document, map[string]string, error) {
	doc, err := translation.SegmentMarkdown([]byte(src.SourceText))
	if err != nil {
		return nil, nil, fmt.Errorf("segment pinned source: %w", err)
	}
	byID := make(map[string]translation.Segment, len(doc.Segments))
	for _, sg := range doc.Segments {
		byID[sg.ID] = sg
	}
	targets := map[string]string{}
	for _, sg := range segs {
		if sg.Target == "" || (published && (!IsApproved(sg.State) || sg.Outdated)) {
			continue
		}
		d, ok := byID[sg.ID]
		if !ok || translation.CheckPlaceholders(d, sg.Target) != nil {
			continue
		}
		targets[sg.ID] = sg.Target
	}
	return doc, targets, nil
}

// refreshContent rebuilds the translation's text and stores it through the
// live texts when it changed. Call it holding the translation lock.
func (a *App) refreshContent(ctx context.Context, t Translation, by Actor) error {
	src, err := a.db.TranslationSourceOf(ctx, t.Resource.ID)
	if err != nil {
		return err
	}
	segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
	if err != nil {
		return err
	}
	text, err := assemble(src, segs, false)
	if err != nil {
		return err
	}
	cur, err := a.texts.Current(ctx, t.Resource.ID)
	if err != nil {
		return err
	}
	if cur.Text == text {
		return nil
	}
	if _, err := a.texts.Replace(ctx, t.Resource.ID, by.author(), -1, text, nil); err != nil {
		return fmt.Errorf("store translated text of %s: %w", t.Resource.ID, err)
	}
	return nil
}

// feedMemory records segments' current translations in the memory of the
// language pair, as translation.MemoryActionFor decides: a real translation
// is one entry, keyed by segment so a later edit replaces it; an emptied
// segment, or a copy of its source nobody approved, leaves the memory.
func (a *App) feedMemory(ctx context.Context, t Translation, segs []translation.StoredSegment) error {
	var put []translation.MemoryEntry
	for _, sg := range segs {
		switch translation.MemoryActionFor(sg.Source, sg.Target, sg.State, sg.Outdated) {
		case translation.MemoryForget:
			if err := a.db.DeleteTM(ctx, t.Resource.ID, t.Source.SourceLanguage, t.Resource.Language, sg.ID); err != nil {
				return err
			}
		case translation.MemoryPut:
			put = append(put, translation.MemoryEntry{SourceLang: t.Source.SourceLanguage, TargetLang: t.Resource.Language, Source: sg.Source,
				Target: sg.Target, Placeholders: sg.Placeholders, Approved: IsApproved(sg.State), OriginResource: t.Resource.ID, OriginKey: sg.ID})
		}
	}
	return a.db.PutTM(ctx, put)
}

// Progress counts segments: translated includes reviewed and final,
// reviewed includes final; Percent is translated over total.
type Progress struct {
	Total, Translated, Reviewed, Final, Outdated, Percent int
}

func progressOf(segs []translation.StoredSegment) Progress {
	var p Progress
	p.Total = len(segs)
	for _, sg := range segs {
		if sg.State != translation.StateInitial {
			p.Translated++
		}
		if IsApproved(sg.State) {
			p.Reviewed++
		}
		if sg.State == translation.StateFinal {
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

// sourceStatus says whether the source moved since the pinned version.
type sourceStatus struct {
	LatestVersion int64
	Moved         bool
}

func (a *App) sourceStatus(ctx context.Context, src translation.Source) (sourceStatus, error) {
	cur, err := a.texts.Current(ctx, src.SourceID)
	if errors.Is(err, resource.ErrNotFound) {
		return sourceStatus{}, nil
	}
	if err != nil {
		return sourceStatus{}, err
	}
	return sourceStatus{LatestVersion: cur.Version, Moved: cur.Version != src.SourceVersion && cur.Text != src.SourceText}, nil
}

// TranslationInfo is a translation's state against its source.
type TranslationInfo struct {
	Source              string // "" when the source is hidden from the caller
	SourceHidden        bool
	SourceTitle         string
	SourceVersion       int64 // the pinned source version
	SourceLanguage      string
	LatestVersion       int64 // the source's version now
	SourceMoved         bool
	PublishApprovedOnly bool
	Progress            Progress
	// SelfApproval is the setting on approving one's own segments and
	// ApproveOwn what it means now (with the translation's roles).
	SelfApproval SelfApproval
	ApproveOwn   bool
}

func (a *App) translationInfo(ctx context.Context, who Actor, t Translation) (TranslationInfo, []translation.StoredSegment, error) {
	segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
	if err != nil {
		return TranslationInfo{}, nil, err
	}
	st, err := a.sourceStatus(ctx, t.Source)
	if err != nil {
		return TranslationInfo{}, nil, err
	}
	info := TranslationInfo{Source: t.Source.SourceID, SourceVersion: t.Source.SourceVersion, SourceLanguage: t.Source.SourceLanguage,
		LatestVersion: st.LatestVersion, SourceMoved: st.Moved, PublishApprovedOnly: t.Source.PublishApprovedOnly, Progress: progressOf(segs),
		SelfApproval: selfApprovalOf(t.Source.ApproveOwn)}
	if info.ApproveOwn, err = a.mayApproveOwn(ctx, t); err != nil {
		return info, segs, err
	}
	ok, err := a.readable(ctx, who, t.Source.SourceID)
	if err != nil {
		return info, segs, err
	}
	if ok[t.Source.SourceID] {
		if sr, err := a.db.Resource(ctx, t.Source.SourceID); err == nil {
			info.SourceTitle = sr.Title
		}
	} else {
		info.Source, info.SourceHidden, info.SourceTitle, info.LatestVersion, info.SourceMoved = "", true, HiddenTitle, 0, false
	}
	return info, segs, nil
}

// TranslationInfo is a translation's state against its source.
func (a *App) TranslationInfo(ctx context.Context, who Actor, id string) (TranslationInfo, error) {
	t, err := a.translationFor(ctx, who, id)
	if err != nil {
		return TranslationInfo{}, err
	}
	info, _, err := a.translationInfo(ctx, who, t)
	return info, err
}

// SetPublishApprovedOnly decides whether readers of a translation see only
// reviewed text; the translation's configurers may.
func (a *App) SetPublishApprovedOnly(ctx context.Context, who Actor, id string, on bool) error {
	t, err := a.translationFor(ctx, who, id, resource.Configure)
	if err != nil {
		return err
	}
	return a.db.SetPublishApprovedOnly(ctx, t.Resource.ID, on)
}

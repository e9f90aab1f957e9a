package app

import (
	"context"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// SyncReport reports what a sync did. carried: segments that kept their
// translation as current (unchanged, minor edits, and untranslated segments
// whose text changed); outdated: translated segments whose source changed
// (their translation is kept, flagged, with the previous source); added: new
// empty segments; removed: segments archived.
type SyncReport struct {
	SourceRevision int64
	Carried        int
	Outdated       int
	Added          int
	Removed        int
}

// realign computes the segments of a new source text from the old stored
// ones. It is pure apart from its inputs, so tests can reason about it.
func realign(oldText, newText string, stored []translation.StoredSegment) (segs, archived []translation.StoredSegment, res SyncReport, err error) {
	oldDoc, err := translation.SegmentMarkdown([]byte(oldText))
	if err != nil {
		return nil, nil, res, err
	}
	newDoc, err := translation.SegmentMarkdown([]byte(newText))
	if err != nil {
		return nil, nil, res, &resource.ValidationError{Field: "content", Message: "the source cannot be segmented: " + err.Error()}
	}
	byID := make(map[string]translation.StoredSegment, len(stored))
	for _, sg := range stored {
		byID[sg.ID] = sg
	}
	for _, a := range translation.Align(oldDoc, newDoc) {
		switch a.Kind {
		case translation.Removed:
			if old, ok := byID[a.Old.ID]; ok {
				if old.Target != "" {
					archived = append(archived, old)
				}
			}
			res.Removed++
			continue
		case translation.Added:
			segs = append(segs, newRow(len(segs), *a.New))
			res.Added++
			continue
		}
		row := newRow(len(segs), *a.New)
		old, ok := byID[a.Old.ID]
		if !ok || old.Target == "" {
			segs = append(segs, row)
			res.Carried++
			continue
		}
		row.Target, row.State, row.UpdatedBy, row.TranslatedBy = old.Target, old.State, old.UpdatedBy, old.TranslatedBy
		row.Outdated, row.PreviousSource = old.Outdated, old.PreviousSource
		kind := a.Kind
		// A minor edit that added or removed markup leaves a translation
		// whose placeholders no longer fit: it needs a look after all.
		if kind != translation.Changed && translation.CheckPlaceholders(*a.New, old.Target) != nil {
			kind = translation.Changed
		}
		if kind == translation.Changed {
			if !row.Outdated {
				// Keep the source the translation was made from, across several syncs.
				row.PreviousSource = old.Source
			}
			row.Outdated = true
			res.Outdated++
		} else {
			res.Carried++
		}
		segs = append(segs, row)
	}
	return segs, archived, res, nil
}

// SyncTranslation re-aligns a translation to its source's latest text.
func (a *App) SyncTranslation(ctx context.Context, who Actor, id string) (SyncReport, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate, resource.ApproveTranslation)
	if err != nil {
		return SyncReport{}, err
	}
	var res SyncReport
	err = a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
		src, err := a.db.TranslationSourceOf(ctx, t.Resource.ID)
		if err != nil {
			return err
		}
		cur, err := a.texts.Current(ctx, src.SourceID)
		if err != nil {
			return err
		}
		stored, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
		if err != nil {
			return err
		}
		srcRes, err := a.db.Resource(ctx, src.SourceID)
		if err != nil {
			return err
		}
		meta, metaOutdated := syncMeta(srcRes, stored)
		if cur.Text == src.SourceText && sameMeta(meta, stored) {
			res = SyncReport{SourceRevision: src.SourceVersion, Carried: len(stored)}
			return nil
		}
		segs, archived, r, err := realign(src.SourceText, cur.Text, stored)
		if err != nil {
			return err
		}
		if _, err := a.db.SyncTranslation(ctx, t.Resource.ID, cur.Version, cur.Text, append(meta, segs...), archived); err != nil {
			return err
		}
		r.SourceRevision, r.Outdated = cur.Version, r.Outdated+metaOutdated
		res = r
		if err := a.refreshMeta(ctx, t); err != nil {
			return err
		}
		return a.refreshContent(ctx, t, who)
	})
	if err == nil {
		a.audit(ctx, who, "translation.sync", t.Resource.ID, map[string]any{"source_revision": res.SourceRevision, "outdated": res.Outdated})
	}
	return res, err
}

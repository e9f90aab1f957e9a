package app

import (
	"context"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// ExchangeFile is a translation's segments as an exchange file (XLIFF or
// PO), for anyone who may read the translation.
func (a *App) ExchangeFile(ctx context.Context, who Actor, id string) (Translation, translation.File, error) {
	t, err := a.translationFor(ctx, who, id)
	if err != nil {
		return Translation{}, translation.File{}, err
	}
	segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
	if err != nil {
		return Translation{}, translation.File{}, err
	}
	// The header names the translation's owner and language, never an
	// e-mail address: the file may travel far.
	f := translation.File{ID: t.Resource.ID, Original: "/r/" + t.Source.SourceID, SourceLang: t.Source.SourceLanguage, TargetLang: t.Resource.Language,
		Translator: t.Resource.Owner.Name, Team: resource.LanguageName(t.Resource.Language), Revised: t.Resource.Updated}
	for _, sg := range segs {
		u := translation.Unit{ID: sg.ID, Source: sg.Source, Target: sg.Target, State: sg.State,
			Outdated: sg.Outdated, SourceHash: sg.SourceHash, Placeholders: sg.Placeholders}
		if sg.Outdated {
			u.PreviousSource = sg.PreviousSource
		}
		if sg.Updated.After(f.Revised) {
			f.Revised = sg.Updated
		}
		f.Units = append(f.Units, u)
	}
	return t, f, nil
}

// ImportFile reads a translator's exchange file (already parsed; a file that
// is not well-formed never gets here) into the segments, in one
// transaction. translation.PlanImport decides unit by unit: what is valid
// is imported, the rest is reported with its reason, and no state changes
// in a way the importing user could not make by hand.
func (a *App) ImportFile(ctx context.Context, who Actor, id string, f translation.File) (translation.ImportReport, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate)
	if err != nil {
		return translation.ImportReport{}, err
	}
	if f.TargetLang != "" && !SameLanguage(f.TargetLang, t.Resource.Language) {
		return translation.ImportReport{}, &Error{Kind: Invalid, Code: "wrong_language", Field: "target_language",
			Message: "the file is for " + f.TargetLang + " but this translation is in " + t.Resource.Language}
	}
	if f.SourceLang != "" && !SameLanguage(f.SourceLang, t.Source.SourceLanguage) {
		return translation.ImportReport{}, &Error{Kind: Invalid, Code: "wrong_language", Field: "source_language",
			Message: "the file's source is " + f.SourceLang + " but this translation's source is in " + t.Source.SourceLanguage}
	}
	minor, err := a.canMarkMinor(ctx, who, t)
	if err != nil {
		return translation.ImportReport{}, err
	}
	own, err := a.mayApproveOwn(ctx, t)
	if err != nil {
		return translation.ImportReport{}, err
	}
	rights := translation.ImportRights{Approve: t.Access.Can(resource.ApproveTranslation), MarkMinor: minor, OwnNeedsOther: !own, Importer: who.ID}
	var rep translation.ImportReport
	waiting := 0
	err = a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
		segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
		if err != nil {
			return err
		}
		plan := translation.PlanImport(f, segs, rights)
		rep = plan.Report
		if len(plan.Changes) == 0 {
			return nil
		}
		changes := make([]store.SegmentChange, len(plan.Changes))
		byID := make(map[string]translation.StoredSegment, len(segs))
		for _, sg := range segs {
			byID[sg.ID] = sg
		}
		changed := make([]translation.StoredSegment, len(plan.Changes))
		for i, ch := range plan.Changes {
			changes[i] = store.SegmentChange{ID: ch.ID, Target: ch.Target, State: string(ch.State), Outdated: ch.Outdated, PreviousSource: ch.PreviousSource}
			sg := byID[ch.ID]
			sg.Target, sg.State, sg.Outdated, sg.PreviousSource = ch.Target, ch.State, ch.Outdated, ch.PreviousSource
			changed[i] = sg
		}
		if _, err := a.db.UpdateSegments(ctx, t.Resource.ID, who.ID, changes); err != nil {
			return err
		}
		for _, ch := range plan.Changes {
			if ch.State == translation.StateTranslated && ch.Target != byID[ch.ID].Target {
				waiting++
			}
		}
		if err := a.refreshContent(ctx, t, who); err != nil {
			return err
		}
		if err := a.refreshMeta(ctx, t); err != nil {
			return err
		}
		return a.feedMemory(ctx, t, changed)
	})
	if err != nil {
		return rep, err
	}
	a.audit(ctx, who, "translation.import", t.Resource.ID, map[string]any{"updated": rep.Updated, "outdated": rep.Outdated, "skipped": len(rep.Skipped)})
	a.segmentsWaiting(ctx, who, t.Resource.ID, waiting)
	return rep, nil
}

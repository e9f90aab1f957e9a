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
		return t, translation.File{}, err
	}
	segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
	if err != nil {
		return t, translation.File{}, err
	}
	f := translation.File{ID: t.Resource.ID, Original: "/r/" + t.Source.SourceID, SourceLang: t.Source.SourceLanguage, TargetLang: t.Resource.Language}
	for _, sg := range segs {
		u := translation.Unit{ID: sg.ID, Source: sg.Source, Target: sg.Target, State: translation.State(sg.State),
			Outdated: sg.Outdated, SourceHash: sg.SourceHash, Placeholders: ParsePlaceholders(sg.Placeholders)}
		if sg.Outdated {
			u.PreviousSource = sg.PreviousSource
		}
		f.Units = append(f.Units, u)
	}
	return t, f, nil
}

// UnitResult is what an import did with one unit of the file.
type UnitResult struct {
	ID     string
	Result string // updated, outdated, skipped
	Reason string
}

// ImportReport says what an import did, unit by unit.
type ImportReport struct {
	Updated  int
	Skipped  int
	Outdated int
	Units    []UnitResult
}

// planImport matches a file's units to the stored segments, by unit id AND
// source hash. A unit whose source changed since it was exported never
// becomes current: its target is stored flagged outdated when the segment
// has no current translation, and skipped when it has one. A target whose
// placeholders do not fit is an error naming the unit: nothing is imported.
func planImport(f translation.File, segs []translation.StoredSegment, canApprove bool) ([]store.SegmentChange, []translation.StoredSegment, ImportReport, error) {
	byID := make(map[string]translation.StoredSegment, len(segs))
	for _, sg := range segs {
		byID[sg.ID] = sg
	}
	rep := ImportReport{Units: []UnitResult{}}
	var changes []store.SegmentChange
	var changed []translation.StoredSegment
	skip := func(id, reason string) {
		rep.Skipped++
		rep.Units = append(rep.Units, UnitResult{ID: id, Result: "skipped", Reason: reason})
	}
	done := map[string]bool{}
	for _, u := range f.Units {
		sg, ok := byID[u.ID]
		target := cleanTarget(u.Target)
		switch {
		case !ok:
			skip(u.ID, "no segment with this id (the source changed since the export)")
			continue
		case done[u.ID]:
			skip(u.ID, "unit repeated in the file")
			continue
		case target == "":
			skip(u.ID, "no target")
			continue
		}
		done[u.ID] = true
		sameSource := u.SourceHash == sg.SourceHash || (u.SourceHash == "" && u.Source == sg.Source)
		if !sameSource {
			if sg.Target != "" && !sg.Outdated {
				skip(u.ID, "the source changed since the export; the current translation was kept")
				continue
			}
			ch := store.SegmentChange{ID: sg.ID, Target: target, State: string(translation.StateTranslated), Outdated: true, PreviousSource: u.Source}
			changes = append(changes, ch)
			rep.Outdated++
			rep.Units = append(rep.Units, UnitResult{ID: u.ID, Result: "outdated", Reason: "the source changed since the export; stored as an outdated translation"})
			continue
		}
		if err := translation.CheckPlaceholders(domainSegment(sg), target); err != nil {
			return nil, nil, rep, err
		}
		state := string(u.State)
		if !u.State.Valid() || state == string(translation.StateInitial) {
			state = string(translation.StateTranslated)
		}
		if IsApproved(state) && !canApprove {
			state = string(translation.StateTranslated)
		}
		if target == sg.Target && IsApproved(sg.State) && !canApprove {
			state = sg.State // a translator's re-upload does not demote approved text
		}
		// The file's outdated flag counts only while the target is the one
		// that was outdated; a new target means the translator updated it.
		outdated := sg.Outdated && u.Outdated && target == sg.Target
		prev := ""
		if outdated {
			prev = sg.PreviousSource
		}
		if target == sg.Target && state == sg.State && outdated == sg.Outdated {
			skip(u.ID, "unchanged")
			continue
		}
		changes = append(changes, store.SegmentChange{ID: sg.ID, Target: target, State: state, Outdated: outdated, PreviousSource: prev})
		rep.Updated++
		rep.Units = append(rep.Units, UnitResult{ID: u.ID, Result: "updated"})
	}
	for _, ch := range changes {
		sg := byID[ch.ID]
		sg.Target, sg.State, sg.Outdated = ch.Target, ch.State, ch.Outdated
		changed = append(changed, sg)
	}
	return changes, changed, rep, nil
}

// ImportFile reads a translator's exchange file (already parsed) into the
// segments, in one transaction: a file for another language or a broken
// placeholder changes nothing.
func (a *App) ImportFile(ctx context.Context, who Actor, id string, f translation.File) (ImportReport, error) {
	t, err := a.translationFor(ctx, who, id, resource.Translate)
	if err != nil {
		return ImportReport{}, err
	}
	if f.TargetLang != "" && !SameLanguage(f.TargetLang, t.Resource.Language) {
		return ImportReport{}, &Error{Kind: Invalid, Code: "wrong_language", Field: "target_language",
			Message: "the file is for " + f.TargetLang + " but this translation is in " + t.Resource.Language}
	}
	if f.SourceLang != "" && !SameLanguage(f.SourceLang, t.Source.SourceLanguage) {
		return ImportReport{}, &Error{Kind: Invalid, Code: "wrong_language", Field: "source_language",
			Message: "the file's source is " + f.SourceLang + " but this translation's source is in " + t.Source.SourceLanguage}
	}
	var rep ImportReport
	err = a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
		segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
		if err != nil {
			return err
		}
		changes, changed, r, err := planImport(f, segs, t.Access.Can(resource.ApproveTranslation))
		if err != nil {
			return err
		}
		rep = r
		if len(changes) == 0 {
			return nil
		}
		if _, err := a.db.UpdateSegments(ctx, t.Resource.ID, who.ID, changes); err != nil {
			return err
		}
		if err := a.refreshContent(ctx, t, who); err != nil {
			return err
		}
		return a.feedMemory(ctx, t, changed)
	})
	if err != nil {
		return rep, err
	}
	a.audit(ctx, who, "translation.import", t.Resource.ID, map[string]any{"updated": rep.Updated, "outdated": rep.Outdated, "skipped": rep.Skipped})
	return rep, nil
}

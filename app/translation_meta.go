package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/translation"
)

// A translation's title and summary are translated like its text: as
// segments with reserved ids, placed before the text's segments. Their
// source is the source's title and summary (as pinned at the last sync);
// a non-empty target becomes the translation's title or summary, and an
// emptied one gives back the default (the source's title with the
// language's name, the source's summary).
const (
	TitleSegment   = "title"
	SummarySegment = "summary"
)

// IsMetaSegment reports whether a segment id is the title's or summary's.
func IsMetaSegment(id string) bool { return id == TitleSegment || id == SummarySegment }

// metaRow is the untranslated segment for a title or summary.
func metaRow(id, source string) translation.StoredSegment {
	pos := -2
	if id == SummarySegment {
		pos = -1
	}
	sum := sha256.Sum256([]byte(source))
	return translation.StoredSegment{ID: id, Position: pos, Source: source, SourceHash: hex.EncodeToString(sum[:]), State: translation.StateInitial}
}

// metaRows are the title and summary segments of a new translation of src.
func metaRows(src resource.Resource) []translation.StoredSegment {
	rows := []translation.StoredSegment{metaRow(TitleSegment, src.Title)}
	if src.Summary != "" {
		rows = append(rows, metaRow(SummarySegment, src.Summary))
	}
	return rows
}

// defaultTitle is a translation's title until its title is translated: the source's title
// with the language's name in that language, as its readers will look for it ("Fractions
// (español)"; shortened to fit).
func defaultTitle(sourceTitle, lang string) string {
	suffix := " (" + resource.LanguageAutonym(lang) + ")"
	room := resource.MaxTitle - utf8.RuneCountInString(suffix)
	if r := []rune(sourceTitle); len(r) > room {
		sourceTitle = string(r[:max(0, room-1)]) + "…"
	}
	return sourceTitle + suffix
}

// checkMetaTarget validates a title or summary translation as the
// resource's own field would be validated.
func checkMetaTarget(id, target string) error {
	probe := resource.Resource{}
	f := resource.Fields{}
	if id == TitleSegment {
		if strings.ContainsAny(target, "\n\r") {
			return &resource.ValidationError{Field: "target", Message: "a title is one line"}
		}
		f.Title = &target
	} else {
		f.Summary = &target
	}
	if target == "" {
		return nil
	}
	if err := probe.Apply(f); err != nil {
		if list := resource.ValidationList(err); len(list) > 0 {
			return &resource.ValidationError{Field: "target", Message: list[0].Message}
		}
		return err
	}
	return nil
}

// metaFields works out the title and summary a translation shows from its
// title and summary segments; published keeps only approved, current
// targets (what readers of a published-only translation see).
func metaFields(r resource.Resource, segs []translation.StoredSegment, published bool) (title, summary string, found bool) {
	title, summary = r.Title, r.Summary
	for _, sg := range segs {
		if !IsMetaSegment(sg.ID) {
			continue
		}
		found = true
		target := sg.Target
		if published && (!IsApproved(sg.State) || sg.Outdated) || checkMetaTarget(sg.ID, target) != nil {
			target = "" // not for readers yet, or not fit to be a title (from a file)
		}
		switch {
		case sg.ID == TitleSegment && target != "":
			title = target
		case sg.ID == TitleSegment:
			title = defaultTitle(sg.Source, r.Language)
		case target != "":
			summary = target
		default:
			summary = sg.Source
		}
	}
	return title, summary, found
}

// refreshMeta writes the translation's title and summary from its segments
// when they differ. Call it holding the translation lock.
func (a *App) refreshMeta(ctx context.Context, t Translation) error {
	segs, err := a.db.Segments(ctx, t.Resource.ID, store.SegmentFilter{})
	if err != nil {
		return err
	}
	r, err := a.db.Resource(ctx, t.Resource.ID)
	if err != nil {
		return err
	}
	title, summary, found := metaFields(r, segs, false)
	if !found || (title == r.Title && summary == r.Summary) {
		return nil
	}
	r.Title, r.Summary = title, summary
	return a.db.UpdateMetadata(ctx, r)
}

// metaFromSettings writes a title or summary typed in a translation's
// settings into its segments, so that the next change of a segment does
// not put the old one back: the text typed is the translation's.
func (a *App) metaFromSettings(ctx context.Context, who Actor, t Translation, f resource.Fields) error {
	return a.db.WithTranslationLock(ctx, t.Resource.ID, func() error {
		var changes []store.SegmentChange
		for id, v := range map[string]*string{TitleSegment: f.Title, SummarySegment: f.Summary} {
			if v == nil {
				continue
			}
			sg, err := a.db.Segment(ctx, t.Resource.ID, id)
			if err != nil {
				continue // an empty source summary has no segment: the field is kept as typed
			}
			target := strings.TrimSpace(*v)
			if id == TitleSegment && target == defaultTitle(sg.Source, t.Resource.Language) || id == SummarySegment && target == sg.Source {
				target = "" // the default is no translation
			}
			if target == sg.Target {
				continue
			}
			state := translation.StateTranslated
			if target == "" {
				state = translation.StateInitial
			}
			changes = append(changes, store.SegmentChange{ID: id, Target: target, State: string(state)})
		}
		if len(changes) == 0 {
			return nil
		}
		if _, err := a.db.UpdateSegments(ctx, t.Resource.ID, who.ID, changes); err != nil {
			return err
		}
		return a.refreshMeta(ctx, t)
	})
}

// syncMeta brings the title and summary segments in line with the source's
// title and summary now: a changed source keeps the translation, marked
// outdated with the previous source (as the text's segments are); a new
// summary gets a segment, a removed one loses it.
func syncMeta(src resource.Resource, stored []translation.StoredSegment) (rows []translation.StoredSegment, outdated int) {
	byID := map[string]translation.StoredSegment{}
	for _, sg := range stored {
		if IsMetaSegment(sg.ID) {
			byID[sg.ID] = sg
		}
	}
	for _, want := range metaRows(src) {
		old, ok := byID[want.ID]
		switch {
		case !ok:
			rows = append(rows, want)
		case old.Source == want.Source:
			rows = append(rows, old)
		case old.Target == "":
			old.Source, old.SourceHash = want.Source, want.SourceHash
			rows = append(rows, old)
		default:
			if !old.Outdated {
				old.PreviousSource = old.Source
			}
			old.Source, old.SourceHash, old.Outdated = want.Source, want.SourceHash, true
			rows = append(rows, old)
			outdated++
		}
	}
	return rows, outdated
}

// sameMeta reports whether the title and summary rows are already stored as
// they are.
func sameMeta(rows, stored []translation.StoredSegment) bool {
	have := map[string]translation.StoredSegment{}
	n := 0
	for _, sg := range stored {
		if IsMetaSegment(sg.ID) {
			have[sg.ID] = sg
			n++
		}
	}
	if n != len(rows) {
		return false
	}
	for _, r := range rows {
		h, ok := have[r.ID]
		if !ok || h.Source != r.Source || h.Outdated != r.Outdated {
			return false
		}
	}
	return true
}

package app

import (
	"context"
	"encoding/json"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// restorable says why the caller may not restore an old text of r, or nil.
// A translation's text is rebuilt from its segments, so bringing back an old
// text there would be erased by the next segment saved.
func restorable(r resource.Resource, x Access) error {
	if err := x.require(resource.EditContent); err != nil {
		return err
	}
	if r.Kind == resource.Translation {
		return newErr(Invalid, "translation_text", "a translation's text is written through its segments; an old text cannot be restored")
	}
	return nil
}

// RestoreRevision brings an old revision's text back as the resource's
// text, as a new revision of kind "restore" credited to who as the one who
// restored it. The restored text keeps its authors: attribution is carried
// from the old revision (versioning.CarryMerge), not given to who. The text
// now is first kept as a revision, so nothing is lost, and the change
// reaches connected editors as one ordinary operation.
func (a *App) RestoreRevision(ctx context.Context, who Actor, revisionID string) (versioning.Revision, error) {
	old, r, x, err := a.revisionIn(ctx, who, revisionID, resource.EditContent)
	if err != nil {
		return versioning.Revision{}, err
	}
	if err := restorable(r, x); err != nil {
		return versioning.Revision{}, err
	}
	prev, err := a.ensureRevision(ctx, r.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	cur, err := a.texts.Current(ctx, r.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	if cur.Text == old.Content {
		return versioning.Revision{}, newErr(Conflict, "unchanged", "the text is already the same as revision %d: there is nothing to restore", old.Number)
	}
	oldSpans, err := spansOf(old.Attribution)
	if err != nil {
		return versioning.Revision{}, err
	}
	spans, err := versioning.CarryMerge(old.Content,
		versioning.Attributed{Text: old.Content, Spans: coverSpans(old.Content, oldSpans), Fallback: who.ID},
		versioning.Attributed{Text: cur.Text, Spans: coverSpans(cur.Text, toVersioningSpans(cur.Attribution))})
	if err != nil {
		return versioning.Revision{}, err
	}
	if _, err := a.texts.Replace(ctx, r.ID, who.author(), cur.Version, old.Content, fromVersioningSpans(spans)); err != nil {
		return versioning.Revision{}, err
	}
	now, err := a.texts.Current(ctx, r.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	attr, err := json.Marshal(normalAttribution(now.Attribution))
	if err != nil {
		return versioning.Revision{}, err
	}
	rev, _, err := a.db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Version: now.Version, Content: now.Text,
		Attribution: attr, Kind: versioning.RevRestore,
		AuthorID: who.ID, Parents: []string{prev.ID}, RestoredFrom: old.ID})
	if err != nil {
		return versioning.Revision{}, err
	}
	a.audit(ctx, who, "revision.restore", r.ID, map[string]any{"revision": rev.ID, "restored": old.ID})
	return a.hideParents(ctx, who, rev)
}

// coverSpans makes spans cover text exactly (UTF-16 units): a shortfall is
// credited to nobody (""), an excess cut. Revisions written before
// attribution was kept may carry fewer spans than their text.
func coverSpans(text string, spans []versioning.Span) []versioning.Span {
	want := collab.Len16(text)
	out := make([]versioning.Span, 0, len(spans)+1)
	have := 0
	for _, s := range spans {
		if have >= want {
			break
		}
		n := min(s.Len, want-have)
		if n > 0 {
			out = append(out, versioning.Span{Author: s.Author, Len: n})
			have += n
		}
	}
	if have < want {
		out = append(out, versioning.Span{Len: want - have})
	}
	return out
}

package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/store"
)

// TextState is a resource's text at a version, with who wrote each part.
type TextState struct {
	Text        string
	Version     int64
	Attribution collab.Attribution
}

// author is who makes a change, as the live hubs name them.
type author struct {
	UserID string
	Name   string
}

func (w Actor) author() author { return author{UserID: w.ID, Name: w.Name} }

// texts reads and replaces the current text of resources. Every use case
// that needs "the text now" (reads, revisions, forks, merges, translations)
// goes through it: the current text comes from the document's hub (or its
// store when no hub is loaded), and a replacement is a diff turned into one
// ordinary operation, so connected editors see it like any other edit.
type texts struct {
	m      *hub.Manager
	store  *store.LiveStore
	limits collab.Limits
}

// Current returns the latest text, version and attribution.
func (t *texts) Current(ctx context.Context, id string) (TextState, error) {
	snap, err := t.m.State(ctx, id)
	if err != nil {
		return TextState{}, err
	}
	return TextState{Text: snap.Text, Version: snap.Version, Attribution: snap.Attribution}, nil
}

// Replace makes text the new content on behalf of by. base is the version
// the caller's text was derived from (-1: the latest); edits made since are
// kept. attribution, when not nil, credits the result (merges keep their
// authors); nil credits inserted text to by.
func (t *texts) Replace(ctx context.Context, id string, by author, base int64, text string, attribution collab.Attribution) (int64, error) {
	cur, err := t.m.State(ctx, id)
	if err != nil {
		return 0, err
	}
	old := cur.Text
	switch {
	case base < 0 || base == cur.Version:
		base = cur.Version
	case base > cur.Version:
		return 0, fmt.Errorf("replace text of %s: base %d beyond %d: %w", id, base, cur.Version, hub.ErrBaseUnknown)
	default:
		if old, err = t.store.TextAt(ctx, id, base); err != nil {
			return 0, err
		}
	}
	var version int64
	if old == text && base == cur.Version {
		version = cur.Version // nothing to change: no empty version
	} else {
		op := diffOp(old, text)
		if err := collab.NewDoc(old).Validate(op, t.limits); err != nil {
			return 0, fmt.Errorf("replace text of %s: %w", id, err)
		}
		version, err = t.m.Submit(ctx, id, hub.ClientInfo{UserID: by.UserID, Name: by.Name, CanEdit: true}, base, op)
		if err != nil {
			return 0, err
		}
	}
	if attribution != nil {
		// A merge or sync credits the result to the authors it came from,
		// not to whoever pressed the button. The hub only knows "inserted
		// text belongs to the op's author", so the given spans are written
		// as the snapshot at the new version: every later load of the
		// document (and blame, revisions, forks read from it) starts from
		// them, and a loaded hub is told to adopt them. This is only sound
		// when the result is exactly the text the spans describe, i.e. no
		// concurrent edit was transformed in.
		snap, err := t.m.State(ctx, id)
		if err != nil {
			return 0, err
		}
		if snap.Version == version && snap.Text == text && attribution.Len16() == collab.Len16(text) {
			if err := t.store.SaveSnapshot(ctx, hub.Snapshot{Doc: id, Version: version, Text: text, Attribution: attribution.Normalize()}); err != nil {
				return 0, err
			}
			if err := t.m.SetAttribution(ctx, id, version, attribution); err != nil && !errors.Is(err, hub.ErrMoved) {
				return 0, err
			}
		}
	}
	return version, nil
}

// diffOp turns a character diff of old → new into an operation on old. The
// diff works on code points, so no boundary falls inside a surrogate pair;
// lengths are converted to UTF-16 units.
func diffOp(old, new string) collab.Op {
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMain(old, new, false)
	diffs = dmp.DiffCleanupEfficiency(diffs)
	op := make(collab.Op, 0, len(diffs))
	for _, d := range diffs {
		if d.Text == "" {
			continue
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			op = append(op, collab.Component{Retain: collab.Len16(d.Text)})
		case diffmatchpatch.DiffInsert:
			op = append(op, collab.Component{Insert: d.Text})
		case diffmatchpatch.DiffDelete:
			op = append(op, collab.Component{Delete: collab.Len16(d.Text)})
		}
	}
	return op.Normalize()
}

package server

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// storeTexts is the Texts used until live editing provides one: it reads and
// writes snapshots directly.
type storeTexts struct{ db *store.DB }

func (t storeTexts) Current(ctx context.Context, id string) (TextState, error) {
	snap, err := t.db.LatestSnapshot(ctx, id)
	if err != nil {
		return TextState{}, err
	}
	var attr collab.Attribution
	if err := json.Unmarshal(snap.Attribution, &attr); err != nil {
		return TextState{}, fmt.Errorf("attribution of %s: %w", id, err)
	}
	return TextState{Text: snap.Content, Version: snap.Version, Attribution: attr}, nil
}

func (t storeTexts) Replace(ctx context.Context, id string, author Author, _ int64, text string, attribution collab.Attribution) (int64, error) {
	cur, err := t.Current(ctx, id)
	if err != nil {
		return 0, err
	}
	if attribution == nil {
		spans, err := versioning.Carry(cur.Text, toVersioningSpans(cur.Attribution), text, author.UserID)
		if err != nil {
			return 0, err
		}
		attribution = fromVersioningSpans(spans)
	}
	b, err := json.Marshal(attribution)
	if err != nil {
		return 0, err
	}
	return t.db.ReplaceContent(ctx, id, text, b)
}

func toVersioningSpans(a collab.Attribution) []versioning.Span {
	out := make([]versioning.Span, len(a))
	for i, s := range a {
		out[i] = versioning.Span{Author: s.Author, Len: s.Len}
	}
	return out
}

func fromVersioningSpans(spans []versioning.Span) collab.Attribution {
	out := make(collab.Attribution, len(spans))
	for i, s := range spans {
		out[i] = collab.Span{Author: s.Author, Len: s.Len}
	}
	return out
}

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// checkpoint records the current text of a resource as a checkpoint
// revision, unless it equals the last revision's text. version is the
// version the caller saw due; the text read may be newer, which is fine: a
// checkpoint is a snapshot of "now". Failures are logged, not returned: a
// missed checkpoint loses nothing (the op log and snapshots keep the text).
func (a *App) checkpoint(ctx context.Context, resourceID string, version int64) {
	if _, _, err := a.cutRevision(ctx, resourceID, versioning.RevCheckpoint, "", "", true); err != nil {
		a.log.WarnContext(ctx, "checkpoint failed", "resource", resourceID, "version", version, "err", err)
	}
}

// cutRevision records the current text of a resource as a revision of the
// given kind. With skipIfSame, an unchanged text returns the latest
// revision instead (created is false).
func (a *App) cutRevision(ctx context.Context, resourceID, kind, message, authorID string, skipIfSame bool) (versioning.Revision, bool, error) {
	cur, err := a.texts.Current(ctx, resourceID)
	if err != nil {
		return versioning.Revision{}, false, fmt.Errorf("cut revision of %s: %w", resourceID, err)
	}
	attr, err := json.Marshal(normalAttribution(cur.Attribution))
	if err != nil {
		return versioning.Revision{}, false, fmt.Errorf("cut revision of %s: %w", resourceID, err)
	}
	rev, created, err := a.db.CreateRevision(ctx, store.NewRevision{ResourceID: resourceID, Version: cur.Version, Content: cur.Text,
		Attribution: attr, Message: message, Kind: kind, AuthorID: authorID, SkipIfSame: skipIfSame})
	if err == nil && created {
		a.sourceMoved(ctx, resourceID, authorID, "")
	}
	return rev, created, err
}

// ensureRevision returns a revision holding the resource's current text,
// cutting a checkpoint when the latest revision does not.
func (a *App) ensureRevision(ctx context.Context, resourceID string) (versioning.Revision, error) {
	rev, _, err := a.cutRevision(ctx, resourceID, versioning.RevCheckpoint, "", "", true)
	return rev, err
}

// replaceContent stores a whole new text for a resource (edits made by form
// or PATCH) through the live hub, so connected editors see it as an
// operation, cutting checkpoints around it as the policy says. base is the
// version the edit started from; lastEdit when the text last changed.
func (a *App) replaceContent(ctx context.Context, who Actor, id string, base int64, lastEdit time.Time, text string) (int64, error) {
	if a.cfg.Checkpoints.Due(a.opsSinceRevision(ctx, id, base), a.cfg.Now().Sub(lastEdit)) {
		a.checkpoint(ctx, id, base)
	}
	v, err := a.texts.Replace(ctx, id, who.author(), base, text, nil)
	if err != nil {
		return 0, err
	}
	if p := a.cfg.Checkpoints; p.EveryOps > 0 && a.opsSinceRevision(ctx, id, v) >= p.EveryOps {
		a.checkpoint(ctx, id, v)
	}
	return v, nil
}

// opsSinceRevision counts the versions since the latest revision (all of
// them when there is none yet).
func (a *App) opsSinceRevision(ctx context.Context, resourceID string, version int64) int {
	last, err := a.db.LatestRevision(ctx, resourceID)
	if err != nil {
		return int(version) + 1
	}
	return int(version - last.Version)
}

// normalAttribution never returns nil, so JSON holds [] rather than null.
func normalAttribution(at collab.Attribution) collab.Attribution {
	if at == nil {
		return collab.Attribution{}
	}
	return at
}

// spansOf decodes stored attribution JSON.
func spansOf(raw []byte) ([]versioning.Span, error) {
	var at collab.Attribution
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &at); err != nil {
			return nil, fmt.Errorf("decode attribution: %w", err)
		}
	}
	return toVersioningSpans(at), nil
}

// The live engine and the versioning algorithms each define the same
// (author, UTF-16 length) span so that neither depends on the other; these
// convert at the seam.

func toVersioningSpans(at collab.Attribution) []versioning.Span {
	out := make([]versioning.Span, len(at))
	for i, s := range at {
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

// authorIDs lists the distinct authors of spans in order of first appearance.
func authorIDs(spans []versioning.Span) []string {
	seen := map[string]bool{}
	var out []string
	for _, sp := range spans {
		if sp.Author != "" && !seen[sp.Author] {
			seen[sp.Author] = true
			out = append(out, sp.Author)
		}
	}
	return out
}

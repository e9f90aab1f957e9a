package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// MergePlan is a three-way merge worked out but not applied.
type MergePlan struct {
	Target resource.Resource   // what receives the changes
	Base   versioning.Revision // last common revision
	Theirs versioning.Revision // the revision whose changes come in
	Ours   TextState           // the target's text now
	Result versioning.MergeResult
}

// UpToDate reports that nothing comes in.
func (p MergePlan) UpToDate() bool {
	return p.Theirs.ID == p.Base.ID || p.Theirs.Content == p.Base.Content
}

// Incoming is what the other side changed since the last common revision.
func (p MergePlan) Incoming() (versioning.Diff, error) {
	return versioning.ComputeDiff(p.Base.Content, p.Theirs.Content, -1)
}

func (p MergePlan) conflictError() error {
	return &MergeConflictError{Conflicts: p.Result.Conflicts, Upstream: p.Theirs.ID, Base: p.Base.ID, Version: p.Ours.Version}
}

// Resolution settles one conflict: take "ours", "theirs", or "edit" with Text.
type Resolution = versioning.Resolution

// MergeRequest carries conflict resolutions. Upstream and Version, when
// given, are the incoming revision and the target version the caller
// resolved conflicts against; if either moved, the merge is refused (stale)
// rather than applying resolutions to different conflicts.
type MergeRequest struct {
	Resolutions []Resolution
	Upstream    string
	Version     *int64
}

var errStale = newErr(Conflict, "stale", "the texts changed since the conflicts were shown; look at them again")

// resolvedText is the merged text of plan, using the request's resolutions for conflicts.
func resolvedText(plan MergePlan, req MergeRequest) (string, error) {
	if req.Upstream != "" && req.Upstream != plan.Theirs.ID {
		return "", errStale
	}
	if req.Version != nil && *req.Version != plan.Ours.Version {
		return "", errStale
	}
	if plan.Result.Clean() {
		return plan.Result.Text, nil
	}
	if len(req.Resolutions) == 0 {
		return "", plan.conflictError()
	}
	text, err := versioning.Resolve(plan.Result, req.Resolutions)
	if errors.Is(err, versioning.ErrUnresolved) || errors.Is(err, versioning.ErrBadResolution) {
		return "", &ResolutionError{Err: err, Conflicts: plan.Result.Conflicts}
	}
	return text, err
}

// commitMerge writes merged text into plan.Target and records a merge
// revision whose parents are the target's previous revision and the
// incoming one. The merged text keeps its authors: each character is
// credited from whichever side it came from; text written while resolving
// conflicts goes to the person merging. message is the merged proposal's
// title, or empty: what a revision is (a merge, a fork, a restore) and where it
// came from are its kind and parents, which pages write in the reader's
// language; an English sentence stored with it could not be.
func (a *App) commitMerge(ctx context.Context, plan MergePlan, text string, by Actor, message string) (versioning.Revision, error) {
	if plan.Target.Kind == resource.Translation {
		return versioning.Revision{}, ErrTranslationText
	}
	prev, err := a.ensureRevision(ctx, plan.Target.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	theirSpans, err := spansOf(plan.Theirs.Attribution)
	if err != nil {
		return versioning.Revision{}, err
	}
	spans, err := versioning.CarryMerge(text,
		versioning.Attributed{Text: plan.Ours.Text, Spans: toVersioningSpans(plan.Ours.Attribution), Fallback: by.ID},
		versioning.Attributed{Text: plan.Theirs.Content, Spans: theirSpans, Fallback: by.ID})
	if err != nil {
		return versioning.Revision{}, err
	}
	if text != plan.Ours.Text {
		if _, err := a.texts.Replace(ctx, plan.Target.ID, by.author(), plan.Ours.Version, text, fromVersioningSpans(spans)); err != nil {
			return versioning.Revision{}, err
		}
	}
	now, err := a.texts.Current(ctx, plan.Target.ID)
	if err != nil {
		return versioning.Revision{}, err
	}
	attr, err := json.Marshal(normalAttribution(now.Attribution))
	if err != nil {
		return versioning.Revision{}, err
	}
	rev, _, err := a.db.CreateRevision(ctx, store.NewRevision{ResourceID: plan.Target.ID, Version: now.Version, Content: now.Text,
		Attribution: attr, Message: message, Kind: versioning.RevMerge, AuthorID: by.ID, Parents: []string{prev.ID, plan.Theirs.ID}})
	if err == nil {
		a.sourceMoved(ctx, plan.Target.ID, by.ID, plan.Theirs.ResourceID)
	}
	return rev, err
}

// MergeResult says what a sync or a proposal merge did.
type MergeResult struct {
	Status   string // "merged" or "up_to_date"
	Version  int64
	Revision string
}

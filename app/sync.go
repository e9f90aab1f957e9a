package app

import (
	"context"
	"errors"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// SyncPlan works out the merge of a fork's upstream changes into it.
func (a *App) SyncPlan(ctx context.Context, who Actor, forkID string) (MergePlan, error) {
	plan, _, err := a.syncPlan(ctx, who, forkID)
	return plan, err
}

func (a *App) syncPlan(ctx context.Context, who Actor, forkID string) (MergePlan, versioning.Derivation, error) {
	fork, _, err := a.resourceFor(ctx, who, forkID, resource.EditContent)
	if err != nil {
		return MergePlan{}, versioning.Derivation{}, err
	}
	d, err := a.db.DerivationOf(ctx, fork.ID)
	if errors.Is(err, resource.ErrNotFound) {
		return MergePlan{}, d, newErr(Invalid, "not_derived", "this resource was not derived from another, so there is nothing upstream to merge")
	}
	if err != nil {
		return MergePlan{}, d, err
	}
	if _, _, err := a.resourceFor(ctx, who, d.SourceID, resource.View); err != nil {
		if errors.Is(err, resource.ErrNotFound) {
			return MergePlan{}, d, newErr(Conflict, "source_unavailable", "the source was deleted or you can no longer read it, so there is nothing to merge")
		}
		return MergePlan{}, d, err
	}
	plan := MergePlan{Target: fork}
	if plan.Theirs, err = a.ensureRevision(ctx, d.SourceID); err != nil {
		return plan, d, err
	}
	if plan.Base, err = a.db.Revision(ctx, d.Base()); err != nil {
		return plan, d, err
	}
	if plan.Ours, err = a.texts.Current(ctx, fork.ID); err != nil {
		return plan, d, err
	}
	if plan.UpToDate() {
		return plan, d, nil
	}
	plan.Result, err = versioning.Merge3(plan.Base.Content, plan.Ours.Text, plan.Theirs.Content)
	return plan, d, err
}

// SyncFork merges the source's new revisions into a fork.
func (a *App) SyncFork(ctx context.Context, who Actor, forkID string, req MergeRequest) (MergeResult, error) {
	plan, d, err := a.syncPlan(ctx, who, forkID)
	if err != nil {
		return MergeResult{}, err
	}
	if plan.UpToDate() {
		if plan.Theirs.ID != plan.Base.ID {
			if err := a.db.SetSynced(ctx, d.DerivedID, plan.Theirs.ID); err != nil {
				return MergeResult{}, err
			}
		}
		return MergeResult{Status: "up_to_date", Version: plan.Ours.Version}, nil
	}
	text, err := resolvedText(plan, req)
	if err != nil {
		return MergeResult{}, err
	}
	rev, err := a.commitMerge(ctx, plan, text, who, "")
	if err != nil {
		return MergeResult{}, err
	}
	if err := a.db.SetSynced(ctx, d.DerivedID, plan.Theirs.ID); err != nil {
		return MergeResult{}, err
	}
	a.audit(ctx, who, "resource.sync", d.DerivedID, map[string]any{"upstream": plan.Theirs.ID, "revision": rev.ID})
	return MergeResult{Status: "merged", Version: rev.Version, Revision: rev.ID}, nil
}

// SyncOutcome is what bringing a derivative up to date did: a translation
// re-aligns its segments (Translation), a fork merges its source's new
// revisions (Merge).
type SyncOutcome struct {
	Translation *SyncReport
	Merge       *MergeResult
}

// Sync brings a fork or a translation up to date with its source.
func (a *App) Sync(ctx context.Context, who Actor, id string, req MergeRequest) (SyncOutcome, error) {
	if r, _, err := a.resourceFor(ctx, who, id, resource.View); err == nil && r.Kind == resource.Translation {
		rep, err := a.SyncTranslation(ctx, who, id)
		return SyncOutcome{Translation: &rep}, err
	}
	res, err := a.SyncFork(ctx, who, id, req)
	return SyncOutcome{Merge: &res}, err
}

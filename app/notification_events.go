package app

import (
	"context"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// The events the use cases raise, one function each: who is told is decided
// here, whether they may be told in notify.

// roleGranted tells a person they were given a role.
func (a *App) roleGranted(ctx context.Context, who Actor, resourceID, userID string, role resource.Role) {
	a.notify(ctx, event{kind: KindRoleGranted, actor: who, resource: resourceID,
		detail: map[string]string{"role": string(role)}, to: []string{userID}})
}

// proposalOpened tells the source's owners, editors and reviewers.
func (a *App) proposalOpened(ctx context.Context, who Actor, p versioning.Proposal) {
	to, err := a.db.UsersWithRoles(ctx, p.SourceID, string(resource.RoleOwner), string(resource.RoleEditor), string(resource.RoleReviewer))
	if err != nil {
		a.log.WarnContext(ctx, "notify proposal: reviewers", "proposal", p.ID, "err", err)
		return
	}
	a.notify(ctx, event{kind: KindProposalOpened, actor: who, resource: p.SourceID, other: p.ForkID, proposal: p.ID, to: to})
}

// proposalDecided tells a proposal's author of a review, a merge or a close
// (CloseProposal raises KindProposalClosed; the author closing it is not told).
func (a *App) proposalDecided(ctx context.Context, who Actor, kind string, p versioning.Proposal, detail map[string]string) {
	a.notify(ctx, event{kind: kind, actor: who, resource: p.SourceID, other: p.ForkID, proposal: p.ID, detail: detail,
		to: []string{p.AuthorID}})
}

// derivativeCreated tells the source's owners of a new fork or translation
// (notify tells them only if they could find it themselves).
func (a *App) derivativeCreated(ctx context.Context, who Actor, kind, derivedID, sourceID string, detail map[string]string) {
	owners, err := a.db.Owners(ctx, sourceID)
	if err != nil {
		a.log.WarnContext(ctx, "notify derivative: owners", "source", sourceID, "err", err)
		return
	}
	a.notify(ctx, event{kind: kind, actor: who, resource: derivedID, other: sourceID, detail: detail, to: owners[sourceID]})
}

// segmentsSentBack tells the segment's last translator.
func (a *App) segmentsSentBack(ctx context.Context, who Actor, translationID, translatorID string) {
	a.notify(ctx, event{kind: KindSegmentsSentBack, actor: who, resource: translationID, to: []string{translatorID}})
}

// segmentsWaiting tells a translation's reviewers (its owners when it has
// none) that n segment changes wait for review.
func (a *App) segmentsWaiting(ctx context.Context, who Actor, translationID string, n int) {
	if n <= 0 {
		return
	}
	to, err := a.db.UsersWithRoles(ctx, translationID, string(resource.RoleReviewer))
	if err == nil && len(to) == 0 {
		to, err = a.db.UsersWithRoles(ctx, translationID, string(resource.RoleOwner))
	}
	if err != nil {
		a.log.WarnContext(ctx, "notify waiting segments: reviewers", "translation", translationID, "err", err)
		return
	}
	for _, uid := range to {
		if uid == who.ID {
			continue
		}
		a.notify(ctx, event{kind: KindSegmentsWaiting, actor: who, resource: translationID, to: []string{uid}, count: n})
	}
}

// sourceMoved runs when a resource gets a new revision (checkpoint, named
// version or merge: never per keystroke): the owners of its forks and
// translations are told, except those who edit the source themselves.
// Repeats fold into one unread notification per derivative. except is a
// derivative whose own changes made the revision (a merged proposal).
func (a *App) sourceMoved(ctx context.Context, sourceID, authorID, except string) {
	derived, err := a.db.DerivedFrom(ctx, sourceID)
	if err != nil || len(derived) == 0 {
		if err != nil {
			a.log.WarnContext(ctx, "notify source change: derivatives", "source", sourceID, "err", err)
		}
		return
	}
	editors, err := a.db.UsersWithRoles(ctx, sourceID, string(resource.RoleOwner), string(resource.RoleEditor))
	if err != nil {
		a.log.WarnContext(ctx, "notify source change: editors", "source", sourceID, "err", err)
		return
	}
	skip := map[string]bool{}
	for _, e := range editors {
		skip[e] = true
	}
	ids := make([]string, len(derived))
	for i, d := range derived {
		ids[i] = d.ID
	}
	owners, err := a.db.Owners(ctx, ids...)
	if err != nil {
		a.log.WarnContext(ctx, "notify source change: owners", "source", sourceID, "err", err)
		return
	}
	for _, d := range derived {
		if d.ID == except {
			continue
		}
		var to []string
		for _, o := range owners[d.ID] {
			if !skip[o] {
				to = append(to, o)
			}
		}
		if len(to) > 0 {
			a.notify(ctx, event{kind: KindSourceChanged, actor: Actor{ID: authorID}, resource: d.ID, other: sourceID, to: to})
		}
	}
}

package app

import (
	"context"
	"errors"
	"time"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Deleting a resource puts it in its owners' trash: it is gone from every
// read, list, search and harvest at once, and its owners can restore it for
// Config.DeletedKeep. After that the background purge erases it for good
// (store.PurgeDeleted says what it keeps for the resources that lean on it).

// DeletedResource is a resource in the trash and when it will be erased.
type DeletedResource struct {
	Resource resource.Resource
	Deleted  time.Time
	Purge    time.Time // when the purge may erase it (it runs every Config.PurgeEvery)
}

// DeletedResources lists the caller's trash: the resources deleted within
// Config.DeletedKeep that the caller may delete (their owners).
func (a *App) DeletedResources(ctx context.Context, who Actor) ([]DeletedResource, error) {
	if !who.SignedIn() {
		return nil, ErrUnauthorized
	}
	list, err := a.db.DeletedResources(ctx, who.ID, resource.RolesFor(resource.Delete), a.cfg.DeletedKeep)
	if err != nil {
		return nil, err
	}
	out := make([]DeletedResource, len(list))
	for i, d := range list {
		out[i] = DeletedResource{Resource: d.Resource, Deleted: d.Deleted, Purge: d.Deleted.Add(a.cfg.DeletedKeep)}
	}
	return out, nil
}

// RestoreResource takes a resource out of the trash, as it was when it was
// deleted (visibility, collaborators, history). Only those who may delete it
// may restore it.
func (a *App) RestoreResource(ctx context.Context, who Actor, id string) (resource.Resource, Access, error) {
	d, err := a.trashed(ctx, who, id)
	if err != nil {
		return resource.Resource{}, Access{}, err
	}
	if err := a.db.RestoreResource(ctx, d.Resource.ID, a.cfg.DeletedKeep); err != nil {
		return resource.Resource{}, Access{}, err
	}
	a.audit(ctx, who, "resource.restore", d.Resource.ID, nil)
	return a.resourceFor(ctx, who, d.Resource.ID, resource.View)
}

// trashed is a resource in the caller's trash: deleted within
// Config.DeletedKeep, and the caller may delete it. To everyone else it is
// missing, as it is to every other use case.
func (a *App) trashed(ctx context.Context, who Actor, id string) (store.DeletedResource, error) {
	if !who.SignedIn() {
		return store.DeletedResource{}, ErrUnauthorized
	}
	d, role, err := a.db.DeletedResourceFor(ctx, id, who.ID, a.cfg.DeletedKeep)
	if err != nil {
		return store.DeletedResource{}, err
	}
	x := Access{Role: role, actor: who.domain(), vis: d.Resource.Visibility, kind: d.Resource.Kind}
	if x.require(resource.Delete) != nil {
		return store.DeletedResource{}, resource.ErrNotFound
	}
	return d, nil
}

// errStillDerivedFrom refuses to erase a resource others still lean on.
var errStillDerivedFrom = newErr(Conflict, "still_derived_from",
	"other resources derive from this one or build on its history: it cannot be erased before they are; it stays restorable until its keeping time ends")

// EraseResource erases a resource in the caller's trash now, for good, as
// the purge would after Config.DeletedKeep ("Delete forever" in Google
// Drive's trash). Only those who may restore it may erase it. A resource that
// others still lean on (store.PurgeDeleted) is refused with a conflict.
func (a *App) EraseResource(ctx context.Context, who Actor, id string) error {
	d, err := a.trashed(ctx, who, id)
	if err != nil {
		return err
	}
	erased, err := a.db.EraseDeleted(ctx, d.Resource.ID)
	if err != nil {
		return err
	}
	if !erased {
		return errStillDerivedFrom
	}
	a.audit(ctx, who, "resource.erase", d.Resource.ID, nil)
	return nil
}

// PurgeDeleted erases the resources deleted longer than Config.DeletedKeep
// ago and returns how many it erased. The background loop calls it; so do
// tests.
func (a *App) PurgeDeleted(ctx context.Context) (int, error) {
	return a.db.PurgeDeleted(ctx, a.cfg.DeletedKeep)
}

// purgeLoop runs PurgeDeleted every Config.PurgeEvery until ctx ends. Every
// process runs it; they skip each other's locked rows.
func (a *App) purgeLoop(ctx context.Context) {
	t := time.NewTicker(a.cfg.PurgeEvery)
	defer t.Stop()
	for {
		n, err := a.PurgeDeleted(ctx)
		switch {
		case err != nil && !errors.Is(err, context.Canceled):
			a.log.WarnContext(ctx, "purge deleted resources", "err", err)
		case n > 0:
			a.log.InfoContext(ctx, "purged deleted resources", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeletedKeepDays is how many days a deleted resource stays restorable, for
// the sentences that say so.
func (a *App) DeletedKeepDays() int {
	return int((a.cfg.DeletedKeep + 12*time.Hour) / (24 * time.Hour))
}

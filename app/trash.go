package app

import (
	"context"
	"errors"
	"time"

	"github.com/commonplace/commonplace/resource"
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
// may restore it; to everyone else a deleted resource is missing (404), as it
// is to every other use case.
func (a *App) RestoreResource(ctx context.Context, who Actor, id string) (resource.Resource, Access, error) {
	if !who.SignedIn() {
		return resource.Resource{}, Access{}, ErrUnauthorized
	}
	d, role, err := a.db.DeletedResourceFor(ctx, id, who.ID, a.cfg.DeletedKeep)
	if err != nil {
		return resource.Resource{}, Access{}, err
	}
	x := Access{Role: role, actor: who.domain(), vis: d.Resource.Visibility, kind: d.Resource.Kind}
	if x.require(resource.Delete) != nil {
		return resource.Resource{}, Access{}, resource.ErrNotFound
	}
	if err := a.db.RestoreResource(ctx, d.Resource.ID, a.cfg.DeletedKeep); err != nil {
		return resource.Resource{}, Access{}, err
	}
	a.audit(ctx, who, "resource.restore", d.Resource.ID, nil)
	return a.resourceFor(ctx, who, d.Resource.ID, resource.View)
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

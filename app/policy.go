package app

import (
	"context"
	"fmt"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// The access policy: who may see and do what is decided here and nowhere
// else. Every use case loads the resources it touches through resourceFor,
// which asks resource.Authorize; every piece of data that names or copies
// another resource (revision parents, the attribution chain, derived_from,
// family graphs, memory suggestions, proposals) is passed through readable
// before it leaves, so that what the caller could not open is shown as "a
// private resource" or left out — never its text, title or id.

// HiddenTitle stands in for the title of a resource the caller may not read.
const HiddenTitle = "a private resource"

// resourceFor loads resource id and decides whether who may perform act on
// it. Outsiders get resource.ErrNotFound for private resources (exactly as
// for missing ones), anonymous callers ErrUnauthorized, and people with the
// wrong role ErrForbidden. On any refusal nothing of the resource is
// returned, so no caller can pass it on by mistake.
func (a *App) resourceFor(ctx context.Context, who Actor, id string, act resource.Action) (resource.Resource, Access, error) {
	r, role, err := a.db.ResourceFor(ctx, id, who.ID)
	if err != nil {
		return resource.Resource{}, Access{}, err
	}
	x := Access{Role: role, actor: who.domain(), vis: r.Visibility, kind: r.Kind}
	if err := x.require(act); err != nil {
		return resource.Resource{}, Access{}, err
	}
	return r, x, nil
}

// require answers whether the access allows act, as the error to return.
func (x Access) require(act resource.Action) error {
	switch resource.Authorize(x.actor, x.Role, x.vis, act) {
	case resource.Allowed:
		return nil
	case resource.Hidden:
		return resource.ErrNotFound
	case resource.Unauthorized:
		return ErrUnauthorized
	default:
		return ErrForbidden
	}
}

// requireAny is require for "at least one of these actions".
func (x Access) requireAny(acts ...resource.Action) error {
	var first error
	for _, act := range acts {
		err := x.require(act)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// readable reports, for each of ids, whether who may read that resource
// (deleted and unknown ones are not readable). One query however many ids.
func (a *App) readable(ctx context.Context, who Actor, ids ...string) (map[string]bool, error) {
	return a.standingCheck(ctx, who, ids, false)
}

// creditable is readable, except that a deleted resource which was open
// (public or unlisted) when it was deleted still counts: its title and
// authors stay in the credit of what was derived from it.
func (a *App) creditable(ctx context.Context, who Actor, ids ...string) (map[string]bool, error) {
	return a.standingCheck(ctx, who, ids, true)
}

// listable reports, for each of ids, whether it may be offered to who
// without their asking for it by link: public resources and those the caller
// has a role on. Unlisted means "anyone with the link", so everything that
// enumerates or mixes in other resources' data (memory suggestions, exports,
// search, feeds, graphs) uses this, not readable.
func (a *App) listable(ctx context.Context, who Actor, ids ...string) (map[string]bool, error) {
	st, err := a.db.Standings(ctx, ids, who.ID)
	if err != nil {
		return nil, fmt.Errorf("check access: %w", err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		s, ok := st[id]
		out[id] = ok && !s.Deleted && (s.Visibility == resource.Public || s.Role != resource.RoleNone)
	}
	return out, nil
}

func (a *App) standingCheck(ctx context.Context, who Actor, ids []string, deletedOpen bool) (map[string]bool, error) {
	st, err := a.db.Standings(ctx, ids, who.ID)
	if err != nil {
		return nil, fmt.Errorf("check access: %w", err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		s, ok := st[id]
		switch {
		case !ok:
			out[id] = false
		case s.Deleted:
			out[id] = deletedOpen && s.Visibility != resource.Private
		default:
			out[id] = resource.Authorize(who.domain(), s.Role, s.Visibility, resource.View) == resource.Allowed
		}
	}
	return out, nil
}

// hideRefs blanks every revision reference that points into a resource the
// caller may not read, keeping only the fact that there is one.
func (a *App) hideRefs(ctx context.Context, who Actor, refs []versioning.RevisionRef) ([]versioning.RevisionRef, error) {
	if len(refs) == 0 {
		return refs, nil
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ResourceID
	}
	ok, err := a.readable(ctx, who, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]versioning.RevisionRef, len(refs))
	for i, r := range refs {
		if ok[r.ResourceID] {
			out[i] = r
		} else {
			out[i] = versioning.RevisionRef{Hidden: true, ResourceTitle: HiddenTitle}
		}
	}
	return out, nil
}

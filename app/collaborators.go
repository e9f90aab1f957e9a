package app

import (
	"context"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

// Collaborators lists the people with a role on a resource the caller may read.
func (a *App) Collaborators(ctx context.Context, who Actor, id string) (resource.Resource, Access, []resource.Collaborator, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return r, x, nil, err
	}
	list, err := a.db.Collaborators(ctx, r.ID)
	return r, x, list, err
}

// SetCollaborator gives the person called handle a role on a resource;
// only its owners may.
func (a *App) SetCollaborator(ctx context.Context, who Actor, id, handle string, role resource.Role) (auth.User, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.ManageCollaborators)
	if err != nil {
		return auth.User{}, err
	}
	if !resource.ValidRole(role) {
		return auth.User{}, &resource.ValidationError{Field: "role", Message: "must be one of owner, editor, translator, reviewer, viewer"}
	}
	u, err := a.db.UserByHandle(ctx, handle)
	if err != nil {
		return u, invalid("handle", "handle: no user is called %s", handle)
	}
	before, err := a.db.Role(ctx, r.ID, u.ID)
	if err != nil {
		return u, err
	}
	if err := a.db.SetCollaborator(ctx, r.ID, u.ID, role, who.ID); err != nil {
		return u, err
	}
	a.liveRightsChanged(ctx, r.ID)
	a.audit(ctx, who, "collaborator.set", r.ID, map[string]any{"user": u.ID, "role": role})
	if before != role {
		a.roleGranted(ctx, who, r.ID, u.ID, role)
	}
	return u, nil
}

// RemoveCollaborator takes a person's role away; the last owner stays.
func (a *App) RemoveCollaborator(ctx context.Context, who Actor, id, handle string) error {
	r, _, err := a.resourceFor(ctx, who, id, resource.ManageCollaborators)
	if err != nil {
		return err
	}
	u, err := a.db.UserByHandle(ctx, handle)
	if err != nil {
		return err
	}
	if err := a.db.RemoveCollaborator(ctx, r.ID, u.ID); err != nil {
		return err
	}
	a.liveRightsChanged(ctx, r.ID)
	a.audit(ctx, who, "collaborator.remove", r.ID, map[string]any{"user": u.ID})
	return nil
}

// UserByHandle is a person's public profile.
func (a *App) UserByHandle(ctx context.Context, handle string) (resource.Person, error) {
	u, err := a.db.UserByHandle(ctx, handle)
	if err != nil {
		return resource.Person{}, err
	}
	return resource.Person{ID: u.ID, Handle: u.Handle, Name: u.Name}, nil
}

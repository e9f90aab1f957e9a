package app

import (
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

// Actor is who calls a use case: a signed-in user, or nobody (the zero
// Actor). Adapters build it from what authenticated the request and never
// from anything the caller sends in a body or frame.
type Actor struct {
	ID     string
	Handle string
	Name   string
}

// ActorOf is the actor for a signed-in user.
func ActorOf(u auth.User) Actor { return Actor{ID: u.ID, Handle: u.Handle, Name: u.Name} }

// Anonymous is nobody signed in.
var Anonymous = Actor{}

// SignedIn reports whether the actor is a user.
func (a Actor) SignedIn() bool { return a.ID != "" }

func (a Actor) domain() resource.Actor { return resource.Actor{UserID: a.ID} }

func (a Actor) person() resource.Person {
	return resource.Person{ID: a.ID, Handle: a.Handle, Name: a.Name}
}

// Access is what one actor may do with one resource, as the policy decided
// it when the resource was loaded. Pages and answers use it to offer only
// the actions that will be allowed.
type Access struct {
	Role  resource.Role
	actor resource.Actor
	vis   resource.Visibility
	kind  resource.Kind
}

// Can reports whether the action is allowed.
func (x Access) Can(act resource.Action) bool {
	return resource.Authorize(x.actor, x.Role, x.vis, act) == resource.Allowed
}

// EditsText reports whether the caller may change the text directly (live,
// by ops or by replacing it). A translation's text is written through its
// segments only, so nobody edits it directly, whatever their role.
func (x Access) EditsText() bool {
	return x.kind != resource.Translation && x.Can(resource.EditContent)
}

// CanAny reports whether at least one of the actions is allowed.
func (x Access) CanAny(acts ...resource.Action) bool {
	for _, a := range acts {
		if x.Can(a) {
			return true
		}
	}
	return false
}

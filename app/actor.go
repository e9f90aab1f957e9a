package app

import (
	"encoding/hex"

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
	// Credential is what authenticated this call (empty when unknown or
	// anonymous). Live connections keep it, so they end when it does.
	Credential Credential
	// Lang is the interface language the caller reads (a BCP 47 tag of a
	// shipped interface language, or ""): sentences composed for them, such
	// as notifications, are written in it.
	Lang string
}

// ActorOf is the actor for a signed-in user.
func ActorOf(u auth.User) Actor { return Actor{ID: u.ID, Handle: u.Handle, Name: u.Name} }

// Credential names a session or an API token by the hash that is stored for
// it (never the token itself).
type Credential string

// SessionCredential is the credential of a session cookie's token.
func SessionCredential(token string) Credential {
	return Credential("s:" + hex.EncodeToString(auth.HashToken(token)))
}

// TokenCredential is the credential of an API (bearer) token.
func TokenCredential(token string) Credential {
	return Credential("t:" + hex.EncodeToString(auth.HashToken(token)))
}

// parse returns the kind ('s' or 't') and the stored hash; ok is false for
// an empty or malformed credential.
func (c Credential) parse() (kind byte, hash []byte, ok bool) {
	s := string(c)
	if len(s) < 3 || s[1] != ':' || (s[0] != 's' && s[0] != 't') {
		return 0, nil, false
	}
	h, err := hex.DecodeString(s[2:])
	if err != nil {
		return 0, nil, false
	}
	return s[0], h, true
}

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

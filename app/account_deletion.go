package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Deleting an account (docs/decisions.md, "Deleting an account"): the
// person's private resources that nobody else works on are deleted; a
// resource that others work on keeps going, under its other owners or
// under an editor the person hands it to (or the deletion waits); public
// and unlisted resources stay, and everything the person wrote anywhere
// stays credited under their name or "former member", as they choose. The
// account becomes a tombstone: no e-mail address, password, sessions,
// tokens, roles, notifications or profile page, and its handle is retired
// so nobody can take it and pass for them.

// FormerMember is how a deleted account that chose not to keep its name is credited.
const FormerMember = "former member"

// Ways a deleted account's contributions are credited.
const (
	CreditName   = "name"   // under the name the person had
	CreditFormer = "former" // as FormerMember
)

// DeletionPlan is what deleting the caller's account would do, shown
// before they confirm it.
type DeletionPlan struct {
	Handle string
	Name   string
	// Deleted: private resources only the caller works on; deleted with the account.
	Deleted []resource.Resource
	// Kept: public or unlisted resources only the caller works on; they stay,
	// credited, and nobody can edit them any more.
	Kept []resource.Resource
	// Left: resources that other owners keep, or where the caller is not an
	// owner; the caller's role ends.
	Left []resource.Resource
	// Handovers: resources with collaborators and no other owner; an editor
	// must take each over.
	Handovers []Handover
	// Blocked: resources with collaborators but no editor to take them over;
	// the account cannot be deleted until the caller sorts them out.
	Blocked []resource.Resource
}

// Handover is a resource that needs a new owner, the editors who could be
// it, and the one chosen (a handle, or "").
type Handover struct {
	Resource resource.Resource
	Editors  []resource.Person
	To       string
}

// Ready reports whether the plan can be carried out: nothing blocked and a
// new owner chosen for every handover.
func (p DeletionPlan) Ready() bool {
	if len(p.Blocked) > 0 {
		return false
	}
	for _, h := range p.Handovers {
		if h.To == "" {
			return false
		}
	}
	return true
}

// DeleteAccountRequest confirms a deletion.
type DeleteAccountRequest struct {
	Password string
	Confirm  string            // the account's handle, typed again
	Credit   string            // CreditName or CreditFormer
	To       map[string]string // resource id → handle of the editor who takes it over
}

// AccountDeletionPlan shows the caller what deleting their account would
// do, with the new owners chosen so far (to: resource id → editor handle;
// a handle that is not an editor of that resource is ignored).
func (a *App) AccountDeletionPlan(ctx context.Context, who Actor, to map[string]string) (DeletionPlan, error) {
	if !who.SignedIn() {
		return DeletionPlan{}, ErrUnauthorized
	}
	u, err := a.db.UserByID(ctx, who.ID)
	if err != nil || u.Deleted {
		return DeletionPlan{}, ErrUnauthorized
	}
	return a.deletionPlan(ctx, u, to)
}

func (a *App) deletionPlan(ctx context.Context, u auth.User, to map[string]string) (DeletionPlan, error) {
	ms, err := a.db.Memberships(ctx, u.ID)
	if err != nil {
		return DeletionPlan{}, err
	}
	p := DeletionPlan{Handle: u.Handle, Name: u.Name}
	for _, m := range ms {
		r := m.Resource
		switch {
		case m.Role != resource.RoleOwner || m.OtherOwners > 0:
			p.Left = append(p.Left, r)
		case m.Others == 0 && r.Visibility == resource.Private:
			p.Deleted = append(p.Deleted, r)
		case m.Others == 0:
			p.Kept = append(p.Kept, r)
		case len(m.Editors) == 0:
			p.Blocked = append(p.Blocked, r)
		default:
			h := Handover{Resource: r, Editors: m.Editors}
			for _, e := range m.Editors {
				if strings.EqualFold(e.Handle, to[r.ID]) {
					h.To = e.Handle
				}
			}
			p.Handovers = append(p.Handovers, h)
		}
	}
	return p, nil
}

// DeleteAccount deletes the caller's account as its plan says, given their
// password and their handle typed again. It refuses, changing nothing,
// while a resource is blocked or waits for a new owner.
func (a *App) DeleteAccount(ctx context.Context, who Actor, req DeleteAccountRequest) error {
	if !who.SignedIn() {
		return ErrUnauthorized
	}
	if req.Credit != CreditName && req.Credit != CreditFormer {
		return invalid("credit", "must be %q (credit your contributions to your name) or %q (to %q)", CreditName, CreditFormer, FormerMember)
	}
	u, err := a.db.UserByID(ctx, who.ID)
	if err != nil || u.Deleted {
		return ErrUnauthorized
	}
	if !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(req.Confirm), "@")), u.Handle) {
		return invalid("confirm", "type your handle, %s, to confirm", u.Handle)
	}
	if _, err := a.reauthenticate(ctx, who, req.Password); err != nil {
		return err
	}
	p, err := a.deletionPlan(ctx, u, req.To)
	if err != nil {
		return err
	}
	if err := p.refusal(); err != nil {
		return err
	}
	t := store.Tombstone{UserID: u.ID, Handle: u.Handle, Name: FormerMember, Transfers: map[string]string{},
		Email: "deleted-" + u.ID + "@deleted.invalid"}
	if req.Credit == CreditName {
		t.Name = u.Name
	}
	if t.NewHandle, err = tombstoneHandle(); err != nil {
		return err
	}
	for _, r := range p.Deleted {
		t.Delete = append(t.Delete, r.ID)
	}
	for _, h := range p.Handovers {
		for _, e := range h.Editors {
			if e.Handle == h.To {
				t.Transfers[h.Resource.ID] = e.ID
			}
		}
	}
	touched, err := a.db.DeleteUser(ctx, t)
	if errors.Is(err, store.ErrPlanStale) {
		return newErr(Conflict, "plan_changed", "the resources of your account changed while you were deciding; look at the plan again")
	}
	if err != nil {
		return err
	}
	a.liveSignedOut(ctx, u.ID)
	for _, id := range touched {
		a.liveRightsChanged(ctx, id)
	}
	a.audit(ctx, who, "account.delete", "", map[string]any{"credit": req.Credit, "deleted": t.Delete, "transfers": t.Transfers})
	return nil
}

// refusal says why the plan cannot be carried out yet, naming the resources.
func (p DeletionPlan) refusal() error {
	if len(p.Blocked) > 0 {
		e := newErr(Conflict, "account_has_collaborators",
			"%s: other people work on it and none of them is an editor who could take it over; make one of them an editor or owner, remove them, or delete the resource first",
			quotedTitles(p.Blocked))
		e.Extra = map[string]any{"blocked": resourceIDs(p.Blocked)}
		return e
	}
	var waiting []resource.Resource
	for _, h := range p.Handovers {
		if h.To == "" {
			waiting = append(waiting, h.Resource)
		}
	}
	if len(waiting) > 0 {
		e := invalid("to", "choose who takes over %s", quotedTitles(waiting))
		e.Extra = map[string]any{"waiting": resourceIDs(waiting)}
		return e
	}
	return nil
}

func quotedTitles(rs []resource.Resource) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%q", r.Title))
	}
	return strings.Join(out, ", ")
}

func resourceIDs(rs []resource.Resource) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// tombstoneHandle is a fresh handle for a deleted account: "former-" and
// random hex. Sign-up refuses handles starting "former-", so none can be
// made to look like a deleted account.
func tombstoneHandle() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("tombstone handle: %w", err)
	}
	return tombstonePrefix + hex.EncodeToString(b[:]), nil
}

const tombstonePrefix = "former-"

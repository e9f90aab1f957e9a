package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
	"github.com/commonplace/commonplace/versioning"
)

// Every kind of write that reaches a family's rows and search marks, side by side for a
// bounded number of rounds: each member turned public and private again, forks of the source
// made and deleted, settings saved, named versions cut, a collaborator added and removed,
// proposals opened, closed and reopened, a contributor renamed, and contributors' accounts
// deleted (which closes their proposals). Three pairs of these took their
// locks in opposite orders and failed one of the two with "deadlock detected" (migrations 037
// and 038, store/credit_marks.go), each found one at a time; this test runs them all at once,
// for the pairs nobody has thought of yet. Any error fails it.
func TestFamilyWritersSideBySideNeverDeadlock(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner, family := aFamily(t, db, 5)
	src := family[0]
	rev, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: src.ID, Content: "a\nb\n", Kind: versioning.RevCheckpoint})
	if err != nil {
		t.Fatal(err)
	}
	member, helper := newUser(t, db, "member"), newUser(t, db, "helper")
	for _, r := range family {
		if err := db.SetCollaborator(ctx, r.ID, member.ID, resource.RoleEditor, owner.ID); err != nil {
			t.Fatal(err)
		}
	}

	const rounds = 40
	var failed firstFailure
	var done atomic.Bool
	stopToggles := toggleEach(ctx, db, family, &failed, func(int) bool { return !done.Load() })
	var wg sync.WaitGroup
	writer := func(step func(i int) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				if failed.stop(step(i)) {
					return
				}
			}
		}()
	}
	forks := make(chan resource.Resource, rounds)
	writer(func(i int) error { // forks of the source
		f, err := forkOf(ctx, db, owner, src, rev)
		if err == nil {
			forks <- f
		}
		if i == rounds-1 {
			close(forks)
		}
		return err
	})
	wg.Add(1)
	go func() { // and each deleted again
		defer wg.Done()
		for f := range forks {
			if failed.stop(db.DeleteResource(ctx, f.ID)) {
				return
			}
		}
	}()
	writer(func(i int) error { // the member's named versions, each member in turn
		_, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: family[i%len(family)].ID,
			Content: fmt.Sprintf("a\nb\n%d\n", i), Kind: versioning.RevNamed, AuthorID: member.ID, Message: "v"})
		return err
	})
	writer(func(i int) error { // the member renamed: credits rewritten, contributions re-indexed
		return db.SetUserName(ctx, member.ID, fmt.Sprintf("Member %d", i), "/u/member")
	})
	writer(func(i int) error { // a helper added to a member and taken off again
		r := family[i%len(family)]
		if err := db.SetCollaborator(ctx, r.ID, helper.ID, resource.RoleEditor, owner.ID); err != nil {
			return err
		}
		return db.RemoveCollaborator(ctx, r.ID, helper.ID)
	})
	writer(func(i int) error { // proposals from the forks to the source, opened, closed and opened again
		p, err := db.CreateProposal(ctx, versioning.Proposal{SourceID: src.ID, ForkID: family[1+i%(len(family)-1)].ID,
			Kind: "merge", Title: fmt.Sprintf("Proposal %d", i), AuthorID: member.ID})
		if err != nil {
			return err
		}
		if err := db.CloseProposal(ctx, p.ID, owner.ID); err != nil {
			return err
		}
		return db.ReopenProposal(ctx, p.ID)
	})
	writer(func(i int) error { // contributors who leave: a named version in each member and an open proposal, then the account deleted
		if i%2 != 0 {
			return nil
		}
		c, err := db.CreateUser(ctx, auth.User{Handle: fmt.Sprintf("leaver%d", i), Email: fmt.Sprintf("leaver%d@example.org", i), Name: "Leaver", PasswordHash: "x"})
		if err != nil {
			return err
		}
		for _, r := range family {
			if err := db.SetCollaborator(ctx, r.ID, c.ID, resource.RoleEditor, owner.ID); err != nil {
				return err
			}
			if _, _, err := db.CreateRevision(ctx, store.NewRevision{ResourceID: r.ID, Content: fmt.Sprintf("a\n%s\n", c.Handle),
				Kind: versioning.RevNamed, AuthorID: c.ID, Message: "mine"}); err != nil {
				return err
			}
		}
		if _, err := db.CreateProposal(ctx, versioning.Proposal{SourceID: src.ID, ForkID: family[1].ID, Kind: "endorse",
			Title: "Endorse", AuthorID: c.ID}); err != nil {
			return err
		}
		_, err = db.DeleteUser(ctx, store.Tombstone{UserID: c.ID, Handle: c.Handle, NewHandle: "former-" + c.Handle,
			Email: "former-" + c.Handle + "@invalid", Name: "Former member", Transfers: map[string]string{}})
		return err
	})
	wg.Wait()
	done.Store(true)
	stopToggles()
	failed.check(t)
}

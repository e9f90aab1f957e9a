package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// readLog reads the rights log after *mark and moves the mark on.
func readLog(t *testing.T, db *store.DB, mark *store.RightsMark) store.RightsChanges {
	t.Helper()
	got, err := db.RightsChangesSince(context.Background(), mark)
	if err != nil {
		t.Fatal(err)
	}
	next, ok := store.ParseRightsMark(got.Next.String()) // as the hubs hand it back
	if !ok {
		t.Fatalf("mark %q does not read back", got.Next.String())
	}
	*mark = next
	return got
}

// Every write that can change a live connection's verdict names its resource or user in the
// log (migration 036); writes that cannot, do not.
func TestRightsLogNamesWhatChangesRights(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner, ed := newUser(t, db, "rlo"), newUser(t, db, "rle")
	priv, pub := newResource(t, db, owner, resource.Private), newResource(t, db, owner, resource.Public)
	_, session, _ := auth.NewToken(auth.SessionPrefix)
	_, token, _ := auth.NewToken(auth.APITokenPrefix)
	if err := db.CreateSession(ctx, ed.ID, session, time.Now().Add(time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateAPIToken(ctx, ed.ID, "script", token, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	start, err := db.RightsChangesSince(ctx, nil)
	if err != nil || len(start.Resources)+len(start.Users) != 0 || start.Next.XMax == 0 {
		t.Fatalf("first read: %+v %v", start, err)
	}
	mark := start.Next
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name       string
		change     func()
		docs, user []string
	}{
		{"nothing", func() {}, nil, nil},
		{"collaborator added", func() {
			if err := db.SetCollaborator(ctx, priv.ID, ed.ID, resource.RoleEditor, owner.ID); err != nil {
				t.Fatal(err)
			}
		}, []string{priv.ID}, nil},
		{"role changed", func() {
			if err := db.SetCollaborator(ctx, priv.ID, ed.ID, resource.RoleViewer, owner.ID); err != nil {
				t.Fatal(err)
			}
		}, []string{priv.ID}, nil},
		{"same role again", func() {
			if err := db.SetCollaborator(ctx, priv.ID, ed.ID, resource.RoleViewer, owner.ID); err != nil {
				t.Fatal(err)
			}
		}, nil, nil},
		{"collaborator removed", func() {
			if err := db.RemoveCollaborator(ctx, priv.ID, ed.ID); err != nil {
				t.Fatal(err)
			}
		}, []string{priv.ID}, nil},
		{"title and text", func() { exec(`UPDATE resources SET title = 'x', content = 'y' WHERE id = $1`, pub.ID) }, nil, nil},
		{"visibility", func() { exec(`UPDATE resources SET visibility = 'unlisted' WHERE id = $1`, pub.ID) }, []string{pub.ID}, nil},
		{"deleted", func() {
			if err := db.DeleteResource(ctx, pub.ID); err != nil {
				t.Fatal(err)
			}
		}, []string{pub.ID}, nil},
		{"token used", func() { exec(`UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1`, token) }, nil, nil},
		{"token revoked", func() {
			if _, err := db.DeleteAPIToken(ctx, token); err != nil {
				t.Fatal(err)
			}
		}, nil, []string{ed.ID}},
		{"signed out", func() {
			if _, err := db.DeleteSession(ctx, session); err != nil {
				t.Fatal(err)
			}
		}, nil, []string{ed.ID}},
	} {
		c.change()
		got := readLog(t, db, &mark)
		if !slices.Equal(got.Resources, c.docs) || !slices.Equal(got.Users, c.user) {
			t.Errorf("%s: got resources %v users %v, want %v %v", c.name, got.Resources, got.Users, c.docs, c.user)
		}
	}
}

// A change whose transaction began before a read and commits after it is read next time: the
// mark keeps the transactions that were still running, not the newest row seen.
func TestRightsLogReadsSlowWritersLater(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner, ed := newUser(t, db, "slo"), newUser(t, db, "sle")
	slow, quick := newResource(t, db, owner, resource.Private), newResource(t, db, owner, resource.Private)
	var mark store.RightsMark
	readLog(t, db, &mark)

	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // committed below
	if _, err := tx.Exec(ctx, `INSERT INTO collaborators (resource_id, user_id, role) VALUES ($1, $2, 'editor')`, slow.ID, ed.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCollaborator(ctx, quick.ID, ed.ID, resource.RoleEditor, owner.ID); err != nil {
		t.Fatal(err)
	}
	if got := readLog(t, db, &mark); !slices.Equal(got.Resources, []string{quick.ID}) {
		t.Fatalf("before the slow commit: %v", got.Resources)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := readLog(t, db, &mark); !slices.Contains(got.Resources, slow.ID) {
		t.Fatalf("the slow writer's change was missed: %v", got.Resources)
	}
}

// A credential that reaches its expiry names its user once, in the read that spans the moment.
func TestRightsLogNamesExpiredCredentials(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "exp")
	_, session, _ := auth.NewToken(auth.SessionPrefix)
	if err := db.CreateSession(ctx, u.ID, session, time.Now().Add(300*time.Millisecond), "test"); err != nil {
		t.Fatal(err)
	}
	var mark store.RightsMark
	readLog(t, db, &mark)
	if got := readLog(t, db, &mark); len(got.Users) != 0 {
		t.Fatalf("before expiry: %v", got.Users)
	}
	time.Sleep(400 * time.Millisecond)
	if got := readLog(t, db, &mark); !slices.Equal(got.Users, []string{u.ID}) {
		t.Fatalf("at expiry: %v", got.Users)
	}
	if got := readLog(t, db, &mark); len(got.Users) != 0 {
		t.Fatalf("after expiry: %v", got.Users)
	}
}

// Pruning keeps what is younger than asked.
func TestRightsLogPrunes(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner, ed := newUser(t, db, "pro"), newUser(t, db, "pre")
	r := newResource(t, db, owner, resource.Private)
	start, err := db.RightsChangesSince(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCollaborator(ctx, r.ID, ed.ID, resource.RoleEditor, owner.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.PruneRightsChanges(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	mark := start.Next
	if got := readLog(t, db, &mark); !slices.Equal(got.Resources, []string{r.ID}) {
		t.Fatalf("kept: %v", got.Resources)
	}
	if err := db.PruneRightsChanges(ctx, 0); err != nil {
		t.Fatal(err)
	}
	mark = start.Next
	if got := readLog(t, db, &mark); len(got.Resources) != 0 {
		t.Fatalf("pruned: %v", got.Resources)
	}
}

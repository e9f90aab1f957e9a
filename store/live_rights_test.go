package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

func TestStandingsOfLiveConnections(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner, ed := newUser(t, db, "own"), newUser(t, db, "edi")
	pub, priv := newResource(t, db, owner, resource.Public), newResource(t, db, owner, resource.Private)
	if err := db.SetCollaborator(ctx, priv.ID, ed.ID, resource.RoleEditor, owner.ID); err != nil {
		t.Fatal(err)
	}
	gone := newResource(t, db, owner, resource.Public)
	if err := db.DeleteResource(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.StandingsOf(ctx, []store.DocUser{
		{Doc: priv.ID, User: ed.ID}, {Doc: priv.ID, User: ""}, {Doc: pub.ID, User: ed.ID},
		{Doc: gone.ID, User: owner.ID}, {Doc: "not-an-id", User: ed.ID},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[store.DocUser]store.Standing{
		{Doc: priv.ID, User: ed.ID}:    {Visibility: resource.Private, Role: resource.RoleEditor, Kind: resource.Original},
		{Doc: priv.ID, User: ""}:       {Visibility: resource.Private, Kind: resource.Original},
		{Doc: pub.ID, User: ed.ID}:     {Visibility: resource.Public, Kind: resource.Original},
		{Doc: gone.ID, User: owner.ID}: {Visibility: resource.Public, Role: resource.RoleOwner, Kind: resource.Original, Deleted: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d standings: %+v", len(got), got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%+v: got %+v, want %+v", k, got[k], w)
		}
	}
}

func TestLiveCredentialsEndWithTheirSession(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "cred")
	_, live, _ := auth.NewToken(auth.SessionPrefix)
	_, expired, _ := auth.NewToken(auth.SessionPrefix)
	_, token, _ := auth.NewToken(auth.APITokenPrefix)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreateSession(ctx, u.ID, live, time.Now().Add(time.Hour), "test"))
	must(db.CreateSession(ctx, u.ID, expired, time.Now().Add(-time.Minute), "test"))
	must(db.CreateAPIToken(ctx, u.ID, "script", token, time.Now().Add(time.Hour)))
	got, err := db.LiveCredentials(ctx, [][]byte{live, expired}, [][]byte{token})
	must(err)
	if !got[string(live)] || got[string(expired)] || !got[string(token)] {
		t.Fatalf("live credentials: %v", got)
	}
	if who, err := db.DeleteAPIToken(ctx, token); err != nil || who != u.ID {
		t.Fatalf("revoke token: %q %v", who, err)
	}
	if who, err := db.DeleteSession(ctx, live); err != nil || who != u.ID {
		t.Fatalf("end session: %q %v", who, err)
	}
	if who, err := db.DeleteSession(ctx, live); err != nil || who != "" {
		t.Fatalf("end an ended session: %q %v", who, err)
	}
	if got, err = db.LiveCredentials(ctx, [][]byte{live}, [][]byte{token}); err != nil || len(got) != 0 {
		t.Fatalf("after revoking: %v %v", got, err)
	}
}

func TestListenHearsRightsChanges(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	u := newUser(t, db, "lis")
	r := newResource(t, db, u, resource.Private)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type heard struct {
		subject byte
		id      string
	}
	got := make(chan heard, 8)
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.Listen(ctx, store.Listener{Rights: func(s byte, id string) { got <- heard{s, id} }})
	}()
	defer func() { cancel(); <-done }()
	// The listener may not be connected yet: notify until it hears (bounded).
	for range 50 {
		if err := db.NotifyRights(ctx, store.RightsOfResource, r.ID); err != nil {
			t.Fatal(err)
		}
		select {
		case h := <-got:
			if h != (heard{store.RightsOfResource, r.ID}) {
				t.Fatalf("heard %+v", h)
			}
			if err := db.NotifyRights(ctx, store.RightsOfUser, u.ID); err != nil {
				t.Fatal(err)
			}
			for {
				select {
				case h := <-got:
					if h == (heard{store.RightsOfUser, u.ID}) {
						return
					}
				case <-timeAfter(10000):
					t.Fatal("no user notification heard")
				}
			}
		case <-timeAfter(100):
		}
	}
	t.Fatal("no rights notification heard")
}

package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/internal/pgtest"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func newUser(t *testing.T, db *store.DB, handle string) auth.User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), auth.User{Handle: handle, Email: handle + "@example.org", Name: "User " + handle, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newResource(t *testing.T, db *store.DB, owner auth.User, vis resource.Visibility) resource.Resource {
	t.Helper()
	r, err := db.CreateResource(context.Background(), resource.Resource{
		Title: "Fractions", Content: "# Fractions\n", Language: "en", License: "CC-BY-4.0", Visibility: vis,
		Owner: resource.Person{ID: owner.ID}}, []byte(`[["`+owner.ID+`",12]]`))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestUsersUniqueHandleAndEmail(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	newUser(t, db, "amina")
	_, err := db.CreateUser(ctx, auth.User{Handle: "AMINA", Email: "other@example.org", Name: "x", PasswordHash: "x"})
	var ce *store.ConflictError
	if !errors.As(err, &ce) || ce.Field != "handle" {
		t.Fatalf("duplicate handle (other case): got %v", err)
	}
	_, err = db.CreateUser(ctx, auth.User{Handle: "bob", Email: "Amina@Example.org", Name: "x", PasswordHash: "x"})
	if !errors.As(err, &ce) || ce.Field != "email" {
		t.Fatalf("duplicate email: got %v", err)
	}
	u, err := db.UserByLogin(ctx, "amina@EXAMPLE.org")
	if err != nil || u.Handle != "amina" {
		t.Fatalf("login by email: %v %v", u, err)
	}
	if _, err := db.UserByLogin(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown login: %v", err)
	}
}

func TestResourceLifecycle(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	owner, other := newUser(t, db, "owner"), newUser(t, db, "other")
	r := newResource(t, db, owner, resource.Private)
	// A new family has an id of its own, not its root's (a public fork of a
	// private root would otherwise carry the root's id).
	if r.FamilyID == "" || r.FamilyID == r.ID || r.Kind != resource.Original || r.Owner.Handle != "owner" {
		t.Fatalf("created resource: %+v", r)
	}
	_, role, err := db.ResourceFor(ctx, r.ID, owner.ID)
	if err != nil || role != resource.RoleOwner {
		t.Fatalf("owner role: %v %v", role, err)
	}
	_, role, err = db.ResourceFor(ctx, r.ID, other.ID)
	if err != nil || role != resource.RoleNone {
		t.Fatalf("outsider role: %v %v", role, err)
	}
	if _, _, err := db.ResourceFor(ctx, "not-a-uuid", ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("bad id: %v", err)
	}

	// Private resources are listed only for people with a role.
	list, total, err := db.ListResources(ctx, store.ListFilter{ViewerID: other.ID})
	if err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("outsider listing: %d %v", total, err)
	}
	list, total, err = db.ListResources(ctx, store.ListFilter{ViewerID: owner.ID, Mine: true})
	if err != nil || total != 1 || list[0].ID != r.ID {
		t.Fatalf("owner listing: %d %v", total, err)
	}

	if err := db.SetCollaborator(ctx, r.ID, other.ID, resource.RoleEditor, owner.ID); err != nil {
		t.Fatal(err)
	}
	cs, err := db.Collaborators(ctx, r.ID)
	if err != nil || len(cs) != 2 || cs[0].Role != resource.RoleOwner || cs[1].Role != resource.RoleEditor {
		t.Fatalf("collaborators: %+v %v", cs, err)
	}
	if err := db.RemoveCollaborator(ctx, r.ID, owner.ID); !errors.Is(err, store.ErrLastOwner) {
		t.Fatalf("removing the last owner: %v", err)
	}
	if err := db.SetCollaborator(ctx, r.ID, owner.ID, resource.RoleViewer, owner.ID); !errors.Is(err, store.ErrLastOwner) {
		t.Fatalf("demoting the last owner: %v", err)
	}

	r.Title, r.Visibility = "Fractions, revised", resource.Public
	if err := db.UpdateMetadata(ctx, r); err != nil {
		t.Fatal(err)
	}
	list, total, err = db.ListResources(ctx, store.ListFilter{Query: "REVISED"})
	if err != nil || total != 1 || list[0].Title != "Fractions, revised" {
		t.Fatalf("public listing after update: %d %v", total, err)
	}
	if err := db.DeleteResource(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Resource(ctx, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted resource still readable: %v", err)
	}
}

func TestListLanguageFilter(t *testing.T) {
	t.Parallel()
	db := pgtest.DB(t)
	ctx := context.Background()
	u := newUser(t, db, "lang")
	for _, lang := range []string{"es", "es-MX", "en"} {
		_, err := db.CreateResource(ctx, resource.Resource{Title: "T " + lang, Language: lang, License: "CC0-1.0",
			Visibility: resource.Public, Owner: resource.Person{ID: u.ID}}, nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	_, total, err := db.ListResources(ctx, store.ListFilter{Language: "es"})
	if err != nil || total != 2 {
		t.Fatalf("es matches es and es-MX: got %d %v", total, err)
	}
	_, total, _ = db.ListResources(ctx, store.ListFilter{Language: "es-mx"})
	if total != 1 {
		t.Fatalf("es-mx: got %d", total)
	}
}

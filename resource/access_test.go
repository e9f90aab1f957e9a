package resource

import "testing"

// TestAuthorizeMatrix pins who may do what, for every role and action, on a
// private and a public resource. Written out in full on purpose.
func TestAuthorizeMatrix(t *testing.T) {
	const (
		A = Allowed
		H = Hidden
		U = Unauthorized
		D = Denied
	)
	type row = map[Action]Decision
	signedIn := Actor{UserID: "u"}
	cases := []struct {
		role    Role
		actor   Actor
		private row
		public  row
	}{
		{RoleOwner, signedIn,
			row{View: A, EditContent: A, EditMetadata: A, Configure: A, ManageCollaborators: A, Delete: A, Derive: A, Translate: A, ApproveTranslation: A, Review: A, CutRevision: A},
			row{View: A, EditContent: A, EditMetadata: A, Configure: A, ManageCollaborators: A, Delete: A, Derive: A, Translate: A, ApproveTranslation: A, Review: A, CutRevision: A}},
		{RoleEditor, signedIn,
			row{View: A, EditContent: A, EditMetadata: A, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: A, ApproveTranslation: D, Review: A, CutRevision: A},
			row{View: A, EditContent: A, EditMetadata: A, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: A, ApproveTranslation: D, Review: A, CutRevision: A}},
		{RoleTranslator, signedIn,
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: A, ApproveTranslation: D, Review: D, CutRevision: D},
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: A, ApproveTranslation: D, Review: D, CutRevision: D}},
		{RoleReviewer, signedIn,
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: D, ApproveTranslation: A, Review: A, CutRevision: D},
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: D, ApproveTranslation: A, Review: A, CutRevision: D}},
		{RoleViewer, signedIn,
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: D, ApproveTranslation: D, Review: D, CutRevision: D},
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: D, ApproveTranslation: D, Review: D, CutRevision: D}},
		{RoleNone, signedIn,
			row{View: H, EditContent: H, EditMetadata: H, Configure: H, ManageCollaborators: H, Delete: H, Derive: H, Translate: H, ApproveTranslation: H, Review: H, CutRevision: H},
			row{View: A, EditContent: D, EditMetadata: D, Configure: D, ManageCollaborators: D, Delete: D, Derive: A, Translate: D, ApproveTranslation: D, Review: D, CutRevision: D}},
		{RoleNone, Actor{},
			row{View: H, EditContent: H, EditMetadata: H, Configure: H, ManageCollaborators: H, Delete: H, Derive: H, Translate: H, ApproveTranslation: H, Review: H, CutRevision: H},
			row{View: A, EditContent: U, EditMetadata: U, Configure: U, ManageCollaborators: U, Delete: U, Derive: U, Translate: U, ApproveTranslation: U, Review: U, CutRevision: U}},
	}
	for _, c := range cases {
		for _, a := range Actions {
			for vis, want := range map[Visibility]Decision{Private: c.private[a], Public: c.public[a], Unlisted: c.public[a]} {
				if got := Authorize(c.actor, c.role, vis, a); got != want {
					t.Errorf("role %q signed-in=%v %s %s: got %v, want %v", c.role, c.actor.SignedIn(), vis, a, got, want)
				}
			}
		}
	}
}

func TestRolesFor(t *testing.T) {
	got := RolesFor(ApproveTranslation)
	if len(got) != 2 || got[0] != RoleOwner || got[1] != RoleReviewer {
		t.Errorf("approvers %v", got)
	}
}

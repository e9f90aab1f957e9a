package resource

// Role is what a person is to a resource. The zero Role means none.
type Role string

// Roles, from most to least power.
const (
	RoleOwner      Role = "owner"
	RoleEditor     Role = "editor"
	RoleTranslator Role = "translator"
	RoleReviewer   Role = "reviewer"
	RoleViewer     Role = "viewer"
	RoleNone       Role = ""
)

// Roles lists the assignable roles in order.
var Roles = []Role{RoleOwner, RoleEditor, RoleTranslator, RoleReviewer, RoleViewer}

// ValidRole reports whether r is an assignable role.
func ValidRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Action is something a person may try to do with a resource.
type Action string

// Actions.
const (
	View                Action = "view"                 // read the resource and its history
	EditContent         Action = "edit_content"         // change the text (live or by API)
	EditMetadata        Action = "edit_metadata"        // title, summary, subjects, level, language
	Configure           Action = "configure"            // licence and visibility
	ManageCollaborators Action = "manage_collaborators" // add, change, remove roles
	Delete              Action = "delete"
	Derive              Action = "derive"            // fork or start a translation (licence rules apply too)
	Translate           Action = "translate"         // fill in segments of a translation
	ApproveTranslation  Action = "approve_translate" // set segments reviewed/final
	Review              Action = "review"            // review and merge proposals, endorse derivatives
	CutRevision         Action = "cut_revision"      // name a version
)

// Actions lists every action, for the authorisation matrix test.
var Actions = []Action{View, EditContent, EditMetadata, Configure, ManageCollaborators, Delete, Derive, Translate, ApproveTranslation, Review, CutRevision}

// grants is the single table of who may do what beyond viewing. Everything
// the service allows a role is written here and nowhere else.
var grants = map[Role][]Action{
	RoleOwner:      {EditContent, EditMetadata, Configure, ManageCollaborators, Delete, Translate, ApproveTranslation, Review, CutRevision},
	RoleEditor:     {EditContent, EditMetadata, Translate, Review, CutRevision},
	RoleTranslator: {Translate},
	RoleReviewer:   {ApproveTranslation, Review},
	RoleViewer:     {},
}

// Actor is who is asking: a signed-in user or nobody.
type Actor struct {
	UserID string // "" for anonymous
}

// SignedIn reports whether the actor is a user.
func (a Actor) SignedIn() bool { return a.UserID != "" }

// Decision is the outcome of Authorize.
type Decision int

// Decisions. Hidden is distinct from Denied so that a private resource
// looks exactly like a missing one to outsiders.
const (
	Allowed      Decision = iota
	Hidden                // the actor may not even know it exists: answer 404
	Unauthorized          // anonymous, and signing in might help: answer 401
	Denied                // the actor can see it but may not do this: answer 403
)

// Authorize decides whether actor, holding role on a resource with the given
// visibility, may perform action.
func Authorize(actor Actor, role Role, vis Visibility, action Action) Decision {
	canView := role != RoleNone || vis == Public || vis == Unlisted
	if !canView {
		return Hidden
	}
	if action == View {
		return Allowed
	}
	if action == Derive {
		// Anyone who can read an open resource may adapt it (licence permitting).
		if !actor.SignedIn() {
			return Unauthorized
		}
		return Allowed
	}
	if !actor.SignedIn() {
		return Unauthorized
	}
	for _, a := range grants[role] {
		if a == action {
			return Allowed
		}
	}
	return Denied
}

// RolesFor lists the roles that may perform action (beyond viewing), from
// the grants table: stores use it to find the resources where someone may
// act without repeating the table in SQL.
func RolesFor(action Action) []Role {
	var out []Role
	for _, r := range Roles {
		for _, a := range grants[r] {
			if a == action {
				out = append(out, r)
			}
		}
	}
	return out
}

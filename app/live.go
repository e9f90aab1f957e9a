package app

import (
	"context"
	"strings"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/resource"
)

// LiveRequest opens a live connection to a resource's document.
type LiveRequest struct {
	ResourceID string
	ClientID   string // the editor instance (one tab), chosen by the client
	Since      int64  // resume after this version; -1 for a snapshot
}

// ValidClientID accepts the ids editors make up for themselves: short,
// printable ASCII without spaces.
func ValidClientID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return !strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r > '~' })
}

// ConnectLive joins the caller to a document's hub: editors edit, everyone
// else who may read the resource follows. Anonymous readers of public
// resources follow under a per-connection guest id.
func (a *App) ConnectLive(ctx context.Context, who Actor, req LiveRequest) (*hub.Conn, error) {
	r, x, err := a.resourceFor(ctx, who, req.ResourceID, resource.View)
	if err != nil {
		return nil, err
	}
	if !ValidClientID(req.ClientID) {
		return nil, newErr(BadRequest, "bad_request", "client must be 1–64 printable characters")
	}
	// A translation's text is written through its segments: everyone follows it.
	info := hub.ClientInfo{ClientID: req.ClientID, Role: string(x.Role), CanEdit: x.EditsText()}
	if x.Role == resource.RoleNone || !info.CanEdit && x.Can(resource.EditContent) {
		// A reader of a public resource, or an editor of a translation: the
		// client follows read-only as a viewer does.
		info.Role = string(resource.RoleViewer)
	}
	if who.SignedIn() {
		info.UserID, info.Name = who.ID, who.Name
	} else {
		info.UserID, info.Name = "guest-"+req.ClientID, "Guest"
	}
	return a.live.Connect(ctx, r.ID, info, req.Since)
}

// SubmitOp applies one operation for a script (the REST way to edit live):
// it is transformed over what happened since base, made durable, and its
// new version returned.
func (a *App) SubmitOp(ctx context.Context, who Actor, id string, base int64, op collab.Op) (int64, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.EditContent)
	if err != nil {
		return 0, err
	}
	if r.Kind == resource.Translation {
		return 0, ErrTranslationText
	}
	return a.live.Submit(ctx, r.ID, hub.ClientInfo{UserID: who.ID, Name: who.Name, Role: string(x.Role), CanEdit: true}, base, op)
}

// OpsSince lists the committed ops of a resource after version since.
func (a *App) OpsSince(ctx context.Context, who Actor, id string, since int64, limit int) ([]hub.StoredOp, error) {
	r, _, err := a.resourceFor(ctx, who, id, resource.View)
	if err != nil {
		return nil, err
	}
	return a.live.OpsSince(ctx, r.ID, since, limit)
}

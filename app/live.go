package app

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/resource"
)

// LiveRequest opens a live connection to a resource's document.
type LiveRequest struct {
	ResourceID string
	ClientID   string // the editor instance (one tab), chosen by the client
	Since      int64  // resume after this version; -1 for a snapshot
	Compose    bool   // the client accepts composed ops (docs/protocol.md): readers of large rooms get them
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
// resources follow under a guest id of their own (per connection: a client
// id is chosen by the client, so it cannot name a guest). The connection
// keeps the credential it was opened with and when its rights were decided:
// the hub has them decided again while it is open (live_rights.go).
func (a *App) ConnectLive(ctx context.Context, who Actor, req LiveRequest) (*hub.Conn, error) {
	decided := time.Now()
	r, x, err := a.resourceFor(ctx, who, req.ResourceID, resource.View)
	if err != nil {
		return nil, err
	}
	if !ValidClientID(req.ClientID) {
		return nil, newErr(BadRequest, "bad_request", "client must be 1–64 printable characters")
	}
	if err := a.credentialLive(ctx, who); err != nil {
		return nil, err
	}
	v := liveVerdict(x)
	info := hub.ClientInfo{ClientID: req.ClientID, Role: v.Role, CanEdit: v.CanEdit, CheckedAt: decided, Compose: req.Compose}
	if who.SignedIn() {
		info.UserID, info.Name, info.Credential = who.ID, who.Name, string(who.Credential)
	} else {
		info.UserID, info.Name = guestPrefix+rand.Text(), "Guest"
	}
	return a.live.Connect(ctx, r.ID, info, req.Since)
}

// SubmitOp applies one operation for a script (the REST way to edit live):
// it is transformed over what happened since base, made durable, and its
// new version returned. Each user may submit Config.OpsBurst ops at once,
// then one per Config.OpsInterval.
func (a *App) SubmitOp(ctx context.Context, who Actor, id string, base int64, op collab.Op) (int64, error) {
	r, x, err := a.resourceFor(ctx, who, id, resource.EditContent)
	if err != nil {
		return 0, err
	}
	if r.Kind == resource.Translation {
		return 0, ErrTranslationText
	}
	if ok, retry := a.opsLimit.Allow("user:"+who.ID, a.cfg.Now()); !ok {
		e := newErr(RateLimited, "rate_limited", "too many edits; slow down (at most %d at once, then one every %v)", a.cfg.OpsBurst, a.cfg.OpsInterval)
		e.RetryAfter = retry
		return 0, e
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

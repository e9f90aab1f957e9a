package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Rights on open live connections. A connection's rights are decided when it
// opens (ConnectLive) and decided again, by the same policy, whenever they
// may have changed: the use cases that change them (collaborators, role,
// visibility, deletion, signing out, revoking a token) tell this process's
// hubs at once (Revalidate) and the other processes through a notification
// on store.RightsChannel; the hubs also re-check on their own, on every op
// under a verdict older than hub.Options.RightsTTL and in a background sweep
// (see collab/hub/rights.go). The notification only names what to re-check;
// recheckLive reads the answer from the database.

// guestPrefix marks the user id of an anonymous reader's connection.
const guestPrefix = "guest-"

// liveVerdict is what a connection with access x may do.
func liveVerdict(x Access) hub.Verdict {
	if !x.Can(resource.View) {
		return hub.Verdict{Close: hub.CloseRightsChanged}
	}
	role := x.Role
	if role == resource.RoleNone || !x.EditsText() && x.Can(resource.EditContent) {
		// A reader of a public resource, or an editor of a translation (whose
		// text is written through its segments): the client follows
		// read-only as a viewer does.
		role = resource.RoleViewer
	}
	return hub.Verdict{Role: string(role), CanEdit: x.EditsText()}
}

// recheckLive is the hubs' hub.Options.Recheck: the current verdict for every
// client of every query, in two queries however many there are.
func (a *App) recheckLive(ctx context.Context, qs []hub.RightsQuery) ([][]hub.Verdict, error) {
	var pairs []store.DocUser
	var sessions, tokens [][]byte
	for _, q := range qs {
		for _, c := range q.Clients {
			pairs = append(pairs, store.DocUser{Doc: q.Doc, User: liveUser(c)})
			if kind, hash, ok := Credential(c.Credential).parse(); ok && kind == 's' {
				sessions = append(sessions, hash)
			} else if ok {
				tokens = append(tokens, hash)
			}
		}
	}
	standing, err := a.db.StandingsOf(ctx, pairs)
	if err != nil {
		return nil, fmt.Errorf("re-check live rights: %w", err)
	}
	live, err := a.db.LiveCredentials(ctx, sessions, tokens)
	if err != nil {
		return nil, fmt.Errorf("re-check live rights: %w", err)
	}
	out := make([][]hub.Verdict, len(qs))
	for i, q := range qs {
		out[i] = make([]hub.Verdict, len(q.Clients))
		for j, c := range q.Clients {
			out[i][j] = verdictFor(c, q.Doc, standing, live)
		}
	}
	return out, nil
}

// verdictFor decides one client's rights from what recheckLive read.
func verdictFor(c hub.ClientInfo, doc string, standing map[store.DocUser]store.Standing, live map[string]bool) hub.Verdict {
	user := liveUser(c)
	if user != "" && c.Credential != "" {
		if _, hash, ok := Credential(c.Credential).parse(); !ok || !live[string(hash)] {
			return hub.Verdict{Close: hub.CloseSignedOut}
		}
	}
	st, ok := standing[store.DocUser{Doc: doc, User: user}]
	if !ok || st.Deleted {
		return hub.Verdict{Close: hub.CloseRightsChanged}
	}
	who := Actor{ID: user}
	return liveVerdict(Access{Role: st.Role, actor: who.domain(), vis: st.Visibility, kind: st.Kind})
}

// credentialLive refuses a caller whose credential ended after the request
// was authenticated (signed out or revoked meanwhile): ConnectLive checks it
// after taking its decision time, so any later end of it reaches the join
// through the hub (Manager.RevalidateUser), and any earlier one is seen here.
func (a *App) credentialLive(ctx context.Context, who Actor) error {
	kind, hash, ok := who.Credential.parse()
	if !ok {
		return nil
	}
	var sessions, tokens [][]byte
	if kind == 's' {
		sessions = [][]byte{hash}
	} else {
		tokens = [][]byte{hash}
	}
	live, err := a.db.LiveCredentials(ctx, sessions, tokens)
	if err != nil {
		return fmt.Errorf("check credential: %w", err)
	}
	if !live[string(hash)] {
		return ErrUnauthorized
	}
	return nil
}

// liveUser is the user behind a connection ("" for an anonymous reader).
func liveUser(c hub.ClientInfo) string {
	if strings.HasPrefix(c.UserID, guestPrefix) {
		return ""
	}
	return c.UserID
}

// liveRightsChanged makes the live connections to resource id answer to its
// rights as they are now: in this process before it returns, in others as
// soon as they hear of it. The change itself is already stored, so failures
// here are logged, not returned: the hubs' own re-checks bound the delay.
func (a *App) liveRightsChanged(ctx context.Context, id string) {
	if err := a.db.NotifyRights(ctx, store.RightsOfResource, id); err != nil {
		a.log.WarnContext(ctx, "notify rights change", "resource", id, "err", err)
	}
	if err := a.live.Revalidate(ctx, id); err != nil {
		a.log.WarnContext(ctx, "re-check live connections", "resource", id, "err", err)
	}
}

// liveSignedOut is liveRightsChanged for every connection of a user whose
// session ended or token was revoked.
func (a *App) liveSignedOut(ctx context.Context, userID string) {
	if userID == "" {
		return
	}
	if err := a.db.NotifyRights(ctx, store.RightsOfUser, userID); err != nil {
		a.log.WarnContext(ctx, "notify sign-out", "user", userID, "err", err)
	}
	if err := a.live.RevalidateUser(ctx, userID); err != nil {
		a.log.WarnContext(ctx, "re-check live connections", "user", userID, "err", err)
	}
}

// rightsHint follows a notification on store.RightsChannel.
func (a *App) rightsHint(subject byte, id string) {
	switch subject {
	case store.RightsOfResource:
		a.live.RightsHint(id)
	case store.RightsOfUser:
		a.live.UserRightsHint(id)
	}
}

package app

import (
	"context"
	"fmt"
	"time"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Notifications are a new way out of the service: each one names a place
// and the people involved. The rules here keep them inside the policy:
//
//   - a notification is created only for a person who may open the place it
//     leads to at that moment (visibleTo, with the recipient's standings);
//   - it stores ids, never titles; the sentence is composed when it is read
//     or mailed, and again only if the reader may still open the place — a
//     notification whose place has become hidden is left out of the inbox,
//     the unread count and every e-mail;
//   - a new derivative is announced to the source's owners only when they
//     could find it themselves (listable: public, or they have a role on it),
//     as GitHub lists only public forks; a private or unlisted fork is not
//     announced.

// Kinds of notification.
const (
	KindRoleGranted        = "role_granted"        // a role on a resource was given to me
	KindProposalOpened     = "proposal_opened"     // a proposal to a resource I review
	KindProposalReviewed   = "proposal_reviewed"   // a review of my proposal
	KindProposalMerged     = "proposal_merged"     // my proposal was merged
	KindProposalClosed     = "proposal_closed"     // my proposal was closed
	KindForkCreated        = "fork_created"        // a new fork of my resource
	KindTranslationCreated = "translation_created" // a new translation of my resource
	KindSegmentsSentBack   = "segments_sent_back"  // segments I translated were sent back
	KindSegmentsWaiting    = "segments_waiting"    // segments wait for my review
	KindSourceChanged      = "source_changed"      // the source of my fork or translation changed
)

// event is one thing that happened, raised by a use case; notify turns it
// into notifications for the recipients who may know of it.
type event struct {
	kind     string
	actor    Actor
	resource string // the place the notification leads to
	other    string // another resource it names
	proposal string
	detail   map[string]string
	count    int      // events this one stands for (default 1)
	to       []string // candidate recipients (user ids); the actor is never told
}

// notify stores an event's notifications and wakes the mail worker. It never
// fails the use case that raised it: a failure is logged.
func (a *App) notify(ctx context.Context, ev event) {
	seen := map[string]bool{ev.actor.ID: true, "": true}
	stored := false
	for _, uid := range ev.to {
		if seen[uid] {
			continue
		}
		seen[uid] = true
		n := store.Notification{UserID: uid, Kind: ev.kind, ResourceID: ev.resource, OtherID: ev.other,
			ProposalID: ev.proposal, ActorID: ev.actor.ID, Detail: ev.detail, Count: ev.count}
		st, err := a.db.Standings(ctx, n.Resources(), uid)
		if err != nil {
			a.log.WarnContext(ctx, "notify: check access", "kind", ev.kind, "err", err)
			continue
		}
		if !visibleTo(n, st) {
			continue
		}
		if err := a.db.AddNotification(ctx, n); err != nil {
			a.log.WarnContext(ctx, "notify", "kind", ev.kind, "err", err)
			continue
		}
		stored = true
	}
	if stored {
		a.wakeMail()
	}
}

// visibleTo decides whether the recipient of n (whose standings on n's
// resources are st) may be told of it now.
func visibleTo(n store.Notification, st map[string]store.Standing) bool {
	who := resource.Actor{UserID: n.UserID}
	live := func(id string) bool { s, ok := st[id]; return ok && !s.Deleted }
	can := func(id string, act resource.Action) bool {
		s := st[id]
		return live(id) && resource.Authorize(who, s.Role, s.Visibility, act) == resource.Allowed
	}
	readable := func(id string) bool { return can(id, resource.View) }
	listable := func(id string) bool {
		s := st[id]
		return live(id) && (s.Visibility == resource.Public || s.Role != resource.RoleNone)
	}
	switch n.Kind {
	case KindRoleGranted, KindSegmentsSentBack, KindSegmentsWaiting:
		return readable(n.ResourceID)
	case KindProposalOpened:
		// As proposalFor: people who can read both sides, or the source's reviewers.
		return live(n.ResourceID) && live(n.OtherID) &&
			((readable(n.ResourceID) && readable(n.OtherID)) || can(n.ResourceID, resource.Review))
	case KindProposalReviewed, KindProposalMerged, KindProposalClosed:
		// Told to the proposal's author, who may always open it (proposalFor).
		return live(n.ResourceID) && live(n.OtherID)
	case KindForkCreated, KindTranslationCreated:
		return listable(n.ResourceID) && readable(n.OtherID)
	case KindSourceChanged:
		return readable(n.ResourceID) && readable(n.OtherID)
	}
	return false
}

// Notification is one inbox entry as its reader may see it.
type Notification struct {
	ID            string
	Kind          string
	Text          string     // one sentence, titles quoted
	Parts         []TextPart // Text in runs, its titles and names set apart
	URL           string     // the place, a path on this site
	ResourceID    string
	ResourceTitle string
	ActorName     string // "" when no one in particular (a checkpoint)
	Count         int    // events folded into this one
	Read          bool
	Created       time.Time
	Updated       time.Time
}

// Inbox is a page of the caller's notifications.
type Inbox struct {
	Notifications []Notification
	Unread        int
	Total         int // stored, before those no longer visible are left out
}

// InboxRequest pages the inbox.
type InboxRequest struct {
	UnreadOnly    bool
	Limit, Offset int
}

// maxUnreadCounted bounds the unread count ("99+" above it).
const maxUnreadCounted = 100

// Notifications lists the caller's notifications, newest first, leaving out
// those whose place they may no longer open.
func (a *App) Notifications(ctx context.Context, who Actor, req InboxRequest) (Inbox, error) {
	if !who.SignedIn() {
		return Inbox{}, ErrUnauthorized
	}
	if req.Limit <= 0 || req.Limit > 100 {
		req.Limit = 50
	}
	if req.Offset < 0 {
		return Inbox{}, invalid("offset", "offset must be 0 or more")
	}
	rows, total, err := a.db.Notifications(ctx, who.ID, req.UnreadOnly, req.Limit, req.Offset)
	if err != nil {
		return Inbox{}, err
	}
	out := Inbox{Total: total}
	if out.Notifications, err = a.compose(ctx, who.ID, who.Lang, rows); err != nil {
		return out, err
	}
	out.Unread, err = a.UnreadCount(ctx, who)
	return out, err
}

// UnreadCount is the number on the bell: the caller's unread notifications
// they may still open, counted up to 100.
func (a *App) UnreadCount(ctx context.Context, who Actor) (int, error) {
	if !who.SignedIn() {
		return 0, nil
	}
	rows, _, err := a.db.Notifications(ctx, who.ID, true, maxUnreadCounted, 0)
	if err != nil {
		return 0, err
	}
	st, err := a.db.Standings(ctx, resourcesOf(rows), who.ID)
	if err != nil {
		return 0, fmt.Errorf("unread count: %w", err)
	}
	n := 0
	for _, r := range rows {
		if visibleTo(r, st) {
			n++
		}
	}
	return n, nil
}

// MarkRead marks the caller's notifications read: those named, or all.
func (a *App) MarkRead(ctx context.Context, who Actor, ids []string, all bool) (int, error) {
	if !who.SignedIn() {
		return 0, ErrUnauthorized
	}
	if !all && len(ids) == 0 {
		return 0, invalid("ids", "name the notifications to mark read, or send all: true")
	}
	if len(ids) > 500 {
		return 0, invalid("ids", "at most 500 ids at a time")
	}
	n, err := a.db.MarkNotificationsRead(ctx, who.ID, ids, all)
	return int(n), err
}

func resourcesOf(rows []store.Notification) []string {
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Resources()...)
	}
	return ids
}

// compose turns one reader's stored notifications into sentences, leaving
// out those they may no longer open. Titles are read now, never stored.
func (a *App) compose(ctx context.Context, readerID, lang string, rows []store.Notification) ([]Notification, error) {
	out := []Notification{}
	if len(rows) == 0 {
		return out, nil
	}
	st, err := a.db.Standings(ctx, resourcesOf(rows), readerID)
	if err != nil {
		return nil, fmt.Errorf("compose notifications: %w", err)
	}
	var visible []store.Notification
	var actors, props []string
	for _, r := range rows {
		if visibleTo(r, st) {
			visible = append(visible, r)
			actors = append(actors, r.ActorID)
			props = append(props, r.ProposalID)
		}
	}
	titles, err := a.db.Titles(ctx, resourcesOf(visible))
	if err != nil {
		return nil, err
	}
	ptitles, err := a.db.ProposalTitles(ctx, props)
	if err != nil {
		return nil, err
	}
	names, err := a.db.UserNames(ctx, nonEmpty(actors))
	if err != nil {
		return nil, err
	}
	loc := i18n.Default().Choose(lang, "")
	who := resource.Actor{UserID: readerID}
	title := func(id string) (store.Title, bool) {
		// Only what the reader may open is named (an author's proposal may
		// point at a source that has since become private to them).
		s, ok := st[id]
		if !ok || s.Deleted || resource.Authorize(who, s.Role, s.Visibility, resource.View) != resource.Allowed {
			return store.Title{}, false
		}
		return titles[id], true
	}
	for _, r := range visible {
		n := Notification{ID: r.ID, Kind: r.Kind, ResourceID: r.ResourceID, ResourceTitle: HiddenTitle,
			Count: r.Count, Read: r.Read, Created: r.Created, Updated: r.Updated}
		if t, ok := title(r.ResourceID); ok {
			n.ResourceTitle = t.Text
		}
		if u, ok := names[r.ActorID]; ok {
			n.ActorName = u.Name
		}
		n.Parts, n.URL = sentence(loc, r, n.ActorName, title, ptitles[r.ProposalID].Text)
		n.Text = joinParts(n.Parts)
		out = append(out, n)
	}
	return out, nil
}

func nonEmpty(ids []string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

// OpenNotification marks one of the caller's notifications read and returns
// where it leads; a notification whose place they may no longer open is
// marked read and answered as not found.
func (a *App) OpenNotification(ctx context.Context, who Actor, id string) (string, error) {
	if !who.SignedIn() {
		return "", ErrUnauthorized
	}
	row, err := a.db.NotificationOf(ctx, who.ID, id)
	if err != nil {
		return "", err
	}
	if _, err := a.db.MarkNotificationsRead(ctx, who.ID, []string{row.ID}, false); err != nil {
		return "", err
	}
	list, err := a.compose(ctx, who.ID, who.Lang, []store.Notification{row})
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "", resource.ErrNotFound
	}
	return list[0].URL, nil
}

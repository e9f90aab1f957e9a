package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// RightsChannel is the LISTEN/NOTIFY channel on which a change of who may do
// what is announced, so that other processes re-check their live
// connections: "r:<resource>" (collaborators, visibility, deletion) or
// "u:<user>" (a session ended, a token revoked). It names what to re-check,
// never what changed: the answer is always read from the tables.
const RightsChannel = "commonplace_rights"

// Rights change subjects (the payload's prefix on RightsChannel).
const (
	RightsOfResource = 'r'
	RightsOfUser     = 'u'
)

// notifySQL sends one notification: $1 the channel, $2 the payload.
const notifySQL = `SELECT pg_notify($1, $2)`

// Listener receives the hints of other processes (and of this one).
type Listener struct {
	Ops    func(doc string, version int64) // OpsChannel
	Rights func(subject byte, id string)   // RightsChannel
}

// NotifyRights announces on RightsChannel that the rights on a resource or
// of a user changed.
func (db *DB) NotifyRights(ctx context.Context, subject byte, id string) error {
	if _, err := db.Pool.Exec(ctx, notifySQL, RightsChannel, string(subject)+":"+id); err != nil {
		return fmt.Errorf("notify rights of %s: %w", id, err)
	}
	return nil
}

// Listen calls l for every notification on OpsChannel and RightsChannel until
// ctx ends, on a dedicated connection that is re-opened after any error.
// Notifications are hints: missing some is harmless (callers poll as well).
// While it runs, the process takes part in the census of listeners on
// PeersChannel (peers.go).
func (db *DB) Listen(ctx context.Context, l Listener) {
	go db.announceEvery(ctx)
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, l, func() { backoff = 100 * time.Millisecond })
		if ctx.Err() != nil {
			return
		}
		_ = err // the next attempt will tell; callers have no use for transient errors
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		if backoff < 5*time.Second {
			backoff *= 2
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, l Listener, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, db.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("listen: connect: %w", err)
	}
	defer conn.Close(context.Background())
	for _, ch := range []string{OpsChannel, RightsChannel, PeersChannel} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return fmt.Errorf("listen %s: %w", ch, err)
		}
	}
	// Listening first, then the hello: the others' answers cannot arrive before we listen.
	if _, err := conn.Exec(ctx, notifySQL, PeersChannel, db.peerPayload(peerHello)); err != nil {
		return fmt.Errorf("listen: hello: %w", err)
	}
	db.peers.connected(true)
	defer db.peers.connected(false)
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("listen: wait: %w", err)
		}
		switch n.Channel {
		case OpsChannel:
			origin, heads, ok := strings.Cut(n.Payload, ";")
			if l.Ops == nil || !ok || origin == db.origin {
				continue
			}
			for _, head := range strings.Split(heads, ",") {
				doc, v, ok := strings.Cut(head, ":")
				if !ok {
					continue
				}
				version, err := strconv.ParseInt(v, 10, 64)
				if err != nil || !validID(doc) {
					continue
				}
				l.Ops(doc, version)
			}
		case PeersChannel:
			db.heardPeer(ctx, n.Payload)
		case RightsChannel:
			subject, id, ok := strings.Cut(n.Payload, ":")
			if !ok || len(subject) != 1 || !validID(id) || l.Rights == nil {
				continue
			}
			l.Rights(subject[0], id)
		}
	}
}

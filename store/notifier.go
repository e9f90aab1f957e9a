package store

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/commonplace/commonplace/collab/hub"
)

// opsNotifier tells other processes on OpsChannel which documents moved, after the commits are
// durable and off the acknowledgement path. A NOTIFY inside the committing transaction would
// hold PostgreSQL's notification lock from before the commit until after its WAL flush, so
// committing transactions that notify take turns at the disk instead of sharing a flush (group
// commit); a NOTIFY in a transaction of its own writes no WAL at all. What arrives while one is
// being sent goes out together in the next, at most one head per document.
//
// Sends are at least notifyEvery apart: the first commit after a quiet spell is announced at
// once, and under a steady stream of commits one NOTIFY carries every head of the last
// notifyEvery. Each NOTIFY is a PostgreSQL transaction of its own (and a wake-up of every
// listening process), and with one group committer flushing about every millisecond, a NOTIFY
// per commit was as many transactions again as the commits themselves.
//
// A payload is "<origin>;<doc>:<version>,<doc>:<version>…". The origin is the sending DB's: its
// own listener skips what it sent, since the hubs of the process that committed are already at
// those versions; with one process, that was a wake-up of every busy hub per commit for nothing.
// Nor does a process send any while it knows that no other listens (peers.go).
type opsNotifier struct {
	db      *DB
	mu      sync.Mutex
	heads   map[string]int64 // document → newest committed version not yet announced
	spare   map[string]int64 // the map of the previous send, emptied, to take heads' place
	running bool
}

// notifyEvery is the shortest time between two ops notifications of a process: what another
// process's hub waits at most, beyond the commit, to hear of an op under a steady stream.
const notifyEvery = 5 * time.Millisecond

// notifier returns the DB's notifier, made on first use.
func (db *DB) notifier() *opsNotifier {
	db.notifyOnce.Do(func() { db.notify = &opsNotifier{db: db, heads: map[string]int64{}} })
	return db.notify
}

// ops queues the heads of the appended ops of a batch for announcing, unless no other
// process listens (peers.go).
func (n *opsNotifier) ops(batch []hub.StoredOp, res []hub.AppendResult) {
	if !n.db.peers.others() {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for i, o := range batch {
		if res[i].Status == hub.Appended && o.Version > n.heads[o.Doc] {
			n.heads[o.Doc] = o.Version
		}
	}
	if len(n.heads) > 0 && !n.running {
		n.running = true
		go n.run()
	}
}

// maxPayload keeps a notification under PostgreSQL's 8000-byte payload limit.
const maxPayload = 7000

// run sends what is queued until nothing is, one send per notifyEvery at most; notifications are
// hints, so a failure is dropped (the others poll).
func (n *opsNotifier) run() {
	var last time.Time
	for {
		if wait := notifyEvery - time.Since(last); !last.IsZero() && wait > 0 {
			time.Sleep(wait) // what commits meanwhile goes out in the next send
		}
		last = time.Now()
		n.mu.Lock()
		heads := n.heads
		if len(heads) == 0 {
			n.running = false
			n.mu.Unlock()
			return
		}
		n.heads, n.spare = n.spare, nil
		if n.heads == nil {
			n.heads = map[string]int64{}
		}
		n.mu.Unlock()
		var payloads []string
		var b strings.Builder
		b.Grow(min(len(heads)*48, maxPayload+64))
		for doc, v := range heads {
			if b.Len() > maxPayload {
				payloads = append(payloads, b.String())
				b.Reset()
			}
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(doc)
			b.WriteByte(':')
			b.WriteString(strconv.FormatInt(v, 10))
		}
		payloads = append(payloads, b.String())
		clear(heads)
		n.mu.Lock()
		n.spare = heads
		n.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, _ = n.db.Pool.Exec(ctx, `SELECT pg_notify($1, $3 || ';' || p) FROM unnest($2::text[]) AS p`, OpsChannel, payloads, n.db.origin)
		cancel()
	}
}

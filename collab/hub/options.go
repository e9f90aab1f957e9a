package hub

import (
	"log/slog"
	"time"

	"github.com/commonplace/commonplace/collab"
)

// Options tune a Manager. Zero fields take the defaults noted.
type Options struct {
	Limits         collab.Limits // op and document bounds (default collab.DefaultLimits)
	SnapshotEvery  int           // save a snapshot every K committed ops (default 500)
	IdleUnload     time.Duration // unload a hub with no clients after this (default 1 min)
	PollEvery      time.Duration // a hub with clients checks the store for others' ops this often, hints or not (default 3 s)
	CheckpointIdle time.Duration // OnCheckpoint after this much quiet following edits (default 30 s)
	CheckpointOps  int           // or after this many ops since the last checkpoint (default 500)
	// SnapshotGap and CheckpointGap are the least time between two snapshots, and two
	// checkpoints, that fall due by op count (defaults 5 s and 1 min). A room of hundreds
	// types 500 ops in half a second: without them it would save its whole text and credit
	// twice a second and fill its history with a revision every half second.
	SnapshotGap   time.Duration
	CheckpointGap time.Duration
	OnCheckpoint  func(doc string, version int64) // optional; run on its own goroutine, never blocks a hub
	OnCommit      func(doc string, version int64) // optional; called after each durable commit (metrics); must be fast
	SendBuffer    int                             // frames buffered per client before it counts as slow (default 256)
	MaxBatch      int                             // most ops in one AppendOps call (default 256)
	BatchWindow   time.Duration                   // longest time the committer gathers a batch (default 1 ms)
	Committers    int                             // AppendOps transactions in flight at once (default 1: see committer)
	CommitGap     time.Duration                   // shortest time between the starts of two commits of a committer (default 1 ms; negative: none)
	Logger        *slog.Logger                    // default slog.Default()

	// OnQuiet is called, on its own goroutine, when a document that was being edited has had no
	// commit for CheckpointIdle (Manager.Editing turns false): before its quiet checkpoint's
	// hook, or alone when nothing changed since the last checkpoint. Optional.
	OnQuiet func(doc string)

	// RecentOps is how many committed ops a hub keeps to transform late ops and to replay on
	// resume (default 200; a large room keeps at least 4,000); older bases are read from the
	// store. A late op is a few ops behind, and a client back from a pause of a minute in a
	// document of three typists needs a few hundred, read once. With 1,000, the server's live
	// heap with 300 documents of three typists was still growing after a minute (163–186 MB),
	// all of it for the GC to mark on every cycle, and the marks (90–220 ms) held keystrokes
	// up for as long. With 200 it levels off at 75 MB, with marks of 55–120 ms
	// (docs/benchmarks-live.md, "ninth pass").
	RecentOps int
	// MaxReplay is the most ops replayed to a client resuming with since; beyond it the client
	// gets base_unknown and a snapshot (default 1000).
	MaxReplay int
	// MaxPending bounds the ops a hub holds applied but not yet committed; beyond it the hub
	// stops reading client frames until commits catch up (default 1024).
	MaxPending int
	// MaxTransform is the largest distance (head - base) a late op may be transformed across
	// (default 10000); older bases get base_unknown.
	MaxTransform int
	// RatePerSecond and RateBurst bound frames (ops and cursors) per connection as a token bucket
	// (defaults 200 and 400).
	RatePerSecond float64
	RateBurst     int

	// Recheck decides the current rights of connected clients (see rights.go). Nil means rights
	// never change while a conn is open (tests of the engine alone).
	Recheck RightsFunc
	// RightsTTL is the oldest a verdict may be for an op to be applied under it; an older one is
	// re-checked first (default 2 s). It bounds how long a writer whose rights were taken away
	// in another process can go on writing when no notification arrives.
	RightsTTL time.Duration
	// RightsEvery is how often the Manager reads RightsLog and has the conns it names
	// re-checked, or, without a log, has every conn re-checked (default 1 s): the bound for
	// readers when no notification arrives.
	RightsEvery time.Duration
	// RightsLog tells which conns' rights may have changed (rights_log.go). Nil: every conn is
	// re-checked every RightsEvery.
	RightsLog RightsLogFunc

	// PresenceBatchAbove is the room size above which join and leave frames are gathered into
	// one peers frame per PresenceEvery instead of one frame per change (default 32), so that
	// hundreds of readers coming or going do not flood the others' buffers.
	PresenceBatchAbove int
	// PresenceEvery is how long presence changes are gathered in a large room (default 250 ms).
	PresenceEvery time.Duration
	// TickAbove is the room size above which committed ops go out per tick rather than at
	// once (default 32, deliver.go): the sender's ack is never delayed, the others get the
	// ops of a TickEvery (editors, default 5 ms) or, composed into one op for readers that
	// asked for it, of a ComposeEvery (default 25 ms); cursors are gathered per CursorEvery
	// (default 200 ms).
	TickAbove    int
	TickEvery    time.Duration
	ComposeEvery time.Duration
	CursorEvery  time.Duration
	// RoomMessages bounds the messages a large room's ticks send per second (default 40,000):
	// the ticks lengthen with the room. Every message is a write to a socket, and in a room of
	// hundreds those writes, not the ops, are the cost. Composing readers get at most a third
	// of the messages, the editors the rest (deliver.go). A room of up to 200 editors keeps
	// TickEvery's 5 ms; one of 1,000 editors ticks every 25 ms; one of 500 typists and 500
	// readers every 18.75 ms for the typists and 37.5 ms for the readers.
	RoomMessages int
	// Colors is the size of the editors' palette: people present at once get distinct colour
	// slots below it (default 12, frontend/src/colors.js PALETTE).
	Colors int
}

func (o Options) withDefaults() Options {
	if o.Limits == (collab.Limits{}) {
		o.Limits = collab.DefaultLimits
	}
	if o.SnapshotEvery <= 0 {
		o.SnapshotEvery = 500
	}
	if o.IdleUnload <= 0 {
		o.IdleUnload = time.Minute
	}
	if o.PollEvery <= 0 {
		o.PollEvery = 3 * time.Second
	}
	if o.CheckpointIdle <= 0 {
		o.CheckpointIdle = 30 * time.Second
	}
	if o.CheckpointOps <= 0 {
		o.CheckpointOps = 500
	}
	if o.SnapshotGap <= 0 {
		o.SnapshotGap = 5 * time.Second
	}
	if o.CheckpointGap <= 0 {
		o.CheckpointGap = time.Minute
	}
	if o.SendBuffer <= 0 {
		o.SendBuffer = 256
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	if o.Committers <= 0 {
		o.Committers = 1
	}
	if o.BatchWindow <= 0 {
		o.BatchWindow = time.Millisecond
	}
	if o.CommitGap == 0 {
		o.CommitGap = time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RecentOps <= 0 {
		o.RecentOps = 200
	}
	if o.MaxReplay <= 0 {
		o.MaxReplay = 1000
	}
	if o.MaxPending <= 0 {
		o.MaxPending = 1024
	}
	if o.MaxTransform <= 0 {
		o.MaxTransform = 10000
	}
	if o.RatePerSecond <= 0 {
		o.RatePerSecond = 200
	}
	if o.RateBurst <= 0 {
		o.RateBurst = 400
	}
	if o.RightsTTL <= 0 {
		o.RightsTTL = 2 * time.Second
	}
	if o.RightsEvery <= 0 {
		o.RightsEvery = time.Second
	}
	if o.PresenceBatchAbove <= 0 {
		o.PresenceBatchAbove = 32
	}
	if o.PresenceEvery <= 0 {
		o.PresenceEvery = 250 * time.Millisecond
	}
	if o.TickAbove <= 0 {
		o.TickAbove = 32
	}
	if o.TickEvery <= 0 {
		o.TickEvery = 5 * time.Millisecond
	}
	if o.ComposeEvery <= 0 {
		o.ComposeEvery = 25 * time.Millisecond
	}
	if o.RoomMessages <= 0 {
		o.RoomMessages = 40_000
	}
	if o.CursorEvery <= 0 {
		o.CursorEvery = 200 * time.Millisecond
	}
	if o.Colors <= 0 {
		o.Colors = 12
	}
	return o
}

// tickEvery is how often an idle hub checks its timers (unload, checkpoint, commit retry,
// rights sweep).
func (o Options) tickEvery() time.Duration {
	d := min(o.IdleUnload, o.CheckpointIdle) / 4
	if o.Recheck != nil {
		d = min(d, o.RightsEvery/2)
	}
	return max(min(d, time.Second), time.Millisecond)
}

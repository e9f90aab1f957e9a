package main

import (
	"slices"
	"time"
)

// Remote latency is what a person at another screen notices: the time from a keystroke until
// the op carrying it has been applied by every other client of the document. Each client
// records, after every message it handles, the version its text has reached and when
// (checkpoints); each typist records its acknowledged ops with the times of the keystrokes
// composed into them. After the run, an op's "applied everywhere" time is the latest of the
// other clients' first checkpoints at or beyond its version, and each of its keystrokes
// yields one sample. Nothing is shared between clients while they run, so measuring costs the
// clients no locks.

// epoch is the zero of clock(): one monotonic origin for every client of the process.
var epoch = time.Now()

// clock is now in nanoseconds since epoch (monotonic).
func clock() int64 { return int64(time.Since(epoch)) }

// clockAt is t in nanoseconds since epoch.
func clockAt(t time.Time) int64 { return int64(t.Sub(epoch)) }

// checkpoint says the client's text reached version at time at (clock()).
type checkpoint struct {
	version int64
	at      int64
}

// ownOp is an acknowledged op of a typist and the times of its keystrokes (clock()).
type ownOp struct {
	version int64
	keys    []int64
}

// remoteOutcome is the remote latency of one document's (or many documents') keystrokes.
type remoteOutcome struct {
	samples    []uint32 // µs, one per keystroke typed in the window
	incomplete int      // keystrokes whose op some other client never reached (it left or gave up)
}

// remoteLatency computes the samples of one document: clients are all of its connected
// clients (typists and readers), and only keystrokes typed in [from, to) (clock()) count. An
// op must reach every other full client; a keystroke no full client but its sender watched
// is incomplete.
func remoteLatency(clients []*typistStats, from, to int64, out *remoteOutcome) {
	type opAt struct {
		sender int
		light  bool // the sender is a light client, not one of the observers
		op     ownOp
		done   int64
		never  bool
	}
	var ops []opAt
	for i, c := range clients {
		for _, o := range c.own {
			ops = append(ops, opAt{sender: i, light: c.light, op: o})
		}
	}
	if len(ops) == 0 {
		return
	}
	slices.SortFunc(ops, func(a, b opAt) int { return int(a.op.version - b.op.version) })
	// One merge walk per client: its checkpoints and the ops are both in version order. Light
	// clients keep no text, so they are not among the screens an op must reach.
	observers := 0
	for i, c := range clients {
		if c.light {
			continue
		}
		observers++
		cp := c.progress
		k := 0
		for j := range ops {
			o := &ops[j]
			if o.sender == i || o.never {
				continue
			}
			for k < len(cp) && cp[k].version < o.op.version {
				k++
			}
			if k == len(cp) {
				o.never = true
				continue
			}
			o.done = max(o.done, cp[k].at)
		}
	}
	for _, o := range ops {
		for _, key := range o.op.keys {
			if key < from || key >= to {
				continue
			}
			others := observers // the full clients other than the sender
			if !o.light {
				others--
			}
			if o.never || others < 1 {
				out.incomplete++
				continue
			}
			out.samples = append(out.samples, uint32(max(o.done-key, 0)/int64(time.Microsecond)))
		}
	}
}

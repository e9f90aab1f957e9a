package versioning

import "time"

// CheckpointPolicy decides when the live operation log is cut into a
// checkpoint revision: after the document has been idle for IdleAfter, or
// once EveryOps operations have piled up since the last checkpoint, so that
// a long busy session still gets regular revisions. A zero field disables
// that trigger.
type CheckpointPolicy struct {
	IdleAfter time.Duration
	EveryOps  int
}

// DefaultCheckpointPolicy cuts a revision after 30 seconds of quiet or every
// 500 operations, whichever comes first.
func DefaultCheckpointPolicy() CheckpointPolicy {
	return CheckpointPolicy{IdleAfter: 30 * time.Second, EveryOps: 500}
}

// Due reports whether a checkpoint should be cut now, given the operations
// applied since the last one and how long the document has been idle.
// Nothing is due when no operation happened.
func (p CheckpointPolicy) Due(opsSince int, idleFor time.Duration) bool {
	if opsSince <= 0 {
		return false
	}
	if p.EveryOps > 0 && opsSince >= p.EveryOps {
		return true
	}
	return p.IdleAfter > 0 && idleFor >= p.IdleAfter
}

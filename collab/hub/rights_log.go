package hub

import (
	"context"
	"time"
)

// The rights log. Re-checking every conn every RightsEvery costs a database lookup per
// (document, user) pair each second however rarely rights change: at 10,000 idle conns, 0.12
// of a core (docs/benchmarks-live.md, "seventeenth pass"). Instead the Manager asks
// Options.RightsLog every RightsEvery what may have changed since its last read (the
// application keeps the log in the database, so changes made by any process are in it) and
// re-checks only the conns it names, at once, as a notification would (RightsHint,
// UserRightsHint). A read that names nothing vouches for every other verdict up to the time it
// was started, which is what fresh lets an op rely on instead of a re-check.

// RightsLogFunc reads what may have changed somebody's rights since mark ("" the first time):
// the documents whose conns, and the users whose conns everywhere, must be re-checked, and the
// mark to pass next time. It must not call back into the Manager.
type RightsLogFunc func(ctx context.Context, mark string) (RightsLogged, error)

// RightsLogged is a RightsLogFunc's answer. Whole means the log cannot tell what changed since
// the mark (none was given, or it is older than the log keeps): every conn is re-checked.
type RightsLogged struct {
	Docs, Users []string
	Mark        string
	Whole       bool
}

// coverage is what the reads of the rights log vouch for: a verdict decided at or after from,
// in a hub not marked stale since, has had no change to its rights up to clean (the start of
// the last read).
type coverage struct{ from, clean time.Time }

// vouch is the time up to which a verdict decided at decided is known to hold: clean if the
// log covers it, else decided itself. A nil coverage covers nothing.
func (c *coverage) vouch(decided time.Time) time.Time {
	if c != nil && !decided.Before(c.from) && c.clean.After(decided) {
		return c.clean
	}
	return decided
}

// runRightsLog reads the rights log every RightsEvery until stop closes.
func (m *Manager) runRightsLog(stop <-chan struct{}) {
	tick := time.NewTicker(m.opts.RightsEvery)
	defer tick.Stop()
	mark := ""
	for {
		select {
		case <-tick.C:
		case <-stop:
			return
		}
		mark = m.readRightsLog(mark)
	}
}

// readRightsLog reads the log once, marks the conns it names stale and has them re-checked,
// then vouches for the others; it returns the mark to read from next. Without a log (or when
// it cannot tell) every hub re-checks all its conns in the background instead.
func (m *Manager) readRightsLog(mark string) string {
	start := time.Now() // before the log's snapshot: what it vouches for is what was committed by then
	if m.opts.RightsLog == nil {
		m.rightsGen.Add(1)
		return mark
	}
	ctx, cancel := context.WithTimeout(m.ctx, storeTimeout)
	got, err := m.opts.RightsLog(ctx, mark)
	cancel()
	if err != nil {
		// Nothing is vouched for meanwhile: ops re-check once their verdicts are RightsTTL old.
		m.log.Warn("read the rights log", "err", err)
		return mark
	}
	for _, d := range got.Docs {
		m.RightsHint(d)
	}
	for _, u := range got.Users {
		m.UserRightsHint(u)
	}
	// Only after the hubs were marked: fresh reads the coverage before a hub's mark.
	if cov := m.coverage.Load(); got.Whole || cov == nil {
		// The log covers what is committed from now on; verdicts decided before are re-checked.
		m.rightsGen.Add(1)
		m.coverage.Store(&coverage{from: start, clean: start})
	} else {
		m.coverage.Store(&coverage{from: cov.from, clean: start})
	}
	return got.Mark
}

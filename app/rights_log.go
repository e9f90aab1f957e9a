package app

import (
	"context"
	"time"

	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/store"
)

// The rights log (migration 036) tells the hubs which live connections to re-check
// (collab/hub/rights_log.go). Its rows are kept rightsLogKeep; a mark older than
// rightsLogTrust, by the database's clock, may have lost rows, and the hubs then re-check
// everything.
const (
	rightsLogKeep  = time.Hour
	rightsLogTrust = rightsLogKeep / 2
	rightsLogPrune = 10 * time.Minute // how often a process prunes
)

// rightsLog is the hubs' hub.Options.RightsLog.
func (a *App) rightsLog(ctx context.Context, mark string) (hub.RightsLogged, error) {
	since, ok := store.ParseRightsMark(mark)
	var from *store.RightsMark
	if ok {
		from = &since
	}
	ch, err := a.db.RightsChangesSince(ctx, from)
	if err != nil {
		return hub.RightsLogged{}, err
	}
	if now := time.Now(); now.Sub(a.rightsPruned) >= rightsLogPrune {
		a.rightsPruned = now // only the Manager's reader calls rightsLog
		if err := a.db.PruneRightsChanges(ctx, rightsLogKeep); err != nil {
			a.log.WarnContext(ctx, "prune the rights log", "err", err)
		}
	}
	return hub.RightsLogged{
		Docs: ch.Resources, Users: ch.Users, Mark: ch.Next.String(),
		Whole: from == nil || ch.Next.At.Sub(from.At) > rightsLogTrust,
	}, nil
}

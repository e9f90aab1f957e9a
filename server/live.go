package server

import (
	"context"
	"strings"
	"time"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
)

// liveLimits are the op and document bounds of live editing (also used to
// parse REST ops and to size the WebSocket read limit).
var liveLimits = collab.DefaultLimits

// setupLive starts live editing: the hub manager over the PostgreSQL store,
// its shutdown, the LISTEN/NOTIFY listener, and the hub-backed Texts.
func (s *Server) setupLive() {
	ls := s.db.Live()
	s.live = hub.NewManager(ls, hub.Options{
		Limits: liveLimits,
		Logger: s.log,
		// s.checkpoint is set by the versioning wiring, possibly after
		// setupLive, so it is read when a checkpoint is due.
		OnCheckpoint: func(doc string, version int64) {
			if cp := s.checkpoint; cp != nil {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				cp(ctx, doc, version)
			}
		},
	})
	s.closers = append(s.closers, s.live.Close)
	s.starters = append(s.starters, func(ctx context.Context) error {
		go s.db.ListenOps(ctx, s.live.Hint)
		return nil
	})
	s.texts = &liveTexts{m: s.live, store: ls}
	s.pageDecorators = append(s.pageDecorators, s.liveActions)
}

// validClientID accepts the ids editors make up for themselves: short,
// printable ASCII without spaces.
func validClientID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return !strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r > '~' })
}

package server

import (
	"context"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

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
	s.registerLiveMetrics()
}

// registerLiveMetrics exposes the hub's counters on /metrics.
func (s *Server) registerLiveMetrics() {
	gauge := func(name, help string, f func(hub.Stats) float64) {
		s.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
			func() float64 { return f(s.live.Stats()) }))
	}
	counter := func(name, help string, f func(hub.Stats) float64) {
		s.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return f(s.live.Stats()) }))
	}
	gauge("commonplace_live_documents", "Documents loaded in live hubs.", func(st hub.Stats) float64 { return float64(st.Hubs) })
	gauge("commonplace_live_connections", "Connected live editing clients.", func(st hub.Stats) float64 { return float64(st.Conns) })
	gauge("commonplace_live_pending_ops", "Ops applied but not yet committed.", func(st hub.Stats) float64 { return float64(st.Pending) })
	counter("commonplace_live_commits_total", "Ops committed by this process.", func(st hub.Stats) float64 { return float64(st.Commits) })
	counter("commonplace_live_conflicts_total", "Commits lost to another process or found duplicate.", func(st hub.Stats) float64 { return float64(st.Conflicts) })
	counter("commonplace_live_slow_clients_total", "Clients disconnected for being too slow.", func(st hub.Stats) float64 { return float64(st.SlowKicked) })
}

// validClientID accepts the ids editors make up for themselves: short,
// printable ASCII without spaces.
func validClientID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return !strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r > '~' })
}

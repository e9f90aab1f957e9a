package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/commonplace/commonplace/collab/hub"
)

// registerLiveMetrics exposes the live hubs' counters on /metrics.
func (s *Server) registerLiveMetrics() {
	gauge := func(name, help string, f func(hub.Stats) float64) {
		s.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
			func() float64 { return f(s.app.LiveStats()) }))
	}
	counter := func(name, help string, f func(hub.Stats) float64) {
		s.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return f(s.app.LiveStats()) }))
	}
	gauge("commonplace_live_documents", "Documents loaded in live hubs.", func(st hub.Stats) float64 { return float64(st.Hubs) })
	gauge("commonplace_live_connections", "Connected live editing clients.", func(st hub.Stats) float64 { return float64(st.Conns) })
	gauge("commonplace_live_pending_ops", "Ops applied but not yet committed.", func(st hub.Stats) float64 { return float64(st.Pending) })
	counter("commonplace_live_commits_total", "Ops committed by this process.", func(st hub.Stats) float64 { return float64(st.Commits) })
	counter("commonplace_live_conflicts_total", "Commits lost to another process or found duplicate.", func(st hub.Stats) float64 { return float64(st.Conflicts) })
	counter("commonplace_live_slow_clients_total", "Clients disconnected for being too slow.", func(st hub.Stats) float64 { return float64(st.SlowKicked) })
	s.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "commonplace_live_refused_total",
		Help: "Live connections refused (closed with 4429) for the per-user or per-address cap."},
		func() float64 { return float64(s.slots.refused.Load()) }))
	counter("commonplace_live_rights_closed_total", "Clients disconnected because their rights ended (signed out, removed, made private, deleted).", func(st hub.Stats) float64 { return float64(st.RightsClosed) })
}

package server

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthz says the process is up; it touches nothing else.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

// readyz says the database answers, so a load balancer can hold traffic back.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.app.Ready(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"error": map[string]string{"code": "not_ready", "message": "the database does not answer"}})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// MetricsHandler serves the Prometheus metrics. It is not on the public
// listener: metrics name routes and counts, so cmd/commonplace serves them
// on their own address (--metrics-addr), off unless asked for.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	return mux
}

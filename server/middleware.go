package server

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/commonplace/commonplace/server/httpx"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "commonplace_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "commonplace_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// observe logs each request with slog and counts it for /metrics.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			// Write the error now so the status below is the one sent.
			s.echo.HTTPErrorHandler(err, c)
		}
		status := c.Response().Status
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		s.metrics.requests.WithLabelValues(c.Request().Method, route, strconv.Itoa(status)).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
		attrs := []any{"method", c.Request().Method, "path", c.Request().URL.Path, "route", route, "status", status,
			"duration_ms", float64(elapsed.Microseconds()) / 1000, "bytes", c.Response().Size,
			"request_id", requestID(c), "remote", c.RealIP()}
		if u := httpx.CurrentUser(c); u != nil {
			attrs = append(attrs, "user", u.Handle)
		}
		s.log.InfoContext(c.Request().Context(), "request", attrs...)
		return nil
	}
}

// recoverPanic turns a panic into a 500 without killing the process.
func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.Error("panic", "panic", r, "stack", string(debug.Stack()), "request_id", requestID(c))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// limitBody refuses bodies above the configured size, up front when the
// length is declared and while reading otherwise, and gives a request with
// a body a read deadline (a timed-out read is answered 408 by readRequestBody).
// Requests without a body, WebSocket upgrades among them, keep none: the
// live socket sets its own.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		limit := s.cfg.MaxBodyBytes
		if carriesFile(req) {
			limit = s.cfg.MaxUploadBytes
		}
		if req.ContentLength > limit {
			return httpx.NewError(http.StatusRequestEntityTooLarge, "too_large", "the request body is larger than %d bytes", limit)
		}
		if req.ContentLength != 0 { // -1: chunked, length unknown
			// Files may be larger: they get as much time per allowed byte.
			timeout := s.cfg.BodyReadTimeout
			if limit > s.cfg.MaxBodyBytes {
				timeout = time.Duration(float64(timeout) * float64(limit) / float64(s.cfg.MaxBodyBytes))
			}
			// Not every writer supports deadlines (HTTP/2 through some
			// proxies, test recorders); those rely on the server's timeouts.
			_ = http.NewResponseController(c.Response()).SetReadDeadline(time.Now().Add(timeout))
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
		return next(c)
	}
}

// securityHeaders are sent with every response.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		return next(c)
	}
}

func requestIDMiddleware() echo.MiddlewareFunc {
	return middleware.RequestIDWithConfig(middleware.RequestIDConfig{})
}

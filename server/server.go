// Package server is the HTTP and WebSocket adapter: the Echo setup and
// middleware chain, the route table, the JSON API, live editing sockets,
// health and metrics. It mounts the HTML pages of package web beside the
// API; both share the plumbing of package httpx. Only server, web and
// httpx speak HTTP. A handler decodes the request, calls one use case of
// the application layer (package app) with the caller as an app.Actor,
// and encodes the answer; errors are mapped by httpx.ToError and written
// once by handleError (error_handler.go).
package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/markdown"
	"github.com/commonplace/commonplace/server/web"
)

// Config tunes the HTTP adapter. Zero values take the defaults below.
type Config struct {
	MaxBodyBytes int64 // request bodies above this get 413 (default 4 MiB)
	// BodyReadTimeout bounds how long a request's body may take to arrive
	// (default 2 minutes: 4 MiB at 280 kbit/s); a slower one gets 408, so a
	// client trickling a body cannot hold a connection for ever.
	BodyReadTimeout time.Duration
	// TrustedProxies are the reverse proxies (IP addresses or CIDR ranges)
	// whose X-Forwarded-For is believed; none by default (client_ip.go).
	TrustedProxies []string
	// MaxUploadBytes bounds the bodies that carry files: imports and pictures (default 26 MiB:
	// the import limit and room for the form around it).
	MaxUploadBytes int64
	// Live editing sockets open at once per signed-in user and per client
	// address (defaults 32 and 500); more are closed with code 4429.
	LiveConnsPerUser, LiveConnsPerAddress int
	Logger                                *slog.Logger
	Version                               string
	AdminEmail                            string // named by OAI-PMH Identify (default admin@<host>)
}

func (c *Config) defaults() {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 4 << 20
	}
	if c.BodyReadTimeout <= 0 {
		c.BodyReadTimeout = 2 * time.Minute
	}
	if c.MaxUploadBytes <= 0 {
		c.MaxUploadBytes = 26 << 20
	}
	if c.LiveConnsPerUser <= 0 {
		c.LiveConnsPerUser = 32
	}
	if c.LiveConnsPerAddress <= 0 {
		c.LiveConnsPerAddress = 500
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Server is the HTTP face of the application.
type Server struct {
	cfg      Config
	app      *app.App
	log      *slog.Logger
	echo     *echo.Echo
	md       *markdown.Renderer
	web      *web.Site
	registry *prometheus.Registry
	metrics  *metrics
	// wsWrite lends WebSocket write buffers to connections only while they
	// write, so an idle connection holds none.
	wsWrite sync.Pool
	slots   *liveSlots // live sockets per user and address
	writers *liveWriters
	pinger  *livePinger
}

// New wires the routes over the application.
func New(cfg Config, a *app.App) (*Server, error) {
	cfg.defaults()
	s := &Server{cfg: cfg, app: a, log: cfg.Logger, md: markdown.New().ForScreens(), registry: prometheus.NewRegistry(),
		slots: newLiveSlots(cfg.LiveConnsPerUser, cfg.LiveConnsPerAddress), writers: newLiveWriters(), pinger: newLivePinger()}
	var err error
	if s.web, err = web.New(a, cfg.Logger); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(s.registry)
	s.registerLiveMetrics()
	s.echo = echo.New()
	s.echo.HideBanner, s.echo.HidePort = true, true
	if s.echo.IPExtractor, err = ipExtractor(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Close is kept for symmetry with app.App.Close: the adapter holds nothing
// that outlives its requests (live sockets end with the hubs the app closes).
func (s *Server) Close(context.Context) error { return nil }

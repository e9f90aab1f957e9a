// Package server is the HTTP and WebSocket adapter: routes, handlers,
// middleware and template wiring. It is the only package that speaks HTTP.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/markdown"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/store"
)

// Config tunes the server. Zero values take the defaults below.
type Config struct {
	MaxBodyBytes int64         // request bodies above this get 413 (default 4 MiB)
	SessionTTL   time.Duration // how long a sign-in lasts (default 30 days)
	Hasher       auth.Hasher   // password hashing cost (default auth.DefaultHasher)
	// Login attempts allowed per account and per address: a burst, then one per interval.
	LoginBurstAccount, LoginBurstAddress int
	LoginInterval                        time.Duration
	Logger                               *slog.Logger
	Version                              string
}

func (c *Config) defaults() {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 4 << 20
	}
	if c.SessionTTL <= 0 {
		c.SessionTTL = 30 * 24 * time.Hour
	}
	if c.Hasher == (auth.Hasher{}) {
		c.Hasher = auth.DefaultHasher
	}
	if c.LoginBurstAccount <= 0 {
		c.LoginBurstAccount = 10
	}
	if c.LoginBurstAddress <= 0 {
		c.LoginBurstAddress = 30
	}
	if c.LoginInterval <= 0 {
		c.LoginInterval = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Server holds the dependencies every handler needs.
type Server struct {
	cfg       Config
	db        *store.DB
	log       *slog.Logger
	echo      *echo.Echo
	md        *markdown.Renderer
	pages     *pages
	registry  *prometheus.Registry
	metrics   *metrics
	acctLimit *auth.Limiter
	addrLimit *auth.Limiter
	closers   []func(context.Context) error
	live      *hub.Manager // live editing (server/live.go)
	// wsWrite lends WebSocket write buffers to connections only while they
	// write, so an idle connection holds none.
	wsWrite sync.Pool

	// Hooks through which later capabilities (live editing, forks,
	// translations) extend the foundation's handlers without rewriting them.
	texts              Texts
	licenseChecks      []func(c echo.Context, r resource.Resource) error
	resourceDecorators []func(c echo.Context, r *resource.Resource, out *resourceJSON) error
	pageDecorators     []func(c echo.Context, v *ResourceView) error
	starters           []func(ctx context.Context) error
	// checkpoint cuts a checkpoint revision of a resource when the live log
	// says one is due (idle time or op count); set by the versioning wiring,
	// called by the live hub's OnCheckpoint.
	checkpoint func(ctx context.Context, resourceID string, version int64)
	vers       *versioningState // revisions, forks, proposals (versioning.go)
}

// New wires the routes. Call Close on shutdown.
func New(cfg Config, db *store.DB) (*Server, error) {
	cfg.defaults()
	s := &Server{
		cfg:       cfg,
		db:        db,
		log:       cfg.Logger,
		md:        markdown.New(),
		registry:  prometheus.NewRegistry(),
		acctLimit: auth.NewLimiter(cfg.LoginInterval, cfg.LoginBurstAccount),
		addrLimit: auth.NewLimiter(cfg.LoginInterval, cfg.LoginBurstAddress),
	}
	var err error
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(s.registry)
	s.setupLive() // the live hubs, and s.texts backed by them
	s.setupVersioning()
	s.echo = echo.New()
	s.echo.HideBanner, s.echo.HidePort = true, true
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Close releases what the server started (live document hubs and the like).
func (s *Server) Close(ctx context.Context) error {
	var first error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}

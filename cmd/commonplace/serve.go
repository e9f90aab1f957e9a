package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/importer"
	"github.com/commonplace/commonplace/media"
	"github.com/commonplace/commonplace/server"
	"github.com/commonplace/commonplace/store"
)

// database opens the configured database, or starts the private cluster and
// opens that. The returned stop function shuts the cluster down.
func database(ctx context.Context, c config, log *slog.Logger) (url string, stop func(context.Context), err error) {
	if c.DatabaseURL != "" {
		return c.DatabaseURL, func(context.Context) {}, nil
	}
	cluster := &store.Cluster{Dir: filepath.Join(c.Data, "postgres"), Database: "commonplace", Logger: log}
	if err := cluster.Start(ctx); err != nil {
		return "", nil, fmt.Errorf("private PostgreSQL: %w", err)
	}
	return cluster.URL(), func(ctx context.Context) {
		if err := cluster.Stop(ctx); err != nil {
			log.Error("stop PostgreSQL", "err", err)
		}
	}, nil
}

func migrateOnly(ctx context.Context, c config) error {
	log := newLogger(c, os.Stderr)
	url, stop, err := database(ctx, c, log)
	if err != nil {
		return err
	}
	defer stop(context.Background())
	if err := store.Migrate(ctx, url); err != nil {
		return err
	}
	log.Info("database is up to date")
	return nil
}

func serve(ctx context.Context, c config, stdout io.Writer) error {
	log := newLogger(c, os.Stderr)
	slog.SetDefault(log)
	mailCfg, err := mailConfig(c) // checked before anything starts
	if err != nil {
		return err
	}
	if c.PprofAddr != "" {
		if err := startPprof(c.PprofAddr, log); err != nil {
			return err
		}
	}
	url, stopDB, err := database(ctx, c, log)
	if err != nil {
		return err
	}
	defer stopDB(context.Background())
	if err := store.Migrate(ctx, url); err != nil {
		return err
	}
	db, err := store.Open(ctx, url, 40)
	if err != nil {
		return err
	}
	defer db.Close()

	// store → app → server: the only place that knows all three.
	cfg := appConfig(c, log, mailCfg)
	cfg.Images, cfg.Import = media.Limits{MaxBytes: c.MaxImage}, importer.Options{MaxBytes: c.MaxUpload, MaxImage: c.MaxImage, Pandoc: importer.FindPandoc()}
	application := app.New(cfg, db)
	if err := application.Start(ctx); err != nil {
		return err
	}
	srv, err := server.New(server.Config{MaxBodyBytes: c.MaxBodyBytes, MaxUploadBytes: c.MaxUpload + 1<<20, Logger: log, Version: version,
		TrustedProxies: splitList(c.TrustedProxies), LiveConnsPerUser: c.LiveConnsPerUser, LiveConnsPerAddress: c.LiveConnsPerAddress}, application)
	if err != nil {
		return err
	}
	stopMetrics, err := serveMetrics(c.MetricsAddr, srv.MetricsHandler(), log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(stdout, "Commonplace is running at http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "version", version)

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("drain requests", "err", err)
	}
	// Live hubs flush and snapshot before the database goes away.
	if err := application.Close(shutdownCtx); err != nil {
		log.Warn("close live hubs", "err", err)
	}
	log.Info("stopped")
	return nil
}

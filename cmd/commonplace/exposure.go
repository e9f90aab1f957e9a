package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/commonplace/commonplace/app"
)

// appConfig is the application's configuration from the command's.
func appConfig(c config, log *slog.Logger, mail app.MailConfig) app.Config {
	cfg := app.Config{Logger: log, Mail: mail}
	if c.SignupsPerHour > 0 {
		cfg.SignupBurstAddress, cfg.SignupInterval = c.SignupsPerHour, time.Hour/time.Duration(c.SignupsPerHour)
	}
	return cfg
}

// serveMetrics serves Prometheus metrics on their own address, apart from
// the public listener (metrics name routes and counts). An empty address
// serves them nowhere. The returned function stops the listener.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "err", err)
		}
	}()
	log.Info("metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

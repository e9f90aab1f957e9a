// Command commonplace runs the Commonplace service.
//
//	commonplace serve [--addr 127.0.0.1:8080] [--data ./data] [--database-url …]
//	commonplace migrate [--data ./data] [--database-url …]
//	commonplace version
//
// Without a database URL the service runs its own PostgreSQL cluster under
// <data>/postgres.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "commonplace:", err)
		os.Exit(1)
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: commonplace <command> [flags]

commands:
  serve     run the web service (starts a private PostgreSQL when no database URL is given)
  migrate   apply database migrations and exit
  version   print the version

Run "commonplace <command> -h" for the flags of a command.
`)
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errors.New("no command given")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "serve":
		cfg, err := parseConfig("serve", args[1:], stderr)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, stdout)
	case "migrate":
		cfg, err := parseConfig("migrate", args[1:], stderr)
		if err != nil {
			return err
		}
		return migrateOnly(ctx, cfg)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "commonplace", version)
		return nil
	case "help", "-h", "--help":
		usage(stdout)
		return nil
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

// config is everything the binary reads from flags and the environment.
type config struct {
	Addr         string
	Data         string
	DatabaseURL  string
	MaxBodyBytes int64
	// Live editing sockets open at once per user and per client address.
	LiveConnsPerUser, LiveConnsPerAddress int
	LogFormat    string
	LogLevel     string
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func parseConfig(cmd string, args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Data, "data", envOr("COMMONPLACE_DATA", "./data"), "data folder; the private PostgreSQL cluster lives in <data>/postgres (env COMMONPLACE_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL; empty runs a private cluster (env DATABASE_URL)")
	fs.StringVar(&c.LogFormat, "log-format", envOr("COMMONPLACE_LOG_FORMAT", "text"), "log format: text or json (env COMMONPLACE_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", envOr("COMMONPLACE_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env COMMONPLACE_LOG_LEVEL)")
	if cmd == "serve" {
		fs.StringVar(&c.Addr, "addr", envOr("COMMONPLACE_ADDR", "127.0.0.1:8080"), "listen address (env COMMONPLACE_ADDR)")
		fs.Int64Var(&c.MaxBodyBytes, "max-body", 4<<20, "largest request body in bytes; larger ones get 413")
		fs.IntVar(&c.LiveConnsPerUser, "live-conns-per-user", 32, "live editing connections one user may hold open at once; more are closed with code 4429")
		fs.IntVar(&c.LiveConnsPerAddress, "live-conns-per-address", 500, "live editing connections one client address may hold open at once (raise it behind a large NAT)")
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}

func newLogger(c config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

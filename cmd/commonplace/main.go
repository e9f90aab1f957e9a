// Command commonplace runs the Commonplace service.
//
//	commonplace serve [--addr 127.0.0.1:8080] [--data ./data] [--database-url …]
//	commonplace migrate [--data ./data] [--database-url …]
//	commonplace backup [--data ./data] [--database-url …] FILE
//	commonplace restore [--data ./data] [--database-url …] [--replace] FILE
//	commonplace outbox [--status pending|sent|failed|expired] [--show ID] [--retry ID]
//	commonplace ui-strings extract|export|import|check
//	commonplace version
//
// Without a database URL the service runs its own PostgreSQL cluster under
// <data>/postgres.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/commonplace/commonplace/server"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		quietSysmon() // returns in the re-executed process (sysmon.go)
	}
	version = buildVersion() // what serve reports on /healthz and in its logs
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
  backup    write a backup of the database to FILE (works while serve runs)
  restore   load a backup FILE into the data folder (or an empty --database-url database)
  outbox    list the e-mail the service wrote (kept here when no SMTP server is configured)
  ui-strings  the interface's catalogues: extract, export LANG, import LANG FILE, check (docs/localisation.md)
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
	commands := map[string]func(context.Context, config) error{
		"serve":   func(ctx context.Context, c config) error { return serve(ctx, c, stdout) },
		"migrate": migrateOnly,
		"backup":  backup,
		"restore": restore,
		"outbox":  func(ctx context.Context, c config) error { return outbox(ctx, c, stdout) },
	}
	switch args[0] {
	case "serve", "migrate", "backup", "restore", "outbox":
		cfg, err := parseConfig(args[0], args[1:], stdout, stderr)
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		if err != nil {
			return err
		}
		return commands[args[0]](ctx, cfg)
	case "ui-strings":
		return uiStrings(args[1:], stdout)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "commonplace", buildVersion())
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
	LogFormat    string
	LogLevel     string
	File         string // backup, restore: the backup file
	Replace      bool   // restore: replace a database that holds data
	// serve: exposure and limits (docs/security.md)
	MetricsAddr    string // where /metrics is served; "" = nowhere
	TrustedProxies string // comma-separated addresses or CIDR ranges
	SignupsPerHour int    // sign-ups allowed per address an hour
	MaxUpload      int64  // an imported file
	MaxImage       int64  // a picture
	// Live editing sockets open at once per user and per client address.
	LiveConnsPerUser, LiveConnsPerAddress int
	PprofAddr                             string // serve: Go's profiler on this loopback address
	// E-mail (serve): the SMTP server, the sender and the site's address for links.
	SMTPURL   string
	MailFrom  string
	PublicURL string
	// The outbox command's options.
	OutboxStatus, OutboxShow, OutboxRetry string
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}

// envInt64 is a whole number from the environment, or def when it is unset or not a number
// (validate then refuses a negative one).
func envInt64(key string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(key), 10, 64); err == nil {
		return v
	}
	return def
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// parseConfig reads a command's flags; each falls back to its environment
// variable, then to its default. -h prints the flags to stdout and gives
// flag.ErrHelp; a bad flag prints them to stderr.
func parseConfig(cmd string, args []string, stdout, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	var out bytes.Buffer
	fs.SetOutput(&out)
	fs.StringVar(&c.Data, "data", envOr("COMMONPLACE_DATA", "./data"), "data folder; the private PostgreSQL cluster lives in <data>/postgres (env COMMONPLACE_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL; empty runs a private cluster (env DATABASE_URL)")
	fs.StringVar(&c.LogFormat, "log-format", envOr("COMMONPLACE_LOG_FORMAT", "text"), "log format: text or json (env COMMONPLACE_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", envOr("COMMONPLACE_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env COMMONPLACE_LOG_LEVEL)")
	switch cmd {
	case "serve":
		fs.StringVar(&c.Addr, "addr", envOr("COMMONPLACE_ADDR", "127.0.0.1:8080"), "listen address (env COMMONPLACE_ADDR)")
		fs.Int64Var(&c.MaxBodyBytes, "max-body", 4<<20, "largest request body in bytes; larger ones get 413")
		fs.StringVar(&c.MetricsAddr, "metrics-addr", os.Getenv("COMMONPLACE_METRICS_ADDR"), "serve Prometheus /metrics on this address only (e.g. 127.0.0.1:9464); empty: not served (env COMMONPLACE_METRICS_ADDR)")
		fs.StringVar(&c.TrustedProxies, "trusted-proxies", os.Getenv("COMMONPLACE_TRUSTED_PROXIES"), "reverse proxies whose X-Forwarded-For names the client: comma-separated IPs or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8; empty: trust none (env COMMONPLACE_TRUSTED_PROXIES)")
		fs.IntVar(&c.SignupsPerHour, "signups-per-hour", envInt("COMMONPLACE_SIGNUPS_PER_HOUR", 20), "sign-ups allowed from one address an hour (env COMMONPLACE_SIGNUPS_PER_HOUR)")
		fs.Int64Var(&c.MaxUpload, "max-upload", envInt64("COMMONPLACE_MAX_UPLOAD", 25<<20), "largest file to import, in bytes (env COMMONPLACE_MAX_UPLOAD)")
		fs.Int64Var(&c.MaxImage, "max-image", envInt64("COMMONPLACE_MAX_IMAGE", 5<<20), "largest picture, in bytes (env COMMONPLACE_MAX_IMAGE)")
		fs.IntVar(&c.LiveConnsPerUser, "live-conns-per-user", 32, "live editing connections one user may hold open at once; more are closed with code 4429")
		fs.IntVar(&c.LiveConnsPerAddress, "live-conns-per-address", 500, "live editing connections one client address may hold open at once (raise it behind a large NAT)")
		fs.StringVar(&c.PprofAddr, "pprof-addr", os.Getenv("COMMONPLACE_PPROF_ADDR"), "serve Go's profiler (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6060; empty: off (env COMMONPLACE_PPROF_ADDR)")
		fs.StringVar(&c.SMTPURL, "smtp-url", os.Getenv("COMMONPLACE_SMTP_URL"), "SMTP server for e-mail: smtp://user:pass@host:587 (STARTTLS), smtps://…:465, or smtp://host:25?tls=off for a local relay; empty keeps mail in the outbox (env COMMONPLACE_SMTP_URL)")
		fs.StringVar(&c.MailFrom, "mail-from", os.Getenv("COMMONPLACE_MAIL_FROM"), "sender of e-mail, e.g. \"Commonplace <noreply@example.org>\" (env COMMONPLACE_MAIL_FROM; required with --smtp-url)")
		fs.StringVar(&c.PublicURL, "public-url", os.Getenv("COMMONPLACE_PUBLIC_URL"), "the site's public address for links in e-mail, e.g. https://oer.example.org (env COMMONPLACE_PUBLIC_URL; default http://<addr>)")
	case "outbox":
		fs.StringVar(&c.OutboxStatus, "status", "", "list only mail with this status: pending, sent, failed or expired")
		fs.StringVar(&c.OutboxShow, "show", "", "print one e-mail in full (its id from the list)")
		fs.StringVar(&c.OutboxRetry, "retry", "", "send a failed e-mail again (its id from the list)")
	case "restore":
		fs.BoolVar(&c.Replace, "replace", false, "replace the data folder's database even if it holds data (it is dropped once the backup has loaded)")
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: commonplace %s [flags]%s\n\nflags:\n", cmd, map[bool]string{true: " FILE"}[wantsFile(cmd)])
		fs.PrintDefaults()
	}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		_, _ = out.WriteTo(stdout)
		return c, err
	}
	_, _ = out.WriteTo(stderr)
	if err != nil {
		return c, err
	}
	switch {
	case wantsFile(cmd) && fs.NArg() != 1:
		return c, fmt.Errorf("%s needs exactly one FILE argument, got %d", cmd, fs.NArg())
	case wantsFile(cmd):
		c.File = fs.Arg(0)
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, c.validate()
}

func wantsFile(cmd string) bool { return cmd == "backup" || cmd == "restore" }

// validate refuses values a typo would otherwise turn into a silent default.
func (c config) validate() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("invalid --log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("invalid --log-format %q: use text or json", c.LogFormat)
	}
	if c.MaxBodyBytes < 0 {
		return fmt.Errorf("invalid --max-body %d: must be positive", c.MaxBodyBytes)
	}
	if c.SignupsPerHour < 0 {
		return fmt.Errorf("invalid --signups-per-hour %d: must be positive", c.SignupsPerHour)
	}
	if err := server.CheckTrustedProxies(splitList(c.TrustedProxies)); err != nil {
		return fmt.Errorf("invalid --trusted-proxies: %w", err)
	}
	if c.MaxUpload < 0 || c.MaxImage < 0 {
		return fmt.Errorf("invalid --max-upload %d or --max-image %d: must be positive", c.MaxUpload, c.MaxImage)
	}
	if c.LiveConnsPerUser < 0 || c.LiveConnsPerAddress < 0 {
		return fmt.Errorf("invalid --live-conns-per-user %d or --live-conns-per-address %d: must be positive", c.LiveConnsPerUser, c.LiveConnsPerAddress)
	}
	return nil
}

func newLogger(c config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel)) // validated by parseConfig
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

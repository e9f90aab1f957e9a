// Package apptest builds the application layer over a test database, with
// settings that keep tests fast (cheap password hashing, generous sign-in
// limits) and its live hubs started and closed with the test.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/importer"
	"github.com/commonplace/commonplace/store"
)

// FastHasher keeps password hashing cheap under the race detector.
var FastHasher = auth.Hasher{Memory: 64, Time: 1, Threads: 1}

// New returns a started application over db; mutate adjusts its config.
// Set APPTEST_LOG=1 to see its log.
func New(t testing.TB, db *store.DB, mutate ...func(*app.Config)) *app.App {
	t.Helper()
	var out io.Writer = io.Discard
	if os.Getenv("APPTEST_LOG") != "" {
		out = os.Stderr
	}
	cfg := app.Config{Hasher: FastHasher, LoginBurstAccount: 100, LoginBurstAddress: 100, LoginBurstAccountAll: 1000,
		SignupBurstAddress: 1000,
		RenameBurst:        1000,
		Logger:             slog.New(slog.NewTextHandler(out, nil)),
		Import:             importer.Options{Pandoc: importer.FindPandoc()}} // DOCX through the real tool, as the service does
	for _, m := range mutate {
		m(&cfg)
	}
	a := app.New(cfg, db)
	ctx, cancel := context.WithCancel(context.Background())
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = a.Close(sctx)
	})
	return a
}

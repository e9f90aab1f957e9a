package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// commitConns is the most connections the live commit path holds: one per committer
// (hub.Options.Committers, 1 by default) with room for a few.
const commitConns = 4

// openCommits makes the pool the live committers write through, apart from the pool every
// other query shares. Two reasons:
//
//   - An acknowledgement never waits for a connection behind page loads, searches or
//     exports that have taken the shared pool.
//   - pgxpool hands out the idle connection released last. In the shared pool that is
//     whichever backend a rights check or a poll just used, so consecutive commits landed on
//     five or six backends in turn, each with its caches cold. On its own pool a committer
//     meets the same backend every time: at 300 documents × 3 typists PostgreSQL used about
//     6 % less CPU (docs/benchmarks-live.md, "seventh pass").
//
// It connects lazily (no connection until the first commit), so commands that never edit
// live, such as backup, open none.
func openCommits(ctx context.Context, shared *pgxpool.Config) (*pgxpool.Pool, error) {
	cfg := shared.Copy()
	cfg.MaxConns, cfg.MinConns = commitConns, 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open commit pool: %w", err)
	}
	return pool, nil
}

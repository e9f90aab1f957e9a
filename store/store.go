// Package store is the one package that speaks SQL: PostgreSQL repositories
// on pgxpool, the embedded private cluster, and migrations.
package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/commonplace/commonplace/resource"
)

// The domain's sentinel errors, which the application maps to answers in
// one place: a missing row is resource.ErrNotFound, a clash resource.ErrConflict.
var (
	ErrNotFound = resource.ErrNotFound
	ErrConflict = resource.ErrConflict
)

// ConflictError says which unique field clashed ("handle", "email").
type ConflictError = resource.ConflictError

// DB is the application's database.
type DB struct {
	Pool *pgxpool.Pool
	// commits carries the live committers' writes, apart from Pool (commits.go).
	commits *pgxpool.Pool

	notifyOnce sync.Once
	notify     *opsNotifier // live commits announced to other processes (notifier.go)
	// origin tags this process's ops notifications so that its own listener skips them: its
	// hubs already hold what they committed (notifier.go).
	origin string
	// peers is what this process knows of the others that listen (peers.go): the ops
	// notifications are sent only while another may be there.
	peers peers
}

// Open connects a pool to url and checks it answers.
func Open(ctx context.Context, url string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping database: %w", err)
	}
	commits, err := openCommits(ctx, cfg)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &DB{Pool: pool, commits: commits, origin: NewID(), peers: peers{every: peerEvery, ttl: peerTTL, grace: peerGrace}}, nil
}

// Close releases the pools.
func (db *DB) Close() {
	db.commits.Close()
	db.Pool.Close()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.Pool.Ping(ctx) }

// NewID returns a time-ordered UUIDv7: index-friendly, no global sequence.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// validID reports whether s parses as a UUID, so a malformed id in a URL is
// a plain "not found" rather than a database error.
// roleNames are roles as the collaborators.role column holds them, for `role = ANY($n)`.
func roleNames(roles []resource.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

func validID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil
}

// uniqueViolation returns the constraint name when err is SQLSTATE 23505.
func uniqueViolation(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return pgErr.ConstraintName, true
	}
	return "", false
}

// inTx runs fn in a transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.Pool, fn)
}

// Audit records who did what for later inspection.
func (db *DB) Audit(ctx context.Context, actor, action, resourceID string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	_, err := db.Pool.Exec(ctx, `INSERT INTO audit_log (actor_id, action, resource_id, detail) VALUES ($1, $2, $3, $4)`,
		nullable(actor), action, nullable(resourceID), detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

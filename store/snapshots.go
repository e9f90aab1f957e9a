package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Snapshot is a stored full text with attribution spans (JSON) at a version.
type Snapshot struct {
	ResourceID  string
	Version     int64
	Content     string
	Attribution []byte
}

// LatestSnapshot returns the newest snapshot of a resource.
func (db *DB) LatestSnapshot(ctx context.Context, id string) (Snapshot, error) {
	if !validID(id) {
		return Snapshot{}, fmt.Errorf("snapshot of %q: %w", id, ErrNotFound)
	}
	s := Snapshot{ResourceID: id}
	err := db.Pool.QueryRow(ctx, `SELECT version, content, attribution::text FROM snapshots WHERE resource_id = $1
		ORDER BY version DESC LIMIT 1`, id).Scan(&s.Version, &s.Content, &s.Attribution)
	if errors.Is(err, pgx.ErrNoRows) {
		return Snapshot{}, fmt.Errorf("snapshot of %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Snapshot{}, fmt.Errorf("snapshot of %s: %w", id, err)
	}
	return s, nil
}

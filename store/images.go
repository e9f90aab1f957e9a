package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/media"
)

// AddImage stores a picture in a resource: its bytes once (shared by every resource holding
// the same content) and the resource's reference with its alt text (a second upload of the same
// picture replaces the alt text).
func (db *DB) AddImage(ctx context.Context, rec media.Record) (media.Record, error) {
	err := db.inTx(ctx, func(tx pgx.Tx) error { return insertImage(ctx, tx, rec) })
	if err != nil {
		return media.Record{}, err
	}
	return db.Image(ctx, rec.ResourceID, rec.Hash, false)
}

func insertImage(ctx context.Context, tx pgx.Tx, rec media.Record) error {
	// The no-op update locks bytes that are already stored, so that a purge
	// erasing their last holder (purge.go) cannot take them from under this
	// upload: it waits, then this upload's reference stops it (and it tries
	// again later); had it erased them first, this inserts them again.
	if _, err := tx.Exec(ctx, `INSERT INTO image_blobs (hash, media_type, data, width, height) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (hash) DO UPDATE SET media_type = image_blobs.media_type`, rec.Hash, rec.MediaType, rec.Data, rec.Width, rec.Height); err != nil {
		return fmt.Errorf("insert image %s: %w", rec.Hash, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO resource_images (resource_id, hash, alt, added_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (resource_id, hash) DO UPDATE SET alt = EXCLUDED.alt`, rec.ResourceID, rec.Hash, rec.Alt, nullable(rec.AddedBy)); err != nil {
		return fmt.Errorf("add image %s to %s: %w", rec.Hash, rec.ResourceID, err)
	}
	return nil
}

// copyImages gives a new derivative the pictures of its source (references only).
func copyImages(ctx context.Context, tx pgx.Tx, from, to string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO resource_images (resource_id, hash, alt, added_by, created_at)
		SELECT $2, hash, alt, added_by, created_at FROM resource_images WHERE resource_id = $1`, from, to); err != nil {
		return fmt.Errorf("copy images of %s: %w", from, err)
	}
	return nil
}

const imageCols = `ri.resource_id, ri.hash, b.media_type, b.width, b.height, ri.alt, coalesce(ri.added_by::text, ''), ri.created_at`

func scanImage(row pgx.Row, withData bool) (media.Record, error) {
	var r media.Record
	dest := []any{&r.ResourceID, &r.Hash, &r.MediaType, &r.Width, &r.Height, &r.Alt, &r.AddedBy, &r.Created}
	if withData {
		dest = append(dest, &r.Data)
	}
	return r, row.Scan(dest...)
}

func imageQuery(withData bool) string {
	q := `SELECT ` + imageCols
	if withData {
		q += `, b.data`
	}
	return q + ` FROM resource_images ri JOIN image_blobs b ON b.hash = ri.hash`
}

// Image loads one picture of a resource (its bytes with withData), or ErrNotFound.
func (db *DB) Image(ctx context.Context, resourceID, hash string, withData bool) (media.Record, error) {
	if !validID(resourceID) {
		return media.Record{}, fmt.Errorf("image %s of %q: %w", hash, resourceID, ErrNotFound)
	}
	r, err := scanImage(db.Pool.QueryRow(ctx, imageQuery(withData)+` WHERE ri.resource_id = $1 AND ri.hash = $2`, resourceID, hash), withData)
	if errors.Is(err, pgx.ErrNoRows) {
		return media.Record{}, fmt.Errorf("image %s of %s: %w", hash, resourceID, ErrNotFound)
	}
	if err != nil {
		return media.Record{}, fmt.Errorf("image %s of %s: %w", hash, resourceID, err)
	}
	return r, nil
}

// Images lists the pictures of a resource, oldest first (their bytes with withData).
func (db *DB) Images(ctx context.Context, resourceID string, withData bool) ([]media.Record, error) {
	rows, err := db.Pool.Query(ctx, imageQuery(withData)+` WHERE ri.resource_id = $1 ORDER BY ri.created_at, ri.hash`, resourceID)
	if err != nil {
		return nil, fmt.Errorf("images of %s: %w", resourceID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (media.Record, error) { return scanImage(row, withData) })
	if err != nil {
		return nil, fmt.Errorf("images of %s: %w", resourceID, err)
	}
	return out, nil
}

// RemoveImage takes a picture out of a resource (the bytes stay while another resource holds them).
func (db *DB) RemoveImage(ctx context.Context, resourceID, hash string) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM resource_images WHERE resource_id = $1 AND hash = $2`, resourceID, hash)
	if err != nil {
		return fmt.Errorf("remove image %s from %s: %w", hash, resourceID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("image %s of %s: %w", hash, resourceID, ErrNotFound)
	}
	return nil
}

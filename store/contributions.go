package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/resource"
)

// contributedSQL lists, for the person $1, each resource they contributed
// to and how: a role on it, created it, typed in it (live ops), cut or
// restored a revision of it, had a proposal merged into it, translated
// segments of it. A resource appears once per way.
const contributedSQL = `
	SELECT resource_id AS id, role AS how FROM collaborators WHERE user_id = $1 AND role <> 'viewer'
	UNION SELECT id, 'created' FROM resources WHERE owner_id = $1
	UNION SELECT DISTINCT resource_id, 'edited' FROM ops WHERE author_id = $1
	UNION SELECT DISTINCT resource_id, 'revised' FROM revisions WHERE author_id = $1
	UNION SELECT DISTINCT source_id, 'proposed' FROM proposals WHERE author_id = $1 AND status = 'merged'
	UNION SELECT DISTINCT translation_id, 'translated' FROM translation_segments WHERE translated_by = $1`

// Contribution is one resource a person contributed to, and how.
type Contribution struct {
	Resource resource.Resource
	How      []string // owner, editor, …, created, edited, revised, proposed, translated
}

// Contributions lists one page of the live resources userID contributed to
// that viewerID may list (public ones, or ones viewerID has a role on),
// most recently changed first, and their total.
func (db *DB) Contributions(ctx context.Context, userID, viewerID string, page, perPage int) ([]Contribution, int, error) {
	if perPage <= 0 || perPage > 100 {
		perPage = 20
	}
	if page <= 0 {
		page = 1
	}
	if !validID(userID) {
		return nil, 0, fmt.Errorf("contributions of %q: %w", userID, ErrNotFound)
	}
	var viewer any
	if validID(viewerID) {
		viewer = viewerID
	}
	q := `WITH mine AS (` + contributedSQL + `),
		seen AS (
			SELECT m.id, array_agg(DISTINCT m.how ORDER BY m.how) AS how FROM mine m JOIN resources r ON r.id = m.id
			WHERE r.deleted_at IS NULL AND (r.visibility = 'public' OR
				EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid))
			GROUP BY m.id)
		SELECT ` + resourceCols + `, s.how, count(*) OVER ()
		FROM seen s JOIN resources r ON r.id = s.id JOIN users u ON u.id = r.owner_id
		ORDER BY r.updated_at DESC, r.id DESC LIMIT $3 OFFSET $4`
	rows, err := db.Pool.Query(ctx, q, userID, viewer, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("contributions of %s: %w", userID, err)
	}
	total := 0
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Contribution, error) {
		var c Contribution
		var err error
		c.Resource, err = scanResource(row, &c.How, &total)
		return c, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("contributions of %s: %w", userID, err)
	}
	if len(list) == 0 && page > 1 {
		// Past the end: the window count is not there to read; count alone.
		err := db.Pool.QueryRow(ctx, `WITH mine AS (`+contributedSQL+`)
			SELECT count(DISTINCT m.id) FROM mine m JOIN resources r ON r.id = m.id
			WHERE r.deleted_at IS NULL AND (r.visibility = 'public' OR
				EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid))`, userID, viewer).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count contributions of %s: %w", userID, err)
		}
	}
	return list, total, nil
}

// PersonByHandle finds the person with handle for their page, a deleted
// account's tombstone included (its contributions link to it).
func (db *DB) PersonByHandle(ctx context.Context, handle string) (auth.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE handle = $1`, handle))
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.User{}, fmt.Errorf("person %q: %w", handle, ErrNotFound)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("person %q: %w", handle, err)
	}
	return u, nil
}

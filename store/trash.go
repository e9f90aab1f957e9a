package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// A deleted resource stays restorable for a while (app.Config.DeletedKeep),
// then PurgeDeleted erases it for good. Until then its row keeps deleted_at,
// and every read but these ones treats it as missing.

// DeletedResource is a resource in the trash.
type DeletedResource struct {
	Resource resource.Resource
	Deleted  time.Time
}

// DeletedResources lists the resources deleted within keep where userID holds
// one of roles, most recently deleted first (at most 500: a trash that size is
// already more than a page can show).
func (db *DB) DeletedResources(ctx context.Context, userID string, roles []resource.Role, keep time.Duration) ([]DeletedResource, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+resourceCols+`, r.deleted_at
		FROM resources r JOIN users u ON u.id = r.owner_id
		JOIN collaborators c ON c.resource_id = r.id AND c.user_id = $1 AND c.role = ANY($2)
		WHERE r.deleted_at > now() - $3::interval
		ORDER BY r.deleted_at DESC, r.id LIMIT 500`, userID, roleNames(roles), keep)
	if err != nil {
		return nil, fmt.Errorf("deleted resources of %s: %w", userID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (DeletedResource, error) {
		var d DeletedResource
		r, err := scanResource(row, &d.Deleted)
		d.Resource = r
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("deleted resources of %s: %w", userID, err)
	}
	return out, nil
}

// DeletedResourceFor returns a resource deleted within keep and userID's role
// on it; ErrNotFound when it is not in the trash (live, purged, too old or
// never there).
func (db *DB) DeletedResourceFor(ctx context.Context, id, userID string, keep time.Duration) (DeletedResource, resource.Role, error) {
	if !validID(id) {
		return DeletedResource{}, resource.RoleNone, fmt.Errorf("deleted resource %q: %w", id, ErrNotFound)
	}
	var d DeletedResource
	var role *string
	r, err := scanResource(db.Pool.QueryRow(ctx, `SELECT `+resourceCols+`, r.deleted_at,
		(SELECT c.role FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid)
		FROM resources r JOIN users u ON u.id = r.owner_id
		WHERE r.id = $1 AND r.deleted_at > now() - $3::interval`, id, nullable(userID), keep), &d.Deleted, &role)
	if errors.Is(err, pgx.ErrNoRows) {
		return DeletedResource{}, resource.RoleNone, fmt.Errorf("deleted resource %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return DeletedResource{}, resource.RoleNone, fmt.Errorf("deleted resource %s: %w", id, err)
	}
	d.Resource = r
	if role == nil {
		return d, resource.RoleNone, nil
	}
	return d, resource.Role(*role), nil
}

// RestoreResource takes a resource deleted within keep out of the trash. The
// triggers that removed it from search and harvesting on deletion put it back
// (migrations 017 and 018); updated_at moves so that harvesters fetch it again.
func (db *DB) RestoreResource(ctx context.Context, id string, keep time.Duration) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE resources SET deleted_at = NULL, updated_at = now()
		WHERE id = $1 AND deleted_at > now() - $2::interval`, id, keep)
	if err != nil {
		return fmt.Errorf("restore resource %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("restore resource %s: %w", id, ErrNotFound)
	}
	return nil
}

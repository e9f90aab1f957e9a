package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// Standing is what the access policy needs to know about one resource for
// one viewer: its visibility and the viewer's role on it.
type Standing struct {
	Visibility resource.Visibility
	Role       resource.Role
	Kind       resource.Kind
	Deleted    bool
}

// Standings returns the standing of each of ids for viewerID (anonymous when
// ""), in one query. Deleted and unknown resources are absent from the map.
func (db *DB) Standings(ctx context.Context, ids []string, viewerID string) (map[string]Standing, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if validID(id) {
			valid = append(valid, id)
		}
	}
	out := make(map[string]Standing, len(valid))
	if len(valid) == 0 {
		return out, nil
	}
	rows, err := db.Pool.Query(ctx, `SELECT r.id::text, r.visibility,
		coalesce((SELECT c.role FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid), ''),
		r.deleted_at IS NOT NULL, r.kind
		FROM resources r WHERE r.id = ANY($1::uuid[])`, valid, nullable(viewerID))
	if err != nil {
		return nil, fmt.Errorf("standings: %w", err)
	}
	type row struct {
		id, vis, role, kind string
		deleted             bool
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.vis, &x.role, &x.deleted, &x.kind)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("standings: %w", err)
	}
	for _, x := range list {
		out[x.id] = Standing{Visibility: resource.Visibility(x.vis), Role: resource.Role(x.role), Kind: resource.Kind(x.kind), Deleted: x.deleted}
	}
	return out, nil
}

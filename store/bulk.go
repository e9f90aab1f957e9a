package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// BulkResource is a resource to load in bulk; a derived one names its
// source (loaded earlier in the same or a previous call).
type BulkResource struct {
	Resource resource.Resource
	SourceID string // "" for an original
}

// LoadResources inserts many resources at once with COPY, with their owner
// roles, first snapshots and, for derived ones, a checkpoint revision of the
// source and the derivation — for benchmarks and imports, where creating
// them one by one through the use cases would take hours. Ids and family
// ids must be set. The search triggers mark every one for indexing.
func (db *DB) LoadResources(ctx context.Context, list []BulkResource) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var res, owners, snaps, revs, derivs [][]any
		revOf := map[string]string{}
		for _, b := range list {
			r := b.Resource
			if r.Subjects == nil {
				r.Subjects = []string{}
			}
			res = append(res, []any{r.ID, r.FamilyID, string(r.Kind), r.Title, r.Summary, r.Content, int64(0), r.Language, r.License,
				r.Subjects, string(r.Level), string(r.Visibility), r.Owner.ID, r.Created, r.Updated})
			owners = append(owners, []any{r.ID, r.Owner.ID, "owner", r.Owner.ID})
			snaps = append(snaps, []any{r.ID, int64(0), r.Content, "[]"})
			if b.SourceID != "" {
				rev, ok := revOf[b.SourceID]
				if !ok {
					rev = NewID()
					revOf[b.SourceID] = rev
					revs = append(revs, []any{rev, b.SourceID, int64(0), "", "[]", "checkpoint"})
				}
				kind := "fork"
				if r.Kind == resource.Translation {
					kind = "translation"
				}
				derivs = append(derivs, []any{r.ID, b.SourceID, rev, kind, "[]"})
			}
		}
		copies := []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"resources", []string{"id", "family_id", "kind", "title", "summary", "content", "version", "language", "license", "subjects", "level", "visibility", "owner_id", "created_at", "updated_at"}, res},
			{"collaborators", []string{"resource_id", "user_id", "role", "added_by"}, owners},
			{"snapshots", []string{"resource_id", "version", "content", "attribution"}, snaps},
			{"revisions", []string{"id", "resource_id", "version", "content", "attribution", "kind"}, revs},
			{"derivations", []string{"derived_id", "source_id", "source_revision", "kind", "source_snapshot"}, derivs},
		}
		for _, c := range copies {
			if len(c.rows) == 0 {
				continue
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				return fmt.Errorf("load %s: %w", c.table, err)
			}
		}
		return nil
	})
}

// CountResources counts resources that are not deleted.
func (db *DB) CountResources(ctx context.Context) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM resources WHERE deleted_at IS NULL`).Scan(&n)
	return n, err
}

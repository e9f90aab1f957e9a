package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// PurgeDeleted erases, for good, the resources deleted longer than keep ago,
// and returns how many it erased. It weighs them all at once, in one
// transaction: a limit could split a set that must go together, and would
// meet the kept ones first every time.
//
// A deleted resource that others still lean on is kept (its row and revisions
// are what their foreign keys and lineage point at): one a live or
// recently deleted resource derives or translates from, one whose revisions
// are parents of another resource's revisions (a merged proposal, a fork's
// first revision), and a fork with a proposal to a live source (its
// reviewers' discussion stays). Resources that only lean on each other — a
// deleted source and its deleted forks — go together.
//
// Everything of an erased resource goes: its row and, by cascade, its
// revisions, snapshots, segments, comments, proposals, notifications and
// search rows; its live edit log and translation memory entries (ops and tm
// have no foreign key: migrations 004 and 027); and the bytes of pictures no
// other resource holds. The audit log keeps the id, and a resource that was
// public keeps its OAI-PMH tombstone (an id and a date, never text).
func (db *DB) PurgeDeleted(ctx context.Context, keep time.Duration) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM resources WHERE deleted_at < now() - $1::interval
			ORDER BY deleted_at, id FOR UPDATE SKIP LOCKED`, keep)
		if err != nil {
			return fmt.Errorf("resources to purge: %w", err)
		}
		cands, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("resources to purge: %w", err)
		}
		if len(cands) == 0 {
			return nil
		}
		ids, err := purgeable(ctx, tx, cands)
		if err != nil || len(ids) == 0 {
			return err
		}
		n = len(ids)
		return erase(ctx, tx, ids)
	})
	if err != nil {
		return 0, fmt.Errorf("purge deleted resources: %w", err)
	}
	return n, nil
}

// purgeable narrows cands to the resources nothing outside the set leans on.
// Keeping one can keep another (the source of a derivative that stays), so it
// repeats until the set holds still.
func purgeable(ctx context.Context, tx pgx.Tx, cands []string) ([]string, error) {
	// Every (leaning, leaned-on) pair where the leaned-on side is a candidate.
	rows, err := tx.Query(ctx, `
		SELECT derived_id, source_id FROM derivations WHERE source_id = ANY($1::uuid[])
		UNION SELECT translation_id, source_id FROM translation_sources WHERE source_id = ANY($1::uuid[])
		UNION SELECT c.resource_id, p.resource_id FROM revisions p
			JOIN revision_parents rp ON rp.parent_id = p.id
			JOIN revisions c ON c.id = rp.revision_id
			WHERE p.resource_id = ANY($1::uuid[]) AND c.resource_id <> p.resource_id
		UNION SELECT source_id, fork_id FROM proposals WHERE fork_id = ANY($1::uuid[]) AND source_id <> fork_id`, cands)
	if err != nil {
		return nil, fmt.Errorf("what leans on resources to purge: %w", err)
	}
	type edge struct{ from, to string }
	edges, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (edge, error) {
		var e edge
		return e, row.Scan(&e.from, &e.to)
	})
	if err != nil {
		return nil, fmt.Errorf("what leans on resources to purge: %w", err)
	}
	in := make(map[string]bool, len(cands))
	for _, id := range cands {
		in[id] = true
	}
	for changed := true; changed; {
		changed = false
		for _, e := range edges {
			if in[e.to] && !in[e.from] {
				delete(in, e.to)
				changed = true
			}
		}
	}
	out := make([]string, 0, len(in))
	for _, id := range cands {
		if in[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

// erase deletes ids and everything that is theirs alone. The rows that point
// across resources go first, so that the resources' own delete finds nothing
// else pointing at what it removes.
func erase(ctx context.Context, tx pgx.Tx, ids []string) error {
	rows, err := tx.Query(ctx, `SELECT DISTINCT hash FROM resource_images WHERE resource_id = ANY($1::uuid[])`, ids)
	if err != nil {
		return fmt.Errorf("pictures of resources to purge: %w", err)
	}
	hashes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("pictures of resources to purge: %w", err)
	}
	for _, q := range []struct{ what, sql string }{
		{"proposals", `DELETE FROM proposals WHERE source_id = ANY($1::uuid[]) OR fork_id = ANY($1::uuid[])`},
		{"revision parents", `DELETE FROM revision_parents WHERE revision_id IN (SELECT id FROM revisions WHERE resource_id = ANY($1::uuid[]))`},
		{"derivations", `DELETE FROM derivations WHERE derived_id = ANY($1::uuid[])`},
		{"translation sources", `DELETE FROM translation_sources WHERE translation_id = ANY($1::uuid[])`},
		{"live edit log", `DELETE FROM ops WHERE resource_id = ANY($1::uuid[])`},
		{"translation memory", `DELETE FROM tm WHERE origin_resource = ANY($1::uuid[])`},
		{"search marks", `DELETE FROM search_dirty WHERE resource_id = ANY($1::uuid[])`},
		{"resources", `DELETE FROM resources WHERE id = ANY($1::uuid[])`},
	} {
		if _, err := tx.Exec(ctx, q.sql, ids); err != nil {
			return fmt.Errorf("purge %s: %w", q.what, err)
		}
	}
	if len(hashes) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM image_blobs b WHERE b.hash = ANY($1)
			AND NOT EXISTS (SELECT 1 FROM resource_images i WHERE i.hash = b.hash)`, hashes); err != nil {
			return fmt.Errorf("purge pictures no one holds: %w", err)
		}
	}
	return nil
}

// EraseDeleted erases one deleted resource now, at its owner's request, if
// nothing else leans on it (as PurgeDeleted weighs it). It answers false and
// changes nothing when something does, and ErrNotFound when id is not deleted.
func (db *DB) EraseDeleted(ctx context.Context, id string) (bool, error) {
	if !validID(id) {
		return false, fmt.Errorf("erase resource %q: %w", id, ErrNotFound)
	}
	erased := false
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var got string
		err := tx.QueryRow(ctx, `SELECT id FROM resources WHERE id = $1 AND deleted_at IS NOT NULL FOR UPDATE`, id).Scan(&got)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		ids, err := purgeable(ctx, tx, []string{got})
		if err != nil || len(ids) == 0 {
			return err
		}
		erased = true
		return erase(ctx, tx, ids)
	})
	if err != nil {
		return false, fmt.Errorf("erase resource %s: %w", id, err)
	}
	return erased, nil
}

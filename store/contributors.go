package store

import (
	"context"
	"fmt"

	"github.com/commonplace/commonplace/resource"
)

// contributorsSQL finds, for each revision, who contributed to it since its
// first parent: the authors of the live ops between the parent's version and
// the revision's (when the parent is a revision of the same resource, or
// there is none), and the authors whose credited text grew (text that came
// with a fork, merge or restore keeps its authors, though one person
// pressed the button). Deleting text counts through the ops; attribution
// alone cannot tell who deleted.
const contributorsSQL = `
WITH revs AS (
	SELECT v.id, v.resource_id, v.version, p.id AS parent_id,
		CASE WHEN p.id IS NULL THEN 0 WHEN p.resource_id = v.resource_id THEN p.version END AS since
	FROM revisions v
	LEFT JOIN revision_parents rp ON rp.revision_id = v.id AND rp.ordinal = 0
	LEFT JOIN revisions p ON p.id = rp.parent_id
	WHERE v.id = ANY($1::uuid[])
), now_share AS (
	SELECT r.id, e->>0 AS author, sum((e->>1)::bigint) AS n
	FROM revs r JOIN revisions v ON v.id = r.id, jsonb_array_elements(v.attribution) e
	GROUP BY r.id, e->>0
), then_share AS (
	SELECT r.id, e->>0 AS author, sum((e->>1)::bigint) AS n
	FROM revs r JOIN revisions p ON p.id = r.parent_id, jsonb_array_elements(p.attribution) e
	GROUP BY r.id, e->>0
), grown AS (
	SELECT s.id, s.author FROM now_share s LEFT JOIN then_share t ON t.id = s.id AND t.author = s.author
	WHERE s.n > coalesce(t.n, 0)
), edited AS (
	SELECT DISTINCT r.id, o.author_id::text AS author
	FROM revs r JOIN ops o ON o.resource_id = r.resource_id AND o.version > r.since AND o.version <= r.version
	WHERE r.since IS NOT NULL
), who AS (
	SELECT id, author FROM grown UNION SELECT id, author FROM edited
)
SELECT w.id, u.id, u.handle, u.name FROM who w
JOIN users u ON u.id = CASE WHEN w.author ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN w.author::uuid END
ORDER BY w.id, u.name, u.handle`

// contributorsOf maps revision ids to their contributors, sorted by name.
func (db *DB) contributorsOf(ctx context.Context, ids []string) (map[string][]resource.Person, error) {
	out := map[string][]resource.Person{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Pool.Query(ctx, contributorsSQL, ids)
	if err != nil {
		return nil, fmt.Errorf("revision contributors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rev string
		var p resource.Person
		if err := rows.Scan(&rev, &p.ID, &p.Handle, &p.Name); err != nil {
			return nil, fmt.Errorf("revision contributors: %w", err)
		}
		out[rev] = append(out[rev], p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revision contributors: %w", err)
	}
	return out, nil
}

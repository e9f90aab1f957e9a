package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// SimilarTitle is an indexed resource whose title resembles a given one.
type SimilarTitle struct {
	ID, FamilyID, Title, Language, Kind, License, OwnerName string
	Similarity                                              float64
	Updated                                                 time.Time
}

// SimilarTitles finds up to limit resources the viewer may list whose title
// is trigram-similar to title (at least threshold), most similar first.
func (db *DB) SimilarTitles(ctx context.Context, viewerID, title string, threshold float64, limit int) ([]SimilarTitle, error) {
	var out []SimilarTitle
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, strconv.FormatFloat(threshold, 'f', 2, 64)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT d.id::text, d.family_id::text, d.title, d.language, d.kind, d.license, d.owner_name,
				similarity(d.title, $1)::float8 AS s, d.updated_at
			FROM search_docs d
			WHERE d.title % $1 AND (d.public OR d.id = ANY ((SELECT coalesce(array_agg(resource_id), '{}') FROM collaborators WHERE user_id = $2::uuid)::uuid[]))
			ORDER BY s DESC, d.id LIMIT $3`, title, nullable(viewerID), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (SimilarTitle, error) {
			var s SimilarTitle
			err := r.Scan(&s.ID, &s.FamilyID, &s.Title, &s.Language, &s.Kind, &s.License, &s.OwnerName, &s.Similarity, &s.Updated)
			return s, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("similar titles: %w", err)
	}
	return out, nil
}

// SegmentCounts counts, for each translation in ids, its segments and how
// many are translated (any state past initial) and reviewed.
type SegmentCounts struct{ Total, Translated, Reviewed int }

// TranslationCounts returns SegmentCounts for each of ids.
func (db *DB) TranslationCounts(ctx context.Context, ids []string) (map[string]SegmentCounts, error) {
	out := map[string]SegmentCounts{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Pool.Query(ctx, `SELECT translation_id::text, count(*), count(*) FILTER (WHERE state <> 'initial'),
		count(*) FILTER (WHERE state IN ('reviewed', 'final'))
		FROM translation_segments WHERE translation_id = ANY ($1::uuid[]) GROUP BY translation_id`, ids)
	if err != nil {
		return nil, fmt.Errorf("translation counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var c SegmentCounts
		if err := rows.Scan(&id, &c.Total, &c.Translated, &c.Reviewed); err != nil {
			return nil, fmt.Errorf("translation counts: %w", err)
		}
		out[id] = c
	}
	return out, rows.Err()
}

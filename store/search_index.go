package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// SearchDoc is what the indexer writes for one resource. The *Index fields
// are the texts the words come from (CJK already cut into bigrams); Title,
// Summary and Excerpt are shown as they are.
type SearchDoc struct {
	ID, FamilyID                                       string
	Kind                                               resource.Kind
	Language, Config, License, Level                   string
	AllowsAdaptation, AllowsCommercial, Approved       bool
	Subjects                                           []string
	Title, Summary, Excerpt                            string
	TitleIndex, SubjectsIndex, SummaryIndex, BodyIndex string
	OwnerName                                          string
	Created, Updated                                   time.Time
	Meta                                               []byte // the public record's credits and relations (JSON)
	MetaHash                                           string
}

// DirtyResource is a resource waiting to be (re)indexed; Marked tells a
// later mark from the one being served. TextOnly: only checkpoints of its text
// marked it since it was last indexed (migration 042), so the indexer may hold
// it back (HoldIndex).
type DirtyResource struct {
	ID       string
	Marked   time.Time
	TextOnly bool
}

// DueForIndex returns up to limit resources that have been quiet for quiet,
// or have waited longer than maxWait, oldest first. With held, marks held back
// (HoldIndex) are returned too.
func (db *DB) DueForIndex(ctx context.Context, quiet, maxWait time.Duration, held bool, limit int) ([]DirtyResource, error) {
	rows, err := db.Pool.Query(ctx, `SELECT resource_id::text, last_marked, text_only FROM search_dirty
		WHERE (last_marked <= now() - $1::interval OR first_marked <= now() - $2::interval)
			AND ($3 OR not_before IS NULL OR not_before <= now())
		ORDER BY first_marked LIMIT $4`, quiet, maxWait, held, limit)
	if err != nil {
		return nil, fmt.Errorf("resources due for indexing: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (DirtyResource, error) {
		var d DirtyResource
		err := r.Scan(&d.ID, &d.Marked, &d.TextOnly)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("resources due for indexing: %w", err)
	}
	return out, nil
}

// HoldIndex holds a text-only mark back until every after it was first made,
// and reports whether it did: not when that time has passed, nor when the
// resource was marked again since d was taken (the new mark is looked at
// afresh).
func (db *DB) HoldIndex(ctx context.Context, d DirtyResource, every time.Duration) (bool, error) {
	tag, err := db.Pool.Exec(ctx, `UPDATE search_dirty SET not_before = first_marked + $3::interval
		WHERE resource_id = $1 AND last_marked = $2 AND text_only AND first_marked + $3::interval > now()`, d.ID, d.Marked, every)
	if err != nil {
		return false, fmt.Errorf("hold the index mark of %s: %w", d.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// LiftIndexHold lifts a hold on a resource's mark (HoldIndex): the typing it waited for has
// stopped, and the indexer takes the mark at its next look.
func (db *DB) LiftIndexHold(ctx context.Context, id string) error {
	if _, err := db.Pool.Exec(ctx, `UPDATE search_dirty SET not_before = NULL WHERE resource_id = $1 AND not_before IS NOT NULL`, id); err != nil {
		return fmt.Errorf("lift the index hold of %s: %w", id, err)
	}
	return nil
}

// IndexedDone forgets a dirty mark unless the resource was marked again
// since it was taken.
func (db *DB) IndexedDone(ctx context.Context, d DirtyResource) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM search_dirty WHERE resource_id = $1 AND last_marked = $2`, d.ID, d.Marked); err != nil {
		return fmt.Errorf("clear index mark of %s: %w", d.ID, err)
	}
	return nil
}

// PutSearchDoc writes a resource's index row. Whether it is public is read
// from the resource in the same statement, never from the caller's copy;
// a resource deleted meanwhile gets no row. The OAI datestamp moves only
// when the public record changed.
func (db *DB) PutSearchDoc(ctx context.Context, d SearchDoc) error {
	if d.Subjects == nil {
		d.Subjects = []string{}
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		// The words sit in the narrow row beside the facet columns (migration
		// 029); head is their title, subjects and summary part, which is
		// what ranking reads (migration 026).
		tag, err := tx.Exec(ctx, `INSERT INTO search_docs (id, family_id, kind, language, license, allows_adaptation,
			allows_commercial, level, subjects, subjects_text, title, public, approved, owner_name, created_at, updated_at, meta_hash,
			cfg, tsv, head)
		SELECT r.id, r.family_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, r.visibility = 'public', $11, $12, $13, $14, $15,
			$16::regconfig, v.tsv, ts_filter(v.tsv, '{a,b,c}')
		FROM resources r, (SELECT setweight(to_tsvector($16::regconfig, $17), 'A') || setweight(to_tsvector($16::regconfig, $9), 'B') ||
				setweight(to_tsvector($16::regconfig, $18), 'C') || setweight(to_tsvector($16::regconfig, $19), 'D') AS tsv) v
		WHERE r.id = $1 AND r.deleted_at IS NULL
		ON CONFLICT (id) DO UPDATE SET family_id = EXCLUDED.family_id, kind = EXCLUDED.kind, language = EXCLUDED.language,
			license = EXCLUDED.license, allows_adaptation = EXCLUDED.allows_adaptation, allows_commercial = EXCLUDED.allows_commercial,
			level = EXCLUDED.level, subjects = EXCLUDED.subjects, subjects_text = EXCLUDED.subjects_text, title = EXCLUDED.title,
			public = EXCLUDED.public, approved = EXCLUDED.approved, owner_name = EXCLUDED.owner_name,
			created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, meta_hash = EXCLUDED.meta_hash,
			cfg = EXCLUDED.cfg, tsv = EXCLUDED.tsv, head = EXCLUDED.head,
			datestamp = CASE WHEN search_docs.meta_hash <> EXCLUDED.meta_hash OR search_docs.public <> EXCLUDED.public
				THEN now() ELSE search_docs.datestamp END`,
			d.ID, d.Kind, d.Language, d.License, d.AllowsAdaptation, d.AllowsCommercial, d.Level, d.Subjects,
			d.SubjectsIndex, d.Title, d.Approved, d.OwnerName, d.Created, d.Updated, d.MetaHash,
			d.Config, d.TitleIndex, d.SummaryIndex, d.BodyIndex)
		if err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
		if tag.RowsAffected() == 0 {
			_, err = tx.Exec(ctx, `DELETE FROM search_docs WHERE id = $1`, d.ID)
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO search_text (id, summary, excerpt, meta) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET summary = EXCLUDED.summary, excerpt = EXCLUDED.excerpt, meta = EXCLUDED.meta`,
			d.ID, d.Summary, d.Excerpt, string(d.Meta)); err != nil {
			return fmt.Errorf("index text of %s: %w", d.ID, err)
		}
		if _, err := tx.Exec(ctx, `SELECT search_refresh_stats($1)`, d.ID); err != nil {
			return fmt.Errorf("index stats of %s: %w", d.ID, err)
		}
		return nil
	})
}

// DropSearchDoc removes a resource's index row (a resource gone).
func (db *DB) DropSearchDoc(ctx context.Context, id string) error {
	if !validID(id) {
		return nil
	}
	if _, err := db.Pool.Exec(ctx, `DELETE FROM search_docs WHERE id = $1`, id); err != nil {
		return fmt.Errorf("drop index row %s: %w", id, err)
	}
	return nil
}

// ApprovedDerivative reports whether a reviewer of the source endorsed the
// derivative (an approved endorse proposal).
func (db *DB) ApprovedDerivative(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM proposals WHERE fork_id = $1 AND kind = 'endorse' AND status = 'approved')`, id).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("approval of %s: %w", id, err)
	}
	return ok, nil
}

// SigningKey returns the key named name, making a random one the first
// time. Every process gets the same key, so tokens it signs are good on all.
func (db *DB) SigningKey(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("signing key %s: %w", name, err)
	}
	var key []byte
	err := db.Pool.QueryRow(ctx, `WITH ins AS (INSERT INTO signing_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING key)
		SELECT key FROM ins UNION ALL SELECT key FROM signing_keys WHERE name = $1 LIMIT 1`, name, fresh).Scan(&key)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && len(key) == 0) {
		return nil, fmt.Errorf("signing key %s: none stored", name)
	}
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", name, err)
	}
	return key, nil
}

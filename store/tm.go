package store

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// TMEntry is one translation-memory pair.
type TMEntry struct {
	SourceLang, TargetLang string
	Source, Target         string
	Approved               bool
	OriginResource         string
	OriginKey              string // segment id, or "tmx:<md5>" for imported pairs
	Updated                time.Time
}

// ImportKey is the origin key of an imported pair: one entry per distinct pair.
func ImportKey(source, target string) string {
	sum := md5.Sum([]byte(source + "\x00" + target))
	return "tmx:" + hex.EncodeToString(sum[:])
}

const upsertTM = `INSERT INTO tm (source_lang, target_lang, source, target, approved, origin_resource, origin_key)
	VALUES ($1, $2, $3, $4, $5, $6, $7)
	ON CONFLICT (origin_resource, source_lang, target_lang, origin_key) DO UPDATE
	SET source = EXCLUDED.source, target = EXCLUDED.target, approved = EXCLUDED.approved, updated_at = now()`

// PutTM adds or updates memory entries (keyed by origin resource, language
// pair and origin key) in one transaction.
func (db *DB) PutTM(ctx context.Context, entries []TMEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, e := range entries {
			b.Queue(upsertTM, e.SourceLang, e.TargetLang, e.Source, e.Target, e.Approved, e.OriginResource, e.OriginKey)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("store translation memory: %w", err)
		}
		return nil
	})
}

// DeleteTM removes the memory entry fed by one segment (its target was emptied).
func (db *DB) DeleteTM(ctx context.Context, origin, sourceLang, targetLang, key string) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM tm WHERE origin_resource = $1 AND source_lang = $2 AND target_lang = $3 AND origin_key = $4`,
		origin, sourceLang, targetLang, key)
	if err != nil {
		return fmt.Errorf("delete memory entry: %w", err)
	}
	return nil
}

// CopyTM bulk-loads entries with COPY (load tools and benchmarks).
func (db *DB) CopyTM(ctx context.Context, entries []TMEntry) (int64, error) {
	rows := make([][]any, len(entries))
	for i, e := range entries {
		rows[i] = []any{e.SourceLang, e.TargetLang, e.Source, e.Target, e.Approved, e.OriginResource, e.OriginKey}
	}
	n, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"tm"},
		[]string{"source_lang", "target_lang", "source", "target", "approved", "origin_resource", "origin_key"}, pgx.CopyFromRows(rows))
	if err != nil {
		return n, fmt.Errorf("copy translation memory: %w", err)
	}
	return n, nil
}

// TMQuery asks the memory for candidates for one source text.
type TMQuery struct {
	SourceLang, TargetLang string
	Source                 string
	ViewerID               string // entries from private resources count only for their collaborators
	FamilyID               string // entries from the same family always count
	ExcludeResource        string // with ExcludeKey: the asking segment's own entry
	ExcludeKey             string
	Limit                  int // fuzzy candidates, at most 50
}

// visibleTM is the condition under which an entry may be shown: its origin
// is public or unlisted, in the asker's family, or the asker works on it.
const visibleTM = `EXISTS (SELECT 1 FROM resources r WHERE r.id = tm.origin_resource AND r.deleted_at IS NULL AND
	(r.visibility <> 'private' OR r.family_id = $FAM OR EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $VIEWER)))`

func visibility(fam, viewer string) string {
	return strings.NewReplacer("$FAM", fam, "$VIEWER", viewer).Replace(visibleTM)
}

// TMExact returns entries whose source equals q.Source exactly.
func (db *DB) TMExact(ctx context.Context, q TMQuery) ([]TMEntry, error) {
	rows, err := db.Pool.Query(ctx, `SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at
		FROM tm WHERE source_lang = $1 AND target_lang = $2 AND md5(source) = md5($3) AND source = $3
		AND NOT (origin_resource::text = $4 AND origin_key = $5) AND `+visibility("$6::uuid", "$7::uuid")+`
		ORDER BY approved DESC, updated_at DESC LIMIT 20`,
		q.SourceLang, q.TargetLang, q.Source, q.ExcludeResource, q.ExcludeKey, nullable(q.FamilyID), nullable(q.ViewerID))
	if err != nil {
		return nil, fmt.Errorf("memory exact: %w", err)
	}
	return pgx.CollectRows(rows, scanTM)
}

func scanTM(r pgx.CollectableRow) (TMEntry, error) {
	var e TMEntry
	err := r.Scan(&e.SourceLang, &e.TargetLang, &e.Source, &e.Target, &e.Approved, &e.OriginResource, &e.OriginKey, &e.Updated)
	return e, err
}

// fuzzyBudget bounds the time spent lowering the fuzzy threshold.
const fuzzyBudget = 25 * time.Millisecond

// TMFuzzy returns up to q.Limit candidates similar to q.Source, found with
// the pg_trgm % operator (which uses the GIN index; similarity() alone would
// not). The threshold starts at 0.5 and drops by 0.05 down to 0.3 while
// nothing matches. The caller re-ranks the candidates.
func (db *DB) TMFuzzy(ctx context.Context, q TMQuery) ([]TMEntry, error) {
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 50
	}
	var out []TMEntry
	start := time.Now()
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		for step := 0; step <= 4; step++ {
			// Lower thresholds match more rows and cost more: stop stepping
			// down once the query has used its time budget.
			if step > 0 && time.Since(start) > fuzzyBudget {
				return nil
			}
			threshold := 0.5 - 0.05*float64(step)
			if _, err := tx.Exec(ctx, fmt.Sprintf(`SET LOCAL pg_trgm.similarity_threshold = %.2f`, threshold)); err != nil {
				return fmt.Errorf("memory threshold: %w", err)
			}
			rows, err := tx.Query(ctx, `SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at
				FROM tm WHERE source % $3 AND source_lang = $1 AND target_lang = $2
				AND NOT (origin_resource::text = $4 AND origin_key = $5) AND `+visibility("$6::uuid", "$7::uuid")+`
				ORDER BY similarity(source, $3) DESC LIMIT $8`,
				q.SourceLang, q.TargetLang, q.Source, q.ExcludeResource, q.ExcludeKey, nullable(q.FamilyID), nullable(q.ViewerID), q.Limit)
			if err != nil {
				return fmt.Errorf("memory fuzzy: %w", err)
			}
			list, err := pgx.CollectRows(rows, scanTM)
			if err != nil {
				return fmt.Errorf("memory fuzzy: %w", err)
			}
			if len(list) > 0 {
				out = list
				return nil
			}
		}
		return nil
	})
	return out, err
}

// TMExportFilter selects memory entries to export.
type TMExportFilter struct {
	SourceLang, TargetLang string
	OriginResource         string // "" for every visible entry of the pair
	ViewerID               string
	Limit                  int
}

// TMExport lists memory entries for TMX export, oldest first.
func (db *DB) TMExport(ctx context.Context, f TMExportFilter) ([]TMEntry, error) {
	if f.Limit <= 0 || f.Limit > 200000 {
		f.Limit = 200000
	}
	rows, err := db.Pool.Query(ctx, `SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at
		FROM tm WHERE source_lang = $1 AND target_lang = $2 AND ($3 = '' OR origin_resource::text = $3)
		AND `+visibility("NULL::uuid", "$4::uuid")+` ORDER BY id LIMIT $5`,
		f.SourceLang, f.TargetLang, f.OriginResource, nullable(f.ViewerID), f.Limit)
	if err != nil {
		return nil, fmt.Errorf("memory export: %w", err)
	}
	return pgx.CollectRows(rows, scanTM)
}

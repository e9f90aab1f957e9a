package store

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/translation"
)

// ImportKey is the origin key of an imported pair: one entry per distinct pair.
func ImportKey(source, target string) string {
	sum := md5.Sum([]byte(source + "\x00" + target))
	return "tmx:" + hex.EncodeToString(sum[:])
}

const upsertTM = `INSERT INTO tm (source_lang, target_lang, source, target, approved, origin_resource, origin_key, placeholders)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
	ON CONFLICT (origin_resource, source_lang, target_lang, origin_key) DO UPDATE
	SET source = EXCLUDED.source, target = EXCLUDED.target, approved = EXCLUDED.approved,
		placeholders = EXCLUDED.placeholders, updated_at = now()`

// PutTM adds or updates memory entries (keyed by origin resource, language
// pair and origin key) in one transaction.
func (db *DB) PutTM(ctx context.Context, entries []translation.MemoryEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, e := range entries {
			b.Queue(upsertTM, e.SourceLang, e.TargetLang, e.Source, e.Target, e.Approved, e.OriginResource, e.OriginKey, placeholdersJSON(e.Placeholders))
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
func (db *DB) CopyTM(ctx context.Context, entries []translation.MemoryEntry) (int64, error) {
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
	ViewerID               string // entries count only from public resources and those the viewer works on
	ExcludeResource        string // with ExcludeKey: the asking segment's own entry
	ExcludeKey             string
	Limit                  int // fuzzy candidates, at most 50
}

// visibleTM prefilters entries as the application's access policy will
// (app.listable, which has the last word): the origin is public, or the
// asker works on it. Filtering here too keeps the candidate limit useful.
const visibleTM = `EXISTS (SELECT 1 FROM resources r WHERE r.id = tm.origin_resource AND r.deleted_at IS NULL AND
	(r.visibility = 'public' OR EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $VIEWER)))`

func visibility(viewer string) string {
	return strings.ReplaceAll(visibleTM, "$VIEWER", viewer)
}

// TMExact returns entries whose source equals q.Source exactly.
func (db *DB) TMExact(ctx context.Context, q TMQuery) ([]translation.MemoryEntry, error) {
	rows, err := db.Pool.Query(ctx, `SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at, placeholders::text
		FROM tm WHERE source_lang = $1 AND target_lang = $2 AND md5(source) = md5($3) AND source = $3
		AND NOT (origin_resource::text = $4 AND origin_key = $5) AND `+visibility("$6::uuid")+`
		ORDER BY approved DESC, updated_at DESC LIMIT 20`,
		q.SourceLang, q.TargetLang, q.Source, q.ExcludeResource, q.ExcludeKey, nullable(q.ViewerID))
	if err != nil {
		return nil, fmt.Errorf("memory exact: %w", err)
	}
	return pgx.CollectRows(rows, scanTM)
}

func scanTM(r pgx.CollectableRow) (translation.MemoryEntry, error) {
	var e translation.MemoryEntry
	var ph string
	if err := r.Scan(&e.SourceLang, &e.TargetLang, &e.Source, &e.Target, &e.Approved, &e.OriginResource, &e.OriginKey, &e.Updated, &ph); err != nil {
		return e, err
	}
	var err error
	e.Placeholders, err = parsePlaceholders(ph)
	return e, err
}

// fuzzyQuery finds fuzzy candidates through the query's distinctive words
// (migration 005). Words are ranked by their frequency in the memory, read
// from the ANALYZE statistics of tm_words_idx (a word missing there is rare).
// Entries holding any of the query's rare words are all candidates: the
// rarest words are probed while together they are expected in at most 0.2%
// of entries (six words at most), so this part stays small. When fewer than
// two words are that rare, the commonest of the two rarest words are probed
// too, but only fuzzyCommonCap of their entries are read: generic sentences
// made only of frequent words may then miss a match, the price of a bounded
// latency. Candidates are cut by length (a Levenshtein score of 75 needs
// lengths within about 26% of each other) and ranked by trigram similarity
// with a floor of 0.3, as before.
const fuzzyQuery = `WITH mce AS (
		SELECT m.e, m.f FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(e, f)
		WHERE s.schemaname = current_schema() AND s.tablename = 'tm_words_idx'),
	w AS (SELECT d.x, coalesce(mce.f, 0) AS f FROM (SELECT DISTINCT x FROM unnest(tm_words($3)) x) d LEFT JOIN mce ON mce.e = d.x),
	o AS (SELECT x, row_number() OVER win AS rn, sum(f) OVER win AS cf FROM w WINDOW win AS (ORDER BY f, length(x) DESC, x)),
	probe AS (SELECT coalesce(array_agg(x) FILTER (WHERE cf <= 0.002 AND rn <= 6), '{}') AS rare,
		coalesce(array_agg(x) FILTER (WHERE cf > 0.002 AND rn <= 2), '{}') AS common FROM o),
	cand AS (
		(SELECT * FROM tm WHERE tm_words(source) && (SELECT rare FROM probe) AND source_lang = $1 AND target_lang = $2
			AND length(source) BETWEEN 0.74 * length($3) AND length($3) / 0.74)
		UNION
		(SELECT * FROM tm WHERE tm_words(source) && (SELECT common FROM probe) AND source_lang = $1 AND target_lang = $2
			AND length(source) BETWEEN 0.74 * length($3) AND length($3) / 0.74 LIMIT $CAP))
	SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at, placeholders::text
	FROM cand tm WHERE similarity(source, $3) >= 0.3
	AND NOT (origin_resource::text = $4 AND origin_key = $5) AND $VIS
	ORDER BY similarity(source, $3) DESC LIMIT $7`

// fuzzyCommonCap bounds the entries read for queries without rare words.
const fuzzyCommonCap = 1000

var fuzzySQL = strings.NewReplacer("$VIS", visibility("$6::uuid"), "$CAP", fmt.Sprint(fuzzyCommonCap)).Replace(fuzzyQuery)

// TMFuzzy returns up to q.Limit candidates similar to q.Source, best trigram
// similarity first. The caller re-ranks them with its own score. Sentences
// of three words or more go through the rare-word index; shorter ones, and
// text in scripts written without spaces (one "word" per clause), through
// the trigram index.
func (db *DB) TMFuzzy(ctx context.Context, q TMQuery) ([]translation.MemoryEntry, error) {
	if q.Limit <= 0 || q.Limit > 50 {
		q.Limit = 50
	}
	if !wordSearchable(q.Source) {
		return db.trigramFuzzy(ctx, q)
	}
	rows, err := db.Pool.Query(ctx, fuzzySQL,
		q.SourceLang, q.TargetLang, q.Source, q.ExcludeResource, q.ExcludeKey, nullable(q.ViewerID), q.Limit)
	if err != nil {
		return nil, fmt.Errorf("memory fuzzy: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanTM)
	if err != nil {
		return nil, fmt.Errorf("memory fuzzy: %w", err)
	}
	return out, nil
}

// wordSearchable tells whether the rare-word lookup suits a text: at least
// three words, none in a script that does not separate words with spaces.
func wordSearchable(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan) {
			return false
		}
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return len(words) >= 3
}

// trigramBudget bounds the time spent lowering the trigram threshold.
const trigramBudget = 25 * time.Millisecond

// trigramFuzzy is the fuzzy lookup of migration 004, kept for short texts
// and unspaced scripts: the pg_trgm % operator through the trigram GIN
// index, the threshold dropping from 0.5 by 0.05 down to 0.3 while nothing
// matches and the time budget lasts. Short texts have few trigrams, so the
// scan stays cheap; long unspaced texts pay the full cost (hundreds of
// milliseconds at a million entries).
func (db *DB) trigramFuzzy(ctx context.Context, q TMQuery) ([]translation.MemoryEntry, error) {
	var out []translation.MemoryEntry
	start := time.Now()
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		for step := 0; step <= 4; step++ {
			if step > 0 && time.Since(start) > trigramBudget {
				return nil
			}
			threshold := 0.5 - 0.05*float64(step)
			if _, err := tx.Exec(ctx, fmt.Sprintf(`SET LOCAL pg_trgm.similarity_threshold = %.2f`, threshold)); err != nil {
				return fmt.Errorf("memory threshold: %w", err)
			}
			rows, err := tx.Query(ctx, `SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at, placeholders::text
				FROM tm WHERE source % $3 AND source_lang = $1 AND target_lang = $2
				AND NOT (origin_resource::text = $4 AND origin_key = $5) AND `+visibility("$6::uuid")+`
				ORDER BY similarity(source, $3) DESC LIMIT $7`,
				q.SourceLang, q.TargetLang, q.Source, q.ExcludeResource, q.ExcludeKey, nullable(q.ViewerID), q.Limit)
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
func (db *DB) TMExport(ctx context.Context, f TMExportFilter) ([]translation.MemoryEntry, error) {
	if f.Limit <= 0 || f.Limit > 200000 {
		f.Limit = 200000
	}
	rows, err := db.Pool.Query(ctx, `SELECT source_lang, target_lang, source, target, approved, origin_resource::text, origin_key, updated_at, placeholders::text
		FROM tm WHERE source_lang = $1 AND target_lang = $2 AND ($3 = '' OR origin_resource::text = $3)
		AND `+visibility("$4::uuid")+` ORDER BY id LIMIT $5`,
		f.SourceLang, f.TargetLang, f.OriginResource, nullable(f.ViewerID), f.Limit)
	if err != nil {
		return nil, fmt.Errorf("memory export: %w", err)
	}
	return pgx.CollectRows(rows, scanTM)
}

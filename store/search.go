package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// SearchQuery is one search as the application decided it: the caller's
// visibility, the words, the filters, the sort and the page position.
type SearchQuery struct {
	ViewerID string   // "" for anonymous: public rows only
	Text     string   // the words as typed (trigram matching on titles and subjects)
	FTSText  string   // the words prepared for websearch_to_tsquery (CJK bigrams)
	Configs  []string // every text-search configuration rows may use
	Prefer   string   // primary language ranked first ("" none)

	Languages, Licenses, Levels, Subjects, Kinds, TranslatedInto []string
	AllowsAdaptation, AllowsCommercial, Approved                 bool
	UpdatedSince                                                 time.Time

	Sort      string // "relevance", "newest" or "adapted"
	Group     bool   // one result per family
	After     *SearchKey
	Limit     int
	Threshold float64 // word similarity for typo-tolerant title and subject matches
	MaxFacet  int     // most values per facet

	// Exhaustive counts the matches one by one even where search_facets
	// could answer (tests compare the two ways).
	Exhaustive bool
}

// SearchKey is a result's position in its sort order (keyset pagination).
type SearchKey struct {
	Bucket  int       `json:"b"`
	Score   float64   `json:"s"`
	Updated time.Time `json:"t"`
	Count   int       `json:"n"`
	ID      string    `json:"i"`
}

// SearchHit is one result row.
type SearchHit struct {
	ID           string    `json:"id"`
	FamilyID     string    `json:"family_id"`
	Kind         string    `json:"kind"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"`
	Language     string    `json:"language"`
	License      string    `json:"license"`
	Level        string    `json:"level"`
	Subjects     []string  `json:"subjects"`
	OwnerName    string    `json:"owner_name"`
	Public       bool      `json:"public"`
	Approved     bool      `json:"approved"`
	Created      time.Time `json:"created_at"`
	Updated      time.Time `json:"updated_at"`
	Adaptations  int       `json:"adaptations"`
	Score        float64   `json:"score"`
	Bucket       int       `json:"bucket"`
	Snippet      string    `json:"snippet"` // marked with search.MarkStart/MarkStop; "" when the excerpt is used
	Excerpt      string    `json:"excerpt"`
	Forks        int       `json:"forks"`        // other family members the caller may list, by kind
	Translations int       `json:"translations"` //
	Originals    int       `json:"originals"`    //
	FamilyLangs  []string  `json:"family_langs"` // languages of the family members the caller may list
}

// Key is the hit's position for the next page.
func (h SearchHit) Key() SearchKey {
	return SearchKey{Bucket: h.Bucket, Score: h.Score, Updated: h.Updated, Count: h.Adaptations, ID: h.ID}
}

// FacetCount is how many matching resources carry one facet value.
type FacetCount struct {
	Facet string `json:"f"`
	Value string `json:"v"`
	Count int    `json:"n"`
}

// SearchPage is one page of results with the counts over every match.
type SearchPage struct {
	Hits      []SearchHit
	More      bool
	Resources int // matching resources
	Results   int // results (families when grouped)
	Facets    []FacetCount
}

// Search runs q in one statement: the matches are found once and both the
// page and the facet counts are computed from them. Only rows the viewer may
// list take part — public ones and those they hold a role on — so no count
// includes what they cannot see.
func (db *DB) Search(ctx context.Context, q SearchQuery) (SearchPage, error) {
	var page SearchPage
	var hits, facets []byte
	ff, fv, browse := browseKey(q)
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly}
	if browse && q.ViewerID != "" {
		// The check that the viewer lists only public rows and the counts
		// must see the same rows.
		opts.IsoLevel = pgx.RepeatableRead
	}
	err := pgx.BeginTxFunc(ctx, db.Pool, opts, func(tx pgx.Tx) error {
		b := &sqlArgs{}
		sql := ""
		if browse {
			ok, err := onlyPublicListable(ctx, tx, q.ViewerID)
			if err != nil {
				return err
			}
			if ok {
				sql = buildBrowse(b, q, ff, fv)
			}
		}
		if sql == "" {
			sql = buildSearch(b, q)
		}
		// A statement with words names every configuration's partial index,
		// which costs ~40 ms to plan: a generic plan (the values are
		// parameters, the configurations literals) is planned once per
		// connection and shape and reused. Browsing plans in ~1 ms and needs
		// the values to choose between a filtered column's index and a scan.
		// No parallel workers: starting them costs more (~10 ms) than the
		// small scans they would share. No JIT: a common word's estimated
		// cost passes jit_above_cost, and compiling took longer than running
		// (searchbench, quiet machine: p95 49.8–52.7 ms with it, median 44
		// without; docs/benchmarks.md). Set here, it holds on any server.
		mode := "force_custom_plan"
		if strings.TrimSpace(q.Text) != "" {
			mode = "force_generic_plan"
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true), set_config('plan_cache_mode', $2, true),
			set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`,
			strconv.FormatFloat(q.Threshold, 'f', 2, 64), mode); err != nil {
			return err
		}
		return tx.QueryRow(ctx, sql, b.args...).Scan(&hits, &page.Resources, &page.Results, &facets)
	})
	if err != nil {
		return SearchPage{}, fmt.Errorf("search: %w", err)
	}
	if err := json.Unmarshal(hits, &page.Hits); err != nil {
		return SearchPage{}, fmt.Errorf("search: decode hits: %w", err)
	}
	if err := json.Unmarshal(facets, &page.Facets); err != nil {
		return SearchPage{}, fmt.Errorf("search: decode facets: %w", err)
	}
	if len(page.Hits) > q.Limit {
		page.Hits, page.More = page.Hits[:q.Limit], true
	}
	return page, nil
}

type sqlArgs struct{ args []any }

func (b *sqlArgs) add(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

// buildSearch writes the search statement. Every value travels as a
// parameter; only configuration names from search.Configs (a fixed list)
// and column names are written into the text, so the partial index of each
// configuration can be chosen by the planner.
func buildSearch(b *sqlArgs, q SearchQuery) string {
	hasText := strings.TrimSpace(q.Text) != ""
	viewer := "NULL::uuid"
	if q.ViewerID != "" {
		viewer = b.add(q.ViewerID) + "::uuid"
	}
	var w strings.Builder
	w.WriteString(`WITH mine AS (SELECT coalesce(array_agg(resource_id), '{}') AS ids FROM collaborators WHERE user_id = ` + viewer + `),
`)
	// One parsed query per configuration.
	fts, raw := "", ""
	if hasText {
		fts, raw = b.add(q.FTSText), b.add(q.Text)
		w.WriteString(`q AS (SELECT c::regconfig AS cfg, websearch_to_tsquery(c::regconfig, ` + fts + `) AS tq FROM unnest(` + b.add(q.Configs) + `::text[]) c),
`)
	}
	bucket := "0"
	relevance := q.Sort == "relevance"
	if q.Prefer != "" {
		p := b.add(q.Prefer)
		bucket = `CASE WHEN lower(d.language) = ` + p + ` OR lower(d.language) LIKE ` + p + ` || '-%' THEN 0 ELSE 1 END`
	}
	// The reader's language orders only by relevance; other sorts mark
	// the page's rows alone.
	pageBucket := "p.bucket"
	if !relevance {
		pageBucket, bucket = bucket, "0"
	}
	cols := `d.id, d.family_id, d.kind, d.language, d.license, d.level, d.subjects, d.translations,
	d.allows_adaptation, d.allows_commercial, d.approved, d.adaptations, d.updated_at, `
	var fb strings.Builder
	filters(&fb, b, q)
	cond := `(d.public OR d.id = ANY ((SELECT ids FROM mine)::uuid[]))` + fb.String()
	if hasText {
		// Words: every configuration's parse against its own rows, which
		// carry the filter and facet columns too (migration 029), so a
		// match is one row fetch. The rank reads only the title, subjects
		// and summary (head, a few hundred bytes) — ranking on the whole
		// text meant reading every match's long vector; a match in the
		// body counts through matching at all. Other sorts need no rank.
		rank := "0::float8"
		if relevance {
			rank = `ts_rank_cd('{0.1, 0.4, 0.6, 1.0}', d.head, q.tq, 32)::float8`
		}
		w.WriteString(`fts AS (SELECT ` + cols + rank + ` AS r FROM search_docs d JOIN q ON q.cfg = d.cfg WHERE (`)
		for i, c := range q.Configs {
			if i > 0 {
				w.WriteString(" OR ")
			}
			lit := "'" + c + "'::regconfig"
			w.WriteString("(d.cfg = " + lit + " AND d.tsv @@ websearch_to_tsquery(" + lit + ", " + fts + "))")
		}
		w.WriteString(") AND " + cond + "),\n")
		// Typos: titles and subjects the words are close to, found by the
		// trigram indexes, each column apart so that a scan rechecks one
		// condition once (an OR of the two rechecked both, then filtered on
		// both again). Closeness adds to the score only where it passes the
		// threshold — the title's, or 0.6 of the subjects', the greater when
		// both do — so it is computed for these rows alone: word_similarity
		// costs ~10 µs a row and a common word matches thousands.
		simT, simS := "0::float8", "0::float8"
		if relevance {
			simT, simS = `word_similarity(`+raw+`, title)::float8`, `0.6 * word_similarity(`+raw+`, subjects_text)::float8`
		}
		w.WriteString(`tg AS (SELECT id, max(sim) AS sim FROM (SELECT id, ` + simT + ` AS sim FROM search_docs WHERE ` + raw + ` <% title
	UNION ALL SELECT id, ` + simS + ` FROM search_docs WHERE ` + raw + ` <% subjects_text) x GROUP BY id),
`)
		// Rows the words match (each has one configuration, so one rank),
		// then titles and subjects a misspelt query is close to. A word
		// match the filters refuse is refused on the second path too, so
		// leaving it out of fts changes nothing there.
		w.WriteString(`m AS MATERIALIZED (SELECT ` + cols + `(d.r + 0.5 * coalesce(s.sim, 0))::float8 AS score, ` + bucket + ` AS bucket
	FROM fts d LEFT JOIN tg s ON s.id = d.id
	UNION ALL SELECT ` + cols + `(0.5 * s.sim)::float8, ` + bucket + `
	FROM tg s JOIN search_docs d ON d.id = s.id WHERE s.id NOT IN (SELECT id FROM fts) AND ` + cond)
	} else {
		// Browsing: the public rows through the partial indexes of the
		// filtered columns, and apart the viewer's own others by id.
		w.WriteString(`m AS MATERIALIZED (SELECT ` + cols + `0::float8 AS score, ` + bucket + ` AS bucket
	FROM search_docs d WHERE d.public` + fb.String() + `
	UNION ALL SELECT ` + cols + `0::float8, ` + bucket + `
	FROM search_docs d WHERE d.id = ANY ((SELECT ids FROM mine)::uuid[]) AND NOT d.public` + fb.String())
	}
	w.WriteString(`),
`)
	order, keyset := sortOf(b, q)
	// Only what places a result travels on: the page reads the rest by id.
	const gcols = "id, family_id, score, bucket, updated_at, adaptations"
	limit := b.add(q.Limit + 1)
	w.WriteString(facetCTE)
	// Counted from fc, which has already passed over every match.
	results := "(SELECT coalesce(sum(n), 0)::bigint FROM fc)"
	if q.Group {
		// One result per family: its original when it matches (a family has
		// one), else its best-placed member. Only derivatives are sorted;
		// the originals are not copied anywhere — the page takes its first
		// rows from each part.
		w.WriteString(`o AS (SELECT DISTINCT ON (family_id) ` + gcols + ` FROM m WHERE kind <> 'original'
	AND family_id NOT IN (SELECT family_id FROM m WHERE kind = 'original') ORDER BY family_id, ` + order + `),
p AS ((SELECT ` + gcols + ` FROM m WHERE kind = 'original'` + and(keyset) + ` ORDER BY ` + order + ` LIMIT ` + limit + `)
	UNION ALL (SELECT * FROM o` + where(keyset) + ` ORDER BY ` + order + ` LIMIT ` + limit + `) ORDER BY ` + order + ` LIMIT ` + limit + `)
`)
		results = "(SELECT coalesce(sum(n), 0)::bigint FROM fc WHERE kind = 'original') + (SELECT count(*) FROM o)"
	} else {
		w.WriteString(`p AS (SELECT ` + gcols + ` FROM m` + where(keyset) + ` ORDER BY ` + order + ` LIMIT ` + limit + `)
`)
	}
	w.WriteString(`SELECT ` + hitsSQL(q, hasText, pageBucket) + `,
	(SELECT coalesce(sum(n), 0)::bigint FROM fc), ` + results + `,
	(SELECT coalesce(json_agg(json_build_object('f', f.facet, 'v', f.value, 'n', f.n)), '[]') FROM (` + facetSQL(b, q) + `) f)`)
	return w.String()
}

// hitsSQL is the page as JSON: the rows of p in order, each with its
// summary, snippet and the family members the viewer may list.
func hitsSQL(q SearchQuery, hasText bool, pageBucket string) string {
	return `(SELECT coalesce(json_agg(json_build_object('id', d.id, 'family_id', d.family_id, 'kind', d.kind, 'title', d.title,
		'summary', t.summary, 'language', d.language, 'license', d.license, 'level', d.level, 'subjects', d.subjects,
		'owner_name', d.owner_name, 'public', d.public, 'approved', d.approved, 'created_at', d.created_at, 'updated_at', d.updated_at,
		'adaptations', d.adaptations, 'score', p.score, 'bucket', ` + pageBucket + `, 'excerpt', left(t.excerpt, 300),
		'snippet', ` + snippetExpr(hasText) + `,
		'forks', fam.forks, 'translations', fam.translations, 'originals', fam.originals, 'family_langs', fam.langs) ORDER BY ` + orderP(q) + `), '[]')
	FROM p JOIN search_docs d ON d.id = p.id JOIN search_text t ON t.id = p.id` + joinQ(hasText) + `
	CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE x.kind = 'fork') AS forks, count(*) FILTER (WHERE x.kind = 'translation') AS translations,
		count(*) FILTER (WHERE x.kind = 'original') AS originals, coalesce(array_agg(DISTINCT x.language), '{}') AS langs
		FROM search_docs x WHERE x.family_id = p.family_id AND x.id <> p.id AND (x.public OR x.id = ANY ((SELECT ids FROM mine)::uuid[]))) fam)`
}

func joinQ(hasText bool) string {
	if hasText {
		return " JOIN q ON q.cfg = d.cfg"
	}
	return ""
}

func snippetExpr(hasText bool) string {
	if !hasText {
		return "''"
	}
	return `CASE WHEN d.cfg = 'simple'::regconfig AND d.language ~* '^(zh|ja|ko)' THEN '' ELSE
		ts_headline(d.cfg, t.excerpt, q.tq, 'StartSel=` + "\uE000" + `, StopSel=` + "\uE001" + `, MaxWords=24, MinWords=10, MaxFragments=1') END`
}

func filters(w *strings.Builder, b *sqlArgs, q SearchQuery) { filtersOn(w, b, q, "d") }

// filtersOn writes q's filters on the search_docs row named alias.
func filtersOn(w *strings.Builder, b *sqlArgs, q SearchQuery, alias string) {
	d := alias + "."
	if len(q.Languages) > 0 {
		// A primary tag matches its regional variants ("es" finds "es-MX").
		p := b.add(lower(q.Languages))
		w.WriteString(" AND (lower(" + d + "language) = ANY (" + p + ") OR split_part(lower(" + d + "language), '-', 1) = ANY (" + p + "))")
	}
	if len(q.Licenses) > 0 {
		w.WriteString(" AND " + d + "license = ANY (" + b.add(q.Licenses) + ")")
	}
	if len(q.Levels) > 0 {
		w.WriteString(" AND " + d + "level = ANY (" + b.add(q.Levels) + ")")
	}
	if len(q.Subjects) > 0 {
		w.WriteString(" AND " + d + "subjects @> " + b.add(q.Subjects) + "::text[]")
	}
	if len(q.Kinds) > 0 {
		w.WriteString(" AND " + d + "kind = ANY (" + b.add(q.Kinds) + ")")
	}
	if len(q.TranslatedInto) > 0 {
		p := b.add(lower(q.TranslatedInto))
		w.WriteString(" AND EXISTS (SELECT 1 FROM unnest(" + d + "translations) t WHERE lower(t) = ANY (" + p + ") OR split_part(lower(t), '-', 1) = ANY (" + p + "))")
	}
	if q.AllowsAdaptation {
		w.WriteString(" AND " + d + "allows_adaptation")
	}
	if q.AllowsCommercial {
		w.WriteString(" AND " + d + "allows_commercial")
	}
	if q.Approved {
		w.WriteString(" AND " + d + "approved")
	}
	if !q.UpdatedSince.IsZero() {
		w.WriteString(" AND " + d + "updated_at >= " + b.add(q.UpdatedSince))
	}
}

func lower(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	return out
}

// sortOf returns the ORDER BY of the results and the keyset condition after
// q.After ("" on the first page).
func sortOf(b *sqlArgs, q SearchQuery) (string, string) {
	switch q.Sort {
	case "newest":
		if q.After == nil {
			return "updated_at DESC, id DESC", ""
		}
		return "updated_at DESC, id DESC", "(updated_at, id) < (" + b.add(q.After.Updated) + ", " + b.add(q.After.ID) + "::uuid)"
	case "adapted":
		if q.After == nil {
			return "adaptations DESC, id DESC", ""
		}
		return "adaptations DESC, id DESC", "(adaptations, id) < (" + b.add(q.After.Count) + ", " + b.add(q.After.ID) + "::uuid)"
	}
	if q.After == nil {
		return "bucket, score DESC, id", ""
	}
	bk, s, id := b.add(q.After.Bucket), b.add(q.After.Score), b.add(q.After.ID)
	return "bucket, score DESC, id", "(bucket > " + bk + " OR (bucket = " + bk + " AND (score < " + s + "::float8 OR (score = " + s + "::float8 AND id > " + id + "::uuid))))"
}

func where(cond string) string {
	if cond == "" {
		return ""
	}
	return " WHERE " + cond
}

func and(cond string) string {
	if cond == "" {
		return ""
	}
	return " AND " + cond
}

func orderP(q SearchQuery) string {
	switch q.Sort {
	case "newest":
		return "p.updated_at DESC, p.id DESC"
	case "adapted":
		return "p.adaptations DESC, p.id DESC"
	}
	return "p.bucket, p.score DESC, p.id"
}

// facetCTE groups the matches once by every single-valued facet at the
// same time: a few hundred groups, which facetSQL then adds up per facet
// (one hash pass over the matches instead of one per facet). A licence
// decides both "allows" flags, so they do not multiply the groups.
const facetCTE = `fc AS (SELECT language, license, level, kind, allows_adaptation AS a, allows_commercial AS c, approved AS r,
	CASE WHEN updated_at >= now() - interval '7 days' THEN 0 WHEN updated_at >= now() - interval '30 days' THEN 1
		WHEN updated_at >= now() - interval '365 days' THEN 2 ELSE 3 END AS u, count(*) AS n
	FROM m GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
`

// facetSQL counts, over every match, the resources carrying each value.
func facetSQL(b *sqlArgs, q SearchQuery) string {
	top := b.add(q.MaxFacet)
	return `SELECT * FROM (SELECT 'language' AS facet, language AS value, sum(n)::bigint AS n FROM fc GROUP BY language
		UNION ALL SELECT 'license', license, sum(n)::bigint FROM fc GROUP BY license
		UNION ALL SELECT 'level', level, sum(n)::bigint FROM fc GROUP BY level
		UNION ALL SELECT 'kind', kind, sum(n)::bigint FROM fc GROUP BY kind) g1 WHERE value <> ''
	UNION ALL (SELECT 'subject', s, count(*) FROM (SELECT unnest(subjects) AS s FROM m) x GROUP BY s ORDER BY count(*) DESC, s LIMIT ` + top + `)
	UNION ALL (SELECT 'translated_into', t, count(*) FROM (SELECT unnest(translations) AS t FROM m WHERE translations <> '{}') x GROUP BY t ORDER BY count(*) DESC, t LIMIT ` + top + `)
	UNION ALL SELECT x.facet, x.value, x.n FROM (SELECT coalesce(sum(n) FILTER (WHERE a), 0)::bigint AS a, coalesce(sum(n) FILTER (WHERE c), 0)::bigint AS c,
			coalesce(sum(n) FILTER (WHERE r), 0)::bigint AS r, coalesce(sum(n) FILTER (WHERE u = 0), 0)::bigint AS w,
			coalesce(sum(n) FILTER (WHERE u <= 1), 0)::bigint AS mo, coalesce(sum(n) FILTER (WHERE u <= 2), 0)::bigint AS y
		FROM fc) agg CROSS JOIN LATERAL (VALUES ('allows', 'adaptation', agg.a), ('allows', 'commercial', agg.c), ('approved', 'yes', agg.r),
			('updated', 'week', agg.w), ('updated', 'month', agg.mo), ('updated', 'year', agg.y)) AS x(facet, value, n)`
}

package store

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// browseKey reports whether q can take its counts from search_facets
// (migration 030) and under which filter key: browsing without words,
// newest first, filtered by at most one value of one of language, licence,
// level or kind. Anything else counts its matches one by one.
func browseKey(q SearchQuery) (ff, fv string, ok bool) {
	if strings.TrimSpace(q.Text) != "" || q.Sort != "newest" || q.Exhaustive {
		return "", "", false
	}
	if len(q.Subjects) > 0 || len(q.TranslatedInto) > 0 || q.AllowsAdaptation || q.AllowsCommercial || q.Approved || !q.UpdatedSince.IsZero() {
		return "", "", false
	}
	keys := []struct {
		name string
		vals []string
	}{{"lang", q.Languages}, {"license", q.Licenses}, {"level", q.Levels}, {"kind", q.Kinds}}
	set := 0
	for _, k := range keys {
		if len(k.vals) == 0 {
			continue
		}
		set++
		if len(k.vals) != 1 || set > 1 {
			return "", "", false
		}
		ff, fv = k.name, k.vals[0]
	}
	if ff == "lang" {
		// As the language filter reads it: a primary tag matches its
		// regions, a tag with a region matches itself.
		fv = strings.ToLower(fv)
		if !strings.Contains(fv, "-") {
			ff = "lang1"
		}
	}
	return ff, fv, true
}

// onlyPublicListable reports whether every row the viewer may list besides
// the public ones is absent: then the public counts are the viewer's.
func onlyPublicListable(ctx context.Context, tx pgx.Tx, viewerID string) (bool, error) {
	if viewerID == "" {
		return true, nil
	}
	var hidden bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM collaborators c JOIN search_docs d ON d.id = c.resource_id
		WHERE c.user_id = $1 AND NOT d.public)`, viewerID).Scan(&hidden)
	return !hidden, err
}

// buildBrowse writes the statement of a browse that browseKey accepted:
// the facet counts and totals from search_facets and search_family_keys
// under the key, the page from the newest rows by index. Its answer is the
// one buildSearch gives for the same query (tests compare the two).
func buildBrowse(b *sqlArgs, q SearchQuery, ff, fv string) string {
	viewer := "NULL::uuid"
	if q.ViewerID != "" {
		viewer = b.add(q.ViewerID) + "::uuid"
	}
	pageBucket := "0"
	if q.Prefer != "" {
		p := b.add(q.Prefer)
		pageBucket = `CASE WHEN lower(d.language) = ` + p + ` OR lower(d.language) LIKE ` + p + ` || '-%' THEN 0 ELSE 1 END`
	}
	var fd, fx strings.Builder
	filtersOn(&fd, b, q, "d")
	if q.Group {
		// Only a statement that uses them may carry their parameters.
		filtersOn(&fx, b, q, "x")
	}
	ffp, fvp := b.add(ff), b.add(fv)
	order, keyset := sortOf(b, q)
	limit := b.add(q.Limit + 1)
	const gcols = "d.id, d.family_id, 0::float8 AS score, 0 AS bucket, d.updated_at, d.adaptations"
	var w strings.Builder
	w.WriteString(`WITH mine AS (SELECT coalesce(array_agg(resource_id), '{}') AS ids FROM collaborators WHERE user_id = ` + viewer + `),
pf AS MATERIALIZED (SELECT facet, value, n FROM search_facets WHERE ff = ` + ffp + ` AND fv = ` + fvp + ` AND n <> 0),
`)
	results := "(SELECT coalesce(sum(n), 0)::bigint FROM pf WHERE facet = 'kind')"
	if q.Group {
		// The matching originals, newest first, and the families that show
		// through a derivative (search_family_keys), each by its newest
		// matching derivative — the row the grouping of buildSearch keeps.
		// The two checks are written as scalar subqueries so that they run
		// per candidate of the ordered scan, which stops after a page: as
		// joins the planner walked every such family first.
		w.WriteString(`p AS ((SELECT ` + gcols + ` FROM search_docs d WHERE d.public AND d.kind = 'original'` + fd.String() + and(keyset) + `
		ORDER BY ` + order + ` LIMIT ` + limit + `)
	UNION ALL (SELECT ` + gcols + ` FROM search_docs d WHERE d.public AND d.kind <> 'original'` + fd.String() + and(keyset) + `
		AND (SELECT EXISTS (SELECT 1 FROM search_family_keys k WHERE k.family_id = d.family_id AND k.ff = ` + ffp + ` AND k.fv = ` + fvp + `))
		AND NOT (SELECT EXISTS (SELECT 1 FROM search_docs x WHERE x.family_id = d.family_id AND x.public AND x.kind <> 'original'` + fx.String() + `
			AND (x.updated_at, x.id) > (d.updated_at, d.id)))
		ORDER BY ` + order + ` LIMIT ` + limit + `) ORDER BY ` + order + ` LIMIT ` + limit + `)
`)
		results = `(SELECT coalesce(sum(n), 0)::bigint FROM pf WHERE facet = 'kind' AND value = 'original')
		+ (SELECT count(*) FROM search_family_keys WHERE ff = ` + ffp + ` AND fv = ` + fvp + `)`
	} else {
		w.WriteString(`p AS (SELECT ` + gcols + ` FROM search_docs d WHERE d.public` + fd.String() + and(keyset) + ` ORDER BY ` + order + ` LIMIT ` + limit + `)
`)
	}
	top := b.add(q.MaxFacet)
	w.WriteString(`SELECT ` + hitsSQL(q, false, pageBucket) + `,
	(SELECT coalesce(sum(n), 0)::bigint FROM pf WHERE facet = 'kind'), ` + results + `,
	(SELECT coalesce(json_agg(json_build_object('f', f.facet, 'v', f.value, 'n', f.n)), '[]') FROM (
		SELECT facet, value, n::bigint FROM pf WHERE facet IN ('language', 'license', 'level', 'kind') AND value <> ''
		UNION ALL (SELECT 'subject', value, n::bigint FROM pf WHERE facet = 'subject' ORDER BY n DESC, value LIMIT ` + top + `)
		UNION ALL (SELECT 'translated_into', value, n::bigint FROM pf WHERE facet = 'translated_into' ORDER BY n DESC, value LIMIT ` + top + `)
		UNION ALL SELECT x.facet, x.value, x.n FROM (SELECT
				coalesce(sum(n) FILTER (WHERE facet = 'allows' AND value = 'adaptation'), 0)::bigint AS a,
				coalesce(sum(n) FILTER (WHERE facet = 'allows' AND value = 'commercial'), 0)::bigint AS c,
				coalesce(sum(n) FILTER (WHERE facet = 'approved' AND value = 'yes'), 0)::bigint AS r FROM pf) agg
			CROSS JOIN LATERAL (VALUES ('allows', 'adaptation', agg.a), ('allows', 'commercial', agg.c), ('approved', 'yes', agg.r),
				('updated', 'week', ` + since("7 days", fd.String()) + `), ('updated', 'month', ` + since("30 days", fd.String()) + `),
				('updated', 'year', ` + since("365 days", fd.String()) + `)) AS x(facet, value, n)) f)`)
	return w.String()
}

// since counts the public rows under the filter updated at most span ago:
// whole UTC days after the boundary's from search_facets, the boundary's
// own day row by row.
func since(span, filter string) string {
	at := `(now() - interval '` + span + `')`
	day := `(` + at + ` AT TIME ZONE 'UTC')`
	return `((SELECT coalesce(sum(n), 0) FROM pf WHERE facet = 'day' AND value > to_char(` + day + `, 'YYYY-MM-DD'))
			+ (SELECT count(*) FROM search_docs d WHERE d.public` + filter + ` AND d.updated_at >= ` + at + `
				AND d.updated_at < (date_trunc('day', ` + day + `) + interval '1 day') AT TIME ZONE 'UTC'))::bigint`
}

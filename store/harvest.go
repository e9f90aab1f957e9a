package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Harvesting reads only public index rows and the tombstones of resources
// that were public once: sitemaps, feeds and OAI-PMH never see anything else.

// HarvestItem is a public resource's record, or a tombstone (Deleted).
type HarvestItem struct {
	ID, Language, License string
	Datestamp             time.Time
	Deleted               bool
	// For live records only:
	Kind, Title, Summary, Level, OwnerName string
	Subjects                               []string
	Created, Updated                       time.Time
	Meta                                   []byte
}

// HarvestQuery selects records by datestamp range and set.
type HarvestQuery struct {
	From, Until time.Time // inclusive lower bound, exclusive upper bound (zero: open)
	Language    string    // primary language subtag ("" any)
	License     string    // SPDX id ("" any)
	AfterStamp  time.Time // keyset: after (AfterStamp, AfterID)
	AfterID     string
	Limit       int
	LiveOnly    bool // without tombstones (sitemaps, feeds)
	Subject     string
	NewestFirst bool // feeds: by last change descending, no keyset
}

const harvestCols = `x.id::text, x.language, x.license, x.datestamp, x.deleted, x.kind, x.title, x.summary, x.level, x.owner_name,
	x.subjects, x.created_at, x.updated_at, x.meta::text`

// Harvest lists public records and tombstones in (datestamp, id) order.
func (db *DB) Harvest(ctx context.Context, q HarvestQuery) ([]HarvestItem, error) {
	b := &sqlArgs{}
	where := "TRUE"
	if !q.From.IsZero() {
		where += " AND x.datestamp >= " + b.add(q.From)
	}
	if !q.Until.IsZero() {
		where += " AND x.datestamp < " + b.add(q.Until)
	}
	if q.Language != "" {
		where += " AND split_part(lower(x.language), '-', 1) = " + b.add(q.Language)
	}
	if q.License != "" {
		where += " AND x.license = " + b.add(q.License)
	}
	if q.Subject != "" {
		where += " AND x.subjects @> ARRAY[" + b.add(q.Subject) + "::text]"
	}
	if q.AfterID != "" {
		where += " AND (x.datestamp, x.id) > (" + b.add(q.AfterStamp) + ", " + b.add(q.AfterID) + "::uuid)"
	}
	tombs := ""
	if !q.LiveOnly {
		tombs = ` UNION ALL SELECT t.id, t.language, t.license, t.datestamp, true, '', '', '', '', '', '{}'::text[], t.datestamp, t.datestamp, '{}'::jsonb
			FROM oai_tombstones t`
	}
	order := "x.datestamp, x.id"
	if q.NewestFirst {
		order = "x.updated_at DESC, x.id DESC"
	}
	sql := `SELECT ` + harvestCols + ` FROM (
		SELECT d.id, d.language, d.license, d.datestamp, false AS deleted, d.kind, d.title, t.summary, d.level, d.owner_name,
			d.subjects, d.created_at, d.updated_at, t.meta FROM search_docs d JOIN search_text t ON t.id = d.id WHERE d.public` + tombs + `
		) x (id, language, license, datestamp, deleted, kind, title, summary, level, owner_name, subjects, created_at, updated_at, meta)
		WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ` + b.add(q.Limit)
	rows, err := db.Pool.Query(ctx, sql, b.args...)
	if err != nil {
		return nil, fmt.Errorf("harvest: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanHarvest)
	if err != nil {
		return nil, fmt.Errorf("harvest: %w", err)
	}
	return out, nil
}

func scanHarvest(r pgx.CollectableRow) (HarvestItem, error) {
	var h HarvestItem
	var meta string
	err := r.Scan(&h.ID, &h.Language, &h.License, &h.Datestamp, &h.Deleted, &h.Kind, &h.Title, &h.Summary, &h.Level, &h.OwnerName,
		&h.Subjects, &h.Created, &h.Updated, &meta)
	h.Meta = []byte(meta)
	return h, err
}

// HarvestRecord returns one public record or tombstone, or ErrNotFound
// (also for a resource that is not public and never was).
func (db *DB) HarvestRecord(ctx context.Context, id string) (HarvestItem, error) {
	if !validID(id) {
		return HarvestItem{}, fmt.Errorf("record %q: %w", id, ErrNotFound)
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+harvestCols+` FROM (
		SELECT d.id, d.language, d.license, d.datestamp, false, d.kind, d.title, t.summary, d.level, d.owner_name,
			d.subjects, d.created_at, d.updated_at, t.meta FROM search_docs d JOIN search_text t ON t.id = d.id WHERE d.public AND d.id = $1
		UNION ALL SELECT t.id, t.language, t.license, t.datestamp, true, '', '', '', '', '', '{}'::text[], t.datestamp, t.datestamp, '{}'::jsonb
			FROM oai_tombstones t WHERE t.id = $1
		) x (id, language, license, datestamp, deleted, kind, title, summary, level, owner_name, subjects, created_at, updated_at, meta)`, id)
	if err != nil {
		return HarvestItem{}, fmt.Errorf("record %s: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, scanHarvest)
	if err != nil {
		return HarvestItem{}, fmt.Errorf("record %s: %w", id, err)
	}
	if len(list) == 0 {
		return HarvestItem{}, fmt.Errorf("record %s: %w", id, ErrNotFound)
	}
	return list[0], nil
}

// HarvestSets lists the primary languages and licences of public records
// and tombstones.
func (db *DB) HarvestSets(ctx context.Context) (languages, licenses []string, err error) {
	rows, err := db.Pool.Query(ctx, `SELECT 'lang', l FROM (SELECT DISTINCT split_part(lower(language), '-', 1) AS l FROM search_docs WHERE public
			UNION SELECT DISTINCT split_part(lower(language), '-', 1) FROM oai_tombstones) a
		UNION ALL SELECT 'license', l FROM (SELECT DISTINCT license AS l FROM search_docs WHERE public UNION SELECT DISTINCT license FROM oai_tombstones) b
		ORDER BY 1, 2`)
	if err != nil {
		return nil, nil, fmt.Errorf("harvest sets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, v string
		if err := rows.Scan(&kind, &v); err != nil {
			return nil, nil, fmt.Errorf("harvest sets: %w", err)
		}
		if kind == "lang" {
			languages = append(languages, v)
		} else {
			licenses = append(licenses, v)
		}
	}
	return languages, licenses, rows.Err()
}

// EarliestDatestamp is the oldest datestamp of any record or tombstone
// (now when there are none).
func (db *DB) EarliestDatestamp(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := db.Pool.QueryRow(ctx, `SELECT coalesce(least((SELECT min(datestamp) FROM search_docs WHERE public),
		(SELECT min(datestamp) FROM oai_tombstones)), now())`).Scan(&t)
	if err != nil {
		return t, fmt.Errorf("earliest datestamp: %w", err)
	}
	return t, nil
}

// SitemapBounds returns the id every perPage-th public resource starts at
// (ordered by id): the first id of each sitemap file.
func (db *DB) SitemapBounds(ctx context.Context, perPage int) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id::text FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM search_docs WHERE public) x
		WHERE (n - 1) % $1 = 0 ORDER BY id`, perPage)
	if err != nil {
		return nil, fmt.Errorf("sitemap bounds: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// SitemapEntry is one public resource of a sitemap.
type SitemapEntry struct {
	ID       string
	Updated  time.Time
	Language string
	FamilyID string
}

// SitemapPage lists up to limit public resources from id from on, by id,
// with the public members of their families (for hreflang alternates).
func (db *DB) SitemapPage(ctx context.Context, from string, limit int) ([]SitemapEntry, map[string][]SitemapEntry, error) {
	if from != "" && !validID(from) {
		return nil, nil, fmt.Errorf("sitemap from %q: %w", from, ErrNotFound)
	}
	rows, err := db.Pool.Query(ctx, `SELECT id::text, updated_at, language, family_id::text FROM search_docs
		WHERE public AND ($1::uuid IS NULL OR id >= $1::uuid) ORDER BY id LIMIT $2`, nullable(from), limit)
	if err != nil {
		return nil, nil, fmt.Errorf("sitemap: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SitemapEntry, error) {
		var e SitemapEntry
		err := r.Scan(&e.ID, &e.Updated, &e.Language, &e.FamilyID)
		return e, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sitemap: %w", err)
	}
	fams := make([]string, 0, len(list))
	for _, e := range list {
		fams = append(fams, e.FamilyID)
	}
	rows, err = db.Pool.Query(ctx, `SELECT d.id::text, d.updated_at, d.language, d.family_id::text FROM search_docs d
		WHERE d.public AND d.family_id = ANY ($1::uuid[]) AND (d.kind = 'translation' OR EXISTS (
			SELECT 1 FROM derivations x WHERE x.source_id = d.id AND x.kind = 'translation'))`, fams)
	if err != nil {
		return nil, nil, fmt.Errorf("sitemap families: %w", err)
	}
	members, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SitemapEntry, error) {
		var e SitemapEntry
		err := r.Scan(&e.ID, &e.Updated, &e.Language, &e.FamilyID)
		return e, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sitemap families: %w", err)
	}
	byFamily := map[string][]SitemapEntry{}
	for _, m := range members {
		byFamily[m.FamilyID] = append(byFamily[m.FamilyID], m)
	}
	return list, byFamily, nil
}

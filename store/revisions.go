package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/versioning"
)

// NewRevision is what CreateRevision stores.
type NewRevision struct {
	ResourceID  string
	Version     int64
	Content     string
	Attribution []byte
	Message     string
	Kind        string
	AuthorID    string
	// Parents are revision ids in order; nil means "the resource's latest
	// revision, if any".
	Parents []string
	// SkipIfSame returns the latest revision instead of a new one when its
	// text equals Content (checkpoints never repeat a text).
	SkipIfSame bool
	// RestoredFrom names the revision a restore brought back.
	RestoredFrom string
}

const revisionCols = `v.id, v.resource_id, v.version, v.content, v.attribution::text, v.message, v.kind,
	coalesce(v.author_id::text, ''), coalesce(u.name, ''), v.created_at, v.number, coalesce(v.restored_from::text, ''),
	coalesce((SELECT x.number FROM revisions x WHERE x.id = v.restored_from), 0)`

func scanRevision(row pgx.Row) (versioning.Revision, error) {
	var r versioning.Revision
	var attr string
	err := row.Scan(&r.ID, &r.ResourceID, &r.Version, &r.Content, &attr, &r.Message, &r.Kind, &r.AuthorID, &r.AuthorName, &r.Created,
		&r.Number, &r.RestoredFrom, &r.RestoredFromNumber)
	r.Attribution = []byte(attr)
	return r, err
}

// CreateRevision stores a revision. The resource row is locked for the
// transaction so that two cutters cannot both take the same latest revision
// as their parent. It reports whether a new revision was written.
func (db *DB) CreateRevision(ctx context.Context, nr NewRevision) (versioning.Revision, bool, error) {
	var out versioning.Revision
	created := false
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, created, err = createRevision(ctx, tx, nr)
		return err
	})
	if err != nil {
		return versioning.Revision{}, false, err
	}
	out.Parents, err = db.revisionParents(ctx, out.ID)
	return out, created, err
}

func createRevision(ctx context.Context, tx pgx.Tx, nr NewRevision) (versioning.Revision, bool, error) {
	var one int
	if err := tx.QueryRow(ctx, `SELECT 1 FROM resources WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, nr.ResourceID).Scan(&one); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return versioning.Revision{}, false, fmt.Errorf("resource %s: %w", nr.ResourceID, ErrNotFound)
		}
		return versioning.Revision{}, false, fmt.Errorf("lock resource %s: %w", nr.ResourceID, err)
	}
	latest, err := scanRevision(tx.QueryRow(ctx, `SELECT `+revisionCols+` FROM revisions v LEFT JOIN users u ON u.id = v.author_id
		WHERE v.resource_id = $1 ORDER BY v.version DESC, v.id DESC LIMIT 1`, nr.ResourceID))
	hasLatest := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return versioning.Revision{}, false, fmt.Errorf("latest revision of %s: %w", nr.ResourceID, err)
	}
	if nr.SkipIfSame && hasLatest && latest.Content == nr.Content {
		return latest, false, nil
	}
	parents := nr.Parents
	if parents == nil && hasLatest {
		parents = []string{latest.ID}
	}
	if nr.Attribution == nil {
		nr.Attribution = []byte("[]")
	}
	id := NewID()
	// The resource row is locked, so max(number)+1 is this resource's next number.
	if _, err := tx.Exec(ctx, `INSERT INTO revisions (id, resource_id, version, content, attribution, message, kind, author_id, number, restored_from)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE resource_id = $2), $9)`,
		id, nr.ResourceID, nr.Version, nr.Content, string(nr.Attribution),
		nr.Message, nr.Kind, nullable(nr.AuthorID), nullable(nr.RestoredFrom)); err != nil {
		return versioning.Revision{}, false, fmt.Errorf("insert revision of %s: %w", nr.ResourceID, err)
	}
	for i, p := range parents {
		if _, err := tx.Exec(ctx, `INSERT INTO revision_parents (revision_id, parent_id, ordinal) VALUES ($1, $2, $3)`, id, p, i); err != nil {
			return versioning.Revision{}, false, fmt.Errorf("insert parent of revision %s: %w", id, err)
		}
	}
	rev, err := scanRevision(tx.QueryRow(ctx, `SELECT `+revisionCols+` FROM revisions v LEFT JOIN users u ON u.id = v.author_id WHERE v.id = $1`, id))
	if err != nil {
		return versioning.Revision{}, false, fmt.Errorf("reload revision %s: %w", id, err)
	}
	return rev, true, nil
}

// LatestRevision returns the newest revision of a resource, or ErrNotFound
// when it has none yet.
func (db *DB) LatestRevision(ctx context.Context, resourceID string) (versioning.Revision, error) {
	if !validID(resourceID) {
		return versioning.Revision{}, fmt.Errorf("revisions of %q: %w", resourceID, ErrNotFound)
	}
	r, err := scanRevision(db.Pool.QueryRow(ctx, `SELECT `+revisionCols+` FROM revisions v LEFT JOIN users u ON u.id = v.author_id
		WHERE v.resource_id = $1 ORDER BY v.version DESC, v.id DESC LIMIT 1`, resourceID))
	if errors.Is(err, pgx.ErrNoRows) {
		return versioning.Revision{}, fmt.Errorf("latest revision of %s: %w", resourceID, ErrNotFound)
	}
	if err != nil {
		return versioning.Revision{}, fmt.Errorf("latest revision of %s: %w", resourceID, err)
	}
	return r, nil
}

// LatestRevisionRef names the newest revision of a resource without loading
// its text, or returns ErrNotFound when it has none yet.
func (db *DB) LatestRevisionRef(ctx context.Context, resourceID string) (versioning.RevisionRef, error) {
	ref := versioning.RevisionRef{ResourceID: resourceID}
	err := db.Pool.QueryRow(ctx, `SELECT id, version, number FROM revisions WHERE resource_id = $1
		ORDER BY version DESC, id DESC LIMIT 1`, resourceID).Scan(&ref.ID, &ref.Version, &ref.Number)
	if errors.Is(err, pgx.ErrNoRows) {
		return versioning.RevisionRef{}, fmt.Errorf("latest revision of %s: %w", resourceID, ErrNotFound)
	}
	if err != nil {
		return versioning.RevisionRef{}, fmt.Errorf("latest revision of %s: %w", resourceID, err)
	}
	return ref, nil
}

// versioning.Revision loads one revision with its parents.
func (db *DB) Revision(ctx context.Context, id string) (versioning.Revision, error) {
	if !validID(id) {
		return versioning.Revision{}, fmt.Errorf("revision %q: %w", id, ErrNotFound)
	}
	r, err := scanRevision(db.Pool.QueryRow(ctx, `SELECT `+revisionCols+` FROM revisions v LEFT JOIN users u ON u.id = v.author_id
		WHERE v.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return versioning.Revision{}, fmt.Errorf("revision %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return versioning.Revision{}, fmt.Errorf("revision %s: %w", id, err)
	}
	r.Parents, err = db.revisionParents(ctx, id)
	if err != nil {
		return r, err
	}
	who, err := db.contributorsOf(ctx, []string{id})
	r.Contributors = who[id]
	return r, err
}

// RevisionByNumber loads a resource's revision by its number (1, 2, 3…).
func (db *DB) RevisionByNumber(ctx context.Context, resourceID string, number int64) (versioning.Revision, error) {
	if !validID(resourceID) {
		return versioning.Revision{}, fmt.Errorf("revision %d of %q: %w", number, resourceID, ErrNotFound)
	}
	var id string
	err := db.Pool.QueryRow(ctx, `SELECT id FROM revisions WHERE resource_id = $1 AND number = $2`, resourceID, number).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return versioning.Revision{}, fmt.Errorf("revision %d of %s: %w", number, resourceID, ErrNotFound)
	}
	if err != nil {
		return versioning.Revision{}, fmt.Errorf("revision %d of %s: %w", number, resourceID, err)
	}
	return db.Revision(ctx, id)
}

func (db *DB) revisionParents(ctx context.Context, id string) ([]versioning.RevisionRef, error) {
	rows, err := db.Pool.Query(ctx, `SELECT p.id, p.resource_id, r.title, p.version, p.number FROM revision_parents rp
		JOIN revisions p ON p.id = rp.parent_id JOIN resources r ON r.id = p.resource_id
		WHERE rp.revision_id = $1 ORDER BY rp.ordinal`, id)
	if err != nil {
		return nil, fmt.Errorf("parents of revision %s: %w", id, err)
	}
	refs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.RevisionRef, error) {
		var ref versioning.RevisionRef
		err := row.Scan(&ref.ID, &ref.ResourceID, &ref.ResourceTitle, &ref.Version, &ref.Number)
		return ref, err
	})
	if err != nil {
		return nil, fmt.Errorf("parents of revision %s: %w", id, err)
	}
	if refs == nil {
		refs = []versioning.RevisionRef{}
	}
	return refs, nil
}

// ListRevisions returns one page of a resource's revisions, newest first,
// without their content, and the total count.
func (db *DB) ListRevisions(ctx context.Context, resourceID string, limit, offset int) ([]versioning.Revision, int, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var total int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE resource_id = $1`, resourceID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count revisions of %s: %w", resourceID, err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT v.id, v.resource_id, v.version, '', '[]', v.message, v.kind,
		coalesce(v.author_id::text, ''), coalesce(u.name, ''), v.created_at, v.number, coalesce(v.restored_from::text, ''),
		coalesce((SELECT x.number FROM revisions x WHERE x.id = v.restored_from), 0)
		FROM revisions v LEFT JOIN users u ON u.id = v.author_id
		WHERE v.resource_id = $1 ORDER BY v.version DESC, v.id DESC LIMIT $2 OFFSET $3`, resourceID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list revisions of %s: %w", resourceID, err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.Revision, error) { return scanRevision(row) })
	if err != nil {
		return nil, 0, fmt.Errorf("list revisions of %s: %w", resourceID, err)
	}
	ids := make([]string, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	parents, err := db.parentsOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	who, err := db.contributorsOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range list {
		list[i].Contributors = who[list[i].ID]
		list[i].Parents = parents[list[i].ID]
		if list[i].Parents == nil {
			list[i].Parents = []versioning.RevisionRef{}
		}
	}
	return list, total, nil
}

func (db *DB) parentsOf(ctx context.Context, ids []string) (map[string][]versioning.RevisionRef, error) {
	rows, err := db.Pool.Query(ctx, `SELECT rp.revision_id, p.id, p.resource_id, r.title, p.version, p.number FROM revision_parents rp
		JOIN revisions p ON p.id = rp.parent_id JOIN resources r ON r.id = p.resource_id
		WHERE rp.revision_id = ANY($1::uuid[]) ORDER BY rp.revision_id, rp.ordinal`, ids)
	if err != nil {
		return nil, fmt.Errorf("revision parents: %w", err)
	}
	defer rows.Close()
	out := map[string][]versioning.RevisionRef{}
	for rows.Next() {
		var child string
		var ref versioning.RevisionRef
		if err := rows.Scan(&child, &ref.ID, &ref.ResourceID, &ref.ResourceTitle, &ref.Version, &ref.Number); err != nil {
			return nil, fmt.Errorf("revision parents: %w", err)
		}
		out[child] = append(out[child], ref)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revision parents: %w", err)
	}
	return out, nil
}

// CountRevisionsAfter counts a resource's revisions with a version above
// version: the upstream changes a derivative has not merged yet.
func (db *DB) CountRevisionsAfter(ctx context.Context, resourceID string, version int64) (int, error) {
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE resource_id = $1 AND version > $2`,
		resourceID, version).Scan(&n); err != nil {
		return 0, fmt.Errorf("count revisions of %s: %w", resourceID, err)
	}
	return n, nil
}

package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// NewFork is what CreateFork stores.
type NewFork struct {
	Resource       resource.Resource // the new resource: title, licence, language, visibility, owner…
	SourceID       string
	SourceRevision versioning.Revision // its content and attribution become the fork's first text
	Kind           string              // "fork" (default) or "translation"
	Purpose        string
	Snapshot       []byte
	AuthorID       string
}

// CreateFork creates a derived resource in one transaction: the resource
// (same family as its source) with the source revision's text and
// attribution as version 0, its first revision (kind fork) whose parent is
// the source revision, and the derivation row. Nothing of the source's
// history is read or copied, so the cost does not grow with it.
func (db *DB) CreateFork(ctx context.Context, f NewFork) (resource.Resource, versioning.Revision, error) {
	r := f.Resource
	r.ID = NewID()
	if r.Kind == "" {
		r.Kind = resource.Fork
	}
	if f.Kind == "" {
		f.Kind = string(resource.Fork)
	}
	if r.Subjects == nil {
		r.Subjects = []string{}
	}
	r.Content, r.Version = f.SourceRevision.Content, 0
	if f.Snapshot == nil {
		f.Snapshot = []byte("[]")
	}
	var rev versioning.Revision
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT family_id FROM resources WHERE id = $1`, f.SourceID).Scan(&r.FamilyID); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("source %s: %w", f.SourceID, ErrNotFound)
			}
			return fmt.Errorf("source %s: %w", f.SourceID, err)
		}
		if err := insertResource(ctx, tx, r, f.SourceRevision.Attribution); err != nil {
			return err
		}
		var err error
		rev, _, err = createRevision(ctx, tx, NewRevision{ResourceID: r.ID, Version: 0, Content: r.Content,
			Attribution: f.SourceRevision.Attribution, Kind: versioning.RevFork, AuthorID: f.AuthorID, Parents: []string{f.SourceRevision.ID}})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO derivations (derived_id, source_id, source_revision, kind, purpose, source_snapshot)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, f.SourceID, f.SourceRevision.ID, f.Kind, f.Purpose, string(f.Snapshot)); err != nil {
			return fmt.Errorf("insert derivation: %w", err)
		}
		return copyImages(ctx, tx, f.SourceID, r.ID)
	})
	if err != nil {
		return resource.Resource{}, versioning.Revision{}, fmt.Errorf("fork %s: %w", f.SourceID, err)
	}
	if rev.Parents, err = db.revisionParents(ctx, rev.ID); err != nil {
		return resource.Resource{}, versioning.Revision{}, err
	}
	created, err := db.Resource(ctx, r.ID)
	return created, rev, err
}

const derivationCols = `derived_id, source_id, source_revision, kind, purpose, coalesce(synced_revision::text, ''), source_snapshot::text, created_at`

func scanDerivation(row pgx.Row) (versioning.Derivation, error) {
	var d versioning.Derivation
	var snap string
	err := row.Scan(&d.DerivedID, &d.SourceID, &d.SourceRevision, &d.Kind, &d.Purpose, &d.SyncedRevision, &snap, &d.Created)
	d.Snapshot = []byte(snap)
	return d, err
}

// DerivationOf returns how a resource was derived, or ErrNotFound for an original.
func (db *DB) DerivationOf(ctx context.Context, derivedID string) (versioning.Derivation, error) {
	if !validID(derivedID) {
		return versioning.Derivation{}, fmt.Errorf("derivation of %q: %w", derivedID, ErrNotFound)
	}
	d, err := scanDerivation(db.Pool.QueryRow(ctx, `SELECT `+derivationCols+` FROM derivations WHERE derived_id = $1`, derivedID))
	if errors.Is(err, pgx.ErrNoRows) {
		return versioning.Derivation{}, fmt.Errorf("derivation of %s: %w", derivedID, ErrNotFound)
	}
	if err != nil {
		return versioning.Derivation{}, fmt.Errorf("derivation of %s: %w", derivedID, err)
	}
	return d, nil
}

// SetSynced records the upstream revision last merged into a derivative.
func (db *DB) SetSynced(ctx context.Context, derivedID, revisionID string) error {
	if _, err := db.Pool.Exec(ctx, `UPDATE derivations SET synced_revision = $2 WHERE derived_id = $1`, derivedID, revisionID); err != nil {
		return fmt.Errorf("set synced revision of %s: %w", derivedID, err)
	}
	return nil
}

// Derivatives lists the live resources derived directly from sourceID with
// the viewer's role on each; callers filter by visibility.
func (db *DB) Derivatives(ctx context.Context, sourceID, viewerID string) ([]versioning.Derivative, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+resourceCols+`, d.kind,
		coalesce((SELECT c.role FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid), ''),
		EXISTS (SELECT 1 FROM proposals p WHERE p.fork_id = r.id AND p.source_id = d.source_id AND p.kind = 'endorse' AND p.status = 'approved')
		FROM derivations d JOIN resources r ON r.id = d.derived_id JOIN users u ON u.id = r.owner_id
		WHERE d.source_id = $1 AND r.deleted_at IS NULL ORDER BY r.created_at`, sourceID, nullable(viewerID))
	if err != nil {
		return nil, fmt.Errorf("derivatives of %s: %w", sourceID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.Derivative, error) {
		var d versioning.Derivative
		var role string
		var err error
		d.Resource, err = scanResource(row, &d.Kind, &role, &d.Approved)
		d.Role = resource.Role(role)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("derivatives of %s: %w", sourceID, err)
	}
	return out, nil
}

// Family loads every member of a family and the edges between them:
// derivations (source → derived) and merges whose parents come from
// another resource (that resource → the merged one). Bounded to limit members.
func (db *DB) Family(ctx context.Context, familyID, viewerID string, limit int) ([]versioning.FamilyMember, []versioning.FamilyEdge, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+resourceCols+`,
		coalesce((SELECT c.role FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid), ''),
		r.deleted_at IS NOT NULL,
		EXISTS (SELECT 1 FROM proposals p WHERE p.fork_id = r.id AND p.kind = 'endorse' AND p.status = 'approved')
		FROM resources r JOIN users u ON u.id = r.owner_id WHERE r.family_id = $1 ORDER BY r.created_at, r.id LIMIT $3`,
		familyID, nullable(viewerID), limit)
	if err != nil {
		return nil, nil, fmt.Errorf("family %s: %w", familyID, err)
	}
	members, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.FamilyMember, error) {
		var m versioning.FamilyMember
		var role string
		var err error
		m.Resource, err = scanResource(row, &role, &m.Deleted, &m.Approved)
		m.Role = resource.Role(role)
		return m, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("family %s: %w", familyID, err)
	}
	rows, err = db.Pool.Query(ctx, `SELECT d.source_id, d.derived_id, d.kind, d.source_revision, u.name, d.created_at
		FROM derivations d JOIN resources r ON r.id = d.derived_id JOIN users u ON u.id = r.owner_id WHERE r.family_id = $1
		UNION ALL
		SELECT p.resource_id, v.resource_id, 'merge', v.id, coalesce(u.name, ''), v.created_at
		FROM revisions v JOIN resources r ON r.id = v.resource_id
		JOIN revision_parents rp ON rp.revision_id = v.id JOIN revisions p ON p.id = rp.parent_id
		LEFT JOIN users u ON u.id = v.author_id
		WHERE r.family_id = $1 AND v.kind = 'merge' AND p.resource_id <> v.resource_id
		ORDER BY 6`, familyID)
	if err != nil {
		return nil, nil, fmt.Errorf("family edges %s: %w", familyID, err)
	}
	edges, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.FamilyEdge, error) {
		var e versioning.FamilyEdge
		err := row.Scan(&e.From, &e.To, &e.Kind, &e.Revision, &e.Who, &e.When)
		return e, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("family edges %s: %w", familyID, err)
	}
	return members, edges, nil
}

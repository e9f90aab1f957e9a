package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

const resourceCols = `r.id, r.family_id, r.kind, r.title, r.summary, r.content, r.version, r.language, r.license,
	r.subjects, r.level, r.visibility, r.allow_self_review, r.created_at, r.updated_at, u.id, u.handle, u.name`

func scanResource(row pgx.Row, extra ...any) (resource.Resource, error) {
	var r resource.Resource
	dest := append([]any{&r.ID, &r.FamilyID, &r.Kind, &r.Title, &r.Summary, &r.Content, &r.Version, &r.Language, &r.License,
		&r.Subjects, &r.Level, &r.Visibility, &r.AllowSelfReview, &r.Created, &r.Updated, &r.Owner.ID, &r.Owner.Handle, &r.Owner.Name}, extra...)
	err := row.Scan(dest...)
	return r, err
}

// CreateResource inserts r (its ID and FamilyID are set here when empty: a
// new family gets an id of its own, never its root's, so that the family id
// of a public derivative says nothing about a private root),
// makes its owner a collaborator with role owner, and stores the first
// snapshot (version 0) with the given attribution spans (JSON).
func (db *DB) CreateResource(ctx context.Context, r resource.Resource, attribution []byte) (resource.Resource, error) {
	if r.ID == "" {
		r.ID = NewID()
	}
	if r.FamilyID == "" {
		r.FamilyID = NewID()
	}
	if r.Kind == "" {
		r.Kind = resource.Original
	}
	if r.Subjects == nil {
		r.Subjects = []string{}
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := insertResource(ctx, tx, r, attribution); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return resource.Resource{}, err
	}
	return db.Resource(ctx, r.ID)
}

// insertResource writes a new resource row, its owner role and snapshot 0
// inside tx; forks and translations reuse it.
func insertResource(ctx context.Context, tx pgx.Tx, r resource.Resource, attribution []byte) error {
	_, err := tx.Exec(ctx, `INSERT INTO resources (id, family_id, kind, title, summary, content, version, language, license,
		subjects, level, visibility, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		r.ID, r.FamilyID, r.Kind, r.Title, r.Summary, r.Content, r.Version, r.Language, r.License,
		r.Subjects, r.Level, r.Visibility, r.Owner.ID)
	if err != nil {
		return fmt.Errorf("insert resource: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO collaborators (resource_id, user_id, role, added_by) VALUES ($1, $2, 'owner', $2)`, r.ID, r.Owner.ID); err != nil {
		return fmt.Errorf("insert owner: %w", err)
	}
	if attribution == nil {
		attribution = []byte("[]")
	}
	if _, err := tx.Exec(ctx, `INSERT INTO snapshots (resource_id, version, content, attribution) VALUES ($1, $2, $3, $4)`,
		r.ID, r.Version, r.Content, string(attribution)); err != nil {
		return fmt.Errorf("insert first snapshot: %w", err)
	}
	return nil
}

// Resource loads a resource that has not been deleted.
func (db *DB) Resource(ctx context.Context, id string) (resource.Resource, error) {
	if !validID(id) {
		return resource.Resource{}, fmt.Errorf("resource %q: %w", id, ErrNotFound)
	}
	r, err := scanResource(db.Pool.QueryRow(ctx, `SELECT `+resourceCols+` FROM resources r JOIN users u ON u.id = r.owner_id
		WHERE r.id = $1 AND r.deleted_at IS NULL`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return resource.Resource{}, fmt.Errorf("resource %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return resource.Resource{}, fmt.Errorf("resource %s: %w", id, err)
	}
	return r, nil
}

// ResourceFor loads a resource together with userID's role on it (RoleNone
// for anonymous users and outsiders), in one round trip.
func (db *DB) ResourceFor(ctx context.Context, id, userID string) (resource.Resource, resource.Role, error) {
	if !validID(id) {
		return resource.Resource{}, resource.RoleNone, fmt.Errorf("resource %q: %w", id, ErrNotFound)
	}
	var role *string
	r, err := scanResource(db.Pool.QueryRow(ctx, `SELECT `+resourceCols+`,
		(SELECT c.role FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = $2::uuid)
		FROM resources r JOIN users u ON u.id = r.owner_id
		WHERE r.id = $1 AND r.deleted_at IS NULL`, id, nullable(userID)), &role)
	if errors.Is(err, pgx.ErrNoRows) {
		return resource.Resource{}, resource.RoleNone, fmt.Errorf("resource %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return resource.Resource{}, resource.RoleNone, fmt.Errorf("resource %s: %w", id, err)
	}
	if role == nil {
		return r, resource.RoleNone, nil
	}
	return r, resource.Role(*role), nil
}

// UpdateMetadata writes every metadata field of r (not its content).
func (db *DB) UpdateMetadata(ctx context.Context, r resource.Resource) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE resources SET title = $2, summary = $3, language = $4, license = $5,
		subjects = $6, level = $7, visibility = $8, allow_self_review = $9, updated_at = now() WHERE id = $1 AND deleted_at IS NULL`,
		r.ID, r.Title, r.Summary, r.Language, r.License, r.Subjects, r.Level, r.Visibility, r.AllowSelfReview)
	if err != nil {
		return fmt.Errorf("update resource %s: %w", r.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("update resource %s: %w", r.ID, ErrNotFound)
	}
	return nil
}

// DeleteResource marks a resource deleted. Its row stays so that the family
// graph and the attribution of its derivatives survive.
func (db *DB) DeleteResource(ctx context.Context, id string) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE resources SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL`, id)
	if err != nil {
		return fmt.Errorf("delete resource %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete resource %s: %w", id, ErrNotFound)
	}
	return nil
}

// ListFilter narrows a resource listing.
type ListFilter struct {
	ViewerID    string // who is asking: their unlisted/private resources are included
	OwnerHandle string
	Language    string // exact tag or its primary language ("es" matches "es-MX")
	Query       string // words in title or summary
	Mine        bool   // only resources where ViewerID has a role
	Page        int    // from 1
	PerPage     int
}

// ListResources returns one page of resources the viewer may see, newest
// change first, and the total count. Public resources are listed for
// everyone; unlisted and private ones only for people with a role.
func (db *DB) ListResources(ctx context.Context, f ListFilter) ([]resource.Resource, int, error) {
	if f.PerPage <= 0 || f.PerPage > 100 {
		f.PerPage = 20
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "r.deleted_at IS NULL")
	roleCheck := "FALSE"
	if f.ViewerID != "" {
		roleCheck = "EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id AND c.user_id = " + arg(f.ViewerID) + "::uuid)"
	}
	if f.Mine {
		where = append(where, roleCheck)
	} else {
		where = append(where, "(r.visibility = 'public' OR "+roleCheck+")")
	}
	if f.OwnerHandle != "" {
		where = append(where, "u.handle = "+arg(f.OwnerHandle))
	}
	if f.Language != "" {
		p := arg(f.Language)
		where = append(where, "(lower(r.language) = lower("+p+") OR lower(r.language) LIKE lower("+p+") || '-%')")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := arg("%" + escapeLike(q) + "%")
		where = append(where, "(r.title ILIKE "+p+" OR r.summary ILIKE "+p+")")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM resources r JOIN users u ON u.id = r.owner_id WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count resources: %w", err)
	}
	limit, offset := arg(f.PerPage), arg((f.Page-1)*f.PerPage)
	rows, err := db.Pool.Query(ctx, `SELECT `+resourceCols+` FROM resources r JOIN users u ON u.id = r.owner_id WHERE `+cond+
		` ORDER BY r.updated_at DESC, r.id DESC LIMIT `+limit+` OFFSET `+offset, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list resources: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (resource.Resource, error) { return scanResource(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("list resources: %w", err)
	}
	return list, total, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

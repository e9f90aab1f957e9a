package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// ErrLastOwner refuses a change that would leave a resource without an owner.
var ErrLastOwner = fmt.Errorf("a resource must keep at least one owner: %w", ErrConflict)

// SetCollaborator gives userID role on resourceID (adding or changing it).
func (db *DB) SetCollaborator(ctx context.Context, resourceID, userID string, role resource.Role, by string) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if role != resource.RoleOwner {
			if err := keepAnOwner(ctx, tx, resourceID, userID); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO collaborators (resource_id, user_id, role, added_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (resource_id, user_id) DO UPDATE SET role = EXCLUDED.role`, resourceID, userID, role, by)
		if err != nil {
			return fmt.Errorf("set collaborator: %w", err)
		}
		return nil
	})
}

// RemoveCollaborator takes userID's role away.
func (db *DB) RemoveCollaborator(ctx context.Context, resourceID, userID string) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if err := keepAnOwner(ctx, tx, resourceID, userID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM collaborators WHERE resource_id = $1 AND user_id = $2`, resourceID, userID)
		if err != nil {
			return fmt.Errorf("remove collaborator: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("collaborator: %w", ErrNotFound)
		}
		return nil
	})
}

// keepAnOwner fails when userID is the only owner left. The owners' rows are
// locked so that two concurrent demotions cannot both pass the check.
func keepAnOwner(ctx context.Context, tx pgx.Tx, resourceID, userID string) error {
	rows, err := tx.Query(ctx, `SELECT user_id::text FROM collaborators WHERE resource_id = $1 AND role = 'owner' FOR UPDATE`, resourceID)
	if err != nil {
		return fmt.Errorf("check owners: %w", err)
	}
	owners, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("check owners: %w", err)
	}
	if len(owners) == 1 && owners[0] == userID {
		return ErrLastOwner
	}
	return nil
}

// Collaborators lists everyone with a role, owners first.
func (db *DB) Collaborators(ctx context.Context, resourceID string) ([]resource.Collaborator, error) {
	rows, err := db.Pool.Query(ctx, `SELECT u.id, u.handle, u.name, c.role, c.created_at FROM collaborators c
		JOIN users u ON u.id = c.user_id WHERE c.resource_id = $1
		ORDER BY array_position(ARRAY['owner','editor','translator','reviewer','viewer'], c.role), u.handle`, resourceID)
	if err != nil {
		return nil, fmt.Errorf("collaborators: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (resource.Collaborator, error) {
		var c resource.Collaborator
		err := r.Scan(&c.User.ID, &c.User.Handle, &c.User.Name, &c.Role, &c.Added)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("collaborators: %w", err)
	}
	return list, nil
}

// Role returns userID's role on resourceID, RoleNone when there is none.
func (db *DB) Role(ctx context.Context, resourceID, userID string) (resource.Role, error) {
	if userID == "" || !validID(resourceID) {
		return resource.RoleNone, nil
	}
	var role string
	err := db.Pool.QueryRow(ctx, `SELECT role FROM collaborators WHERE resource_id = $1 AND user_id = $2`, resourceID, userID).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return resource.RoleNone, nil
	}
	if err != nil {
		return resource.RoleNone, fmt.Errorf("role: %w", err)
	}
	return resource.Role(role), nil
}

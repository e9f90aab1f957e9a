package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
)

// Membership is one resource a person has a role on, with what deleting
// their account would leave behind there.
type Membership struct {
	Resource    resource.Resource
	Role        resource.Role
	OtherOwners int               // owners besides the person
	Others      int               // other collaborators of any role
	Editors     []resource.Person // other collaborators with the editor role: who may take it over
}

// Memberships lists the live resources userID has a role on, by title.
func (db *DB) Memberships(ctx context.Context, userID string) ([]Membership, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+resourceCols+`, c.role,
			(SELECT count(*) FROM collaborators o WHERE o.resource_id = r.id AND o.user_id <> $1 AND o.role = 'owner'),
			(SELECT count(*) FROM collaborators o WHERE o.resource_id = r.id AND o.user_id <> $1),
			coalesce((SELECT jsonb_agg(jsonb_build_object('id', e.id, 'handle', e.handle, 'name', e.name) ORDER BY e.handle)
				FROM collaborators o JOIN users e ON e.id = o.user_id
				WHERE o.resource_id = r.id AND o.user_id <> $1 AND o.role = 'editor'), '[]'::jsonb)
		FROM collaborators c JOIN resources r ON r.id = c.resource_id JOIN users u ON u.id = r.owner_id
		WHERE c.user_id = $1 AND r.deleted_at IS NULL
		ORDER BY lower(r.title), r.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", userID, err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Membership, error) {
		var m Membership
		var err error
		m.Resource, err = scanResource(row, &m.Role, &m.OtherOwners, &m.Others, &m.Editors)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", userID, err)
	}
	return list, nil
}

// closableSQL lists the states of a proposal its author's account deletion closes.
const closableSQL = `('open', 'approved', 'changes_requested')`

// ErrPlanStale refuses an account deletion whose plan no longer holds: a
// resource would be left with collaborators and no owner, or the editor
// chosen to take one over is no longer its editor.
var ErrPlanStale = fmt.Errorf("the resources of this account changed since the plan was shown: %w", ErrConflict)

// Tombstone is how an account is deleted (see migration 024).
type Tombstone struct {
	UserID    string
	Handle    string            // the handle it had: retired
	NewHandle string            // the handle its tombstone gets
	Email     string            // an address that delivers nowhere, unique to it
	Name      string            // how its contributions are credited
	Delete    []string          // resources deleted with it (its own private ones)
	Transfers map[string]string // resource → the editor who becomes its owner
}

// DeleteUser turns an account into its tombstone in one transaction: the
// resources in t.Delete are deleted, the editors in t.Transfers become
// owners, every role, session, token, reset link, notification, setting
// and e-mail of the account goes, its open proposals are closed, its
// credits are rewritten under t.Name and everything it contributed to is
// marked for re-indexing. It fails with a *ConflictError, changing nothing,
// when a resource would be left with collaborators and no owner (the plan
// it was computed from is stale).
func (db *DB) DeleteUser(ctx context.Context, t Tombstone) ([]string, error) {
	var touched []string
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var live bool
		if err := tx.QueryRow(ctx, `SELECT deleted_at IS NULL FROM users WHERE id = $1 FOR UPDATE`, t.UserID).Scan(&live); err != nil || !live {
			return fmt.Errorf("user %s: %w", t.UserID, ErrNotFound)
		}
		// Everything the deletion marks below: what holds the person's credits, the resources
		// deleted with the account and their sources and derivatives (the visibility triggers),
		// and the forks of the proposals it closes (the proposals' trigger).
		if err := markInOrder(ctx, tx, creditedSQL+`
			UNION SELECT unnest($2::uuid[])
			UNION SELECT source_id FROM derivations WHERE derived_id = ANY($2::uuid[])
			UNION SELECT derived_id FROM derivations WHERE source_id = ANY($2::uuid[])
			UNION SELECT fork_id FROM proposals WHERE author_id = $1 AND status IN `+closableSQL, t.UserID, t.Delete); err != nil {
			return fmt.Errorf("delete account %s: %w", t.UserID, err)
		}
		for rid, editor := range t.Transfers {
			tag, err := tx.Exec(ctx, `UPDATE collaborators SET role = 'owner' WHERE resource_id = $1 AND user_id = $2 AND role = 'editor'`, rid, editor)
			if err != nil {
				return fmt.Errorf("transfer %s: %w", rid, err)
			}
			if tag.RowsAffected() == 0 {
				return ErrPlanStale
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE resources SET deleted_at = now(), updated_at = now() WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`, t.Delete); err != nil {
			return fmt.Errorf("delete resources: %w", err)
		}
		rows, err := tx.Query(ctx, `DELETE FROM collaborators WHERE user_id = $1 RETURNING resource_id::text`, t.UserID)
		if err != nil {
			return fmt.Errorf("remove roles: %w", err)
		}
		if touched, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return fmt.Errorf("remove roles: %w", err)
		}
		var orphaned int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM resources r WHERE r.id = ANY($1::uuid[]) AND r.deleted_at IS NULL
			AND EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id)
			AND NOT EXISTS (SELECT 1 FROM collaborators c WHERE c.resource_id = r.id AND c.role = 'owner')`, touched).Scan(&orphaned); err != nil {
			return fmt.Errorf("check owners: %w", err)
		}
		if orphaned > 0 {
			return ErrPlanStale
		}
		for _, q := range []string{
			`DELETE FROM sessions WHERE user_id = $1`,
			`DELETE FROM api_tokens WHERE user_id = $1`,
			`DELETE FROM password_resets WHERE user_id = $1`,
			`DELETE FROM email_changes WHERE user_id = $1`,
			`DELETE FROM notifications WHERE user_id = $1`,
			`DELETE FROM notification_settings WHERE user_id = $1`,
			`DELETE FROM mail_outbox WHERE user_id = $1`,
			`DELETE FROM translation_presence WHERE user_id = $1`,
			`UPDATE proposals SET status = 'closed', closed_by = $1, updated_at = now() WHERE author_id = $1 AND status IN ` + closableSQL,
		} {
			if _, err := tx.Exec(ctx, q, t.UserID); err != nil {
				return fmt.Errorf("delete account %s: %w", t.UserID, err)
			}
		}
		if err := rewriteCredits(ctx, tx, t.UserID, t.Name, "/u/"+t.NewHandle); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO retired_handles (handle) VALUES ($1) ON CONFLICT DO NOTHING`, t.Handle); err != nil {
			return fmt.Errorf("retire handle: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET handle = $2, email = $3, name = $4, password_hash = '', deleted_at = now() WHERE id = $1`,
			t.UserID, t.NewHandle, t.Email, t.Name); err != nil {
			return fmt.Errorf("tombstone %s: %w", t.UserID, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return touched, nil
}

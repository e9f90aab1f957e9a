package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/a11ycheck"
)

// Dismissals lists a resource's dismissed accessibility findings, with who dismissed each.
func (db *DB) Dismissals(ctx context.Context, resourceID string) ([]a11ycheck.Dismissal, error) {
	rows, err := db.Pool.Query(ctx, `SELECT d.rule, d.fingerprint, d.reason, d.user_id::text, u.name, d.created_at
		FROM accessibility_dismissals d JOIN users u ON u.id = d.user_id
		WHERE d.resource_id = $1 ORDER BY d.created_at, d.rule, d.fingerprint`, resourceID)
	if err != nil {
		return nil, fmt.Errorf("dismissals of %s: %w", resourceID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (a11ycheck.Dismissal, error) {
		var d a11ycheck.Dismissal
		err := row.Scan(&d.Rule, &d.Fingerprint, &d.Reason, &d.ByID, &d.ByName, &d.Created)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("dismissals of %s: %w", resourceID, err)
	}
	return out, nil
}

// Dismiss records (or replaces the reason of) a dismissal and returns it as stored.
func (db *DB) Dismiss(ctx context.Context, resourceID string, d a11ycheck.Dismissal) (a11ycheck.Dismissal, error) {
	err := db.Pool.QueryRow(ctx, `INSERT INTO accessibility_dismissals (resource_id, rule, fingerprint, reason, user_id)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (resource_id, rule, fingerprint) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id, created_at = now()
		RETURNING created_at, (SELECT name FROM users WHERE id = $5)`,
		resourceID, d.Rule, d.Fingerprint, d.Reason, d.ByID).Scan(&d.Created, &d.ByName)
	if err != nil {
		return a11ycheck.Dismissal{}, fmt.Errorf("dismiss %s on %s: %w", d.Rule, resourceID, err)
	}
	return d, nil
}

// Undismiss removes a dismissal; ErrNotFound when there was none.
func (db *DB) Undismiss(ctx context.Context, resourceID, rule, fingerprint string) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM accessibility_dismissals WHERE resource_id = $1 AND rule = $2 AND fingerprint = $3`,
		resourceID, rule, fingerprint)
	if err != nil {
		return fmt.Errorf("undismiss %s on %s: %w", rule, resourceID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("dismissal %s %s: %w", rule, fingerprint, ErrNotFound)
	}
	return nil
}

package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// EmailMode is how a person hears of notifications besides the inbox:
// "off", "immediate" or "daily".
type EmailMode = string

// NotificationEmail returns the user's e-mail mode ("off" when never set).
func (db *DB) NotificationEmail(ctx context.Context, userID string) (EmailMode, error) {
	var mode string
	err := db.Pool.QueryRow(ctx, `SELECT email FROM notification_settings WHERE user_id = $1`, userID).Scan(&mode)
	if errors.Is(err, pgx.ErrNoRows) {
		return "off", nil
	}
	if err != nil {
		return "", fmt.Errorf("notification settings of %s: %w", userID, err)
	}
	return mode, nil
}

// SetNotificationEmail stores the user's e-mail mode. A daily digest is
// first due at digestDue; it keeps its due time when already daily.
func (db *DB) SetNotificationEmail(ctx context.Context, userID string, mode EmailMode, digestDue time.Time) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT email FROM notification_settings WHERE user_id = $1 FOR UPDATE`, userID).Scan(&old)
		if errors.Is(err, pgx.ErrNoRows) {
			old = "off"
		} else if err != nil {
			return fmt.Errorf("notification settings of %s: %w", userID, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notification_settings (user_id, email, digest_due_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, updated_at = now(),
				digest_due_at = CASE WHEN notification_settings.email = 'daily' AND excluded.email = 'daily'
					THEN notification_settings.digest_due_at ELSE excluded.digest_due_at END`,
			userID, mode, digestDue); err != nil {
			return fmt.Errorf("set notification settings of %s: %w", userID, err)
		}
		// What is already in the inbox was never promised by e-mail: a new
		// choice applies to what happens from now on.
		if old != mode {
			if _, err := tx.Exec(ctx, `UPDATE notifications SET mailed_at = now() WHERE user_id = $1 AND mailed_at IS NULL`, userID); err != nil {
				return fmt.Errorf("set notification settings of %s: %w", userID, err)
			}
		}
		return nil
	})
}

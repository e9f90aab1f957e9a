package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// CreatePasswordReset stores the hash of a reset token for userID, mailed to email.
func (db *DB) CreatePasswordReset(ctx context.Context, userID, email string, tokenHash []byte, expires time.Time) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO password_resets (token_hash, user_id, email, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, email, expires)
	if err != nil {
		return fmt.Errorf("create password reset for %s: %w", userID, err)
	}
	return nil
}

// PasswordResetsSince counts the reset tokens issued to userID since t.
func (db *DB) PasswordResetsSince(ctx context.Context, userID string, t time.Time) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM password_resets WHERE user_id = $1 AND created_at >= $2`, userID, t).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count password resets of %s: %w", userID, err)
	}
	return n, nil
}

// PasswordResetUser is the account a live (unused, unexpired) reset token opens.
func (db *DB) PasswordResetUser(ctx context.Context, tokenHash []byte, now time.Time) (string, error) {
	var id string
	err := db.Pool.QueryRow(ctx, `SELECT user_id::text FROM password_resets
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, tokenHash, now).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("password reset: %w", ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("password reset: %w", err)
	}
	return id, nil
}

// ResetPassword uses a live reset token: in one transaction it sets the new
// password hash, uses up every reset token of the account, ends all its
// sessions and API tokens, and counts the account's address as confirmed when
// it is still the one the link was mailed to. It returns the account's id, or
// ErrNotFound when the token is unknown, used or expired.
func (db *DB) ResetPassword(ctx context.Context, tokenHash []byte, now time.Time, passwordHash string) (string, error) {
	var userID string
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// The account's row is locked before its links, as ConfirmEmailChange and
		// CreateEmailChange lock them: taken the other way round, a reset and a change
		// of address confirmed at the same moment could each wait for the other.
		err := tx.QueryRow(ctx, `SELECT user_id::text FROM password_resets WHERE token_hash = $1`, tokenHash).Scan(&userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("password reset: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return fmt.Errorf("lock account %s: %w", userID, err)
		}
		var sentTo *string
		err = tx.QueryRow(ctx, `UPDATE password_resets SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING email`, tokenHash, now).Scan(&sentTo)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("password reset: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2,
				email_verified_at = CASE WHEN email_verified_at IS NULL AND email = $3::citext THEN now() ELSE email_verified_at END
			WHERE id = $1`, userID, passwordHash, sentTo); err != nil {
			return fmt.Errorf("set password of %s: %w", userID, err)
		}
		for _, q := range []string{
			`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`,
			`DELETE FROM sessions WHERE user_id = $1`,
			`DELETE FROM api_tokens WHERE user_id = $1`,
		} {
			if _, err := tx.Exec(ctx, q, userID); err != nil {
				return fmt.Errorf("end sign-ins of %s: %w", userID, err)
			}
		}
		return nil
	})
	return userID, err
}

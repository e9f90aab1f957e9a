package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// An e-mail change waits for its new address to answer (migration 039): a row per link
// mailed, of which only the newest unused, unexpired one works. A link to the address the
// account already has confirms that address (migration 040).

// EmailChange is a change of address waiting for its link to be followed.
type EmailChange struct {
	UserID  string
	Email   string
	Created time.Time
	Expires time.Time
}

// EmailTaken reports whether a live account other than userID has email (compared without
// case, as the column is citext).
func (db *DB) EmailTaken(ctx context.Context, userID, email string) (bool, error) {
	var taken bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $2 AND id <> $1)`, userID, email).Scan(&taken)
	if err != nil {
		return false, fmt.Errorf("is %q taken: %w", email, err)
	}
	return taken, nil
}

// CreateEmailChange stores the hash of a confirmation token for userID's change to email,
// voiding the links sent before it; atSignup marks the link sign-up sends, which
// EmailChangesSince does not count.
func (db *DB) CreateEmailChange(ctx context.Context, userID, email string, tokenHash []byte, expires time.Time, atSignup bool) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// The account's row first, as ConfirmEmailChange takes it: one order for the two.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE email_changes SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO email_changes (token_hash, user_id, email, expires_at, at_signup) VALUES ($1, $2, $3, $4, $5)`,
			tokenHash, userID, email, expires, atSignup)
		return err
	})
	if err != nil {
		return fmt.Errorf("create e-mail change for %s: %w", userID, err)
	}
	return nil
}

// EmailChangesSince counts the confirmation links userID asked for since t (the one sign-up
// sent is not counted), and says when the first of them was.
func (db *DB) EmailChangesSince(ctx context.Context, userID string, t time.Time) (n int, first time.Time, err error) {
	var at *time.Time
	err = db.Pool.QueryRow(ctx, `SELECT count(*), min(created_at) FROM email_changes
		WHERE user_id = $1 AND created_at >= $2 AND NOT at_signup`, userID, t).Scan(&n, &at)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count e-mail changes of %s: %w", userID, err)
	}
	if at != nil {
		first = *at
	}
	return n, first, nil
}

// PendingEmailChange is userID's change waiting for its link, or ErrNotFound. A link
// that would confirm the address the account already has is not a change: see
// PendingConfirmation.
func (db *DB) PendingEmailChange(ctx context.Context, userID string, now time.Time) (EmailChange, error) {
	c := EmailChange{UserID: userID}
	err := db.Pool.QueryRow(ctx, `SELECT e.email::text, e.created_at, e.expires_at FROM email_changes e
		JOIN users u ON u.id = e.user_id AND e.email::citext <> u.email
		WHERE e.user_id = $1 AND e.used_at IS NULL AND e.expires_at > $2 ORDER BY e.created_at DESC LIMIT 1`, userID, now).
		Scan(&c.Email, &c.Created, &c.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return EmailChange{}, fmt.Errorf("e-mail change of %s: %w", userID, ErrNotFound)
	}
	if err != nil {
		return EmailChange{}, fmt.Errorf("e-mail change of %s: %w", userID, err)
	}
	return c, nil
}

// PendingConfirmation is when userID's live link to confirm the address it has expires,
// or ErrNotFound when there is none.
func (db *DB) PendingConfirmation(ctx context.Context, userID string, now time.Time) (time.Time, error) {
	var expires time.Time
	err := db.Pool.QueryRow(ctx, `SELECT e.expires_at FROM email_changes e
		JOIN users u ON u.id = e.user_id AND e.email::citext = u.email
		WHERE e.user_id = $1 AND e.used_at IS NULL AND e.expires_at > $2 ORDER BY e.created_at DESC LIMIT 1`, userID, now).Scan(&expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, fmt.Errorf("address confirmation of %s: %w", userID, ErrNotFound)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("address confirmation of %s: %w", userID, err)
	}
	return expires, nil
}

// EmailChangeByToken is the change a live confirmation token would make, or ErrNotFound.
func (db *DB) EmailChangeByToken(ctx context.Context, tokenHash []byte, now time.Time) (EmailChange, error) {
	var c EmailChange
	err := db.Pool.QueryRow(ctx, `SELECT e.user_id::text, e.email, e.created_at, e.expires_at FROM email_changes e
		JOIN users u ON u.id = e.user_id AND u.deleted_at IS NULL
		WHERE e.token_hash = $1 AND e.used_at IS NULL AND e.expires_at > $2`, tokenHash, now).
		Scan(&c.UserID, &c.Email, &c.Created, &c.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return EmailChange{}, fmt.Errorf("e-mail change: %w", ErrNotFound)
	}
	if err != nil {
		return EmailChange{}, fmt.Errorf("e-mail change: %w", err)
	}
	return c, nil
}

// CancelEmailChanges voids userID's unused confirmation links.
func (db *DB) CancelEmailChanges(ctx context.Context, userID string) error {
	if _, err := db.Pool.Exec(ctx, `UPDATE email_changes SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
		return fmt.Errorf("cancel e-mail changes of %s: %w", userID, err)
	}
	return nil
}

// ConfirmEmailChange uses a live confirmation token: in one transaction it sets the
// account's address to the one the token was sent to and counts it confirmed, uses up the
// account's other confirmation links and, when the address changed, voids the
// password-reset links sent to the old one. A token sent to the address the account has
// (at sign-up, or asked for again) only confirms it. It
// returns the change and the old address; ErrNotFound when the token is unknown, used or
// expired, or its account deleted; a *ConflictError on "email" when another account has
// taken the address meanwhile (the token stays usable should that account let it go).
func (db *DB) ConfirmEmailChange(ctx context.Context, tokenHash []byte, now time.Time) (c EmailChange, old string, err error) {
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		// The account's row is locked before its links, as CreateEmailChange locks them, and
		// the old address is read under that lock, so two confirmations of one account cannot
		// both report the same old address.
		var userID string
		err := tx.QueryRow(ctx, `SELECT user_id::text FROM email_changes WHERE token_hash = $1`, tokenHash).Scan(&userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("e-mail change: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("e-mail change: %w", err)
		}
		err = tx.QueryRow(ctx, `SELECT email::text FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, userID).Scan(&old)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("e-mail change: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("e-mail of %s: %w", userID, err)
		}
		err = tx.QueryRow(ctx, `UPDATE email_changes SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
			RETURNING user_id::text, email, created_at, expires_at`, tokenHash, now).
			Scan(&c.UserID, &c.Email, &c.Created, &c.Expires)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("e-mail change: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("e-mail change: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET email = $2, email_verified_at = now() WHERE id = $1`, c.UserID, c.Email); err != nil {
			return err
		}
		voids := []string{`UPDATE email_changes SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`}
		if !strings.EqualFold(c.Email, old) {
			// Links sent to the old address; a confirmation of the address the account
			// already has leaves them working.
			voids = append(voids, `DELETE FROM password_resets WHERE user_id = $1`)
		}
		for _, q := range voids {
			if _, err := tx.Exec(ctx, q, c.UserID); err != nil {
				return fmt.Errorf("void links of %s: %w", c.UserID, err)
			}
		}
		return nil
	})
	if _, ok := uniqueViolation(err); ok {
		return EmailChange{}, "", &ConflictError{Field: "email"}
	}
	if err != nil {
		return EmailChange{}, "", fmt.Errorf("confirm e-mail change: %w", err)
	}
	return c, old, nil
}

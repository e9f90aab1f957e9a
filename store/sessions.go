package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/auth"
)

// CreateSession stores the hash of a session token for user until expires.
func (db *DB) CreateSession(ctx context.Context, userID string, tokenHash []byte, expires time.Time, userAgent string) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO sessions (token_hash, id, user_id, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5)`,
		tokenHash, NewID(), userID, expires, userAgent)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// UserBySession returns the user of a live session.
func (db *DB) UserBySession(ctx context.Context, tokenHash []byte) (auth.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx, `SELECT `+userCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > now()`, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.User{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("session: %w", err)
	}
	return u, nil
}

// DeleteSession ends a session and returns its user ("" when there was no
// such session; ending an unknown one is not an error).
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) (string, error) {
	return db.deleteCredential(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id::text`, tokenHash)
}

// CreateAPIToken stores the hash of a bearer token for user until expires.
func (db *DB) CreateAPIToken(ctx context.Context, userID, name string, tokenHash []byte, expires time.Time) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO api_tokens (token_hash, id, user_id, name, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		tokenHash, NewID(), userID, name, expires)
	if err != nil {
		return fmt.Errorf("create api token: %w", err)
	}
	return nil
}

// UserByAPIToken returns the owner of a bearer token that has not expired
// and notes its use.
func (db *DB) UserByAPIToken(ctx context.Context, tokenHash []byte) (auth.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx, `UPDATE api_tokens t SET last_used_at = now() FROM users u
		WHERE t.token_hash = $1 AND u.id = t.user_id AND t.expires_at > now()
		RETURNING `+userCols, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.User{}, fmt.Errorf("api token: %w", ErrNotFound)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("api token: %w", err)
	}
	return u, nil
}

// DeleteAPIToken revokes a bearer token and returns its user ("" when there
// was no such token).
func (db *DB) DeleteAPIToken(ctx context.Context, tokenHash []byte) (string, error) {
	return db.deleteCredential(ctx, `DELETE FROM api_tokens WHERE token_hash = $1 RETURNING user_id::text`, tokenHash)
}

func (db *DB) deleteCredential(ctx context.Context, q string, tokenHash []byte) (string, error) {
	var user string
	err := db.Pool.QueryRow(ctx, q, tokenHash).Scan(&user)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("revoke credential: %w", err)
	}
	return user, nil
}

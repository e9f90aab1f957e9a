package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/auth"
)

// userCols are what scanUser reads, from a query that names the users table u.
const userCols = `u.id, u.handle, u.email, u.name, u.password_hash, u.created_at, u.deleted_at IS NOT NULL, u.ui_language, u.email_verified_at IS NOT NULL`

func scanUser(row pgx.Row) (auth.User, error) {
	var u auth.User
	err := row.Scan(&u.ID, &u.Handle, &u.Email, &u.Name, &u.PasswordHash, &u.Created, &u.Deleted, &u.UILanguage, &u.EmailVerified)
	return u, err
}

// CreateUser inserts u with a new id. A taken handle or email is a
// *ConflictError, and so is a handle retired by a deleted account: it is
// checked after the insert, in the same transaction, so a deletion that
// commits while the insert waits on the handle's unique index is seen.
func (db *DB) CreateUser(ctx context.Context, u auth.User) (auth.User, error) {
	u.ID = NewID()
	var created auth.User
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		created, err = scanUser(tx.QueryRow(ctx, `INSERT INTO users AS u (id, handle, email, name, password_hash)
			VALUES ($1, $2, $3, $4, $5) RETURNING `+userCols, u.ID, u.Handle, u.Email, u.Name, u.PasswordHash))
		if err != nil {
			return err
		}
		var retired bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM retired_handles WHERE handle = $1)`, u.Handle).Scan(&retired); err != nil {
			return err
		}
		if retired {
			return &ConflictError{Field: "handle"}
		}
		return nil
	})
	if c, ok := uniqueViolation(err); ok {
		field := "handle"
		if strings.Contains(c, "email") {
			field = "email"
		}
		return auth.User{}, &ConflictError{Field: field}
	}
	var conflict *ConflictError
	if errors.As(err, &conflict) {
		return auth.User{}, err
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("create user %s: %w", u.Handle, err)
	}
	return created, nil
}

// UserByLogin finds a user by handle or email (case-insensitive).
func (db *DB) UserByLogin(ctx context.Context, login string) (auth.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE (handle = $1 OR email = $1) AND deleted_at IS NULL`, login))
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.User{}, fmt.Errorf("user %q: %w", login, ErrNotFound)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("user %q: %w", login, err)
	}
	return u, nil
}

// UserByHandle finds a user by handle.
func (db *DB) UserByHandle(ctx context.Context, handle string) (auth.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE handle = $1 AND deleted_at IS NULL`, handle))
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.User{}, fmt.Errorf("user %q: %w", handle, ErrNotFound)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("user %q: %w", handle, err)
	}
	return u, nil
}

// UserByID finds a user by id.
func (db *DB) UserByID(ctx context.Context, id string) (auth.User, error) {
	if !validID(id) {
		return auth.User{}, fmt.Errorf("user %q: %w", id, ErrNotFound)
	}
	u, err := scanUser(db.Pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.User{}, fmt.Errorf("user %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("user %s: %w", id, err)
	}
	return u, nil
}

// UserNames maps user ids to display names, for blame and cursors.
func (db *DB) UserNames(ctx context.Context, ids []string) (map[string]auth.User, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+userCols+` FROM users u WHERE id = ANY($1::uuid[])`, ids)
	if err != nil {
		return nil, fmt.Errorf("user names: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (auth.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("user names: %w", err)
	}
	out := make(map[string]auth.User, len(users))
	for _, u := range users {
		out[u.ID] = u
	}
	return out, nil
}

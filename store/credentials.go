package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/auth"
)

// Credentials lists a user's unexpired sessions or API tokens, newest
// first, marking the one whose hash is current. Expired ones of that user
// are deleted on the way: nobody can use them any more.
func (db *DB) Credentials(ctx context.Context, userID string, kind auth.CredentialKind, current []byte) ([]auth.Credential, error) {
	table, cols := credentialTable(kind)
	if _, err := db.Pool.Exec(ctx, `DELETE FROM `+table+` WHERE user_id = $1 AND expires_at <= now()`, userID); err != nil {
		return nil, fmt.Errorf("drop expired %ss: %w", kind, err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT id::text, `+cols+`, created_at, expires_at, token_hash = $2
		FROM `+table+` WHERE user_id = $1 ORDER BY created_at DESC, id`, userID, current)
	if err != nil {
		return nil, fmt.Errorf("list %ss: %w", kind, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (auth.Credential, error) {
		c := auth.Credential{Kind: kind}
		err := r.Scan(&c.ID, &c.Name, &c.UserAgent, &c.LastUsed, &c.Created, &c.Expires, &c.Current)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("list %ss: %w", kind, err)
	}
	return list, nil
}

// DeleteCredential revokes one of a user's sessions or tokens by id;
// ErrNotFound when the user has none with that id.
func (db *DB) DeleteCredential(ctx context.Context, userID string, kind auth.CredentialKind, id string) error {
	if !validID(id) {
		return fmt.Errorf("%s %q: %w", kind, id, ErrNotFound)
	}
	table, _ := credentialTable(kind)
	tag, err := db.Pool.Exec(ctx, `DELETE FROM `+table+` WHERE user_id = $1 AND id = $2`, userID, id)
	if err != nil {
		return fmt.Errorf("revoke %s %s: %w", kind, id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s %s: %w", kind, id, ErrNotFound)
	}
	return nil
}

// credentialTable is the table of a kind and its name, browser and
// last-use columns (as the same three for both).
func credentialTable(kind auth.CredentialKind) (table, cols string) {
	if kind == auth.SessionCredential {
		return "sessions", "'', user_agent, NULL::timestamptz"
	}
	return "api_tokens", "name, '', last_used_at"
}

package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SetUserName changes a person's display name, rewrites it in the credits
// copied into derivations (see rewriteCredits) and marks the resources they
// contributed to for re-indexing (the index holds their credits).
func (db *DB) SetUserName(ctx context.Context, userID, name, profileURL string) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET name = $2 WHERE id = $1 AND deleted_at IS NULL`, userID, name)
		if err != nil {
			return fmt.Errorf("set name of %s: %w", userID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("user %s: %w", userID, ErrNotFound)
		}
		if err := markInOrder(ctx, tx, creditedSQL, userID); err != nil {
			return fmt.Errorf("re-index resources of %s: %w", userID, err)
		}
		return rewriteCredits(ctx, tx, userID, name, profileURL)
	})
}

// SetUserPassword stores a new password hash and ends every session and API
// token of the account but the one the change was made with (keepSession or
// keepToken, the stored hash; nil keeps none of that kind), and voids the
// password-reset links.
func (db *DB) SetUserPassword(ctx context.Context, userID, hash string, keepSession, keepToken []byte) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1 AND deleted_at IS NULL`, userID, hash)
		if err != nil {
			return fmt.Errorf("set password of %s: %w", userID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("user %s: %w", userID, ErrNotFound)
		}
		return endCredentials(ctx, tx, userID, keepSession, keepToken)
	})
}

// EndAllCredentials ends every session and API token of the account and
// voids its password-reset links ("sign out everywhere").
func (db *DB) EndAllCredentials(ctx context.Context, userID string) error {
	return db.inTx(ctx, func(tx pgx.Tx) error { return endCredentials(ctx, tx, userID, nil, nil) })
}

func endCredentials(ctx context.Context, tx pgx.Tx, userID string, keepSession, keepToken []byte) error {
	for _, q := range []struct {
		sql  string
		keep []byte
	}{
		{`DELETE FROM sessions WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)`, keepSession},
		{`DELETE FROM api_tokens WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)`, keepToken},
	} {
		if _, err := tx.Exec(ctx, q.sql, userID, q.keep); err != nil {
			return fmt.Errorf("end credentials of %s: %w", userID, err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM password_resets WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("void reset links of %s: %w", userID, err)
	}
	return nil
}

// rewriteCredits puts a person's current name and profile address into the
// credits copied into derivations when they were made (source_snapshot):
// the snapshot keeps a work's credit when its source is renamed or
// deleted, but a person who renames themselves, or deletes their account
// and chooses how to be credited, is credited so everywhere. The caller has
// marked the derivations it rewrites for the index (creditedSQL, markInOrder).
func rewriteCredits(ctx context.Context, tx pgx.Tx, userID, name, url string) error {
	_, err := tx.Exec(ctx, `UPDATE derivations d SET source_snapshot = (
		SELECT coalesce(jsonb_agg(
			CASE WHEN jsonb_typeof(hop->'authors') = 'array' THEN jsonb_set(hop, '{authors}', (
				SELECT coalesce(jsonb_agg(CASE WHEN au->>'id' = $1 THEN au || jsonb_build_object('name', $2::text, 'url', $3::text) ELSE au END ORDER BY ord), '[]'::jsonb)
				FROM jsonb_array_elements(hop->'authors') WITH ORDINALITY AS a(au, ord)))
			ELSE hop END ORDER BY hord), '[]'::jsonb)
		FROM jsonb_array_elements(d.source_snapshot) WITH ORDINALITY AS h(hop, hord))
		WHERE `+namesPersonSQL,
		userID, name, url)
	if err != nil {
		return fmt.Errorf("rewrite credits of %s: %w", userID, err)
	}
	return nil
}

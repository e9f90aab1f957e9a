package store

import (
	"context"
	"fmt"
)

// SetUILanguage stores the interface language a user reads ("" follows
// their browser).
func (db *DB) SetUILanguage(ctx context.Context, userID, lang string) error {
	if _, err := db.Pool.Exec(ctx, `UPDATE users SET ui_language = $2 WHERE id = $1`, userID, lang); err != nil {
		return fmt.Errorf("set interface language of %s: %w", userID, err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// namesPersonSQL holds for a derivation d whose credits, copied when it was made
// (source_snapshot), name person $1.
const namesPersonSQL = `jsonb_typeof(d.source_snapshot) = 'array'
	AND jsonb_path_exists(d.source_snapshot, '$[*].authors[*] ? (@.id == $id)', jsonb_build_object('id', $1::text))`

// creditedSQL selects every resource whose index row holds person $1's credits: what they
// contributed to, and the derivations whose copied credits name them.
const creditedSQL = `SELECT c.id FROM (` + contributedSQL + `) c
	UNION SELECT d.derived_id FROM derivations d WHERE ` + namesPersonSQL

// markInOrder marks for the index, in one statement and in id order, every resource a
// transaction about person $1 will mark, before it marks anything else (migration 038 gives
// the rule): query selects their ids from args. A change to a person reaches many resources,
// and a visibility change takes its family's marks in id order, so the two took marks in
// opposite orders and one of them failed with "deadlock detected" (store
// TestAccountDeletionBesideVisibilityNeverDeadlocks). The transaction's later marks are then
// of marks it already holds.
func markInOrder(ctx context.Context, tx pgx.Tx, query string, args ...any) error {
	if _, err := tx.Exec(ctx, `SELECT search_mark(f.id) FROM (`+query+` ORDER BY 1) f`, args...); err != nil {
		return fmt.Errorf("mark for the index: %w", err)
	}
	return nil
}

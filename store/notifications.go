package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Notification is one inbox row as stored: ids and small facts, never
// titles (the application composes the sentence when it is read, under the
// access policy of that moment).
type Notification struct {
	ID         string
	UserID     string
	Kind       string
	ResourceID string // the place it leads to
	OtherID    string // another resource it names ("" when none)
	ProposalID string // "" when none
	ActorID    string // "" when none (or the account is gone)
	Detail     map[string]string
	Count      int
	Created    time.Time
	Updated    time.Time
	Read       bool
}

// notificationCols read the table under the alias n.
const notificationCols = `n.id, n.user_id, n.kind, n.resource_id, coalesce(n.other_id::text, ''), coalesce(n.proposal_id::text, ''),
	coalesce(n.actor_id::text, ''), n.detail, n.count, n.created_at, n.updated_at, n.read_at IS NOT NULL`

func scanNotification(row pgx.Row) (Notification, error) {
	var n Notification
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.ResourceID, &n.OtherID, &n.ProposalID, &n.ActorID, &n.Detail,
		&n.Count, &n.Created, &n.Updated, &n.Read)
	return n, err
}

func collectNotifications(rows pgx.Rows, err error) ([]Notification, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Notification, error) { return scanNotification(r) })
}

// AddNotification stores a notification, or folds it into the recipient's
// unread one of the same kind and place (counts added, newest actor and detail).
func (db *DB) AddNotification(ctx context.Context, n Notification) error {
	if n.Detail == nil {
		n.Detail = map[string]string{}
	}
	if n.Count < 1 {
		n.Count = 1
	}
	// A deleted account (a tombstone) is told nothing: it has no inbox.
	_, err := db.Pool.Exec(ctx, `INSERT INTO notifications (id, user_id, kind, resource_id, other_id, proposal_id, actor_id, detail, count)
		SELECT $1::uuid, $2::uuid, $3::text, $4::uuid, $5::uuid, $6::uuid, $7::uuid, $8::jsonb, $9::integer
		WHERE EXISTS (SELECT 1 FROM users WHERE id = $2::uuid AND deleted_at IS NULL)
		ON CONFLICT (user_id, kind, resource_id,
			coalesce(other_id, '00000000-0000-0000-0000-000000000000'::uuid),
			coalesce(proposal_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE read_at IS NULL
		DO UPDATE SET count = notifications.count + excluded.count, actor_id = excluded.actor_id, detail = excluded.detail, updated_at = now()`,
		NewID(), n.UserID, n.Kind, n.ResourceID, nullable(n.OtherID), nullable(n.ProposalID), nullable(n.ActorID), n.Detail, n.Count)
	if err != nil {
		return fmt.Errorf("add notification %s for %s: %w", n.Kind, n.UserID, err)
	}
	return nil
}

// Notifications lists a user's notifications, newest first, with the
// number there are in all.
func (db *DB) Notifications(ctx context.Context, userID string, unreadOnly bool, limit, offset int) ([]Notification, int, error) {
	where := `WHERE user_id = $1`
	if unreadOnly {
		where += ` AND read_at IS NULL`
	}
	var total int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM notifications n `+where, userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count notifications of %s: %w", userID, err)
	}
	list, err := collectNotifications(db.Pool.Query(ctx, `SELECT `+notificationCols+` FROM notifications n `+where+`
		ORDER BY updated_at DESC, id DESC LIMIT $2 OFFSET $3`, userID, limit, offset))
	if err != nil {
		return nil, 0, fmt.Errorf("notifications of %s: %w", userID, err)
	}
	return list, total, nil
}

// MarkNotificationsRead marks the user's notifications with the given ids
// read (all of them when all is true); others' ids are ignored.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID string, ids []string, all bool) (int64, error) {
	var err error
	var n int64
	if all {
		tag, e := db.Pool.Exec(ctx, `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, userID)
		n, err = tag.RowsAffected(), e
	} else {
		valid := make([]string, 0, len(ids))
		for _, id := range ids {
			if validID(id) {
				valid = append(valid, id)
			}
		}
		tag, e := db.Pool.Exec(ctx, `UPDATE notifications SET read_at = now()
			WHERE user_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL`, userID, valid)
		n, err = tag.RowsAffected(), e
	}
	if err != nil {
		return 0, fmt.Errorf("mark notifications of %s read: %w", userID, err)
	}
	return n, nil
}

// Owners lists the user ids with role owner on each of resourceIDs.
func (db *DB) Owners(ctx context.Context, resourceIDs ...string) (map[string][]string, error) {
	return db.usersWithRoles(ctx, resourceIDs, []string{"owner"})
}

// UsersWithRoles lists, for one resource, the user ids holding any of roles.
func (db *DB) UsersWithRoles(ctx context.Context, resourceID string, roles ...string) ([]string, error) {
	m, err := db.usersWithRoles(ctx, []string{resourceID}, roles)
	return m[resourceID], err
}

func (db *DB) usersWithRoles(ctx context.Context, resourceIDs, roles []string) (map[string][]string, error) {
	rows, err := db.Pool.Query(ctx, `SELECT resource_id::text, user_id::text FROM collaborators
		WHERE resource_id = ANY($1::uuid[]) AND role = ANY($2) ORDER BY created_at`, resourceIDs, roles)
	if err != nil {
		return nil, fmt.Errorf("users with roles %v: %w", roles, err)
	}
	out := map[string][]string{}
	var rid, uid string
	_, err = pgx.ForEachRow(rows, []any{&rid, &uid}, func() error {
		out[rid] = append(out[rid], uid)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("users with roles %v: %w", roles, err)
	}
	return out, nil
}

// DerivedFrom is a live derivative of a source.
type DerivedFrom struct {
	ID, Kind string
}

// DerivedFrom lists the live resources derived directly from sourceID.
func (db *DB) DerivedFrom(ctx context.Context, sourceID string) ([]DerivedFrom, error) {
	rows, err := db.Pool.Query(ctx, `SELECT d.derived_id::text, d.kind FROM derivations d
		JOIN resources r ON r.id = d.derived_id WHERE d.source_id = $1 AND r.deleted_at IS NULL`, sourceID)
	if err != nil {
		return nil, fmt.Errorf("derivatives of %s: %w", sourceID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[DerivedFrom])
	if err != nil {
		return nil, fmt.Errorf("derivatives of %s: %w", sourceID, err)
	}
	return out, nil
}

// A Title is what a resource or proposal is called, and the language of
// its resource ("" for a proposal's: its author wrote it in any language).
type Title struct {
	Text     string
	Language string
}

// Titles maps resource ids to their titles (deleted ones included; callers
// decide what may be shown).
func (db *DB) Titles(ctx context.Context, ids []string) (map[string]Title, error) {
	return db.titles(ctx, `SELECT id::text, title, language FROM resources WHERE id = ANY($1::uuid[])`, ids)
}

// ProposalTitles maps proposal ids to their titles.
func (db *DB) ProposalTitles(ctx context.Context, ids []string) (map[string]Title, error) {
	return db.titles(ctx, `SELECT id::text, title, '' FROM proposals WHERE id = ANY($1::uuid[])`, ids)
}

func (db *DB) titles(ctx context.Context, q string, ids []string) (map[string]Title, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if validID(id) {
			valid = append(valid, id)
		}
	}
	out := make(map[string]Title, len(valid))
	if len(valid) == 0 {
		return out, nil
	}
	rows, err := db.Pool.Query(ctx, q, valid)
	if err != nil {
		return nil, fmt.Errorf("titles: %w", err)
	}
	var id string
	var t Title
	if _, err := pgx.ForEachRow(rows, []any{&id, &t.Text, &t.Language}, func() error { out[id] = t; return nil }); err != nil {
		return nil, fmt.Errorf("titles: %w", err)
	}
	return out, nil
}

// Resources are the ids of the resources a notification names.
func (n Notification) Resources() []string {
	if n.OtherID == "" {
		return []string{n.ResourceID}
	}
	return []string{n.ResourceID, n.OtherID}
}

// NotificationOf loads one of userID's notifications.
func (db *DB) NotificationOf(ctx context.Context, userID, id string) (Notification, error) {
	if !validID(id) {
		return Notification{}, fmt.Errorf("notification %q: %w", id, ErrNotFound)
	}
	n, err := scanNotification(db.Pool.QueryRow(ctx, `SELECT `+notificationCols+` FROM notifications n WHERE id = $1 AND user_id = $2`, id, userID))
	if errors.Is(err, pgx.ErrNoRows) {
		return Notification{}, fmt.Errorf("notification %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Notification{}, fmt.Errorf("notification %s: %w", id, err)
	}
	return n, nil
}

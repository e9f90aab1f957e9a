package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// RightsMark is where a reader of the rights log stands: the snapshot of its last read (every
// transaction at or above XMax, and those in Running, had not committed) and the database's
// time then, up to which expired credentials have been reported.
type RightsMark struct {
	XMax    uint64
	Running []uint64
	At      time.Time
}

// RightsChanges is what the rights log holds since a mark: the resources whose live
// connections must be re-checked, and the users whose connections must be re-checked
// everywhere (a credential ended or expired).
type RightsChanges struct {
	Resources, Users []string
	Next             RightsMark // the mark to read from next time
}

// RightsChangesSince reads the rights log (migration 036) after since; nil since only returns
// the mark to start from. A row is new to a reader if its transaction had not committed at the
// reader's last snapshot: at or above that snapshot's xmax, or among its running transactions.
// So a change is read once, whatever order the writers commit in and however long another
// transaction in the cluster runs (a cursor at the oldest running transaction would read
// everything since a long pg_dump began again every second).
func (db *DB) RightsChangesSince(ctx context.Context, since *RightsMark) (RightsChanges, error) {
	xmax, running, after := "", []string{}, time.Time{}
	if since != nil {
		xmax, running, after = strconv.FormatUint(since.XMax, 10), xidTexts(since.Running), since.At
	}
	rows, err := db.Pool.Query(ctx, `SELECT NULL::text, NULL::text, pg_snapshot_xmax(s)::text,
			(SELECT coalesce(string_agg(x::text, ','), '') FROM pg_snapshot_xip(s) x), statement_timestamp()
			FROM pg_current_snapshot() s
		UNION ALL SELECT resource_id::text, user_id::text, NULL, NULL, NULL FROM rights_changes
			WHERE xid >= NULLIF($1, '')::xid8 OR xid = ANY($2::xid8[])
		UNION ALL SELECT NULL, user_id::text, NULL, NULL, NULL FROM sessions
			WHERE $1::text <> '' AND expires_at > $3 AND expires_at <= statement_timestamp()
		UNION ALL SELECT NULL, user_id::text, NULL, NULL, NULL FROM api_tokens
			WHERE $1::text <> '' AND expires_at > $3 AND expires_at <= statement_timestamp()`,
		xmax, running, after)
	if err != nil {
		return RightsChanges{}, fmt.Errorf("read the rights log: %w", err)
	}
	var out RightsChanges
	seenR, seenU := map[string]bool{}, map[string]bool{}
	var res, user, next, xip *string
	var at *time.Time
	_, err = pgx.ForEachRow(rows, []any{&res, &user, &next, &xip, &at}, func() error {
		switch {
		case next != nil:
			m, err := parseSnapshot(*next, *xip)
			if err != nil || at == nil {
				return fmt.Errorf("rights log snapshot %q %q: %w", *next, *xip, err)
			}
			m.At = *at
			out.Next = m
		case res != nil:
			if !seenR[*res] {
				seenR[*res] = true
				out.Resources = append(out.Resources, *res)
			}
		case user != nil:
			if !seenU[*user] {
				seenU[*user] = true
				out.Users = append(out.Users, *user)
			}
		}
		return nil
	})
	if err != nil {
		return RightsChanges{}, fmt.Errorf("read the rights log: %w", err)
	}
	return out, nil
}

// parseSnapshot reads a snapshot's xmax and its running transactions (comma-separated).
func parseSnapshot(xmax, xip string) (RightsMark, error) {
	var m RightsMark
	var err error
	if m.XMax, err = strconv.ParseUint(xmax, 10, 64); err != nil {
		return m, err
	}
	for x := range strings.SplitSeq(xip, ",") {
		if x == "" {
			continue
		}
		n, err := strconv.ParseUint(x, 10, 64)
		if err != nil {
			return m, err
		}
		m.Running = append(m.Running, n)
	}
	return m, nil
}

// String writes the mark for a reader that only hands it back (the live hubs):
// "<xmax>/<running, comma-separated>/<unix nanoseconds>".
func (m RightsMark) String() string {
	return strconv.FormatUint(m.XMax, 10) + "/" + strings.Join(xidTexts(m.Running), ",") + "/" + strconv.FormatInt(m.At.UnixNano(), 10)
}

// xidTexts writes transaction ids in decimal, as PostgreSQL reads an xid8.
func xidTexts(xs []uint64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.FormatUint(x, 10)
	}
	return out
}

// ParseRightsMark reads what String wrote; ok is false for anything else ("" included).
func ParseRightsMark(s string) (m RightsMark, ok bool) {
	xmax, rest, ok1 := strings.Cut(s, "/")
	xip, at, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 {
		return RightsMark{}, false
	}
	m, err := parseSnapshot(xmax, xip)
	ns, err2 := strconv.ParseInt(at, 10, 64)
	if err != nil || err2 != nil {
		return RightsMark{}, false
	}
	m.At = time.Unix(0, ns)
	return m, true
}

// PruneRightsChanges deletes log rows older than keep (by the database's clock).
func (db *DB) PruneRightsChanges(ctx context.Context, keep time.Duration) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM rights_changes WHERE at < now() - $1::interval`, keep); err != nil {
		return fmt.Errorf("prune the rights log: %w", err)
	}
	return nil
}

package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Mail is one e-mail in the outbox.
type Mail struct {
	ID        string
	UserID    string
	Kind      string // notification, digest, password_reset
	To        string
	Subject   string
	Text      string
	HTML      string
	Status    string // pending, sent, failed, expired
	Attempts  int
	NextTry   time.Time
	LastError string
	Sensitive bool       // erase the body once sent; never send after Expires
	Expires   *time.Time // for sensitive mail
	Created   time.Time
	Sent      *time.Time
}

const mailCols = `id, coalesce(user_id::text, ''), kind, to_addr, subject, body_text, body_html, status, attempts,
	next_attempt_at, last_error, sensitive, expires_at, created_at, sent_at`

func scanMail(row pgx.Row) (Mail, error) {
	var m Mail
	err := row.Scan(&m.ID, &m.UserID, &m.Kind, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Status, &m.Attempts,
		&m.NextTry, &m.LastError, &m.Sensitive, &m.Expires, &m.Created, &m.Sent)
	return m, err
}

// execer is a pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func insertMail(ctx context.Context, q execer, m Mail) error {
	var due any // first attempt: NextTry when the caller's clock set it, else now
	if !m.NextTry.IsZero() {
		due = m.NextTry
	}
	_, err := q.Exec(ctx, `INSERT INTO mail_outbox (id, user_id, kind, to_addr, subject, body_text, body_html, sensitive, expires_at, next_attempt_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now()))`, NewID(), nullable(m.UserID), m.Kind, m.To, m.Subject, m.Text, m.HTML,
		m.Sensitive, m.Expires, due)
	if err != nil {
		return fmt.Errorf("queue mail %s to %s: %w", m.Kind, m.To, err)
	}
	return nil
}

// EnqueueMail puts one e-mail in the outbox for the sender to pick up.
func (db *DB) EnqueueMail(ctx context.Context, m Mail) error {
	return insertMail(ctx, db.Pool, m)
}

// MailBuilder turns claimed notifications into e-mails (none, when nothing
// in them may be told any more). It runs inside the claiming transaction.
type MailBuilder func(ctx context.Context, rows []Notification) ([]Mail, error)

// ClaimImmediate takes up to limit unread notifications not yet mailed whose
// recipients asked for immediate e-mail, builds their mail, queues it and
// marks them mailed, in one transaction (rows another process holds are
// skipped). It returns how many notifications it took.
func (db *DB) ClaimImmediate(ctx context.Context, limit int, build MailBuilder) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := collectNotifications(tx.Query(ctx, `SELECT `+notificationCols+`
			FROM notification_settings s JOIN notifications n ON n.user_id = s.user_id
			WHERE s.email = 'immediate' AND n.mailed_at IS NULL AND n.read_at IS NULL
			ORDER BY n.updated_at LIMIT $1 FOR UPDATE OF n SKIP LOCKED`, limit))
		if err != nil {
			return fmt.Errorf("claim notifications: %w", err)
		}
		n = len(rows)
		return queueFor(ctx, tx, rows, build)
	})
	return n, err
}

// ClaimDigests takes up to limit people whose daily digest is due, builds
// each digest from their unread notifications not yet mailed, queues it,
// marks those notifications mailed and sets the next digest a day (every)
// later. It returns how many people it took.
func (db *DB) ClaimDigests(ctx context.Context, now time.Time, every time.Duration, limit int, build MailBuilder) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT user_id::text FROM notification_settings
			WHERE email = 'daily' AND digest_due_at <= $1 ORDER BY digest_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`, now, limit)
		if err != nil {
			return fmt.Errorf("claim digests: %w", err)
		}
		users, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("claim digests: %w", err)
		}
		n = len(users)
		for _, u := range users {
			list, err := collectNotifications(tx.Query(ctx, `SELECT `+notificationCols+` FROM notifications n
				WHERE user_id = $1 AND mailed_at IS NULL AND read_at IS NULL ORDER BY updated_at FOR UPDATE`, u))
			if err != nil {
				return fmt.Errorf("digest of %s: %w", u, err)
			}
			if err := queueFor(ctx, tx, list, build); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE notification_settings SET digest_due_at = $2 WHERE user_id = $1`, u, now.Add(every)); err != nil {
				return fmt.Errorf("next digest of %s: %w", u, err)
			}
		}
		return nil
	})
	return n, err
}

func queueFor(ctx context.Context, tx pgx.Tx, rows []Notification, build MailBuilder) error {
	if len(rows) == 0 {
		return nil
	}
	mails, err := build(ctx, rows)
	if err != nil {
		return err
	}
	for _, m := range mails {
		if err := insertMail(ctx, tx, m); err != nil {
			return err
		}
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	if _, err := tx.Exec(ctx, `UPDATE notifications SET mailed_at = now() WHERE id = ANY($1::uuid[])`, ids); err != nil {
		return fmt.Errorf("mark notifications mailed: %w", err)
	}
	return nil
}

// ClaimMail leases up to limit pending e-mails that are due, so no other
// process sends them during lease. Sensitive mail past its expiry is
// marked expired (body erased) instead.
func (db *DB) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Mail, error) {
	if _, err := db.Pool.Exec(ctx, `UPDATE mail_outbox SET status = 'expired', body_text = '', body_html = ''
		WHERE sensitive AND expires_at <= $1 AND status IN ('pending', 'failed')`, now); err != nil {
		return nil, fmt.Errorf("expire mail: %w", err)
	}
	rows, err := db.Pool.Query(ctx, `UPDATE mail_outbox SET next_attempt_at = $2 WHERE id IN (
			SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1
			ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING `+mailCols, now, now.Add(lease), limit)
	if err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Mail, error) { return scanMail(r) })
	if err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	return out, nil
}

// MailSent records a delivery; a sensitive body is erased.
func (db *DB) MailSent(ctx context.Context, id string, at time.Time) error {
	_, err := db.Pool.Exec(ctx, `UPDATE mail_outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = '',
		body_text = CASE WHEN sensitive THEN '' ELSE body_text END,
		body_html = CASE WHEN sensitive THEN '' ELSE body_html END WHERE id = $1`, id, at)
	if err != nil {
		return fmt.Errorf("mark mail %s sent: %w", id, err)
	}
	return nil
}

// MailFailed records a failed attempt: tried again at next, or kept as
// failed when final.
func (db *DB) MailFailed(ctx context.Context, id, reason string, next time.Time, final bool) error {
	status := "pending"
	if final {
		status = "failed"
	}
	_, err := db.Pool.Exec(ctx, `UPDATE mail_outbox SET status = $2, attempts = attempts + 1, last_error = $3, next_attempt_at = $4
		WHERE id = $1`, id, status, reason, next)
	if err != nil {
		return fmt.Errorf("mark mail %s failed: %w", id, err)
	}
	return nil
}

// RetryMail sets a failed e-mail pending again, due now.
func (db *DB) RetryMail(ctx context.Context, id string) error {
	if !validID(id) {
		return fmt.Errorf("mail %q: %w", id, ErrNotFound)
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE mail_outbox SET status = 'pending', next_attempt_at = now() WHERE id = $1 AND status = 'failed'`, id)
	if err != nil {
		return fmt.Errorf("retry mail %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("failed mail %s: %w", id, ErrNotFound)
	}
	return nil
}

// Outbox lists e-mails, newest first: all, or those with status.
func (db *DB) Outbox(ctx context.Context, status string, limit int) ([]Mail, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE $1 = '' OR status = $1
		ORDER BY created_at DESC, id DESC LIMIT $2`, status, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Mail, error) { return scanMail(r) })
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// OutboxMail loads one e-mail of the outbox.
func (db *DB) OutboxMail(ctx context.Context, id string) (Mail, error) {
	if !validID(id) {
		return Mail{}, fmt.Errorf("mail %q: %w", id, ErrNotFound)
	}
	m, err := scanMail(db.Pool.QueryRow(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Mail{}, fmt.Errorf("mail %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Mail{}, fmt.Errorf("mail %s: %w", id, err)
	}
	return m, nil
}

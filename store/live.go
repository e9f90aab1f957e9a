package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
)

// OpsChannel is the LISTEN/NOTIFY channel on which commits are announced as
// "<resource>:<version>", several separated by commas. It is a hint only: the
// data is always read from ops.
const OpsChannel = "commonplace_ops"

// LiveStore is hub.Store on PostgreSQL: the ops log, snapshots and the
// resources.version / content cache.
type LiveStore struct{ db *DB }

// Live returns the live-editing store over db.
func (db *DB) Live() *LiveStore { return &LiveStore{db: db} }

var _ hub.Store = (*LiveStore)(nil)

func notFoundDoc(doc string) error {
	return fmt.Errorf("live document %s: %w (%w)", doc, hub.ErrNotFound, ErrNotFound)
}

// LoadDoc returns the latest snapshot of doc and the ops after it.
func (s *LiveStore) LoadDoc(ctx context.Context, doc string) (hub.Snapshot, []hub.StoredOp, error) {
	if !validID(doc) {
		return hub.Snapshot{}, nil, notFoundDoc(doc)
	}
	var content string
	var deleted *time.Time
	err := s.db.Pool.QueryRow(ctx, `SELECT content, deleted_at FROM resources WHERE id = $1`, doc).Scan(&content, &deleted)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && deleted != nil) {
		return hub.Snapshot{}, nil, notFoundDoc(doc)
	}
	if err != nil {
		return hub.Snapshot{}, nil, fmt.Errorf("load live document %s: %w", doc, err)
	}
	snap := hub.Snapshot{Doc: doc}
	var attr []byte
	err = s.db.Pool.QueryRow(ctx, `SELECT version, content, attribution::text FROM snapshots
		WHERE resource_id = $1 ORDER BY version DESC LIMIT 1`, doc).Scan(&snap.Version, &snap.Text, &attr)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// Never snapshotted: version 0 is the text the resource was created with.
		snap.Text = content
		if n := collab.Len16(content); n > 0 {
			snap.Attribution = collab.Attribution{{Author: "", Len: n}}
		}
	case err != nil:
		return hub.Snapshot{}, nil, fmt.Errorf("snapshot of %s: %w", doc, err)
	default:
		if err := json.Unmarshal(attr, &snap.Attribution); err != nil {
			return hub.Snapshot{}, nil, fmt.Errorf("attribution of %s@%d: %w", doc, snap.Version, err)
		}
	}
	ops, err := s.opsAfter(ctx, doc, snap.Version, 0)
	if err != nil {
		return hub.Snapshot{}, nil, err
	}
	return snap, ops, nil
}

// OpsSince returns at most limit ops of doc after version since, ascending.
func (s *LiveStore) OpsSince(ctx context.Context, doc string, since int64, limit int) ([]hub.StoredOp, error) {
	if !validID(doc) {
		return nil, notFoundDoc(doc)
	}
	if limit <= 0 {
		return nil, nil
	}
	return s.opsAfter(ctx, doc, since, limit)
}

// opsAfter reads the ops after since (all of them when limit is 0) and checks
// that they follow one another without a gap.
func (s *LiveStore) opsAfter(ctx context.Context, doc string, since int64, limit int) ([]hub.StoredOp, error) {
	q := `SELECT version, author_id::text, client_id, client_seq, op, created_at FROM ops
		WHERE resource_id = $1 AND version > $2 ORDER BY version`
	args := []any{doc, since}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := s.db.Pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("ops of %s after %d: %w", doc, since, err)
	}
	defer rows.Close()
	var out []hub.StoredOp
	next := since + 1
	for rows.Next() {
		o := hub.StoredOp{Doc: doc}
		var text string
		if err := rows.Scan(&o.Version, &o.Author, &o.Client, &o.Seq, &text, &o.Time); err != nil {
			return nil, fmt.Errorf("ops of %s: %w", doc, err)
		}
		if o.Version != next {
			return nil, fmt.Errorf("ops of %s: version %d follows %d: gap in the log", doc, o.Version, next-1)
		}
		next++
		// Stored ops were validated when they were committed; no limits on reading them back.
		if o.Op, err = collab.ParseOp([]byte(text), collab.Limits{}); err != nil {
			return nil, fmt.Errorf("op %s@%d: %w", doc, o.Version, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ops of %s: %w", doc, err)
	}
	return out, nil
}

// AppendOps stores a batch in one transaction and returns when it is
// durable, on the committers' own connections (commits.go). The common case
// is one statement: every op of every document of the batch in one multi-row
// INSERT (unnest of arrays, a prepared statement), committed on its own — one
// round trip and one WAL flush for the whole batch, and nothing else on the
// acknowledgement path: the resources row is brought up to date with the next
// snapshot, and the other processes are told by the notifier after the
// commit. When a row clashes (another process won a version, or an attempt
// whose outcome was unknown stored it) that statement fails as a whole and
// the batch is stored again op by op (appendEach), which reports each op's
// fate. Versions are all the store rules on: the hub tells a resend from a
// new op (collab/hub, process; migration 035).
func (s *LiveStore) AppendOps(ctx context.Context, batch []hub.StoredOp) ([]hub.AppendResult, error) {
	res := make([]hub.AppendResult, len(batch))
	if len(batch) == 0 {
		return res, nil
	}
	err := s.appendAll(ctx, batch)
	switch {
	case err == nil:
		// res is all Appended (the zero value)
	case isUnique(err):
		if err := s.appendEach(ctx, batch, res); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	s.db.notifier().ops(batch, res)
	return res, nil
}

func isUnique(err error) bool { _, ok := uniqueViolation(err); return ok }

func (s *LiveStore) appendAll(ctx context.Context, batch []hub.StoredOp) error {
	return execAppendAll(ctx, s.db.commits, batch)
}

// appendEach stores a batch op by op in one transaction, after the whole
// batch clashed. Documents are taken in id order (two processes lock rows in
// the same order and rarely deadlock), each document's ops in batch order;
// once one is not appended, the later ones of that document are reported
// VersionTaken without being written, since they were computed on top of it.
func (s *LiveStore) appendEach(ctx context.Context, batch []hub.StoredOp, res []hub.AppendResult) error {
	byDoc := map[string][]int{}
	for i, o := range batch {
		byDoc[o.Doc] = append(byDoc[o.Doc], i)
	}
	docs := make([]string, 0, len(byDoc))
	for d := range byDoc {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	err := pgx.BeginFunc(ctx, s.db.commits, func(tx pgx.Tx) error {
		for _, doc := range docs {
			failed := false
			for _, i := range byDoc[doc] {
				if failed {
					res[i] = hub.AppendResult{Status: hub.VersionTaken}
					continue
				}
				r, err := appendOne(ctx, tx, batch[i])
				if err != nil {
					return err
				}
				res[i] = r
				failed = r.Status != hub.Appended
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("append %d ops one by one: %w", len(batch), err)
	}
	return nil
}

func appendOne(ctx context.Context, tx pgx.Tx, o hub.StoredOp) (hub.AppendResult, error) {
	opJSON, err := o.Op.MarshalJSON()
	if err != nil {
		return hub.AppendResult{}, fmt.Errorf("encode op %s@%d: %w", o.Doc, o.Version, err)
	}
	at := o.Time
	if at.IsZero() {
		at = time.Now()
	}
	tag, err := tx.Exec(ctx, `INSERT INTO ops (resource_id, version, author_id, client_id, client_seq, op, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (resource_id, version) DO NOTHING`,
		o.Doc, o.Version, o.Author, o.Client, o.Seq, string(opJSON), at)
	if err != nil {
		return hub.AppendResult{}, fmt.Errorf("insert op %s@%d: %w", o.Doc, o.Version, err)
	}
	if tag.RowsAffected() == 1 {
		return hub.AppendResult{Status: hub.Appended}, nil
	}
	return hub.AppendResult{Status: hub.VersionTaken}, nil
}

// SaveSnapshot stores the text and attribution at a version (saving the same
// version twice is not an error) and, when this is the newest snapshot,
// brings the resources row up to date: the content cache, the version and
// when it was last edited. A snapshot can always be rebuilt from the ops, so
// it is committed without waiting for the WAL flush (synchronous_commit off
// for this transaction only): snapshots never hold up an acknowledgement.
func (s *LiveStore) SaveSnapshot(ctx context.Context, snap hub.Snapshot) error {
	attr, err := json.Marshal(snap.Attribution)
	if err != nil {
		return fmt.Errorf("snapshot %s@%d: %w", snap.Doc, snap.Version, err)
	}
	if string(attr) == "null" {
		attr = []byte("[]")
	}
	edited := snap.Edited
	if edited.IsZero() {
		edited = time.Now()
	}
	return s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return fmt.Errorf("snapshot %s@%d: %w", snap.Doc, snap.Version, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO snapshots (resource_id, version, content, attribution) VALUES ($1, $2, $3, $4)
			ON CONFLICT (resource_id, version) DO NOTHING`, snap.Doc, snap.Version, snap.Text, string(attr)); err != nil {
			return fmt.Errorf("snapshot %s@%d: %w", snap.Doc, snap.Version, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE resources SET content = $2, version = GREATEST(version, $3), updated_at = GREATEST(updated_at, $4)
			WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM snapshots WHERE resource_id = $1 AND version > $3)`,
			snap.Doc, snap.Text, snap.Version, edited); err != nil {
			return fmt.Errorf("content cache of %s: %w", snap.Doc, err)
		}
		return nil
	})
}

// TextAt rebuilds the text of doc at version: the newest snapshot at or
// before it plus the ops up to it. Used to diff an edit made against an old
// version (a form opened a while ago) so the edit can be transformed.
func (s *LiveStore) TextAt(ctx context.Context, doc string, version int64) (string, error) {
	if !validID(doc) {
		return "", notFoundDoc(doc)
	}
	var from int64
	var text string
	err := s.db.Pool.QueryRow(ctx, `SELECT version, content FROM snapshots WHERE resource_id = $1 AND version <= $2
		ORDER BY version DESC LIMIT 1`, doc, version).Scan(&from, &text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("text of %s at %d: %w", doc, version, hub.ErrBaseUnknown)
	}
	if err != nil {
		return "", fmt.Errorf("text of %s at %d: %w", doc, version, err)
	}
	if from == version {
		return text, nil
	}
	ops, err := s.opsAfter(ctx, doc, from, int(version-from))
	if err != nil {
		return "", err
	}
	if int64(len(ops)) != version-from {
		return "", fmt.Errorf("text of %s at %d: %w", doc, version, hub.ErrBaseUnknown)
	}
	d := collab.NewDoc(text)
	for _, o := range ops {
		if err := d.Apply(o.Op, collab.Limits{}); err != nil {
			return "", fmt.Errorf("replay %s@%d: %w", doc, o.Version, err)
		}
	}
	return d.String(), nil
}

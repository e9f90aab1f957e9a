package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
)

// SegmentFilter narrows a segment listing.
type SegmentFilter struct {
	State        string // "" for any
	OutdatedOnly bool
	SinceRev     int64 // only segments changed after this rev (0: all)
}

// CreateTranslation stores a new translation resource (kind translation),
// its pinned source and its first segments in one transaction.
func (db *DB) CreateTranslation(ctx context.Context, r resource.Resource, attribution []byte, src translation.Source, segs []translation.StoredSegment) (resource.Resource, error) {
	if r.ID == "" {
		r.ID = NewID()
	}
	if r.Subjects == nil {
		r.Subjects = []string{}
	}
	r.Kind = resource.Translation
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := insertResource(ctx, tx, r, attribution); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO translation_sources (translation_id, source_id, source_version, source_text, source_language)
			VALUES ($1, $2, $3, $4, $5)`, r.ID, src.SourceID, src.SourceVersion, src.SourceText, src.SourceLanguage); err != nil {
			return fmt.Errorf("insert translation source: %w", err)
		}
		if src.SourceRevision != "" {
			snap := src.Snapshot
			if snap == nil {
				snap = []byte("[]")
			}
			if _, err := tx.Exec(ctx, `INSERT INTO derivations (derived_id, source_id, source_revision, kind, source_snapshot)
				VALUES ($1, $2, $3, 'translation', $4)`, r.ID, src.SourceID, src.SourceRevision, string(snap)); err != nil {
				return fmt.Errorf("insert derivation: %w", err)
			}
		}
		if err := copyImages(ctx, tx, src.SourceID, r.ID); err != nil {
			return err
		}
		return insertSegments(ctx, tx, r.ID, segs, 0)
	})
	if err != nil {
		return resource.Resource{}, err
	}
	return db.Resource(ctx, r.ID)
}

func insertSegments(ctx context.Context, tx pgx.Tx, tid string, segs []translation.StoredSegment, rev int64) error {
	rows := make([][]any, len(segs))
	for i, s := range segs {
		ph := placeholdersJSON(s.Placeholders)
		state := s.State
		if state == "" {
			state = translation.StateInitial
		}
		segRev := s.Rev
		if segRev == 0 {
			segRev = rev
		}
		rows[i] = []any{tid, s.ID, s.Position, s.Source, s.SourceHash, ph, s.Target, string(state), s.Outdated, s.PreviousSource, segRev,
			nullable(s.UpdatedBy), nullable(s.TranslatedBy)}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"translation_segments"},
		[]string{"translation_id", "segment_id", "position", "source", "source_hash", "placeholders", "target", "state", "outdated", "previous_source", "rev",
			"updated_by", "translated_by"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("insert segments of %s: %w", tid, err)
	}
	return nil
}

// TranslationSourceOf returns the pinned source of a translation, or
// ErrNotFound when the resource is not a translation.
func (db *DB) TranslationSourceOf(ctx context.Context, translationID string) (translation.Source, error) {
	if !validID(translationID) {
		return translation.Source{}, fmt.Errorf("translation %q: %w", translationID, ErrNotFound)
	}
	var s translation.Source
	err := db.Pool.QueryRow(ctx, `SELECT translation_id, source_id, source_version, source_text, source_language,
		publish_approved_only, approve_own, rev, created_at, synced_at FROM translation_sources WHERE translation_id = $1`, translationID).
		Scan(&s.TranslationID, &s.SourceID, &s.SourceVersion, &s.SourceText, &s.SourceLanguage, &s.PublishApprovedOnly, &s.ApproveOwn, &s.Rev, &s.Created, &s.Synced)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, fmt.Errorf("translation %s: %w", translationID, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("translation %s: %w", translationID, err)
	}
	return s, nil
}

// SetApproveOwn stores whether translators may approve their own segments
// (nil: the default).
func (db *DB) SetApproveOwn(ctx context.Context, translationID string, on *bool) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE translation_sources SET approve_own = $2 WHERE translation_id = $1`, translationID, on)
	if err != nil {
		return fmt.Errorf("self-approval setting of %s: %w", translationID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("translation %s: %w", translationID, ErrNotFound)
	}
	return nil
}

// SetPublishApprovedOnly changes the owner's publishing setting.
func (db *DB) SetPublishApprovedOnly(ctx context.Context, translationID string, on bool) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE translation_sources SET publish_approved_only = $2 WHERE translation_id = $1`, translationID, on)
	if err != nil {
		return fmt.Errorf("publish setting of %s: %w", translationID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("translation %s: %w", translationID, ErrNotFound)
	}
	return nil
}

const segmentCols = `segment_id, position, source, source_hash, placeholders::text, target, state, outdated, previous_source, rev,
	coalesce(updated_by::text, ''), coalesce(translated_by::text, ''), updated_at`

func scanSegment(row pgx.Row) (translation.StoredSegment, error) {
	var s translation.StoredSegment
	var ph string
	err := row.Scan(&s.ID, &s.Position, &s.Source, &s.SourceHash, &ph, &s.Target, &s.State, &s.Outdated, &s.PreviousSource, &s.Rev, &s.UpdatedBy, &s.TranslatedBy, &s.Updated)
	if err != nil {
		return s, err
	}
	s.Placeholders, err = parsePlaceholders(ph)
	return s, err
}

// placeholderRecord is how a segment's placeholders are kept with its row.
type placeholderRecord struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Bytes   string `json:"bytes"`
	Display string `json:"display"`
}

func placeholdersJSON(ps []translation.Placeholder) string {
	out := make([]placeholderRecord, len(ps))
	for i, p := range ps {
		out[i] = placeholderRecord(p)
	}
	b, _ := json.Marshal(out) // plain strings: cannot fail
	return string(b)
}

func parsePlaceholders(raw string) ([]translation.Placeholder, error) {
	var in []placeholderRecord
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		return nil, fmt.Errorf("decode placeholders: %w", err)
	}
	out := make([]translation.Placeholder, len(in))
	for i, p := range in {
		out[i] = translation.Placeholder(p)
	}
	return out, nil
}

// Segments lists a translation's current segments in document order.
func (db *DB) Segments(ctx context.Context, translationID string, f SegmentFilter) ([]translation.StoredSegment, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+segmentCols+` FROM translation_segments
		WHERE translation_id = $1 AND ($2 = '' OR state = $2) AND (NOT $3 OR outdated) AND ($4 = 0 OR rev > $4)
		ORDER BY position`, translationID, f.State, f.OutdatedOnly, f.SinceRev)
	if err != nil {
		return nil, fmt.Errorf("segments of %s: %w", translationID, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (translation.StoredSegment, error) { return scanSegment(r) })
	if err != nil {
		return nil, fmt.Errorf("segments of %s: %w", translationID, err)
	}
	return list, nil
}

// Segment loads one segment.
func (db *DB) Segment(ctx context.Context, translationID, segmentID string) (translation.StoredSegment, error) {
	s, err := scanSegment(db.Pool.QueryRow(ctx, `SELECT `+segmentCols+` FROM translation_segments
		WHERE translation_id = $1 AND segment_id = $2`, translationID, segmentID))
	if errors.Is(err, pgx.ErrNoRows) {
		return s, fmt.Errorf("segment %s: %w", segmentID, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("segment %s: %w", segmentID, err)
	}
	return s, nil
}

// SegmentChange is a new target, state and outdated flag for one segment.
type SegmentChange struct {
	ID             string
	Target         string
	State          string
	Outdated       bool
	PreviousSource string
}

// UpdateSegments writes changes to segments in one transaction, bumping the
// translation's rev once, and returns the new rev. A missing segment is
// ErrNotFound and nothing changes.
func (db *DB) UpdateSegments(ctx context.Context, translationID, by string, changes []SegmentChange) (int64, error) {
	var rev int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `UPDATE translation_sources SET rev = rev + 1 WHERE translation_id = $1 RETURNING rev`,
			translationID).Scan(&rev); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("translation %s: %w", translationID, ErrNotFound)
			}
			return fmt.Errorf("bump rev of %s: %w", translationID, err)
		}
		for _, ch := range changes {
			// translated_by follows the text: a change of state alone keeps it.
			tag, err := tx.Exec(ctx, `UPDATE translation_segments SET target = $3, state = $4, outdated = $5, previous_source = $6,
				rev = $7, updated_by = $8, updated_at = now(),
				translated_by = CASE WHEN target IS DISTINCT FROM $3 THEN (CASE WHEN $3 = '' THEN NULL ELSE $8::uuid END) ELSE translated_by END
				WHERE translation_id = $1 AND segment_id = $2`,
				translationID, ch.ID, ch.Target, ch.State, ch.Outdated, ch.PreviousSource, rev, nullable(by))
			if err != nil {
				return fmt.Errorf("update segment %s: %w", ch.ID, err)
			}
			if tag.RowsAffected() == 0 {
				return fmt.Errorf("segment %s: %w", ch.ID, ErrNotFound)
			}
		}
		return nil
	})
	return rev, err
}

// SyncTranslation replaces a translation's segments after re-alignment to a
// new source text: segs become the current segments, archived ones move to
// the archive, and the pinned source moves to version/text. One transaction.
func (db *DB) SyncTranslation(ctx context.Context, translationID string, version int64, text string, segs []translation.StoredSegment, archived []translation.StoredSegment) (int64, error) {
	var rev int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var oldVersion int64
		if err := tx.QueryRow(ctx, `SELECT source_version FROM translation_sources WHERE translation_id = $1 FOR UPDATE`,
			translationID).Scan(&oldVersion); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("translation %s: %w", translationID, ErrNotFound)
			}
			return fmt.Errorf("lock translation %s: %w", translationID, err)
		}
		if err := tx.QueryRow(ctx, `UPDATE translation_sources SET source_version = $2, source_text = $3, rev = rev + 1, synced_at = now()
			WHERE translation_id = $1 RETURNING rev`, translationID, version, text).Scan(&rev); err != nil {
			return fmt.Errorf("pin source of %s: %w", translationID, err)
		}
		for _, a := range archived {
			if _, err := tx.Exec(ctx, `INSERT INTO translation_segments_archive (translation_id, segment_id, source, target, state, source_version)
				VALUES ($1, $2, $3, $4, $5, $6)`, translationID, a.ID, a.Source, a.Target, a.State, oldVersion); err != nil {
				return fmt.Errorf("archive segment %s: %w", a.ID, err)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM translation_segments WHERE translation_id = $1`, translationID); err != nil {
			return fmt.Errorf("clear segments of %s: %w", translationID, err)
		}
		return insertSegments(ctx, tx, translationID, segs, rev)
	})
	return rev, err
}

// ArchivedSegments lists the segments archived by syncs, newest first.
func (db *DB) ArchivedSegments(ctx context.Context, translationID string) ([]translation.ArchivedSegment, error) {
	rows, err := db.Pool.Query(ctx, `SELECT segment_id, source, target, state, source_version, archived_at
		FROM translation_segments_archive WHERE translation_id = $1 ORDER BY archived_at DESC, id DESC LIMIT 1000`, translationID)
	if err != nil {
		return nil, fmt.Errorf("archive of %s: %w", translationID, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (translation.ArchivedSegment, error) {
		var a translation.ArchivedSegment
		err := r.Scan(&a.ID, &a.Source, &a.Target, &a.State, &a.SourceVersion, &a.Archived)
		return a, err
	})
}

// WithTranslationLock runs fn holding a session advisory lock for the
// translation, so that a segment change and the rebuild of the translated
// text that follows it are not interleaved with another change (across
// server processes too).
func (db *DB) WithTranslationLock(ctx context.Context, translationID string, fn func() error) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("lock translation %s: %w", translationID, err)
	}
	defer conn.Release()
	h := fnv.New64a()
	h.Write([]byte("translation:" + translationID))
	key := int64(h.Sum64())
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return fmt.Errorf("lock translation %s: %w", translationID, err)
	}
	defer func() {
		// A fresh context: the lock must be released even if ctx was cancelled.
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock($1)`, key); err != nil {
			conn.Conn().Close(uctx) // closing the session drops the lock
		}
	}()
	return fn()
}

// AddComment stores a comment on a segment.
func (db *DB) AddComment(ctx context.Context, translationID, segmentID, authorID, body string, sentBack bool) (translation.Comment, error) {
	c := translation.Comment{ID: NewID(), Segment: segmentID, Body: body, SentBack: sentBack}
	err := db.Pool.QueryRow(ctx, `WITH ins AS (INSERT INTO segment_comments (id, translation_id, segment_id, author_id, body, sent_back)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at, author_id)
		SELECT ins.created_at, u.id, u.handle, u.name FROM ins JOIN users u ON u.id = ins.author_id`,
		c.ID, translationID, segmentID, authorID, body, sentBack).Scan(&c.Created, &c.Author.ID, &c.Author.Handle, &c.Author.Name)
	if err != nil {
		return c, fmt.Errorf("add comment: %w", err)
	}
	return c, nil
}

// Comments lists a translation's comments, oldest first, per segment.
func (db *DB) Comments(ctx context.Context, translationID string) (map[string][]translation.Comment, error) {
	rows, err := db.Pool.Query(ctx, `SELECT c.id, c.segment_id, u.id, u.handle, u.name, c.body, c.sent_back, c.created_at
		FROM segment_comments c JOIN users u ON u.id = c.author_id WHERE c.translation_id = $1 ORDER BY c.created_at, c.id`, translationID)
	if err != nil {
		return nil, fmt.Errorf("comments of %s: %w", translationID, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (translation.Comment, error) {
		var c translation.Comment
		err := r.Scan(&c.ID, &c.Segment, &c.Author.ID, &c.Author.Handle, &c.Author.Name, &c.Body, &c.SentBack, &c.Created)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("comments of %s: %w", translationID, err)
	}
	out := map[string][]translation.Comment{}
	for _, c := range list {
		out[c.Segment] = append(out[c.Segment], c)
	}
	return out, nil
}

// TouchPresence records that userID is on the translation (at a segment) and
// returns everyone seen within window, the caller included.
func (db *DB) TouchPresence(ctx context.Context, translationID, userID, segmentID string, window time.Duration) ([]translation.Peer, error) {
	if _, err := db.Pool.Exec(ctx, `INSERT INTO translation_presence (translation_id, user_id, segment_id) VALUES ($1, $2, $3)
		ON CONFLICT (translation_id, user_id) DO UPDATE SET segment_id = EXCLUDED.segment_id, seen_at = now()`,
		translationID, userID, segmentID); err != nil {
		return nil, fmt.Errorf("presence: %w", err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT u.id, u.handle, u.name, p.segment_id, p.seen_at FROM translation_presence p
		JOIN users u ON u.id = p.user_id WHERE p.translation_id = $1 AND p.seen_at > now() - $2::interval ORDER BY u.handle`,
		translationID, fmt.Sprintf("%d milliseconds", window.Milliseconds()))
	if err != nil {
		return nil, fmt.Errorf("presence: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (translation.Peer, error) {
		var p translation.Peer
		err := r.Scan(&p.User.ID, &p.User.Handle, &p.User.Name, &p.Segment, &p.Seen)
		return p, err
	})
}

package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/versioning"
)

const proposalCols = `p.id, p.source_id, p.fork_id, p.kind, p.title, p.description, p.status, s.title, f.title, s.language, f.language,
	p.author_id, au.name, coalesce(p.approved_by::text, ''), coalesce(ap.name, ''), coalesce(p.approved_revision::text, ''),
	p.approved_at, coalesce(p.merged_revision::text, ''), coalesce(p.closed_by::text, ''), coalesce(cl.name, ''), p.closed_at,
	coalesce((SELECT x.number FROM revisions x WHERE x.id = p.approved_revision), 0),
	coalesce((SELECT x.number FROM revisions x WHERE x.id = p.merged_revision), 0), p.created_at, p.updated_at`

const proposalFrom = ` FROM proposals p JOIN resources s ON s.id = p.source_id JOIN resources f ON f.id = p.fork_id
	JOIN users au ON au.id = p.author_id LEFT JOIN users ap ON ap.id = p.approved_by LEFT JOIN users cl ON cl.id = p.closed_by`

func scanProposal(row pgx.Row) (versioning.Proposal, error) {
	var p versioning.Proposal
	err := row.Scan(&p.ID, &p.SourceID, &p.ForkID, &p.Kind, &p.Title, &p.Description, &p.Status, &p.SourceTitle, &p.ForkTitle, &p.SourceLanguage, &p.ForkLanguage,
		&p.AuthorID, &p.AuthorName, &p.ApprovedBy, &p.ApprovedByName, &p.ApprovedRevision, &p.ApprovedAt, &p.MergedRevision,
		&p.ClosedBy, &p.ClosedByName, &p.ClosedAt, &p.ApprovedRevisionNumber, &p.MergedRevisionNumber, &p.Created, &p.Updated)
	return p, err
}

// CreateProposal stores a new open proposal.
func (db *DB) CreateProposal(ctx context.Context, p versioning.Proposal) (versioning.Proposal, error) {
	p.ID = NewID()
	if _, err := db.Pool.Exec(ctx, `INSERT INTO proposals (id, source_id, fork_id, kind, title, description, author_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, p.SourceID, p.ForkID, p.Kind, p.Title, p.Description, p.AuthorID); err != nil {
		return versioning.Proposal{}, fmt.Errorf("create proposal: %w", err)
	}
	return db.Proposal(ctx, p.ID)
}

// versioning.Proposal loads one proposal.
func (db *DB) Proposal(ctx context.Context, id string) (versioning.Proposal, error) {
	if !validID(id) {
		return versioning.Proposal{}, fmt.Errorf("proposal %q: %w", id, ErrNotFound)
	}
	p, err := scanProposal(db.Pool.QueryRow(ctx, `SELECT `+proposalCols+proposalFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return versioning.Proposal{}, fmt.Errorf("proposal %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return versioning.Proposal{}, fmt.Errorf("proposal %s: %w", id, err)
	}
	return p, nil
}

// AddReview records a review and moves the proposal's status: an approval
// approves it (recording who, when and at which revision of the derivative),
// a request for changes sets it back; comments change nothing.
func (db *DB) AddReview(ctx context.Context, r versioning.Review) (versioning.Review, error) {
	r.ID = NewID()
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO reviews (id, proposal_id, author_id, verdict, body, revision_id)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`, r.ID, r.ProposalID, r.AuthorID, r.Verdict, r.Body,
			nullable(r.RevisionID)).Scan(&r.Created); err != nil {
			return fmt.Errorf("insert review: %w", err)
		}
		var err error
		switch r.Verdict {
		case "approve":
			_, err = tx.Exec(ctx, `UPDATE proposals SET status = 'approved', approved_by = $2, approved_at = $3,
				approved_revision = $4, updated_at = now() WHERE id = $1 AND status IN ('open', 'approved', 'changes_requested')`,
				r.ProposalID, r.AuthorID, r.Created, nullable(r.RevisionID))
		case "request_changes":
			_, err = tx.Exec(ctx, `UPDATE proposals SET status = 'changes_requested', approved_by = NULL, approved_at = NULL,
				approved_revision = NULL, updated_at = now() WHERE id = $1 AND status IN ('open', 'approved', 'changes_requested')`, r.ProposalID)
		default:
			_, err = tx.Exec(ctx, `UPDATE proposals SET updated_at = now() WHERE id = $1`, r.ProposalID)
		}
		if err != nil {
			return fmt.Errorf("update proposal %s: %w", r.ProposalID, err)
		}
		return nil
	})
	return r, err
}

// Reviews lists a proposal's reviews, oldest first.
func (db *DB) Reviews(ctx context.Context, proposalID string) ([]versioning.Review, error) {
	rows, err := db.Pool.Query(ctx, `SELECT r.id, r.proposal_id, r.author_id, u.name, r.verdict, r.body,
		coalesce(r.revision_id::text, ''), r.created_at FROM reviews r JOIN users u ON u.id = r.author_id
		WHERE r.proposal_id = $1 ORDER BY r.created_at, r.id`, proposalID)
	if err != nil {
		return nil, fmt.Errorf("reviews of %s: %w", proposalID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.Review, error) {
		var r versioning.Review
		err := row.Scan(&r.ID, &r.ProposalID, &r.AuthorID, &r.AuthorName, &r.Verdict, &r.Body, &r.RevisionID, &r.Created)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("reviews of %s: %w", proposalID, err)
	}
	return out, nil
}

// MarkMerged closes a merge proposal with the merge revision it produced.
// It fails with ErrConflict when the proposal is no longer approved (a
// concurrent merge or review got there first).
func (db *DB) MarkMerged(ctx context.Context, proposalID, revisionID string) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE proposals SET status = 'merged', merged_revision = $2, updated_at = now()
		WHERE id = $1 AND status = 'approved'`, proposalID, revisionID)
	if err != nil {
		return fmt.Errorf("merge proposal %s: %w", proposalID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("proposal %s is no longer approved: %w", proposalID, ErrConflict)
	}
	return nil
}

// ProposalsForFork lists the proposals made from a derivative, newest first.
func (db *DB) ProposalsForFork(ctx context.Context, forkID string) ([]versioning.Proposal, error) {
	return db.listProposals(ctx, ` WHERE p.fork_id = $1 ORDER BY p.created_at DESC LIMIT 50`, forkID)
}

// ProposalsForSource lists the proposals made to a source, newest first.
func (db *DB) ProposalsForSource(ctx context.Context, sourceID string) ([]versioning.Proposal, error) {
	return db.listProposals(ctx, ` WHERE p.source_id = $1 ORDER BY p.created_at DESC LIMIT 50`, sourceID)
}

// ReviewQueue lists the proposals waiting for userID: those not yet merged
// or closed (endorsements until approved) on sources where userID is an
// owner, editor or reviewer.
func (db *DB) ReviewQueue(ctx context.Context, userID string) ([]versioning.Proposal, error) {
	return db.listProposals(ctx, ` JOIN collaborators c ON c.resource_id = p.source_id AND c.user_id = $1
		AND c.role IN ('owner', 'editor', 'reviewer')
		WHERE s.deleted_at IS NULL AND f.deleted_at IS NULL
		AND (p.status IN ('open', 'changes_requested') OR (p.status = 'approved' AND p.kind = 'merge'))
		ORDER BY p.created_at LIMIT 200`, userID)
}

func (db *DB) listProposals(ctx context.Context, tail string, arg any) ([]versioning.Proposal, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+proposalCols+proposalFrom+tail, arg)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.Proposal, error) { return scanProposal(row) })
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	return out, nil
}

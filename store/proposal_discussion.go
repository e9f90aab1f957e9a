package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/commonplace/commonplace/versioning"
)

// CloseProposal closes a proposal that is still under review, recording who
// closed it. It fails with ErrConflict when the proposal was merged or
// closed meanwhile.
func (db *DB) CloseProposal(ctx context.Context, proposalID, by string) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE proposals SET status = 'closed', closed_by = $2, closed_at = now(), updated_at = now()
		WHERE id = $1 AND status IN ('open', 'approved', 'changes_requested')`, proposalID, by)
	if err != nil {
		return fmt.Errorf("close proposal %s: %w", proposalID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("proposal %s is not under review: %w", proposalID, ErrConflict)
	}
	return nil
}

// ReopenProposal opens a closed proposal again. Its earlier approval is
// cleared: the derivative may have changed while it was closed, so it is
// reviewed afresh. It fails with ErrConflict unless the proposal is closed.
func (db *DB) ReopenProposal(ctx context.Context, proposalID string) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE proposals SET status = 'open', closed_by = NULL, closed_at = NULL,
		approved_by = NULL, approved_at = NULL, approved_revision = NULL, updated_at = now()
		WHERE id = $1 AND status = 'closed'`, proposalID)
	if err != nil {
		return fmt.Errorf("reopen proposal %s: %w", proposalID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("proposal %s is not closed: %w", proposalID, ErrConflict)
	}
	return nil
}

// AddProposalComment stores a comment on a proposal.
func (db *DB) AddProposalComment(ctx context.Context, c versioning.ProposalComment) (versioning.ProposalComment, error) {
	c.ID = NewID()
	if err := db.Pool.QueryRow(ctx, `INSERT INTO proposal_comments (id, proposal_id, author_id, line_old, line_new, line_text, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at, (SELECT name FROM users WHERE id = $3)`,
		c.ID, c.ProposalID, c.AuthorID, nullableInt(c.LineOld), nullableInt(c.LineNew), c.LineText, c.Body).Scan(&c.Created, &c.AuthorName); err != nil {
		return versioning.ProposalComment{}, fmt.Errorf("comment on proposal %s: %w", c.ProposalID, err)
	}
	return c, nil
}

// ProposalComments lists a proposal's comments, oldest first.
func (db *DB) ProposalComments(ctx context.Context, proposalID string) ([]versioning.ProposalComment, error) {
	rows, err := db.Pool.Query(ctx, `SELECT c.id, c.proposal_id, c.author_id, u.name, coalesce(c.line_old, 0), coalesce(c.line_new, 0),
		c.line_text, c.body, c.created_at FROM proposal_comments c JOIN users u ON u.id = c.author_id
		WHERE c.proposal_id = $1 ORDER BY c.created_at, c.id`, proposalID)
	if err != nil {
		return nil, fmt.Errorf("comments on proposal %s: %w", proposalID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (versioning.ProposalComment, error) {
		var c versioning.ProposalComment
		err := row.Scan(&c.ID, &c.ProposalID, &c.AuthorID, &c.AuthorName, &c.LineOld, &c.LineNew, &c.LineText, &c.Body, &c.Created)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("comments on proposal %s: %w", proposalID, err)
	}
	return out, nil
}

// nullableInt stores 0 as NULL.
func nullableInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

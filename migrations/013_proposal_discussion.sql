-- Proposals can be closed and reopened (who closed it and when is kept), and
-- carry comments, each on a line of the proposal's diff (line_old: the line
-- in the source's text, line_new: in the derivative's; either, both or
-- neither for a comment on the whole proposal). line_text keeps the line as
-- it was, so a comment stays readable after the diff moves on.
ALTER TABLE proposals ADD COLUMN closed_by uuid REFERENCES users (id);
ALTER TABLE proposals ADD COLUMN closed_at timestamptz;

CREATE TABLE proposal_comments (
    id          uuid PRIMARY KEY,
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_id   uuid NOT NULL REFERENCES users (id),
    line_old    integer CHECK (line_old > 0),
    line_new    integer CHECK (line_new > 0),
    line_text   text NOT NULL DEFAULT '',
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_comments_proposal_idx ON proposal_comments (proposal_id, created_at);

-- Deleting an account keeps its row as a tombstone: everything its person
-- wrote (ops, revisions, proposals, segments) keeps pointing at it and is
-- credited under the name they chose ("former member" or their name). The
-- row loses its e-mail address, password and handle; the handle is retired
-- here for good, so nobody can sign up under it and pass for them.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;

CREATE TABLE retired_handles (
    handle     citext PRIMARY KEY,
    retired_at timestamptz NOT NULL DEFAULT now()
);

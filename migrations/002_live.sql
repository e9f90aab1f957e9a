-- Live editing: the ops and snapshots tables already exist (001). Ops reference
-- their author; an index on author_id keeps user-level queries (and the
-- foreign-key check when a user row changes) from scanning the whole log.
CREATE INDEX IF NOT EXISTS ops_author_idx ON ops (author_id);

-- The live edit log is written by the group committer only, for documents it
-- has loaded and authors who are signed in; resources and users are never
-- deleted (resources are marked deleted_at). The foreign keys on ops checked
-- that again for every keystroke, and each check locked the referenced row
-- (FOR KEY SHARE: a WAL record, and a MultiXact when several commits lock the
-- same author's row at once), which cost more than the insert itself
-- (docs/benchmarks-live.md). ops_author_idx only served the users key.
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_author_id_fkey;
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_resource_id_fkey;
DROP INDEX IF EXISTS ops_author_idx;

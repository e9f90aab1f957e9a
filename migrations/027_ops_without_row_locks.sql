-- The live edit log is written by the group committer only, for documents it
-- has loaded and authors who are signed in; resources and users are never
-- deleted (resources are marked deleted_at). The foreign keys on ops checked
-- that again for every keystroke, and each check locked the referenced row
-- (FOR KEY SHARE: a WAL record, and a MultiXact when several commits lock the
-- same author's row at once), which cost more than the insert itself
-- (docs/benchmarks-live.md). Deleted accounts stay as tombstone rows (migration
-- 024), so every author id still names a users row. ops_author_idx stays: a
-- person's page finds the resources they wrote in with it (migration 025).
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_author_id_fkey;
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_resource_id_fkey;

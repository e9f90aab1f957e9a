-- A restore brings an old revision's text back as a new revision of kind
-- 'restore', credited to whoever restored it; restored_from names the
-- revision whose text (and authorship) came back.
ALTER TABLE revisions DROP CONSTRAINT revisions_kind_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_kind_check
    CHECK (kind IN ('checkpoint', 'named', 'fork', 'merge', 'translation_sync', 'restore'));
ALTER TABLE revisions ADD COLUMN restored_from uuid REFERENCES revisions (id);

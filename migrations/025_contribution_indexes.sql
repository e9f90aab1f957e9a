-- A person's page lists the resources they contributed to: these indexes
-- answer "which resources did this person write in" without scanning
-- whole tables (ops already has ops_author_idx).
CREATE INDEX revisions_author_idx ON revisions (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX proposals_author_idx ON proposals (author_id, status);
CREATE INDEX translation_segments_translated_by_idx ON translation_segments (translated_by) WHERE translated_by IS NOT NULL;

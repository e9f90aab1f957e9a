-- The resend key (resource, author, client, seq) was a unique constraint on ops, so that a
-- resent op could not be stored twice. The hub now tells a resend from a new op itself: a
-- resend's original always lies after the resend's base version, among the ops the hub holds or
-- reads to transform it, and an op of another process it has not seen makes its commit clash on
-- (resource_id, version) first (collab/hub/ops.go, process). The constraint's index was about
-- half of each live commit's index work (docs/benchmarks-live.md, "thirteenth pass") and the
-- largest index on the largest table; (resource_id, version) stays the primary key.
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_resource_author_client_seq_key;

-- Client ids are chosen by clients and seen by everyone in a document, so an
-- op's resend key is (resource, author, client, seq): with (resource, client,
-- seq) alone, a co-editor could store an op under someone else's client id
-- and next seq, and that person's op would be "acknowledged" as a duplicate
-- without ever being applied.
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_resource_id_client_id_client_seq_key;
ALTER TABLE ops ADD CONSTRAINT ops_resource_author_client_seq_key UNIQUE (resource_id, author_id, client_id, client_seq);

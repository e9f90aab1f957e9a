-- A document typed without a pause cuts a checkpoint revision every minute, and each one
-- re-indexed it: at 1,000 documents × 3 typists that was a twentieth of the server's CPU and a
-- seventh of PostgreSQL's (issue 15, docs/benchmarks-live.md "twenty-fourth pass"), to keep
-- the words of a text that changes as it is read a minute fresh instead of a few minutes.
--
-- A checkpoint's mark is now "text only". The indexer (app/index.go) may hold such a mark back
-- while the document is still being typed, until IndexLiveEvery after the mark was first made
-- (not_before); when the typing stops, the hub's quiet checkpoint marks the document again (or,
-- with nothing new to cut, the application lifts the hold) and it is indexed at once. Every
-- other mark (its title or licence, a derivative, a named or restored revision, visibility) is
-- never held back, and lifts a hold: the text it brings with it is indexed as promptly as
-- before.
ALTER TABLE search_dirty
    ADD COLUMN text_only boolean NOT NULL DEFAULT false,
    ADD COLUMN not_before timestamptz;

CREATE OR REPLACE FUNCTION search_mark(rid uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_dirty (resource_id) SELECT rid WHERE rid IS NOT NULL
    ON CONFLICT (resource_id) DO UPDATE SET last_marked = now(), text_only = false, not_before = NULL;
END
$$;

-- search_mark_text marks a resource whose text alone changed. A mark already waiting keeps
-- what it was (a full mark stays full); a new mark lifts a hold, so the indexer looks again.
CREATE OR REPLACE FUNCTION search_mark_text(rid uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_dirty (resource_id, text_only) SELECT rid, true WHERE rid IS NOT NULL
    ON CONFLICT (resource_id) DO UPDATE SET last_marked = now(), not_before = NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_on_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind = 'checkpoint' THEN
        PERFORM search_mark_text(NEW.resource_id);
    ELSE
        PERFORM search_mark(NEW.resource_id);
    END IF;
    RETURN NULL;
END $$;

-- One lock order for a resource's search rows: its search_dirty mark before its search_docs row.
-- Saving a resource's settings fires search_resource_update (the mark) before
-- search_resource_visibility (the row: triggers fire in name order), while a fork of it
-- recounted the source's row first and marked it after (search_on_derivation). An owner saving
-- settings while the resource was forked could deadlock, and one of the two requests failed
-- with a 500 (TestHostileInputNeverA5xx, three walkers as one owner, found under load).
-- Both functions now mark before they touch the row; their statements are otherwise those of
-- migration 017.
CREATE OR REPLACE FUNCTION search_on_derivation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(NEW.source_id);
    PERFORM search_refresh_stats(NEW.source_id);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION search_on_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := OLD.visibility = 'public' AND OLD.deleted_at IS NULL;
    now_public boolean := NEW.visibility = 'public' AND NEW.deleted_at IS NULL;
    src uuid;
BEGIN
    PERFORM search_mark(NEW.id);
    IF NEW.deleted_at IS NOT NULL THEN
        DELETE FROM search_docs WHERE id = NEW.id;
    ELSE
        UPDATE search_docs SET public = now_public,
            datestamp = CASE WHEN now_public AND NOT was THEN now() ELSE datestamp END
        WHERE id = NEW.id;
    END IF;
    IF was IS DISTINCT FROM now_public THEN
        SELECT source_id INTO src FROM derivations WHERE derived_id = NEW.id;
        IF src IS NOT NULL THEN
            PERFORM search_mark(src);
            PERFORM search_refresh_stats(src);
        END IF;
        PERFORM search_mark(d.derived_id) FROM derivations d WHERE d.source_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

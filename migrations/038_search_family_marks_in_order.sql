-- One lock order for the search marks of a family whose publicness changes: every resource
-- it touches, marked in id order before anything else.
--
-- A resource turning public or private (or deleted) marks itself, its source (whose counts
-- change) and its derivatives (whose relations change) for the index (migrations 017, 037).
-- It marked itself first and the others after, so the owners of a source and of its fork
-- changing both at once took each other's marks in opposite orders, and one of the two
-- requests failed with "deadlock detected" (store TestSourceAndForkVisibilityTogetherNeverDeadlock).
--
-- This trigger runs before the other search triggers of the update (triggers of one event fire
-- in name order: search_family_marks before search_resource_update and
-- search_resource_visibility), and only when publicness changes. Everything that takes these
-- marks otherwise takes one resource's mark at a time (a settings save, a checkpoint) or
-- a resource's mark and then its source's, where the resource is new and no one else can
-- want its mark yet (a fork), so no cycle is left.
CREATE FUNCTION search_on_publicness() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(f.id) FROM (
        SELECT NEW.id AS id
        UNION SELECT source_id FROM derivations WHERE derived_id = NEW.id
        UNION SELECT derived_id FROM derivations WHERE source_id = NEW.id
        ORDER BY 1) f;
    RETURN NULL;
END $$;
CREATE TRIGGER search_family_marks AFTER UPDATE OF visibility, deleted_at ON resources FOR EACH ROW
    WHEN ((OLD.visibility = 'public' AND OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.visibility = 'public' AND NEW.deleted_at IS NULL))
    EXECUTE FUNCTION search_on_publicness();

-- The visibility trigger keeps its own mark (a deletion that leaves publicness as it was still
-- needs it) and no longer marks the family: search_family_marks has, in order.
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
            PERFORM search_refresh_stats(src);
        END IF;
    END IF;
    RETURN NULL;
END $$;

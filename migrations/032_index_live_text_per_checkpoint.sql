-- The search index's share of live typing (issue 15's 300 documents × 3
-- typists, docs/benchmarks-live.md "eleventh pass"). Re-indexing documents
-- being typed took most of PostgreSQL's statement time outside the
-- commits, in writes that change nothing a search answers:
--
-- 1. The cached text. Live snapshots rewrite resources.content (every 500
--    ops, at least 5 s apart, and after 30 s of quiet), and
--    search_resource_update named that column, so a typed document was
--    re-indexed after each snapshot as well as after each checkpoint. The
--    comments of 017 and app/index.go already promised "live typing reaches
--    the index once per checkpoint": the checkpoint revision marks it
--    (search_revision_insert), and a hub cuts one after 30 s of quiet, every
--    500 ops (at least a minute apart) and when it unloads. Snapshots are the
--    only writer of resources.content after a resource is created
--    (store.LiveStore.SaveSnapshot), so the trigger stops naming it; a
--    writer outside the live path would have to call search_mark itself.
CREATE OR REPLACE TRIGGER search_resource_update AFTER UPDATE OF title, summary, language, license, subjects, level, kind ON resources
    FOR EACH ROW EXECUTE FUNCTION search_on_resource_insert();

-- 2. The counts. search_refresh_stats rewrote the row (its words and all)
--    after every index write, even when the counts were the same; and on
--    statistics older than the data the planner walked every public
--    resource to find a source's few derivatives. It now starts from the
--    derivatives and writes only a change.
CREATE OR REPLACE FUNCTION search_refresh_stats(src uuid) RETURNS void LANGUAGE sql AS $$
    WITH d AS MATERIALIZED (SELECT derived_id, kind FROM derivations WHERE source_id = src)
    UPDATE search_docs s SET adaptations = x.n, translations = x.langs
    FROM (SELECT count(*)::int AS n,
                 coalesce(array_agg(DISTINCT r.language) FILTER (WHERE d.kind = 'translation'), '{}') AS langs
          FROM d JOIN resources r ON r.id = d.derived_id
          WHERE r.visibility = 'public' AND r.deleted_at IS NULL) x
    WHERE s.id = src AND (s.adaptations, s.translations) IS DISTINCT FROM (x.n, x.langs)
$$;

-- 3. The facet counters. Their trigger fired whenever updated_at moved,
--    so every re-index took the counters' lock and rebuilt the family's
--    keys. The counters read updated_at only as its UTC day (the "day"
--    facet of search_facet_entries), so the trigger now compares days.
DROP TRIGGER search_facets_update ON search_docs;
CREATE CONSTRAINT TRIGGER search_facets_update AFTER UPDATE OF family_id, kind, language, license, allows_adaptation, allows_commercial,
        level, subjects, public, approved, translations, updated_at ON search_docs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.family_id, OLD.kind, OLD.language, OLD.license, OLD.allows_adaptation, OLD.allows_commercial, OLD.level,
        OLD.subjects, OLD.public, OLD.approved, OLD.translations, to_char(OLD.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))
        IS DISTINCT FROM (NEW.family_id, NEW.kind, NEW.language, NEW.license, NEW.allows_adaptation, NEW.allows_commercial,
        NEW.level, NEW.subjects, NEW.public, NEW.approved, NEW.translations, to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')))
    EXECUTE FUNCTION search_facets_track();

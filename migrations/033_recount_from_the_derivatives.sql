-- search_refresh_stats counts a source's public derivatives after each re-index. Migration 032
-- meant it to start from the derivatives, but its join still named the partial index's
-- condition (visibility = 'public' AND deleted_at IS NULL), and on statistics older than the
-- data (a new database, a bulk import, the first minutes of a load test) the planner still
-- walked resources_public_idx, every public resource, once per re-index: 300 rows for a
-- source with no derivative at all (docs/benchmarks-live.md, "twelfth pass").
--
-- The join now asks resources for ids only, and the public, undeleted test moves into the
-- aggregates' FILTER. resources_public_idx cannot serve that join, so the planner weighs an
-- id lookup per derivative against reading the table at its real size, not against a
-- partial index it guesses is nearly empty: a table of a few pages may be read whole, a
-- large one is not (store/search_marks_test.go, TestRecountReadsOnlyTheDerivatives).
CREATE OR REPLACE FUNCTION search_refresh_stats(src uuid) RETURNS void LANGUAGE sql AS $$
    WITH d AS MATERIALIZED (SELECT derived_id, kind FROM derivations WHERE source_id = src)
    UPDATE search_docs s SET adaptations = x.n, translations = x.langs
    FROM (SELECT count(*) FILTER (WHERE r.visibility = 'public' AND r.deleted_at IS NULL)::int AS n,
                 coalesce(array_agg(DISTINCT r.language)
                     FILTER (WHERE d.kind = 'translation' AND r.visibility = 'public' AND r.deleted_at IS NULL), '{}') AS langs
          FROM d JOIN resources r ON r.id = d.derived_id) x
    WHERE s.id = src AND (s.adaptations, s.translations) IS DISTINCT FROM (x.n, x.langs)
$$;

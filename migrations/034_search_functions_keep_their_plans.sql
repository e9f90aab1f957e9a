-- search_refresh_stats and search_mark run on every re-index and every marking trigger, and
-- both were LANGUAGE sql functions that PostgreSQL cannot inline (one is an UPDATE, the
-- other an INSERT). Such a function's statement is planned again at every call: at 300
-- documents × 3 typists (issue 15, docs/benchmarks-live.md "thirteenth pass") the recount
-- took 1.3–1.5 ms a call, nearly all of it planning a join over search_docs. PL/pgSQL keeps a
-- function's plans for the session, so a pooled connection plans each once (and again after
-- an ANALYZE of the tables it reads). The statements are those of migrations 033 and 017.
CREATE OR REPLACE FUNCTION search_refresh_stats(src uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH d AS MATERIALIZED (SELECT derived_id, kind FROM derivations WHERE source_id = src)
    UPDATE search_docs s SET adaptations = x.n, translations = x.langs
    FROM (SELECT count(*) FILTER (WHERE r.visibility = 'public' AND r.deleted_at IS NULL)::int AS n,
                 coalesce(array_agg(DISTINCT r.language)
                     FILTER (WHERE d.kind = 'translation' AND r.visibility = 'public' AND r.deleted_at IS NULL), '{}') AS langs
          FROM d JOIN resources r ON r.id = d.derived_id) x
    WHERE s.id = src AND (s.adaptations, s.translations) IS DISTINCT FROM (x.n, x.langs);
END
$$;

CREATE OR REPLACE FUNCTION search_mark(rid uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_dirty (resource_id) SELECT rid WHERE rid IS NOT NULL
    ON CONFLICT (resource_id) DO UPDATE SET last_marked = now();
END
$$;

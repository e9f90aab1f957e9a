-- Search speed, step 3: exact facet counts for browsing without reading
-- every match (issue 12's benchmark: browsing one level matches ~12,800 of
-- 100,000 resources, and counting them row by row cost 50–80 ms).
--
-- search_facets holds, for the public rows, how many carry each facet value
-- (facet, value) — over all of them (ff = '') and over those with one value
-- of one filter key (ff, fv): lang (the tag in lower case), lang1 (its
-- primary subtag), license, level, kind. "day" counts rows by the UTC day
-- of updated_at, so "updated since" is a sum over later days plus the rows
-- of the boundary day itself, counted one by one.
--
-- search_family_keys lists, for every family and filter key, the families
-- that show under that filter as one of their derivatives because their
-- original does not match it (or is not public): grouped results count
-- those families besides the matching originals.
--
-- Both are kept in step by triggers on search_docs, at the commit of the
-- transaction that changes the row (the indexer's write, a visibility change or a
-- deletion, a recount of translations), so they are exact whenever
-- search_docs is read. Only public rows count; a viewer who may list
-- rows that are not public is answered by counting the matches themselves.
CREATE TABLE search_facets (
    ff    text NOT NULL,
    fv    text NOT NULL,
    facet text NOT NULL,
    value text NOT NULL,
    n     integer NOT NULL,
    PRIMARY KEY (ff, fv, facet, value)
);

CREATE TABLE search_family_keys (
    family_id uuid NOT NULL,
    ff        text NOT NULL,
    fv        text NOT NULL,
    PRIMARY KEY (family_id, ff, fv)
);
CREATE INDEX search_family_keys_key_idx ON search_family_keys (ff, fv);

-- The filter keys a row answers to.
CREATE FUNCTION search_filter_keys(language text, license text, level text, kind text)
RETURNS TABLE (ff text, fv text) LANGUAGE sql IMMUTABLE AS $$
    VALUES ('', ''), ('lang', lower(language)), ('lang1', split_part(lower(language), '-', 1)),
        ('license', license), ('level', level), ('kind', kind)
$$;

-- What one public row adds to search_facets: each of its facet values
-- under each of its filter keys.
CREATE FUNCTION search_facet_entries(language text, license text, level text, kind text, subjects text[], translations text[],
    allows_adaptation boolean, allows_commercial boolean, approved boolean, updated_at timestamptz)
RETURNS TABLE (ff text, fv text, facet text, value text) LANGUAGE sql STABLE AS $$
    SELECT k.ff, k.fv, v.facet, v.value
    FROM search_filter_keys(language, license, level, kind) k,
        (SELECT * FROM (VALUES ('language', language), ('license', license), ('level', level), ('kind', kind),
            ('day', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))) x(facet, value)
        UNION ALL SELECT 'subject', s FROM unnest(subjects) s
        UNION ALL SELECT 'translated_into', t FROM unnest(translations) t
        UNION ALL SELECT 'allows', 'adaptation' WHERE allows_adaptation
        UNION ALL SELECT 'allows', 'commercial' WHERE allows_commercial
        UNION ALL SELECT 'approved', 'yes' WHERE approved) v
$$;

-- The filter keys under which a family shows through a derivative: a
-- public derivative answers to the key and no public original does.
CREATE FUNCTION search_family_refresh(fam uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_family_keys WHERE family_id = fam;
    INSERT INTO search_family_keys (family_id, ff, fv)
    SELECT DISTINCT fam, k.ff, k.fv FROM search_docs d, search_filter_keys(d.language, d.license, d.level, d.kind) k
    WHERE d.family_id = fam AND d.public AND d.kind <> 'original'
        AND NOT EXISTS (SELECT 1 FROM search_docs o, search_filter_keys(o.language, o.license, o.level, o.kind) ok
            WHERE o.family_id = fam AND o.public AND o.kind = 'original' AND ok.ff = k.ff AND ok.fv = k.fv);
END $$;

-- The counters change by the difference between the old row's entries and
-- the new row's. The triggers are deferred to the commit, where nothing but
-- these counters is locked any more, and each first takes one transaction
-- lock (two int4 keys, apart from the bigint keys of the translation
-- locks): writers of search_docs queue there for the few milliseconds of
-- their counting instead of deadlocking on counters taken in different
-- orders. Readers never wait; they see the counts of the last commit.
CREATE FUNCTION search_facets_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(12, 30);
    INSERT INTO search_facets AS f (ff, fv, facet, value, n)
    SELECT e.ff, e.fv, e.facet, e.value, sum(e.d)::int FROM (
        SELECT x.*, -1 AS d FROM search_facet_entries(OLD.language, OLD.license, OLD.level, OLD.kind, OLD.subjects, OLD.translations,
            OLD.allows_adaptation, OLD.allows_commercial, OLD.approved, OLD.updated_at) x WHERE TG_OP <> 'INSERT' AND OLD.public
        UNION ALL
        SELECT x.*, 1 FROM search_facet_entries(NEW.language, NEW.license, NEW.level, NEW.kind, NEW.subjects, NEW.translations,
            NEW.allows_adaptation, NEW.allows_commercial, NEW.approved, NEW.updated_at) x WHERE TG_OP <> 'DELETE' AND NEW.public) e
    GROUP BY 1, 2, 3, 4 HAVING sum(e.d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (ff, fv, facet, value) DO UPDATE SET n = f.n + EXCLUDED.n;
    IF TG_OP <> 'INSERT' THEN
        PERFORM search_family_refresh(OLD.family_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.family_id IS DISTINCT FROM OLD.family_id) THEN
        PERFORM search_family_refresh(NEW.family_id);
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER search_facets_insert AFTER INSERT OR DELETE ON search_docs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_facets_track();
CREATE CONSTRAINT TRIGGER search_facets_update AFTER UPDATE OF family_id, kind, language, license, allows_adaptation, allows_commercial,
        level, subjects, public, approved, translations, updated_at ON search_docs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.family_id, OLD.kind, OLD.language, OLD.license, OLD.allows_adaptation, OLD.allows_commercial, OLD.level,
        OLD.subjects, OLD.public, OLD.approved, OLD.translations, OLD.updated_at)
        IS DISTINCT FROM (NEW.family_id, NEW.kind, NEW.language, NEW.license, NEW.allows_adaptation, NEW.allows_commercial,
        NEW.level, NEW.subjects, NEW.public, NEW.approved, NEW.translations, NEW.updated_at))
    EXECUTE FUNCTION search_facets_track();

INSERT INTO search_facets (ff, fv, facet, value, n)
SELECT e.ff, e.fv, e.facet, e.value, count(*) FROM search_docs d,
    search_facet_entries(d.language, d.license, d.level, d.kind, d.subjects, d.translations,
        d.allows_adaptation, d.allows_commercial, d.approved, d.updated_at) e
WHERE d.public GROUP BY 1, 2, 3, 4;

INSERT INTO search_family_keys (family_id, ff, fv)
SELECT DISTINCT d.family_id, k.ff, k.fv FROM search_docs d, search_filter_keys(d.language, d.license, d.level, d.kind) k
WHERE d.public AND d.kind <> 'original'
    AND NOT EXISTS (SELECT 1 FROM search_docs o, search_filter_keys(o.language, o.license, o.level, o.kind) ok
        WHERE o.family_id = d.family_id AND o.public AND o.kind = 'original' AND ok.ff = k.ff AND ok.fv = k.fv);

-- A page of grouped results takes the newest derivatives of such families
-- in order, without walking the originals.
CREATE INDEX search_docs_public_derivatives_idx ON search_docs (updated_at DESC, id DESC) WHERE public AND kind <> 'original';

ANALYZE search_facets;
ANALYZE search_family_keys;

-- Search: one row per live resource in search_docs (and its words in search_text), written by the
-- application's background indexer from the resource's text and metadata
-- (debounced: the live editing path never waits for it). Each row is indexed
-- with the text-search configuration of its own language (cfg); Chinese,
-- Japanese and Korean text arrives already cut into character bigrams. A
-- query is parsed once per configuration and each parse only meets rows of
-- that configuration, so one partial GIN index per configuration keeps a
-- Spanish stem from scanning English rows that share it.
--
-- What decides who may see a row is never stale: `public` follows the
-- resource's visibility in the same transaction (trigger below), a deleted
-- resource's row goes at once, and roles are read from collaborators at
-- query time. Only the indexed words and counts may lag by the debounce.
CREATE TABLE search_docs (
    id                uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    family_id         uuid NOT NULL,
    kind              text NOT NULL,
    language          text NOT NULL,
    license           text NOT NULL,
    allows_adaptation boolean NOT NULL,
    allows_commercial boolean NOT NULL,
    level             text NOT NULL,
    subjects          text[] NOT NULL,
    -- Subjects joined, for typo-tolerant (trigram) matching.
    subjects_text     text NOT NULL,
    title             text NOT NULL,
    public            boolean NOT NULL,
    -- A reviewer of the source endorsed this derivative (or every segment
    -- of this translation is reviewed).
    approved          boolean NOT NULL DEFAULT false,
    -- Languages of the public translations of this resource and the number
    -- of its public derivatives: only what anyone may see is counted.
    translations      text[] NOT NULL DEFAULT '{}',
    adaptations       integer NOT NULL DEFAULT 0,
    owner_name        text NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- When the public record (metadata, credits, relations) last changed:
    -- the OAI-PMH datestamp; meta_hash (of search_text.meta and the
    -- metadata) detects a change.
    datestamp         timestamptz NOT NULL DEFAULT now(),
    meta_hash         text NOT NULL DEFAULT ''
);

-- The wide part of a row, apart so that browsing, facet counts and
-- harvesting scan narrow rows: the words (tsvector), the summary, the start
-- of the text for snippets (ts_headline reads all of it) and the public
-- record's credits and relations as an anonymous reader sees them.
CREATE TABLE search_text (
    id      uuid PRIMARY KEY REFERENCES search_docs (id) ON DELETE CASCADE,
    cfg     regconfig NOT NULL,
    tsv     tsvector NOT NULL,
    summary text NOT NULL,
    excerpt text NOT NULL,
    meta    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX search_text_tsv_arabic ON search_text USING gin (tsv) WHERE cfg = 'arabic'::regconfig;
CREATE INDEX search_text_tsv_armenian ON search_text USING gin (tsv) WHERE cfg = 'armenian'::regconfig;
CREATE INDEX search_text_tsv_basque ON search_text USING gin (tsv) WHERE cfg = 'basque'::regconfig;
CREATE INDEX search_text_tsv_catalan ON search_text USING gin (tsv) WHERE cfg = 'catalan'::regconfig;
CREATE INDEX search_text_tsv_danish ON search_text USING gin (tsv) WHERE cfg = 'danish'::regconfig;
CREATE INDEX search_text_tsv_dutch ON search_text USING gin (tsv) WHERE cfg = 'dutch'::regconfig;
CREATE INDEX search_text_tsv_english ON search_text USING gin (tsv) WHERE cfg = 'english'::regconfig;
CREATE INDEX search_text_tsv_finnish ON search_text USING gin (tsv) WHERE cfg = 'finnish'::regconfig;
CREATE INDEX search_text_tsv_french ON search_text USING gin (tsv) WHERE cfg = 'french'::regconfig;
CREATE INDEX search_text_tsv_german ON search_text USING gin (tsv) WHERE cfg = 'german'::regconfig;
CREATE INDEX search_text_tsv_greek ON search_text USING gin (tsv) WHERE cfg = 'greek'::regconfig;
CREATE INDEX search_text_tsv_hindi ON search_text USING gin (tsv) WHERE cfg = 'hindi'::regconfig;
CREATE INDEX search_text_tsv_hungarian ON search_text USING gin (tsv) WHERE cfg = 'hungarian'::regconfig;
CREATE INDEX search_text_tsv_indonesian ON search_text USING gin (tsv) WHERE cfg = 'indonesian'::regconfig;
CREATE INDEX search_text_tsv_irish ON search_text USING gin (tsv) WHERE cfg = 'irish'::regconfig;
CREATE INDEX search_text_tsv_italian ON search_text USING gin (tsv) WHERE cfg = 'italian'::regconfig;
CREATE INDEX search_text_tsv_lithuanian ON search_text USING gin (tsv) WHERE cfg = 'lithuanian'::regconfig;
CREATE INDEX search_text_tsv_nepali ON search_text USING gin (tsv) WHERE cfg = 'nepali'::regconfig;
CREATE INDEX search_text_tsv_norwegian ON search_text USING gin (tsv) WHERE cfg = 'norwegian'::regconfig;
CREATE INDEX search_text_tsv_portuguese ON search_text USING gin (tsv) WHERE cfg = 'portuguese'::regconfig;
CREATE INDEX search_text_tsv_romanian ON search_text USING gin (tsv) WHERE cfg = 'romanian'::regconfig;
CREATE INDEX search_text_tsv_russian ON search_text USING gin (tsv) WHERE cfg = 'russian'::regconfig;
CREATE INDEX search_text_tsv_serbian ON search_text USING gin (tsv) WHERE cfg = 'serbian'::regconfig;
CREATE INDEX search_text_tsv_spanish ON search_text USING gin (tsv) WHERE cfg = 'spanish'::regconfig;
CREATE INDEX search_text_tsv_swedish ON search_text USING gin (tsv) WHERE cfg = 'swedish'::regconfig;
CREATE INDEX search_text_tsv_tamil ON search_text USING gin (tsv) WHERE cfg = 'tamil'::regconfig;
CREATE INDEX search_text_tsv_turkish ON search_text USING gin (tsv) WHERE cfg = 'turkish'::regconfig;
CREATE INDEX search_text_tsv_yiddish ON search_text USING gin (tsv) WHERE cfg = 'yiddish'::regconfig;
CREATE INDEX search_text_tsv_simple ON search_text USING gin (tsv) WHERE cfg = 'simple'::regconfig;
CREATE INDEX search_docs_title_trgm ON search_docs USING gin (title gin_trgm_ops);
CREATE INDEX search_docs_subjects_trgm ON search_docs USING gin (subjects_text gin_trgm_ops);
CREATE INDEX search_docs_family_idx ON search_docs (family_id);
CREATE INDEX search_docs_public_updated_idx ON search_docs (updated_at DESC, id DESC) WHERE public;
CREATE INDEX search_docs_datestamp_idx ON search_docs (datestamp, id) WHERE public;

-- Resources whose index row is out of date. The indexer takes rows that
-- have been quiet for a moment (or waited too long), so a burst of edits
-- costs one re-index.
CREATE TABLE search_dirty (
    resource_id  uuid PRIMARY KEY,
    first_marked timestamptz NOT NULL DEFAULT now(),
    last_marked  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_dirty_due_idx ON search_dirty (last_marked);

CREATE FUNCTION search_mark(rid uuid) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_dirty (resource_id) SELECT rid WHERE rid IS NOT NULL
    ON CONFLICT (resource_id) DO UPDATE SET last_marked = now()
$$;

-- Recount a resource's public derivatives and its public translations' languages.
CREATE FUNCTION search_refresh_stats(src uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE search_docs s SET adaptations = x.n, translations = x.langs
    FROM (SELECT count(*)::int AS n,
                 coalesce(array_agg(DISTINCT r.language) FILTER (WHERE d.kind = 'translation'), '{}') AS langs
          FROM derivations d JOIN resources r ON r.id = d.derived_id
          WHERE d.source_id = src AND r.visibility = 'public' AND r.deleted_at IS NULL) x
    WHERE s.id = src
$$;

CREATE FUNCTION search_on_resource_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_resource_insert AFTER INSERT ON resources
    FOR EACH ROW EXECUTE FUNCTION search_on_resource_insert();

-- Metadata and the cached text (written with snapshots, off the live path).
-- The ops' version bump does not name these columns, so live typing never
-- fires this.
CREATE TRIGGER search_resource_update AFTER UPDATE OF title, summary, language, license, subjects, level, content, kind ON resources
    FOR EACH ROW EXECUTE FUNCTION search_on_resource_insert();

-- Visibility and deletion take effect in the index in the same transaction.
CREATE FUNCTION search_on_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := OLD.visibility = 'public' AND OLD.deleted_at IS NULL;
    now_public boolean := NEW.visibility = 'public' AND NEW.deleted_at IS NULL;
    src uuid;
BEGIN
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
            PERFORM search_mark(src);
        END IF;
        PERFORM search_mark(d.derived_id) FROM derivations d WHERE d.source_id = NEW.id;
    END IF;
    PERFORM search_mark(NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_resource_visibility AFTER UPDATE OF visibility, deleted_at ON resources
    FOR EACH ROW EXECUTE FUNCTION search_on_visibility();

-- Checkpoint revisions: live edits reach the index when a checkpoint is cut.
CREATE FUNCTION search_on_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(NEW.resource_id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_revision_insert AFTER INSERT ON revisions
    FOR EACH ROW EXECUTE FUNCTION search_on_revision();

-- A new derivative changes its source's counts and relations.
CREATE FUNCTION search_on_derivation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_refresh_stats(NEW.source_id);
    PERFORM search_mark(NEW.source_id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_derivation_insert AFTER INSERT ON derivations
    FOR EACH ROW EXECUTE FUNCTION search_on_derivation();

-- An endorsement approved (or withdrawn) changes the derivative's "approved".
CREATE FUNCTION search_on_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark(NEW.fork_id);
    RETURN NULL;
END $$;
CREATE TRIGGER search_proposal_status AFTER UPDATE OF status ON proposals
    FOR EACH ROW EXECUTE FUNCTION search_on_proposal();

-- Everything that exists now is indexed by the first pass of the indexer.
INSERT INTO search_dirty (resource_id) SELECT id FROM resources WHERE deleted_at IS NULL;

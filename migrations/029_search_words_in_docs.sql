-- Search speed, step 2: the words live in the narrow row (issue 12's
-- benchmark, p95 ≤ 50 ms with exact facet counts).
--
-- A word search found its matches in search_text's word indexes, then read
-- each match's wide row there (the summary and the start of the text sit
-- inline: ~4 rows a page, 270 MB at 100,000 resources, more than the
-- buffer cache) for the ranking vector, then joined each match to its
-- narrow search_docs row for the filters and facet columns: two row
-- fetches a match, the first mostly from outside the buffer cache. The
-- text-search configuration, the word vector and its title/subjects/summary
-- part (head, what the rank reads) now sit in search_docs beside the filter
-- and facet columns, so a match costs one fetch of a row that holds
-- everything the counts need. Long vectors are stored out of line by
-- PostgreSQL (TOAST) as before; the row keeps a pointer. Nothing is copied:
-- public, the counts and the words have one home each, kept as before
-- (visibility in the same transaction by search_on_visibility, the rest by
-- the indexer). search_text keeps what only a page of results, the feeds
-- and OAI-PMH show: summary, excerpt and the public record.
ALTER TABLE search_docs ADD COLUMN cfg regconfig NOT NULL DEFAULT 'simple',
    ADD COLUMN tsv tsvector NOT NULL DEFAULT '',
    ADD COLUMN head tsvector NOT NULL DEFAULT '';
UPDATE search_docs d SET cfg = t.cfg, tsv = t.tsv, head = t.head FROM search_text t WHERE t.id = d.id;
ALTER TABLE search_docs ALTER COLUMN cfg DROP DEFAULT, ALTER COLUMN tsv DROP DEFAULT, ALTER COLUMN head DROP DEFAULT;
ALTER TABLE search_text DROP COLUMN cfg, DROP COLUMN tsv, DROP COLUMN head;

-- One partial word index per configuration, as in 017 (the dropped
-- columns took search_text's with them).
CREATE INDEX search_docs_tsv_arabic ON search_docs USING gin (tsv) WHERE cfg = 'arabic'::regconfig;
CREATE INDEX search_docs_tsv_armenian ON search_docs USING gin (tsv) WHERE cfg = 'armenian'::regconfig;
CREATE INDEX search_docs_tsv_basque ON search_docs USING gin (tsv) WHERE cfg = 'basque'::regconfig;
CREATE INDEX search_docs_tsv_catalan ON search_docs USING gin (tsv) WHERE cfg = 'catalan'::regconfig;
CREATE INDEX search_docs_tsv_danish ON search_docs USING gin (tsv) WHERE cfg = 'danish'::regconfig;
CREATE INDEX search_docs_tsv_dutch ON search_docs USING gin (tsv) WHERE cfg = 'dutch'::regconfig;
CREATE INDEX search_docs_tsv_english ON search_docs USING gin (tsv) WHERE cfg = 'english'::regconfig;
CREATE INDEX search_docs_tsv_finnish ON search_docs USING gin (tsv) WHERE cfg = 'finnish'::regconfig;
CREATE INDEX search_docs_tsv_french ON search_docs USING gin (tsv) WHERE cfg = 'french'::regconfig;
CREATE INDEX search_docs_tsv_german ON search_docs USING gin (tsv) WHERE cfg = 'german'::regconfig;
CREATE INDEX search_docs_tsv_greek ON search_docs USING gin (tsv) WHERE cfg = 'greek'::regconfig;
CREATE INDEX search_docs_tsv_hindi ON search_docs USING gin (tsv) WHERE cfg = 'hindi'::regconfig;
CREATE INDEX search_docs_tsv_hungarian ON search_docs USING gin (tsv) WHERE cfg = 'hungarian'::regconfig;
CREATE INDEX search_docs_tsv_indonesian ON search_docs USING gin (tsv) WHERE cfg = 'indonesian'::regconfig;
CREATE INDEX search_docs_tsv_irish ON search_docs USING gin (tsv) WHERE cfg = 'irish'::regconfig;
CREATE INDEX search_docs_tsv_italian ON search_docs USING gin (tsv) WHERE cfg = 'italian'::regconfig;
CREATE INDEX search_docs_tsv_lithuanian ON search_docs USING gin (tsv) WHERE cfg = 'lithuanian'::regconfig;
CREATE INDEX search_docs_tsv_nepali ON search_docs USING gin (tsv) WHERE cfg = 'nepali'::regconfig;
CREATE INDEX search_docs_tsv_norwegian ON search_docs USING gin (tsv) WHERE cfg = 'norwegian'::regconfig;
CREATE INDEX search_docs_tsv_portuguese ON search_docs USING gin (tsv) WHERE cfg = 'portuguese'::regconfig;
CREATE INDEX search_docs_tsv_romanian ON search_docs USING gin (tsv) WHERE cfg = 'romanian'::regconfig;
CREATE INDEX search_docs_tsv_russian ON search_docs USING gin (tsv) WHERE cfg = 'russian'::regconfig;
CREATE INDEX search_docs_tsv_serbian ON search_docs USING gin (tsv) WHERE cfg = 'serbian'::regconfig;
CREATE INDEX search_docs_tsv_spanish ON search_docs USING gin (tsv) WHERE cfg = 'spanish'::regconfig;
CREATE INDEX search_docs_tsv_swedish ON search_docs USING gin (tsv) WHERE cfg = 'swedish'::regconfig;
CREATE INDEX search_docs_tsv_tamil ON search_docs USING gin (tsv) WHERE cfg = 'tamil'::regconfig;
CREATE INDEX search_docs_tsv_turkish ON search_docs USING gin (tsv) WHERE cfg = 'turkish'::regconfig;
CREATE INDEX search_docs_tsv_yiddish ON search_docs USING gin (tsv) WHERE cfg = 'yiddish'::regconfig;
CREATE INDEX search_docs_tsv_simple ON search_docs USING gin (tsv) WHERE cfg = 'simple'::regconfig;

-- The update above rewrote every row: fresh statistics for the planner
-- (autovacuum reclaims the old versions).
ANALYZE search_docs;

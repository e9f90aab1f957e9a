-- Search speed (the issue 12 benchmark: 100,000 resources, p95 ≤ 50 ms with facets).
--
-- Ranking read every match's whole word vector (the full text, toasted:
-- ~2 KB a row to fetch and decompress). head holds only the title, subjects
-- and summary positions (weights A–C, a few hundred bytes, stored inline),
-- which is what the rank weighs; a word found only in the body ranks by
-- being found. Existing rows take it from their own vector, so nothing
-- needs re-indexing.
ALTER TABLE search_text ADD COLUMN head tsvector;
UPDATE search_text SET head = ts_filter(tsv, '{a,b,c}');
ALTER TABLE search_text ALTER COLUMN head SET NOT NULL;

-- Browsing without words filters public rows by facet: these partial
-- indexes let it read only the rows of the chosen level, licence, language
-- or subject instead of scanning every row. The language pair serves the
-- filter's two forms (exact tag, and a primary tag matching its regions).
CREATE INDEX search_docs_level_idx ON search_docs (level) WHERE public;
CREATE INDEX search_docs_license_idx ON search_docs (license) WHERE public;
CREATE INDEX search_docs_language_idx ON search_docs (lower(language)) WHERE public;
CREATE INDEX search_docs_primary_language_idx ON search_docs (split_part(lower(language), '-', 1)) WHERE public;
CREATE INDEX search_docs_subjects_idx ON search_docs USING gin (subjects) WHERE public;

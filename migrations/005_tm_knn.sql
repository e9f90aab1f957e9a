-- Translation memory fuzzy lookup by distinctive words. The trigram GIN index
-- of 004 answers `%` by merging the posting lists of ~35 trigrams per query,
-- hundreds of milliseconds at a million entries whatever the threshold; a
-- GiST gist_trgm_ops KNN scan was worse (saturated signatures, the whole index
-- read). A revised sentence keeps most of its words, and a word that is rare
-- in the memory has a short posting list, so the fuzzy query probes the
-- query's rarest words here (rarity from this index's ANALYZE statistics) and
-- ranks the few hits by trigram similarity.
CREATE FUNCTION tm_words(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT array_remove(regexp_split_to_array(lower(t), '[^[:alnum:]]+'), '') $$;

CREATE INDEX tm_words_idx ON tm USING gin (tm_words(source));
-- Up to 10 000 most common words with their frequencies: every other word
-- is known to be rare (under ~0.01% of entries).
ALTER INDEX tm_words_idx ALTER COLUMN 1 SET STATISTICS 1000;

-- A translation's title and summary are translated as segments with the
-- reserved ids 'title' and 'summary' (positions before the text's). Existing
-- translations get them from their source's current title and summary,
-- untranslated: their own title and summary stay until someone translates them.
INSERT INTO translation_segments (translation_id, segment_id, position, source, source_hash)
SELECT ts.translation_id, 'title', -2, s.title, encode(sha256(convert_to(s.title, 'UTF8')), 'hex')
FROM translation_sources ts JOIN resources s ON s.id = ts.source_id
ON CONFLICT (translation_id, segment_id) DO NOTHING;
INSERT INTO translation_segments (translation_id, segment_id, position, source, source_hash)
SELECT ts.translation_id, 'summary', -1, s.summary, encode(sha256(convert_to(s.summary, 'UTF8')), 'hex')
FROM translation_sources ts JOIN resources s ON s.id = ts.source_id
WHERE s.summary <> ''
ON CONFLICT (translation_id, segment_id) DO NOTHING;

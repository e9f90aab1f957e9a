-- Memory entries keep the native bytes of their inline codes, so a TMX
-- export writes <bpt>/<ept>/<ph> that other tools match, not our notation.
ALTER TABLE tm ADD COLUMN placeholders jsonb NOT NULL DEFAULT '[]';

-- Whether a translator may approve the segments they translated is a policy
-- per translation; to apply it, each segment remembers who last wrote its
-- text (updated_by also changes when a reviewer only changes the state).
ALTER TABLE translation_segments ADD COLUMN translated_by uuid REFERENCES users (id) ON DELETE SET NULL;
UPDATE translation_segments SET translated_by = updated_by WHERE target <> '';
-- NULL: the default (allowed unless the translation has a reviewer);
-- true or false: the owner's choice.
ALTER TABLE translation_sources ADD COLUMN approve_own boolean;

-- Translations: the source text each translation is pinned to, its segments
-- (current and archived), reviewers' comments, who is translating right now,
-- and the translation memory shared per language pair.

-- One row per translation resource: the source it follows and the exact
-- source text its segments were cut from (self-contained: the pinned text is
-- kept here, not looked up in a revisions table).
CREATE TABLE translation_sources (
    translation_id  uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    source_id       uuid NOT NULL REFERENCES resources (id),
    source_version  bigint NOT NULL,
    source_text     text NOT NULL,
    source_language text NOT NULL,
    -- Owner's setting: readers who are not collaborators see only reviewed
    -- or final text.
    publish_approved_only boolean NOT NULL DEFAULT false,
    -- Bumped on every segment change; segments carry the value of their last
    -- change so clients poll "what changed since rev N" exactly.
    rev             bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    synced_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX translation_sources_source_idx ON translation_sources (source_id);

CREATE TABLE translation_segments (
    translation_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    segment_id      text NOT NULL,
    position        integer NOT NULL,
    source          text NOT NULL,
    source_hash     text NOT NULL,
    placeholders    jsonb NOT NULL DEFAULT '[]',
    target          text NOT NULL DEFAULT '',
    state           text NOT NULL DEFAULT 'initial' CHECK (state IN ('initial', 'translated', 'reviewed', 'final')),
    outdated        boolean NOT NULL DEFAULT false,
    previous_source text NOT NULL DEFAULT '',
    rev             bigint NOT NULL DEFAULT 0,
    updated_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (translation_id, segment_id)
);
CREATE INDEX translation_segments_rev_idx ON translation_segments (translation_id, rev);

-- Segments whose source sentence disappeared in a sync: kept, never shown by default.
CREATE TABLE translation_segments_archive (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    translation_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    segment_id      text NOT NULL,
    source          text NOT NULL,
    target          text NOT NULL,
    state           text NOT NULL,
    source_version  bigint NOT NULL,
    archived_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX translation_segments_archive_idx ON translation_segments_archive (translation_id, archived_at);

CREATE TABLE segment_comments (
    id              uuid PRIMARY KEY,
    translation_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    segment_id      text NOT NULL,
    author_id       uuid NOT NULL REFERENCES users (id),
    body            text NOT NULL,
    sent_back       boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX segment_comments_idx ON segment_comments (translation_id, segment_id, created_at);

-- Who has the translator's page open (heartbeats); rows older than a minute mean nothing.
CREATE TABLE translation_presence (
    translation_id  uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    segment_id      text NOT NULL DEFAULT '',
    seen_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (translation_id, user_id)
);

-- Translation memory, per language pair. origin_key is the segment id for
-- entries fed by a translation, 'tmx:<md5>' for imported ones, so editing a
-- segment updates its entry instead of piling up copies.
CREATE TABLE tm (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_lang     text NOT NULL,
    target_lang     text NOT NULL,
    source          text NOT NULL,
    target          text NOT NULL,
    approved        boolean NOT NULL DEFAULT false,
    origin_resource uuid NOT NULL,
    origin_key      text NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (origin_resource, source_lang, target_lang, origin_key)
);
-- Exact matches by hash; fuzzy matches through the trigram % operator.
CREATE INDEX tm_exact_idx ON tm (source_lang, target_lang, md5(source));
CREATE INDEX tm_source_trgm_idx ON tm USING gin (source gin_trgm_ops);
CREATE INDEX tm_pair_idx ON tm (source_lang, target_lang);

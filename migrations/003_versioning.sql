-- Versioning: the revision graph (checkpoints, named versions, forks, merges),
-- the family tree of derivations with an attribution snapshot of the source
-- chain taken at fork time, and proposals with their reviews.

-- A revision stores the full text and its attribution spans; PostgreSQL
-- compresses large texts (TOAST), so no delta chains are needed.
CREATE TABLE revisions (
    id          uuid PRIMARY KEY,
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    version     bigint NOT NULL,
    content     text NOT NULL,
    attribution jsonb NOT NULL DEFAULT '[]',
    message     text NOT NULL DEFAULT '',
    kind        text NOT NULL CHECK (kind IN ('checkpoint', 'named', 'fork', 'merge', 'translation_sync')),
    author_id   uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- "The latest revision of a resource" is one index probe, whatever the history length.
CREATE INDEX revisions_resource_idx ON revisions (resource_id, version DESC, id DESC);

-- A parent may belong to another resource: a fork's first revision points at
-- the source revision, a merge at both sides.
CREATE TABLE revision_parents (
    revision_id uuid NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
    parent_id   uuid NOT NULL REFERENCES revisions (id),
    ordinal     smallint NOT NULL,
    PRIMARY KEY (revision_id, ordinal)
);
CREATE INDEX revision_parents_parent_idx ON revision_parents (parent_id);

-- One row per derived resource. source_snapshot is the attribution chain of
-- the source (title, authors, licence, url, language, kind, revision, and its
-- own sources) copied at fork time, so credit survives the source being
-- renamed or deleted. synced_revision is the last upstream revision merged
-- into the derivative: the base of the next three-way merge.
CREATE TABLE derivations (
    derived_id      uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    source_id       uuid NOT NULL REFERENCES resources (id),
    source_revision uuid NOT NULL REFERENCES revisions (id),
    kind            text NOT NULL CHECK (kind IN ('fork', 'translation')),
    purpose         text NOT NULL DEFAULT '',
    synced_revision uuid REFERENCES revisions (id),
    source_snapshot jsonb NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX derivations_source_idx ON derivations (source_id);

-- A proposal offers a derivative's changes to its source (kind merge) or asks
-- the source's reviewers to endorse the derivative as it stands (kind endorse).
CREATE TABLE proposals (
    id                uuid PRIMARY KEY,
    source_id         uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    fork_id           uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('merge', 'endorse')),
    title             text NOT NULL,
    description       text NOT NULL DEFAULT '',
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'changes_requested', 'merged', 'closed')),
    author_id         uuid NOT NULL REFERENCES users (id),
    approved_by       uuid REFERENCES users (id),
    approved_at       timestamptz,
    approved_revision uuid REFERENCES revisions (id),
    merged_revision   uuid REFERENCES revisions (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposals_source_idx ON proposals (source_id, status);
CREATE INDEX proposals_fork_idx ON proposals (fork_id);

CREATE TABLE reviews (
    id          uuid PRIMARY KEY,
    proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_id   uuid NOT NULL REFERENCES users (id),
    verdict     text NOT NULL CHECK (verdict IN ('approve', 'request_changes', 'comment')),
    body        text NOT NULL DEFAULT '',
    revision_id uuid REFERENCES revisions (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_proposal_idx ON reviews (proposal_id, created_at);

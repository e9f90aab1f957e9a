-- Accounts, sessions, tokens, resources, collaborators, the live edit log,
-- snapshots and the audit log: the ground every later capability stands on.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    handle        citext NOT NULL UNIQUE,
    email         citext NOT NULL UNIQUE,
    name          text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of each secret is stored: a leaked table opens no account.
CREATE TABLE sessions (
    token_hash  bytea PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash   bytea PRIMARY KEY,
    id           uuid NOT NULL UNIQUE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE resources (
    id          uuid PRIMARY KEY,
    -- The root of the fork/translation tree: a family can live on one shard.
    family_id   uuid NOT NULL,
    kind        text NOT NULL DEFAULT 'original' CHECK (kind IN ('original', 'fork', 'translation')),
    title       text NOT NULL,
    summary     text NOT NULL DEFAULT '',
    -- Cached copy of the live text at version; the ops log is the truth.
    content     text NOT NULL DEFAULT '',
    version     bigint NOT NULL DEFAULT 0,
    language    text NOT NULL,
    license     text NOT NULL,
    subjects    text[] NOT NULL DEFAULT '{}',
    level       text NOT NULL DEFAULT '',
    visibility  text NOT NULL DEFAULT 'private' CHECK (visibility IN ('public', 'unlisted', 'private')),
    owner_id    uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Deleted resources stay as graph nodes so lineage and attribution survive.
    deleted_at  timestamptz
);
CREATE INDEX resources_family_idx ON resources (family_id);
CREATE INDEX resources_owner_idx ON resources (owner_id);
CREATE INDEX resources_public_idx ON resources (updated_at DESC) WHERE visibility = 'public' AND deleted_at IS NULL;
CREATE INDEX resources_language_idx ON resources (language);

CREATE TABLE collaborators (
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('owner', 'editor', 'translator', 'reviewer', 'viewer')),
    added_by    uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, user_id)
);
CREATE INDEX collaborators_user_idx ON collaborators (user_id);

-- The append-only live edit log. (resource, version) decides the order
-- between server processes; (resource, client, seq) makes resends idempotent.
CREATE TABLE ops (
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    version     bigint NOT NULL,
    author_id   uuid NOT NULL REFERENCES users (id),
    client_id   text NOT NULL,
    client_seq  bigint NOT NULL,
    op          text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, version),
    UNIQUE (resource_id, client_id, client_seq)
);

-- Full text and attribution at a version: loading is a snapshot plus a short tail.
CREATE TABLE snapshots (
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    version     bigint NOT NULL,
    content     text NOT NULL,
    attribution jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, version)
);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    action      text NOT NULL,
    resource_id uuid,
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_resource_idx ON audit_log (resource_id, at);

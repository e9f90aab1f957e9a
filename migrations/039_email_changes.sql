-- A new e-mail address takes the place of the old one only once a link mailed to it is
-- followed: a typo no longer cuts a person off from their password-reset links, and nobody
-- can point an account's mail at an address they do not read. Only the token's hash is
-- kept; a newer request voids the older ones, and so does the change itself.
CREATE TABLE email_changes (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX email_changes_user_idx ON email_changes (user_id, created_at DESC);

-- Accessibility findings an author dismissed, with the reason ("this image is decorative").
-- A dismissal names the spot by the checker's rule and the fingerprint of what is there (not
-- its offset), so it keeps applying when the text changes elsewhere; it is kept when the spot
-- goes away, in case it comes back (an undo, a restore).
CREATE TABLE accessibility_dismissals (
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    rule        text NOT NULL CHECK (rule ~ '^[a-z][a-z-]{1,63}$'),
    fingerprint text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{16}$'),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    user_id     uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, rule, fingerprint)
);

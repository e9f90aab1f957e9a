-- The inbox: one row per thing a person should hear about, and each
-- person's choice of whether to hear it by e-mail too. A row holds ids, not
-- text: titles are read when the inbox is shown or the e-mail is built, and
-- only if the reader may still read them then.
CREATE TABLE notifications (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    -- The resource the notification leads to, and the other one it names
    -- (the source of a fork, the fork of a proposal).
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    other_id    uuid REFERENCES resources (id) ON DELETE CASCADE,
    proposal_id uuid REFERENCES proposals (id) ON DELETE CASCADE,
    actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    -- Small facts for the sentence: a role, a verdict. Never a title.
    detail      jsonb NOT NULL DEFAULT '{}',
    -- Repeated events of one kind on one place fold into one unread row.
    count       integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz,
    -- Set once an e-mail (immediate or digest) covered it, or it was skipped.
    mailed_at   timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, updated_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_unmailed_idx ON notifications (updated_at) WHERE mailed_at IS NULL AND read_at IS NULL;

CREATE TABLE notification_settings (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- off: in the inbox only; immediate: an e-mail per notification;
    -- daily: one digest a day of what is still unread.
    email         text NOT NULL DEFAULT 'off' CHECK (email IN ('off', 'immediate', 'daily')),
    digest_due_at timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_settings_digest_idx ON notification_settings (digest_due_at) WHERE email = 'daily';
-- At most one unread row per person, kind and place: repeats fold into it.
CREATE UNIQUE INDEX notifications_fold_idx ON notifications (user_id, kind, resource_id,
    coalesce(other_id, '00000000-0000-0000-0000-000000000000'::uuid),
    coalesce(proposal_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE read_at IS NULL;

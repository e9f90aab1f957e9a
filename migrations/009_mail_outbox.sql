-- Every e-mail the service writes goes here first and a background worker
-- sends it. With no SMTP server configured, mail stays here (pending) for
-- the operator (`commonplace outbox`): nothing is lost. Failed attempts are
-- retried with backoff; mail that kept failing stays as 'failed'.
CREATE TABLE mail_outbox (
    id              uuid PRIMARY KEY,
    user_id         uuid REFERENCES users (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    to_addr         text NOT NULL,
    subject         text NOT NULL,
    body_text       text NOT NULL,
    body_html       text NOT NULL DEFAULT '',
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text NOT NULL DEFAULT '',
    -- Mail carrying a secret (a password-reset link): its body is erased
    -- once sent, and it is never sent after it expires.
    sensitive       boolean NOT NULL DEFAULT false,
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC);

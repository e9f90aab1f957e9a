-- Tokens expire, and their owners can list and revoke them: API tokens get
-- an expiry (tokens issued before this get 90 days from their creation),
-- sessions an id to name them by and the browser that started them.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = created_at + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;

ALTER TABLE sessions ADD COLUMN id uuid;
UPDATE sessions SET id = gen_random_uuid();
ALTER TABLE sessions ALTER COLUMN id SET NOT NULL;
ALTER TABLE sessions ADD CONSTRAINT sessions_id_key UNIQUE (id);
ALTER TABLE sessions ADD COLUMN user_agent text NOT NULL DEFAULT '';

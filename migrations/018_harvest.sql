-- Harvesting (OAI-PMH): a public resource that is deleted, or made private
-- or unlisted, is reported as a deleted record forever after (the
-- repository declares deletedRecord=persistent) — its identifier and
-- datestamp only, never its text. Written in the same transaction as the
-- change, whatever path made it. A resource that was never public gets no
-- tombstone: its id was never out.
CREATE TABLE oai_tombstones (
    id        uuid PRIMARY KEY,
    datestamp timestamptz NOT NULL DEFAULT now(),
    -- The sets it was in when it left, so selective harvesters learn it too.
    language  text NOT NULL,
    license   text NOT NULL
);
CREATE INDEX oai_tombstones_datestamp_idx ON oai_tombstones (datestamp, id);

CREATE FUNCTION oai_on_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := OLD.visibility = 'public' AND OLD.deleted_at IS NULL;
    now_public boolean := NEW.visibility = 'public' AND NEW.deleted_at IS NULL;
BEGIN
    IF was AND NOT now_public THEN
        INSERT INTO oai_tombstones (id, language, license) VALUES (NEW.id, OLD.language, OLD.license)
        ON CONFLICT (id) DO UPDATE SET datestamp = now(), language = EXCLUDED.language, license = EXCLUDED.license;
    ELSIF now_public AND NOT was THEN
        DELETE FROM oai_tombstones WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER oai_resource_visibility AFTER UPDATE OF visibility, deleted_at ON resources
    FOR EACH ROW EXECUTE FUNCTION oai_on_visibility();

-- Keys that sign stateless tokens (search cursors, resumption tokens), made
-- once by the first process that needs them and shared by every process.
CREATE TABLE signing_keys (
    name       text PRIMARY KEY,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

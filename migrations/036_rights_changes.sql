-- A log of what may have changed somebody's rights on an open live connection, so that every
-- process can tell each second which connections to re-check instead of re-checking them all
-- (collab/hub/rights_log.go). The verdict on a connection reads the resource's visibility, kind
-- and deletion, the user's role, and whether the credential it was opened with is still live
-- (app/live_rights.go); each of those writes a row here in the same transaction. Credentials that
-- simply reach their expires_at are found by time, with the two indexes below.
--
-- xid is the writing transaction: a reader that keeps its last snapshot's xmax and running
-- transactions reads exactly the rows committed since, whatever order the writers committed in
-- (store/rights_log.go). Rows are pruned after an hour; a process that could not read the log
-- for half of that re-checks every connection instead.
CREATE TABLE rights_changes (
    xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    resource_id uuid,               -- whose connections to re-check: everyone's on a resource,
    user_id     uuid,               -- or, with no resource, a user's everywhere
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rights_changes_xid_idx ON rights_changes (xid);
CREATE INDEX rights_changes_at_idx ON rights_changes (at);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX api_tokens_expires_idx ON api_tokens (expires_at);

CREATE FUNCTION rights_log_resource() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rights_changes (resource_id) VALUES (coalesce(NEW.id, OLD.id));
    RETURN NULL;
END $$;

CREATE FUNCTION rights_log_collaborator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rights_changes (resource_id, user_id) VALUES (coalesce(NEW.resource_id, OLD.resource_id), coalesce(NEW.user_id, OLD.user_id));
    RETURN NULL;
END $$;

CREATE FUNCTION rights_log_credential() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rights_changes (user_id) VALUES (coalesce(NEW.user_id, OLD.user_id));
    RETURN NULL;
END $$;

CREATE TRIGGER rights_resource_update AFTER UPDATE OF visibility, kind, deleted_at ON resources FOR EACH ROW
    WHEN (OLD.visibility IS DISTINCT FROM NEW.visibility OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION rights_log_resource();
CREATE TRIGGER rights_resource_delete AFTER DELETE ON resources FOR EACH ROW EXECUTE FUNCTION rights_log_resource();
CREATE TRIGGER rights_collaborator_add_remove AFTER INSERT OR DELETE ON collaborators FOR EACH ROW EXECUTE FUNCTION rights_log_collaborator();
CREATE TRIGGER rights_collaborator_update AFTER UPDATE OF role ON collaborators FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role) EXECUTE FUNCTION rights_log_collaborator();
CREATE TRIGGER rights_session_end AFTER DELETE OR UPDATE OF expires_at ON sessions FOR EACH ROW EXECUTE FUNCTION rights_log_credential();
CREATE TRIGGER rights_token_end AFTER DELETE OR UPDATE OF expires_at ON api_tokens FOR EACH ROW EXECUTE FUNCTION rights_log_credential();

-- Where an imported resource came from, as its file said (title, address, authors, licence):
-- the external work is credited as the deepest hop of the resource's attribution and of
-- everything derived from it, so credit is never lost at the door. content is the text as
-- imported, against which later changes are summarised.
CREATE TABLE imported_sources (
    resource_id uuid PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    source      jsonb NOT NULL,
    file_name   text NOT NULL DEFAULT '',
    format      text NOT NULL DEFAULT '',
    content     text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

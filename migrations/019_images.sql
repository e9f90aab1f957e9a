-- Pictures in resources. The bytes are stored once per content (image_blobs, keyed by the
-- content hash that also names the picture in URLs); resource_images says which resource holds
-- which picture and with which alt text. A fork or a translation copies its source's
-- resource_images rows, never the bytes: its pictures are its own and survive the source
-- becoming private or being deleted, and an image is served only through a resource the
-- caller may read.
CREATE TABLE image_blobs (
    hash       text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{32}$'),
    media_type text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml')),
    data       bytea NOT NULL,
    width      integer NOT NULL DEFAULT 0,
    height     integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE resource_images (
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    hash        text NOT NULL REFERENCES image_blobs (hash),
    alt         text NOT NULL,
    added_by    uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, hash)
);
CREATE INDEX resource_images_hash_idx ON resource_images (hash);

-- Revisions are numbered per resource in the order they were cut, so people
-- read "revision 12" instead of an id or an op counter. Existing revisions
-- are numbered by version, then time.
ALTER TABLE revisions ADD COLUMN number bigint;
UPDATE revisions v SET number = n.rn
FROM (SELECT id, row_number() OVER (PARTITION BY resource_id ORDER BY version, created_at, id) AS rn FROM revisions) n
WHERE v.id = n.id;
ALTER TABLE revisions ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX revisions_number_idx ON revisions (resource_id, number);

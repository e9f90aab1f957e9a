-- Issue 14 moved the accessibility summary's wording out of the index: a
-- record now stores the facts behind it (a11ycheck codes and counts) and
-- each reader's language words them. Records indexed before have no facts
-- and would read as "no open problems" until re-indexed, so every resource
-- is marked for the background indexer (it works through them in batches).
INSERT INTO search_dirty (resource_id)
SELECT id FROM resources WHERE deleted_at IS NULL
ON CONFLICT (resource_id) DO UPDATE SET last_marked = now();

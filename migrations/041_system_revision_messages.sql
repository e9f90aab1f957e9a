-- Revisions the service cut itself carried an English sentence as their message ("Forked from
-- revision <id>", "Restored revision 3", "Merged changes from the source", "Merged proposal:
-- <title>"), shown as it was on pages in every language. What they say is the revision's kind and
-- parents, which pages write in the reader's language; a merged proposal keeps its own title
-- (docs/decisions.md, "System revisions without English messages").
UPDATE revisions SET message = ''
 WHERE (kind = 'fork' AND message LIKE 'Forked from revision %')
    OR (kind = 'restore' AND message ~ '^Restored revision [0-9]+$')
    OR (kind = 'merge' AND message = 'Merged changes from the source');
UPDATE revisions SET message = substr(message, length('Merged proposal: ') + 1)
 WHERE kind = 'merge' AND message LIKE 'Merged proposal: %';

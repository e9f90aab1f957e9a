-- placeholder: the live-editing branch owns migration 002; tern refuses gaps and empty files.
SELECT 1;

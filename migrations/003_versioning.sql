-- placeholder (replaced at merge); tern refuses a file with no SQL
SELECT 1;

-- SQLite defers foreign keys per transaction (PRAGMA defer_foreign_keys):
-- nothing to change; kept so both backends count the same migrations.
SELECT 1;

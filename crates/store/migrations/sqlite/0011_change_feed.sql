-- The change feed: every change that readers or staff see, written in the
-- transaction that makes it. Each process (each node) follows it by id;
-- rows older than a day are pruned.
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject_id INTEGER,
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX changes_by_time ON changes (at);

-- The change feed: every change that readers or staff see, written in the
-- transaction that makes it. Each process (each node) follows it by id,
-- woken by NOTIFY portal_changes; rows older than a day are pruned.
CREATE TABLE changes (
    id BIGSERIAL PRIMARY KEY,
    site_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX changes_by_time ON changes (at);

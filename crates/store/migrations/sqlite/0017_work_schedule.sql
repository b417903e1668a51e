-- The leaders' work schedule (Lịch công tác). `leaders` is a JSON list of
-- names; an entry without a time of day (`all_day`) starts at its
-- midnight in Vietnam. Cancelled entries are kept and marked.
CREATE TABLE schedule_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER,
    all_day INTEGER NOT NULL DEFAULT 0,
    leaders TEXT NOT NULL DEFAULT '[]',
    content TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    preparer TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    cancelled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX schedule_by_time ON schedule_entries (site_id, starts_at);

-- A news section that had the schedule's address moves aside.
UPDATE categories SET slug = 'lich-cong-tac-tin'
 WHERE slug = 'lich-cong-tac'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'lich-cong-tac-tin');

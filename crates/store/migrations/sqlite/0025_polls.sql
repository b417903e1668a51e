-- Polls (Thăm dò ý kiến): choices with their counts, and one mark per
-- visitor and poll (a salted hash, never an address) that keeps a second
-- vote out.
CREATE TABLE polls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    multiple INTEGER NOT NULL DEFAULT 0,
    opens_at INTEGER NOT NULL,
    closes_at INTEGER,
    voters INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX polls_by_site ON polls (site_id, opens_at);

CREATE TABLE poll_choices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    votes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX poll_choices_by_poll ON poll_choices (poll_id, position);

CREATE TABLE poll_votes (
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    visitor TEXT NOT NULL,
    PRIMARY KEY (poll_id, visitor)
);

-- A news section that had the polls' address moves aside.
UPDATE categories SET slug = 'tham-do-tin'
 WHERE slug = 'tham-do'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'tham-do-tin');

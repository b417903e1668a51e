-- Comments on draft documents (Lấy ý kiến dự thảo): a document open for
-- comment between two times, and the comments, each pending, published
-- or rejected.
CREATE TABLE consultations (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    opens_at INTEGER NOT NULL,
    closes_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX consultations_by_site ON consultations (site_id, closes_at);

CREATE TABLE draft_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    article TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at INTEGER NOT NULL,
    moderated_at INTEGER
);
CREATE INDEX draft_comments_by_document ON draft_comments (document_id, status, created_at);

-- A news section that had the consultations' address moves aside.
UPDATE categories SET slug = 'lay-y-kien-tin'
 WHERE slug = 'lay-y-kien'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'lay-y-kien-tin');

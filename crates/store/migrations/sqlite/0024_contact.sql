-- Contact (Liên hệ): citizens' messages to the organisation's units, each
-- unit's inbox (new, read, replied, processed).
CREATE TABLE contact_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    sender_name TEXT NOT NULL DEFAULT '',
    sender_email TEXT NOT NULL DEFAULT '',
    sender_phone TEXT NOT NULL DEFAULT '',
    sender_address TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    reply TEXT NOT NULL DEFAULT '',
    replied_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    erased_at INTEGER
);
CREATE INDEX contact_by_unit ON contact_messages (site_id, unit_id, status, created_at);

-- A news section that had the contact form's address moves aside.
UPDATE categories SET slug = 'lien-he-truc-tuyen-tin'
 WHERE slug = 'lien-he-truc-tuyen'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'lien-he-truc-tuyen-tin');

-- The documents base (Văn bản): each site's legal and administrative
-- documents. `number_key` is the number's letters and digits, upper case,
-- without diacritics: one document per number and site, however typed.
-- Dates are midnights in Vietnam.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL DEFAULT '[]',
    issued_on INTEGER,
    effective_on INTEGER,
    expires_on INTEGER,
    validity_set TEXT,
    summary TEXT NOT NULL DEFAULT '',
    -- Number, type, issuer, signer, fields and summary, lower case and
    -- without diacritics, for the list's keyword search.
    search_text TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (site_id, number_key)
);
CREATE INDEX documents_by_date ON documents (site_id, issued_on, id);

-- The files to download (from the media library), in order.
CREATE TABLE document_files (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    media_id INTEGER NOT NULL REFERENCES media(id),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, media_id)
);

-- A news section that had the documents base's address moves aside (its
-- articles' old addresses redirect to the new ones).
UPDATE categories SET slug = 'van-ban-tin'
 WHERE slug = 'van-ban'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'van-ban-tin');

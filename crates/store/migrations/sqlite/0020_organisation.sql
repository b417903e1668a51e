-- The organisation (Cơ cấu tổ chức): each site's units as a tree, with
-- the fields Decree 42 asks for in Vietnamese and in English.
CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES units(id),
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    head TEXT NOT NULL DEFAULT '',
    head_title TEXT NOT NULL DEFAULT '',
    head_title_en TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    duties TEXT NOT NULL DEFAULT '',
    duties_en TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
CREATE INDEX units_by_site ON units (site_id, parent_id, position);

-- A news section that had the organisation's address moves aside.
UPDATE categories SET slug = 'co-cau-to-chuc-tin'
 WHERE slug = 'co-cau-to-chuc'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'co-cau-to-chuc-tin');

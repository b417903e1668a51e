-- A site's menus as its editors arranged them (JSON: items with a label,
-- a target and, in the main menu, children). A site without a row shows
-- the default menu.
CREATE TABLE site_menus (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    menu TEXT NOT NULL,
    items TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, menu)
);

-- A news section that had the site map's address moves aside.
UPDATE categories SET slug = 'so-do-cong-tin'
 WHERE slug = 'so-do-cong'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'so-do-cong-tin');

-- Standing pages (Giới thiệu, Liên hệ…) are articles of the section
-- `trang`, which the portal keeps for them: a news section that had that
-- address moves aside (its articles' old addresses redirect).
UPDATE categories SET slug = 'trang-tin'
 WHERE slug = 'trang'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'trang-tin');

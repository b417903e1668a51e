-- The home page in editors' hands: the featured stories ("Tin nổi bật")
-- in the order editors chose, and articles pinned at the top of their
-- sections, each until an optional end time. `articles.featured` is no
-- longer read: the articles it marked become the first featured stories.
CREATE TABLE highlights (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    until_at INTEGER,
    PRIMARY KEY (site_id, kind, article_id)
);
CREATE INDEX highlights_by_article ON highlights (article_id);
CREATE INDEX highlights_by_until ON highlights (until_at);
INSERT INTO highlights (site_id, article_id, kind, position, until_at)
    SELECT site_id, id, 'featured',
           ROW_NUMBER() OVER (PARTITION BY site_id ORDER BY publish_at DESC, id DESC), NULL
      FROM articles WHERE featured = 1;
UPDATE articles SET featured = 0 WHERE featured = 1;

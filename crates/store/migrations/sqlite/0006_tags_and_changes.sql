-- Keywords get pages of their own: one row per keyword and site, linked to
-- the articles that carry it. `articles.tags` keeps the words as written.
CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (site_id, slug)
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

-- The search index follows the articles in order of change.
CREATE INDEX articles_by_change ON articles (updated_at, id);

-- Visitor statistics (Thống kê truy cập), kept for ever: each site's
-- visitors and page views per Vietnamese day, each article's views per
-- day; and the marks (salted hashes, never addresses) that count a
-- visitor once a day across restarts and nodes, kept two days.
CREATE TABLE daily_visits (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    visitors INTEGER NOT NULL DEFAULT 0,
    page_views INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, day)
);

CREATE TABLE visit_marks (
    site_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    visitor TEXT NOT NULL,
    PRIMARY KEY (site_id, day, visitor)
);

CREATE TABLE daily_article_views (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    views INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, day)
);
CREATE INDEX daily_article_views_by_day ON daily_article_views (day);

-- Visitor statistics (Thống kê truy cập), kept for ever: each site's
-- visitors and page views per Vietnamese day, each article's views per
-- day; and the marks (salted hashes, never addresses) that count a
-- visitor once a day across restarts and nodes, kept two days.
CREATE TABLE daily_visits (
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    visitors BIGINT NOT NULL DEFAULT 0,
    page_views BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, day)
);

CREATE TABLE visit_marks (
    site_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    visitor TEXT NOT NULL,
    PRIMARY KEY (site_id, day, visitor)
);

CREATE TABLE daily_article_views (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    views BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, day)
);
CREATE INDEX daily_article_views_by_day ON daily_article_views (day);

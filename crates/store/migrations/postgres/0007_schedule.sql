-- Articles that appear or disappear by the clock (a publication time in
-- the future, an expiry): the page cache looks for them every second.
CREATE INDEX articles_by_publish_at ON articles (publish_at);
CREATE INDEX articles_by_expire_at ON articles (expire_at);

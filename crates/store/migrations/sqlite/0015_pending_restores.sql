-- Bringing back an old version of a published article does not change
-- what readers see: the request waits here, one per article, until
-- someone who may publish accepts or declines it.
CREATE TABLE pending_restores (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    proposed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    proposed_at INTEGER NOT NULL
);
CREATE INDEX pending_restores_by_site ON pending_restores (site_id);

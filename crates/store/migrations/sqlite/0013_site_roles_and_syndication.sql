-- A person's role is per site. Everyone who had a role keeps it on the
-- province's own site (the sites with no parent).
CREATE TABLE site_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, site_id)
);
CREATE INDEX site_roles_by_site ON site_roles (site_id);
INSERT INTO site_roles (user_id, site_id, role)
    SELECT users.id, sites.id, users.role FROM users, sites WHERE sites.parent_id IS NULL;

-- A session opens one site's newsroom only; sessions from before belong
-- to no site and end.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN site_id INTEGER NOT NULL DEFAULT 0;

-- News flowing up: a sub-site's published article proposed to its parent.
-- Once approved the parent carries a copy (`copy_id`) credited to the origin.
CREATE TABLE syndications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    origin_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    target_site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    copy_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    -- The origin's title and lead when the parent approved it: a change to
    -- either asks the parent again.
    origin_title TEXT NOT NULL DEFAULT '',
    origin_lead TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    proposed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    proposed_at INTEGER NOT NULL,
    decided_at INTEGER,
    UNIQUE (origin_id, target_site_id)
);
CREATE INDEX syndications_by_target ON syndications (target_site_id, status, proposed_at);

-- A copy knows its origin: credited, linked, canonical there.
ALTER TABLE articles ADD COLUMN origin_id INTEGER REFERENCES articles(id) ON DELETE SET NULL;

-- Which site's newsroom an audited action was done in (none: the command
-- line, or before sites had staff of their own).
ALTER TABLE audit_events ADD COLUMN site_id INTEGER;

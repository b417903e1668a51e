CREATE TABLE sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER REFERENCES sites(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    agency TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'vi',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL DEFAULT ''
);

CREATE TABLE site_hosts (
    host TEXT PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES categories(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    on_home INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site_id, slug)
);

CREATE TABLE media (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    mime TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    byte_size INTEGER NOT NULL DEFAULT 0,
    alt TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    variants TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    category_id INTEGER REFERENCES categories(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '[]',
    byline TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    cover_media_id INTEGER REFERENCES media(id),
    status TEXT NOT NULL DEFAULT 'draft',
    featured INTEGER NOT NULL DEFAULT 0,
    publish_at INTEGER,
    expire_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    views INTEGER NOT NULL DEFAULT 0,
    import_key TEXT,
    UNIQUE (site_id, import_key)
);
CREATE INDEX articles_public ON articles (site_id, status, publish_at DESC);

CREATE TABLE article_categories (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, category_id)
);
CREATE INDEX article_categories_by_category ON article_categories (category_id, article_id);

CREATE TABLE block_placements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    layout TEXT NOT NULL,
    zone TEXT NOT NULL,
    position INTEGER NOT NULL,
    block_type TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX block_placements_by_page ON block_placements (site_id, layout, zone, position);

CREATE TABLE view_marks (
    day INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    visitor TEXT NOT NULL,
    PRIMARY KEY (day, article_id, visitor)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

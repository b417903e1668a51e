CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A user with rows here may only touch articles of these categories.
CREATE TABLE user_categories (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, category_id)
);

-- `id` is the SHA-256 of the cookie's token: a leaked table opens no session.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login TEXT NOT NULL,
    address TEXT NOT NULL,
    at INTEGER NOT NULL,
    succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempts_by_login ON login_attempts (login, at);
CREATE INDEX login_attempts_by_address ON login_attempts (address, at);

CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    UNIQUE (article_id, revision)
);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id INTEGER,
    login TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_by_time ON audit_events (at);

ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE articles ADD COLUMN updated_by INTEGER REFERENCES users(id);
ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';

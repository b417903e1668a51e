-- Citizens' questions and feedback (Hỏi đáp, Phản ánh kiến nghị), each
-- site's rules for them, and the outbox of e-mails: a mail is a row first,
-- written with what it tells of, and leaves when the mail server takes it.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    asker_name TEXT NOT NULL DEFAULT '',
    asker_email TEXT NOT NULL DEFAULT '',
    asker_phone TEXT NOT NULL DEFAULT '',
    asker_address TEXT NOT NULL DEFAULT '',
    asker_shown TEXT NOT NULL DEFAULT '',
    attachment_key TEXT,
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment_size INTEGER NOT NULL DEFAULT 0,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    assignee_id INTEGER REFERENCES users(id),
    answer TEXT NOT NULL DEFAULT '',
    refusal TEXT NOT NULL DEFAULT '',
    -- Title, text and answer folded (no diacritics, lower case) once published.
    search_text TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    answered_at INTEGER,
    published_at INTEGER,
    erased_at INTEGER,
    revision INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX questions_by_status ON questions (site_id, status, created_at);
CREATE INDEX questions_published ON questions (site_id, published_at) WHERE status = 'published';

CREATE TABLE citizen_settings (
    site_id INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    answer_days INTEGER NOT NULL DEFAULT 15,
    retention_days INTEGER NOT NULL DEFAULT 730,
    fields TEXT NOT NULL DEFAULT ''
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER REFERENCES sites(id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (next_try_at) WHERE sent_at IS NULL;

-- A news section that had the questions' address moves aside.
UPDATE categories SET slug = 'hoi-dap-tin'
 WHERE slug = 'hoi-dap'
   AND NOT EXISTS (SELECT 1 FROM categories other
                    WHERE other.site_id = categories.site_id AND other.slug = 'hoi-dap-tin');
-- The banner that led to the home page leads to the questions.
UPDATE block_placements SET settings = REPLACE(settings,
       '"title":"Hỏi đáp - Kiến nghị","tone":"green","url":"/"}',
       '"title":"Hỏi đáp - Kiến nghị","tone":"green","url":"/hoi-dap"}')
 WHERE block_type = 'banner';

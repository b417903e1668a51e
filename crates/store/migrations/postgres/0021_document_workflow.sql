-- Documents go through the newsroom like articles: a state (what readers
-- see is `published`; those imported before were), the full text, who
-- wrote them, every saved version, the links between documents, the
-- downloads of their files, and each site's own list of types.
ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE documents ADD COLUMN full_text TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN created_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE documents ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
CREATE INDEX documents_by_status ON documents (site_id, status, issued_on);

CREATE TABLE document_revisions (
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    -- The document's fields as JSON, as they were saved.
    snapshot TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    saved_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (document_id, revision)
);

-- `relation`: replaces, amends or related (from `document_id` to `target_id`).
CREATE TABLE document_links (
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    PRIMARY KEY (document_id, target_id, relation)
);
CREATE INDEX document_links_to ON document_links (target_id);

ALTER TABLE document_files ADD COLUMN downloads BIGINT NOT NULL DEFAULT 0;

CREATE TABLE document_types (
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (site_id, position)
);

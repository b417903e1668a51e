-- The words of each document (from its search text), so that a keyword
-- search reads the few documents holding its rarest word instead of the
-- whole base; filled when a document is saved (and, for documents saved
-- before, when the portal opens).
CREATE TABLE document_words (
    site_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (site_id, word, document_id)
);
CREATE INDEX document_words_of ON document_words (document_id);
CREATE INDEX documents_by_kind ON documents (site_id, kind, issued_on);
CREATE INDEX documents_by_issuer ON documents (site_id, issuer, issued_on);

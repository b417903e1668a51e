-- Keywords of an article, as a JSON array of strings.
ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';

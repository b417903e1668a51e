-- What a site is the portal of, and whether it is serving.
ALTER TABLE sites ADD COLUMN kind TEXT NOT NULL DEFAULT 'province';
ALTER TABLE sites ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0;

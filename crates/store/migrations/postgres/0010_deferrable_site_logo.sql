-- Sites name their logo in media, media name their site: a restore writes
-- both tables in one transaction and checks this reference at its end.
ALTER TABLE sites ALTER CONSTRAINT sites_logo_media_id_fkey DEFERRABLE INITIALLY IMMEDIATE;

-- A section's (or a keyword's) newest articles are read from its links in
-- date order, a few rows, instead of every article it ever had: the links
-- carry a copy of the article's publication time, kept by triggers
-- whatever code writes the article or its links.
ALTER TABLE article_categories ADD COLUMN publish_at BIGINT;
UPDATE article_categories ac SET publish_at = a.publish_at FROM articles a WHERE a.id = ac.article_id;
CREATE INDEX article_categories_by_date ON article_categories (category_id, publish_at, article_id);

ALTER TABLE article_tags ADD COLUMN publish_at BIGINT;
UPDATE article_tags t SET publish_at = a.publish_at FROM articles a WHERE a.id = t.article_id;
CREATE INDEX article_tags_by_date ON article_tags (tag_id, publish_at, article_id);

CREATE FUNCTION link_takes_publish_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.publish_at := (SELECT publish_at FROM articles WHERE id = NEW.article_id);
    RETURN NEW;
END
$$;

CREATE TRIGGER article_categories_take_publish_at BEFORE INSERT ON article_categories
    FOR EACH ROW EXECUTE FUNCTION link_takes_publish_at();
CREATE TRIGGER article_tags_take_publish_at BEFORE INSERT ON article_tags
    FOR EACH ROW EXECUTE FUNCTION link_takes_publish_at();

CREATE FUNCTION articles_publish_at_to_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE article_categories SET publish_at = NEW.publish_at WHERE article_id = NEW.id;
    UPDATE article_tags SET publish_at = NEW.publish_at WHERE article_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_publish_at_to_links AFTER UPDATE OF publish_at ON articles
    FOR EACH ROW WHEN (OLD.publish_at IS DISTINCT FROM NEW.publish_at)
    EXECUTE FUNCTION articles_publish_at_to_links();

-- The date indexes start with the same column.
DROP INDEX article_categories_by_category;
DROP INDEX article_tags_by_tag;

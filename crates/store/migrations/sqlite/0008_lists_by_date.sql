-- A section's (or a keyword's) newest articles are read from its links in
-- date order, a few rows, instead of every article it ever had: the links
-- carry a copy of the article's publication time, kept by triggers
-- whatever code writes the article or its links.
ALTER TABLE article_categories ADD COLUMN publish_at INTEGER;
UPDATE article_categories
   SET publish_at = (SELECT publish_at FROM articles WHERE articles.id = article_categories.article_id);
CREATE INDEX article_categories_by_date ON article_categories (category_id, publish_at, article_id);

ALTER TABLE article_tags ADD COLUMN publish_at INTEGER;
UPDATE article_tags
   SET publish_at = (SELECT publish_at FROM articles WHERE articles.id = article_tags.article_id);
CREATE INDEX article_tags_by_date ON article_tags (tag_id, publish_at, article_id);

CREATE TRIGGER article_categories_take_publish_at AFTER INSERT ON article_categories
BEGIN
    UPDATE article_categories
       SET publish_at = (SELECT publish_at FROM articles WHERE id = NEW.article_id)
     WHERE article_id = NEW.article_id AND category_id = NEW.category_id;
END;

CREATE TRIGGER article_tags_take_publish_at AFTER INSERT ON article_tags
BEGIN
    UPDATE article_tags
       SET publish_at = (SELECT publish_at FROM articles WHERE id = NEW.article_id)
     WHERE article_id = NEW.article_id AND tag_id = NEW.tag_id;
END;

CREATE TRIGGER articles_publish_at_to_links AFTER UPDATE OF publish_at ON articles
WHEN OLD.publish_at IS NOT NEW.publish_at
BEGIN
    UPDATE article_categories SET publish_at = NEW.publish_at WHERE article_id = NEW.id;
    UPDATE article_tags SET publish_at = NEW.publish_at WHERE article_id = NEW.id;
END;

-- The date indexes start with the same column.
DROP INDEX article_categories_by_category;
DROP INDEX article_tags_by_tag;

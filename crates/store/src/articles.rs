use portal_core::{
    Article, ArticleContent, ArticleId, ArticleStatus, ArticleSummary, Body, PageRequest, SiteId,
    UserId,
};
use sqlx::any::AnyRow;

use crate::Store;
use crate::rows::{
    JOINED_CATEGORY_COLUMNS, SUMMARY_COLUMNS, int, joined_category, opt_int, summary, text,
};
use crate::{Result, StoreError};

/// An article as a use case hands it to the store.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub site_id: SiteId,
    pub slug: String,
    pub status: ArticleStatus,
    pub content: ArticleContent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    Created(ArticleId),
    Updated(ArticleId),
    /// Imported before, with the same content: nothing written.
    Unchanged(ArticleId),
    /// Changed in the newsroom since it was imported: not overwritten.
    EditedSince(ArticleId),
}

impl UpsertOutcome {
    pub fn id(self) -> ArticleId {
        match self {
            Self::Created(id) | Self::Updated(id) | Self::Unchanged(id) | Self::EditedSince(id) => {
                id
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ArticleListFilter {
    pub category_id: Option<i64>,
    pub tag_id: Option<i64>,
    pub featured_only: bool,
    pub exclude_id: Option<i64>,
    /// Only articles published before this instant (for "older news").
    pub published_before: Option<i64>,
    /// Only copies carried from sub-sites ("Tin từ cơ sở").
    pub carried_only: bool,
}

#[derive(Debug, Clone)]
pub struct SitemapEntry {
    pub path: String,
    pub updated_at: i64,
}

/// More pinned articles than this in one section are not shown first.
const MAX_PINNED: i64 = 20;

/// What a reader may see at `$2`: published, due, not yet expired.
/// What readers may see of the site: `$1` the site, `$2` now.
const PUBLIC_ANY: &str = "a.site_id = $1 AND a.status = 'published' AND a.publish_at <= $2 \
     AND (a.expire_at IS NULL OR a.expire_at > $2)";
/// The same less the standing pages (the section `portal_core::content::
/// PAGES_SLUG`), which no news list shows.
const PUBLIC: &str = "a.site_id = $1 AND a.status = 'published' AND a.publish_at <= $2 \
     AND (a.expire_at IS NULL OR a.expire_at > $2) \
     AND (a.category_id IS NULL OR a.category_id NOT IN \
          (SELECT pc.id FROM categories pc WHERE pc.site_id = $1 AND pc.slug = 'trang'))";

const ARTICLE_COLUMNS: &str = "a.id, a.site_id, a.slug, a.title, a.lead, a.body, a.byline, \
     a.source, a.cover_media_id, a.status, a.publish_at, a.expire_at, \
     a.created_at, a.updated_at, a.revision, a.views, a.tags, a.origin_id, a.review_note";

impl Store {
    pub async fn create_article(&self, new: &NewArticle, now: i64) -> Result<ArticleId> {
        let mut tx = self.write_tx().await?;
        let id = insert_article(&mut tx, self, new, None, None, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Creates the article known by `import_key`, or brings it up to date
    /// in place (same id, next revision) when it was imported before and
    /// nobody has changed it in the newsroom since. Two importers of the
    /// same capture at once make one article.
    pub async fn upsert_imported_article(
        &self,
        new: &NewArticle,
        import_key: &str,
        now: i64,
    ) -> Result<UpsertOutcome> {
        // Twice at most: a first try can find that another importer has
        // just created the article.
        for _ in 0..2 {
            let mut tx = self.write_tx().await?;
            let existing = sqlx::query(
                "SELECT id, revision, updated_by FROM articles WHERE site_id = $1 AND import_key = $2",
            )
            .bind(new.site_id.get())
            .bind(import_key)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = existing else {
                let Some(id) = insert_article_once(&mut tx, self, new, import_key, now).await?
                else {
                    continue; // Made by another importer meanwhile.
                };
                crate::newsroom::insert_revision(&mut tx, id, 1, &new.content, None, now).await?;
                tx.commit().await?;
                return Ok(UpsertOutcome::Created(id));
            };
            let (id, revision) = (ArticleId(int(&row, "id")?), int(&row, "revision")?);
            if opt_int(&row, "updated_by")?.is_some() {
                return Ok(UpsertOutcome::EditedSince(id));
            }
            let stored = crate::newsroom::current_content(&mut tx, id).await?;
            if stored.as_ref() == Some(&new.content) {
                return Ok(UpsertOutcome::Unchanged(id));
            }
            let written = Written {
                id,
                over_revision: revision,
                slug: &new.slug,
                by: None,
                now,
            };
            update_content(&mut tx, self, &written, &new.content).await?;
            tx.commit().await?;
            return Ok(UpsertOutcome::Updated(id));
        }
        Err(StoreError::Conflict(format!(
            "the import {import_key} is being written by another importer; run it again"
        )))
    }

    /// Gives an article imported under an older kind of key its new key.
    pub async fn rekey_import(
        &self,
        site_id: SiteId,
        old_key: &str,
        new_key: &str,
    ) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE articles SET import_key = $3 WHERE site_id = $1 AND import_key = $2 \
             AND NOT EXISTS (SELECT 1 FROM articles WHERE site_id = $1 AND import_key = $3)",
        )
        .bind(site_id.get())
        .bind(old_key)
        .bind(new_key)
        .execute(&self.pool)
        .await?
        .rows_affected()
            > 0)
    }

    /// The article imported under `import_key`, if any.
    pub async fn imported_article(
        &self,
        site_id: SiteId,
        import_key: &str,
    ) -> Result<Option<ArticleId>> {
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT id FROM articles WHERE site_id = $1 AND import_key = $2",
        )
        .bind(site_id.get())
        .bind(import_key)
        .fetch_optional(&self.pool)
        .await?
        .map(ArticleId))
    }

    /// Any article of the site, whatever its status.
    pub async fn article(&self, site_id: SiteId, id: ArticleId) -> Result<Option<Article>> {
        // One query, a row per category (the article repeated): a page
        // that is not cached waits for every round trip to the database.
        let rows = sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS}, {JOINED_CATEGORY_COLUMNS} FROM articles a \
             LEFT JOIN article_categories ac ON ac.article_id = a.id \
             LEFT JOIN categories c ON c.id = ac.category_id \
             WHERE a.site_id = $1 AND a.id = $2 ORDER BY ac.position"
        ))
        .bind(site_id.get())
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut categories = Vec::with_capacity(rows.len());
        for row in &rows {
            categories.extend(joined_category(row)?);
        }
        Ok(Some(article_from_row(first, categories)?))
    }

    /// The bodies of these articles, by id (for API lists).
    pub async fn article_bodies(
        &self,
        ids: &[ArticleId],
    ) -> Result<std::collections::HashMap<ArticleId, Body>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let placeholders = crate::rows::placeholders(ids.len());
        let sql = format!("SELECT id, body FROM articles WHERE id IN ({placeholders})");
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id.get());
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let body = Body::from_json(&text(row, "body")?)
                    .map_err(|e| StoreError::Corrupt(format!("article body: {e}")))?;
                Ok((ArticleId(int(row, "id")?), body))
            })
            .collect()
    }

    /// Public articles, newest first, with the total for pagination.
    pub async fn public_articles(
        &self,
        site_id: SiteId,
        filter: ArticleListFilter,
        page: PageRequest,
        now: i64,
    ) -> Result<(Vec<ArticleSummary>, i64)> {
        let items = self.public_article_list(site_id, filter, page, now).await?;
        let list = ListSql::of(filter);
        let count_sql = format!(
            "SELECT COUNT(*) FROM {} WHERE {PUBLIC}{}",
            list.from, list.condition
        );
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql)
            .bind(site_id.get())
            .bind(now);
        for value in &list.values {
            count = count.bind(*value);
        }
        let total = count.fetch_one(&self.pool).await?;
        Ok((items, total))
    }

    /// A page of public articles, newest first, without counting them all
    /// (lists that show no page numbers). A section's list starts with the
    /// articles pinned in it, in editors' order; the pages after the first
    /// go on where the first left off.
    pub async fn public_article_list(
        &self,
        site_id: SiteId,
        filter: ArticleListFilter,
        page: PageRequest,
        now: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let mut list = ListSql::of(filter);
        let pinned = match filter.category_id {
            Some(category) if filter.tag_id.is_none() && filter.published_before.is_none() => {
                self.pinned_in(site_id, category, now).await?
            }
            _ => Vec::new(),
        };
        if pinned.is_empty() {
            return self
                .list_in_order(site_id, &list, page.limit(), page.offset(), now)
                .await;
        }
        for article in &pinned {
            list.push("a.id <> {}", article.id.get());
        }
        let pinned_count = pinned.len() as i64;
        if page.offset() >= pinned_count {
            return self
                .list_in_order(
                    site_id,
                    &list,
                    page.limit(),
                    page.offset() - pinned_count,
                    now,
                )
                .await;
        }
        let mut items: Vec<ArticleSummary> = pinned
            .into_iter()
            .filter(|article| Some(article.id.get()) != filter.exclude_id)
            .skip(page.offset() as usize)
            .take(page.limit() as usize)
            .collect();
        let rest = page.limit() - items.len() as i64;
        if rest > 0 {
            items.extend(self.list_in_order(site_id, &list, rest, 0, now).await?);
        }
        Ok(items)
    }

    async fn list_in_order(
        &self,
        site_id: SiteId,
        list: &ListSql,
        limit: i64,
        offset: i64,
        now: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let limit_at = list.values.len() + 3;
        let list_sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {} LEFT JOIN categories c ON c.id = a.category_id \
             WHERE {PUBLIC}{} ORDER BY {} LIMIT ${limit_at} OFFSET ${}",
            list.from,
            list.condition,
            list.order,
            limit_at + 1
        );
        let mut query = sqlx::query(&list_sql).bind(site_id.get()).bind(now);
        for value in &list.values {
            query = query.bind(*value);
        }
        query
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(summary)
            .collect()
    }

    /// The public articles pinned now at the top of `category`, in order.
    async fn pinned_in(
        &self,
        site_id: SiteId,
        category: i64,
        now: i64,
    ) -> Result<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM highlights h JOIN articles a ON a.id = h.article_id \
             LEFT JOIN categories c ON c.id = a.category_id \
             WHERE {PUBLIC} AND h.site_id = $1 AND h.kind = 'pinned' \
             AND (h.until_at IS NULL OR h.until_at > $2) \
             AND a.id IN (SELECT article_id FROM article_categories WHERE category_id = $3) \
             ORDER BY h.position, a.publish_at DESC LIMIT {MAX_PINNED}"
        );
        sqlx::query(&sql)
            .bind(site_id.get())
            .bind(now)
            .bind(category)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(summary)
            .collect()
    }

    /// The most read public articles published since `since`.
    pub async fn most_viewed(
        &self,
        site_id: SiteId,
        since: i64,
        limit: i64,
        now: i64,
    ) -> Result<Vec<ArticleSummary>> {
        sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a LEFT JOIN categories c ON c.id = a.category_id \
             WHERE {PUBLIC} AND a.publish_at >= $3 ORDER BY a.views DESC, a.publish_at DESC LIMIT $4"
        ))
        .bind(site_id.get())
        .bind(now)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
    }

    /// Published articles that appeared or disappeared for readers in
    /// `(since, until]` by the clock alone (their publication time came,
    /// or their expiry), as (site, id).
    pub async fn articles_due_between(&self, since: i64, until: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT site_id, id FROM articles WHERE status = 'published' \
             AND ((publish_at > $1 AND publish_at <= $2) OR (expire_at > $1 AND expire_at <= $2))",
        )
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((int(row, "site_id")?, int(row, "id")?)))
            .collect()
    }

    /// Every public article's path, for `sitemap.xml`.
    pub async fn sitemap(
        &self,
        site_id: SiteId,
        limit: i64,
        now: i64,
    ) -> Result<Vec<SitemapEntry>> {
        let rows = sqlx::query(&format!(
            "SELECT a.id, a.slug, a.updated_at, c.slug AS category_slug FROM articles a \
             LEFT JOIN categories c ON c.id = a.category_id \
             WHERE {PUBLIC_ANY} ORDER BY a.publish_at DESC LIMIT $3"
        ))
        .bind(site_id.get())
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SitemapEntry {
                    path: portal_core::content::article_path(
                        crate::rows::opt_text(row, "category_slug")?.as_deref(),
                        &text(row, "slug")?,
                        ArticleId(int(row, "id")?),
                    ),
                    updated_at: int(row, "updated_at")?,
                })
            })
            .collect()
    }
}

pub(crate) fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

/// The tables, extra conditions and order of a list of public articles.
/// A section's or a keyword's list walks its links in date order (they
/// carry the article's publication time, migration 0008), so a page of it
/// reads a few rows instead of every article the section ever had.
struct ListSql {
    from: &'static str,
    /// Appended to `PUBLIC`; its placeholders follow `$1` (site) and `$2`
    /// (now), bound from `values` in order.
    condition: String,
    values: Vec<i64>,
    order: &'static str,
}

impl ListSql {
    fn of(filter: ArticleListFilter) -> Self {
        let (from, link_column, date, order) = match (filter.category_id, filter.tag_id) {
            (Some(category), _) => (
                "article_categories l JOIN articles a ON a.id = l.article_id",
                Some(("l.category_id", category)),
                "l.publish_at",
                "l.publish_at DESC, l.article_id DESC",
            ),
            (None, Some(tag)) => (
                "article_tags l JOIN articles a ON a.id = l.article_id",
                Some(("l.tag_id", tag)),
                "l.publish_at",
                "l.publish_at DESC, l.article_id DESC",
            ),
            (None, None) => (
                "articles a",
                None,
                "a.publish_at",
                "a.publish_at DESC, a.id DESC",
            ),
        };
        let mut list = Self {
            from,
            condition: String::new(),
            values: Vec::new(),
            order,
        };
        if let Some((column, id)) = link_column {
            list.push(&format!("{column} = {{}}"), id);
            // Bounds the walk of the links' date index from the top. One
            // bound only: given two, SQLite may walk from the higher.
            if filter.published_before.is_none() {
                list.condition.push_str(&format!(" AND {date} <= $2"));
            }
        }
        if let (Some(_), Some(tag)) = (filter.category_id, filter.tag_id) {
            list.push(
                "a.id IN (SELECT article_id FROM article_tags WHERE tag_id = {})",
                tag,
            );
        }
        if let Some(id) = filter.exclude_id {
            list.push("a.id <> {}", id);
        }
        if let Some(before) = filter.published_before {
            list.push(&format!("{date} < {{}}"), before);
        }
        if filter.featured_only {
            const CURRENT: &str = "h.site_id = $1 AND h.kind = 'featured' \
                 AND (h.until_at IS NULL OR h.until_at > $2)";
            if link_column.is_none() {
                // Featured stories are few and in editors' order, not by date.
                list.from = "highlights h JOIN articles a ON a.id = h.article_id";
                list.condition.push_str(&format!(" AND {CURRENT}"));
                list.order = "h.position, a.publish_at DESC";
            } else {
                list.condition.push_str(&format!(
                    " AND a.id IN (SELECT h.article_id FROM highlights h WHERE {CURRENT})"
                ));
            }
        }
        if filter.carried_only {
            list.condition.push_str(" AND a.origin_id IS NOT NULL");
        }
        list
    }

    fn push(&mut self, clause: &str, value: i64) {
        self.values.push(value);
        let placeholder = format!("${}", self.values.len() + 2);
        self.condition
            .push_str(&format!(" AND {}", clause.replace("{}", &placeholder)));
    }
}

async fn link_categories(
    tx: &mut crate::connect::WriteTx,
    article_id: ArticleId,
    category_ids: &[i64],
) -> Result<()> {
    for (position, category_id) in category_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_categories (article_id, category_id, position) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id, category_id) DO NOTHING",
        )
        .bind(article_id.get())
        .bind(*category_id)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn article_from_row(row: &AnyRow, categories: Vec<portal_core::Category>) -> Result<Article> {
    let status_text = text(row, "status")?;
    let status = ArticleStatus::parse(&status_text)
        .ok_or_else(|| StoreError::Corrupt(format!("article status \"{status_text}\"")))?;
    let category_ids = categories.iter().map(|c| c.id).collect();
    Ok(Article {
        id: ArticleId(int(row, "id")?),
        site_id: SiteId(int(row, "site_id")?),
        slug: text(row, "slug")?,
        content: content_from_row(row, category_ids)?,
        status,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
        revision: int(row, "revision")?,
        views: int(row, "views")?,
        categories,
        origin_id: opt_int(row, "origin_id")?.map(ArticleId),
        review_note: text(row, "review_note")?,
    })
}

/// The content columns of an `articles` row.
pub(crate) fn content_from_row(row: &AnyRow, category_ids: Vec<i64>) -> Result<ArticleContent> {
    Ok(ArticleContent {
        title: text(row, "title")?,
        lead: text(row, "lead")?,
        body: Body::from_json(&text(row, "body")?)
            .map_err(|e| StoreError::Corrupt(format!("article body: {e}")))?,
        byline: text(row, "byline")?,
        source: text(row, "source")?,
        category_ids,
        cover_media_id: opt_int(row, "cover_media_id")?,
        publish_at: opt_int(row, "publish_at")?,
        expire_at: opt_int(row, "expire_at")?,
        tags: serde_json::from_str(&text(row, "tags")?)
            .map_err(|e| StoreError::Corrupt(format!("article tags: {e}")))?,
    })
}

/// Writes a new imported article in `tx`, unless another importer has
/// written the same import meanwhile (`None`).
async fn insert_article_once(
    tx: &mut crate::changes::Tx<'_>,
    store: &Store,
    new: &NewArticle,
    import_key: &str,
    now: i64,
) -> Result<Option<ArticleId>> {
    match insert_article(tx, store, new, Some(import_key), None, now).await {
        Ok(id) => Ok(Some(id)),
        Err(StoreError::Database(sqlx::Error::Database(error))) if error.is_unique_violation() => {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Writes a new article (and its change) in `tx`.
pub(crate) async fn insert_article(
    tx: &mut crate::changes::Tx<'_>,
    store: &Store,
    new: &NewArticle,
    import_key: Option<&str>,
    created_by: Option<UserId>,
    now: i64,
) -> Result<ArticleId> {
    let content = &new.content;
    let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (site_id, category_id, slug, title, lead, body, byline, source, \
             cover_media_id, status, publish_at, expire_at, created_at, updated_at, \
             import_key, tags, created_by, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $16) \
             RETURNING id",
        )
        .bind(new.site_id.get())
        .bind(content.category_ids.first().copied())
        .bind(&new.slug)
        .bind(&content.title)
        .bind(&content.lead)
        .bind(content.body.to_json())
        .bind(&content.byline)
        .bind(&content.source)
        .bind(content.cover_media_id)
        .bind(new.status.as_str())
        .bind(content.publish_at)
        .bind(content.expire_at)
        .bind(now)
        .bind(import_key)
        .bind(tags_json(&content.tags))
        .bind(created_by.map(UserId::get))
        .fetch_one(&mut **tx)
        .await?;
    link_categories(tx, ArticleId(id), &content.category_ids).await?;
    crate::tags::link_tags(tx, new.site_id, ArticleId(id), &content.tags).await?;
    crate::changes::record_article(tx, store, new.site_id, ArticleId(id), None, now).await?;
    Ok(ArticleId(id))
}

/// Who writes new content over which revision of an article.
pub(crate) struct Written<'a> {
    pub id: ArticleId,
    /// The revision the writer read: if someone saved since, nothing is
    /// written and `Conflict` says so.
    pub over_revision: i64,
    pub slug: &'a str,
    /// `None` for an import (so the article still counts as unedited).
    pub by: Option<UserId>,
    pub now: i64,
}

/// Writes `content` over an article, with its sections, keywords, the
/// revision that keeps it and the change that tells the followers; returns
/// the new revision.
pub(crate) async fn update_content(
    tx: &mut crate::changes::Tx<'_>,
    store: &Store,
    written: &Written<'_>,
    content: &ArticleContent,
) -> Result<i64> {
    let id = written.id;
    let (site_id, before) = crate::changes::article_place(tx, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("article {id} vanished while it was saved")))?;
    let updated = sqlx::query(
        "UPDATE articles SET title = $3, lead = $4, body = $5, byline = $6, source = $7, \
         category_id = $8, cover_media_id = $9, publish_at = $10, expire_at = $11, slug = $12, \
         updated_at = $13, updated_by = $14, tags = $15, revision = revision + 1 \
         WHERE id = $1 AND revision = $2",
    )
    .bind(id.get())
    .bind(written.over_revision)
    .bind(&content.title)
    .bind(&content.lead)
    .bind(content.body.to_json())
    .bind(&content.byline)
    .bind(&content.source)
    .bind(content.category_ids.first().copied())
    .bind(content.cover_media_id)
    .bind(content.publish_at)
    .bind(content.expire_at)
    .bind(written.slug)
    .bind(written.now)
    .bind(written.by.map(UserId::get))
    .bind(tags_json(&content.tags))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(StoreError::Conflict(format!(
            "the article was saved by someone else after revision {}",
            written.over_revision
        )));
    }
    sqlx::query("DELETE FROM article_categories WHERE article_id = $1")
        .bind(id.get())
        .execute(&mut **tx)
        .await?;
    link_categories(tx, id, &content.category_ids).await?;
    crate::tags::link_tags(tx, site_id, id, &content.tags).await?;
    let revision = written.over_revision + 1;
    crate::newsroom::insert_revision(tx, id, revision, content, written.by, written.now).await?;
    crate::changes::record_article(tx, store, site_id, id, Some(before), written.now).await?;
    Ok(revision)
}

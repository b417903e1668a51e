//! What the search index reads: articles in id order (a rebuild) or those
//! the change feed names, and the summaries a result page shows.

use portal_core::{ArticleId, ArticleStatus, ArticleSummary, Body, SiteId, UserId};
use sqlx::any::AnyRow;

use crate::Store;
use crate::rows::{SUMMARY_COLUMNS, int, opt_int, placeholders, summary, text};
use crate::{Result, StoreError};

/// An article as the index needs it.
#[derive(Debug, Clone)]
pub struct IndexRow {
    pub id: ArticleId,
    pub site_id: SiteId,
    pub status: ArticleStatus,
    pub publish_at: Option<i64>,
    pub expire_at: Option<i64>,
    pub updated_at: i64,
    pub revision: i64,
    pub title: String,
    pub lead: String,
    pub body: Body,
    pub tags: Vec<String>,
    pub category_ids: Vec<i64>,
    /// Who created it (authors find only their own unpublished work).
    pub created_by: Option<UserId>,
}

const INDEX_COLUMNS: &str = "a.id, a.site_id, a.status, a.publish_at, a.expire_at, a.updated_at, \
     a.revision, a.title, a.lead, a.body, a.tags, a.created_by";

impl Store {
    /// Up to `limit` articles with ids above `after_id`, in id order.
    pub async fn index_rows_after(&self, after_id: i64, limit: i64) -> Result<Vec<IndexRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {INDEX_COLUMNS} FROM articles a WHERE a.id > $1 ORDER BY a.id LIMIT $2"
        ))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.index_rows(&rows).await
    }

    /// These articles as they are now (the change feed names them).
    pub async fn index_rows_of(&self, ids: &[ArticleId]) -> Result<Vec<IndexRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {INDEX_COLUMNS} FROM articles a WHERE a.id IN ({}) ORDER BY a.id",
            placeholders(ids.len())
        );
        let rows = ids
            .iter()
            .fold(sqlx::query(&sql), |query, id| query.bind(id.get()))
            .fetch_all(&self.pool)
            .await?;
        self.index_rows(&rows).await
    }

    pub async fn article_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn index_rows(&self, rows: &[AnyRow]) -> Result<Vec<IndexRow>> {
        let mut out: Vec<IndexRow> = rows.iter().map(index_row).collect::<Result<_>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT article_id, category_id FROM article_categories WHERE article_id IN ({}) \
             ORDER BY article_id, position",
            placeholders(out.len())
        );
        let mut query = sqlx::query(&sql);
        for row in &out {
            query = query.bind(row.id.get());
        }
        for link in query.fetch_all(&self.pool).await? {
            let article_id = int(&link, "article_id")?;
            if let Some(row) = out.iter_mut().find(|row| row.id == ArticleId(article_id)) {
                row.category_ids.push(int(&link, "category_id")?);
            }
        }
        Ok(out)
    }

    /// Summaries of these articles of these sites, with the site of each,
    /// in no particular order; with `public_at`, only those a reader may
    /// see at that instant.
    pub async fn article_summaries(
        &self,
        sites: &[SiteId],
        ids: &[ArticleId],
        public_at: Option<i64>,
    ) -> Result<Vec<FoundRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let public = if public_at.is_some() {
            format!(
                " AND a.status = 'published' AND a.publish_at <= ${0} \
                 AND (a.expire_at IS NULL OR a.expire_at > ${0})",
                ids.len() + 1
            )
        } else {
            String::new()
        };
        let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 1)).collect();
        // Drafts have no publication time yet: their last change stands in.
        let columns = SUMMARY_COLUMNS.replace(
            "a.publish_at",
            "COALESCE(a.publish_at, a.updated_at) AS publish_at",
        );
        let sql = format!(
            "SELECT {columns}, a.site_id, a.status, a.publish_at AS real_publish_at, a.expire_at \
             FROM articles a \
             LEFT JOIN categories c ON c.id = a.category_id \
             WHERE a.id IN ({}){public}",
            list.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id.get());
        }
        if let Some(now) = public_at {
            query = query.bind(now);
        }
        let mut found = Vec::with_capacity(ids.len());
        for row in query.fetch_all(&self.pool).await? {
            let site = SiteId(int(&row, "site_id")?);
            if sites.contains(&site) {
                let status = text(&row, "status")?;
                found.push(FoundRow {
                    site_id: site,
                    summary: summary(&row)?,
                    status: ArticleStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("article status {status:?}")))?,
                    publish_at: opt_int(&row, "real_publish_at")?,
                    expire_at: opt_int(&row, "expire_at")?,
                });
            }
        }
        Ok(found)
    }
}

/// An article search found, as the database has it now.
#[derive(Debug, Clone)]
pub struct FoundRow {
    pub site_id: SiteId,
    pub summary: ArticleSummary,
    pub status: ArticleStatus,
    pub publish_at: Option<i64>,
    pub expire_at: Option<i64>,
}

fn index_row(row: &AnyRow) -> Result<IndexRow> {
    let status = text(row, "status")?;
    Ok(IndexRow {
        id: ArticleId(int(row, "id")?),
        site_id: SiteId(int(row, "site_id")?),
        status: ArticleStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("article status {status:?}")))?,
        publish_at: opt_int(row, "publish_at")?,
        expire_at: opt_int(row, "expire_at")?,
        updated_at: int(row, "updated_at")?,
        revision: int(row, "revision")?,
        title: text(row, "title")?,
        lead: text(row, "lead")?,
        body: Body::from_json(&text(row, "body")?)
            .map_err(|e| StoreError::Corrupt(format!("article body: {e}")))?,
        tags: serde_json::from_str(&text(row, "tags")?)
            .map_err(|e| StoreError::Corrupt(format!("article tags: {e}")))?,
        category_ids: Vec::new(),
        created_by: opt_int(row, "created_by")?.map(UserId),
    })
}

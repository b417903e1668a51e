//! The newsroom's side of articles: saving with optimistic locking and a
//! revision per save, workflow state changes, and the lists staff work from.

use portal_core::{ArticleContent, ArticleId, ArticleStatus, SiteId, UserId};
use serde::Serialize;

use crate::articles::{Written, update_content};
use crate::rows::{int, opt_int, opt_text, text};
use crate::{NewArticle, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionInfo {
    pub revision: i64,
    pub user_id: Option<UserId>,
    pub login: Option<String>,
    pub created_at: i64,
}

/// A row of a newsroom list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskItem {
    pub id: ArticleId,
    pub title: String,
    pub status: String,
    pub publish_at: Option<i64>,
    pub expire_at: Option<i64>,
    pub updated_at: i64,
    pub revision: i64,
    pub created_by: Option<UserId>,
    pub author: Option<String>,
    pub category_id: Option<i64>,
    pub review_note: String,
}

#[derive(Debug, Clone, Default)]
pub struct DeskFilter {
    pub statuses: Vec<ArticleStatus>,
    pub created_by: Option<UserId>,
    /// Published with publish_at after this (scheduled) …
    pub publish_after: Option<i64>,
    /// … or at or before this (already out).
    pub publish_until: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// A new draft by `user_id`, revision 1, with its snapshot.
    pub async fn create_draft(
        &self,
        new: &NewArticle,
        user_id: UserId,
        now: i64,
    ) -> Result<ArticleId> {
        let mut tx = self.write_tx().await?;
        let id =
            crate::articles::insert_article(&mut tx, self, new, None, Some(user_id), now).await?;
        insert_revision(&mut tx, id, 1, &new.content, Some(user_id), now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves new content over revision `expected_revision`. When someone
    /// saved in between, nothing is written and `Conflict` says so: the
    /// caller keeps the user's text and shows the message.
    pub async fn save_content(
        &self,
        id: ArticleId,
        expected_revision: i64,
        content: &ArticleContent,
        slug: &str,
        user_id: UserId,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let written = Written {
            id,
            over_revision: expected_revision,
            slug,
            by: Some(user_id),
            now,
        };
        let revision = update_content(&mut tx, self, &written, content).await?;
        tx.commit().await?;
        Ok(revision)
    }

    /// Moves an article to `status` if it is still in `from` (a concurrent
    /// change makes this a `Conflict`).
    #[allow(clippy::too_many_arguments)]
    pub async fn set_status(
        &self,
        id: ArticleId,
        from: ArticleStatus,
        status: ArticleStatus,
        publish_at: Option<i64>,
        review_note: &str,
        user_id: UserId,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let before = crate::changes::article_place(&mut tx, id).await?;
        let updated = sqlx::query(
            "UPDATE articles SET status = $3, publish_at = COALESCE($4, publish_at), review_note = $5, \
             updated_at = $6, updated_by = $7 WHERE id = $1 AND status = $2",
        )
        .bind(id.get())
        .bind(from.as_str())
        .bind(status.as_str())
        .bind(publish_at)
        .bind(review_note)
        .bind(now)
        .bind(user_id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let Some((site_id, before)) = before.filter(|_| updated > 0) else {
            return Err(StoreError::Conflict(
                "the article's state changed meanwhile; reload it".into(),
            ));
        };
        crate::changes::record_article(&mut tx, self, site_id, id, Some(before), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The site an article belongs to.
    pub async fn article_site(&self, id: ArticleId) -> Result<Option<SiteId>> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT site_id FROM articles WHERE id = $1")
                .bind(id.get())
                .fetch_optional(&self.pool)
                .await?
                .map(SiteId),
        )
    }

    pub async fn article_owner(&self, id: ArticleId) -> Result<Option<UserId>> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT created_by FROM articles WHERE id = $1")
                .bind(id.get())
                .fetch_optional(&self.pool)
                .await?
                .flatten()
                .map(UserId),
        )
    }

    pub async fn desk(&self, site_id: SiteId, filter: &DeskFilter) -> Result<Vec<DeskItem>> {
        let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
        let status_list = if statuses.is_empty() {
            "'draft','submitted','approved','published','unpublished'".to_string()
        } else {
            statuses
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let sql = format!(
            "SELECT a.id, a.title, a.status, a.publish_at, a.expire_at, a.updated_at, a.revision, a.created_by, \
             u.display_name AS author, a.category_id, a.review_note FROM articles a \
             LEFT JOIN users u ON u.id = a.created_by \
             WHERE a.site_id = $1 AND a.status IN ({status_list}) \
             AND ($2 = 0 OR a.created_by = $2) \
             AND ($3 = 0 OR a.publish_at > $3) AND ($4 = 0 OR a.publish_at <= $4) \
             ORDER BY CASE WHEN a.status = 'published' THEN a.publish_at ELSE a.updated_at END DESC, a.id DESC LIMIT $5"
        );
        let rows = sqlx::query(&sql)
            .bind(site_id.get())
            .bind(filter.created_by.map_or(0, UserId::get))
            .bind(filter.publish_after.unwrap_or(0))
            .bind(filter.publish_until.unwrap_or(0))
            .bind(if filter.limit > 0 { filter.limit } else { 20 })
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(DeskItem {
                    id: ArticleId(int(row, "id")?),
                    title: text(row, "title")?,
                    status: text(row, "status")?,
                    publish_at: opt_int(row, "publish_at")?,
                    expire_at: opt_int(row, "expire_at")?,
                    updated_at: int(row, "updated_at")?,
                    revision: int(row, "revision")?,
                    created_by: opt_int(row, "created_by")?.map(UserId),
                    author: opt_text(row, "author")?,
                    category_id: opt_int(row, "category_id")?,
                    review_note: text(row, "review_note")?,
                })
            })
            .collect()
    }

    pub async fn revisions(&self, article_id: ArticleId) -> Result<Vec<RevisionInfo>> {
        let rows = sqlx::query(
            "SELECT r.revision, r.user_id, u.login, r.created_at FROM revisions r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 ORDER BY r.revision DESC",
        )
        .bind(article_id.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RevisionInfo {
                    revision: int(row, "revision")?,
                    user_id: opt_int(row, "user_id")?.map(UserId),
                    login: opt_text(row, "login")?,
                    created_at: int(row, "created_at")?,
                })
            })
            .collect()
    }

    pub async fn revision(
        &self,
        article_id: ArticleId,
        revision: i64,
    ) -> Result<Option<ArticleContent>> {
        let json: Option<String> = sqlx::query_scalar(
            "SELECT snapshot FROM revisions WHERE article_id = $1 AND revision = $2",
        )
        .bind(article_id.get())
        .bind(revision)
        .fetch_optional(&self.pool)
        .await?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("revision: {e}")))
        })
        .transpose()
    }
}

/// Keeps `content` as revision `revision`; `user_id` is `None` for an
/// import.
pub(crate) async fn insert_revision(
    tx: &mut crate::connect::WriteTx,
    article_id: ArticleId,
    revision: i64,
    content: &ArticleContent,
    user_id: Option<UserId>,
    now: i64,
) -> Result<()> {
    let json = serde_json::to_string(content)
        .map_err(|e| StoreError::Corrupt(format!("revision: {e}")))?;
    sqlx::query(
        "INSERT INTO revisions (article_id, revision, snapshot, user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(article_id.get())
    .bind(revision)
    .bind(json)
    .bind(user_id.map(UserId::get))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What an article holds now, as a revision would keep it.
pub(crate) async fn current_content(
    tx: &mut crate::connect::WriteTx,
    id: ArticleId,
) -> Result<Option<ArticleContent>> {
    let Some(row) = sqlx::query(
        "SELECT title, lead, body, byline, source, cover_media_id, publish_at, expire_at, tags \
         FROM articles WHERE id = $1",
    )
    .bind(id.get())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let category_ids = sqlx::query_scalar(
        "SELECT category_id FROM article_categories WHERE article_id = $1 ORDER BY position",
    )
    .bind(id.get())
    .fetch_all(&mut **tx)
    .await?;
    Ok(Some(crate::articles::content_from_row(&row, category_ids)?))
}

//! Requests to bring back an old version of a published article, waiting
//! for someone who may publish: one per article, the latest asked.

use portal_core::{ArticleId, SiteId, UserId};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, opt_text, text};
use crate::{Result, Store};

/// An old version someone asked to bring back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PendingRestore {
    pub article_id: ArticleId,
    pub title: String,
    pub revision: i64,
    pub proposed_by: Option<UserId>,
    pub login: Option<String>,
    pub proposed_at: i64,
}

const COLUMNS: &str = "p.article_id, a.title, p.revision, p.proposed_by, u.login, p.proposed_at \
     FROM pending_restores p JOIN articles a ON a.id = p.article_id \
     LEFT JOIN users u ON u.id = p.proposed_by";

impl Store {
    /// Asks for `revision` of the article to come back (replacing an
    /// earlier request for another version).
    pub async fn propose_restore(
        &self,
        site_id: SiteId,
        id: ArticleId,
        revision: i64,
        by: UserId,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM pending_restores WHERE article_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO pending_restores (article_id, site_id, revision, proposed_by, proposed_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.get())
        .bind(site_id.get())
        .bind(revision)
        .bind(by.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn pending_restore(&self, id: ArticleId) -> Result<Option<PendingRestore>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} WHERE p.article_id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(pending).transpose()
    }

    /// The site's requests, oldest first (the desk of those who decide).
    pub async fn pending_restores(&self, site_id: SiteId) -> Result<Vec<PendingRestore>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} WHERE p.site_id = $1 ORDER BY p.proposed_at, p.article_id"
        ))
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(pending).collect()
    }

    /// Forgets the article's request; `false` when there was none.
    pub async fn drop_pending_restore(&self, id: ArticleId) -> Result<bool> {
        let removed = sqlx::query("DELETE FROM pending_restores WHERE article_id = $1")
            .bind(id.get())
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(removed > 0)
    }
}

fn pending(row: &AnyRow) -> Result<PendingRestore> {
    Ok(PendingRestore {
        article_id: ArticleId(int(row, "article_id")?),
        title: text(row, "title")?,
        revision: int(row, "revision")?,
        proposed_by: opt_int(row, "proposed_by")?.map(UserId),
        login: opt_text(row, "login")?,
        proposed_at: int(row, "proposed_at")?,
    })
}

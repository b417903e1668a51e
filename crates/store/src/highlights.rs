//! The featured stories and pinned articles of each site, in editors'
//! order. Every change is recorded on the change feed in its transaction.

use portal_core::change::Change;
use portal_core::highlight::{Highlight, HighlightKind};
use portal_core::{ArticleId, ArticleStatus, SiteId};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, text};
use crate::{Result, Store, StoreError};

/// A highlight with what the screen that orders them shows of its article.
#[derive(Debug, Clone)]
pub struct HighlightedArticle {
    pub highlight: Highlight,
    pub title: String,
    pub status: ArticleStatus,
    pub publish_at: Option<i64>,
    pub expire_at: Option<i64>,
}

impl Store {
    /// The site's highlights of `kind` in order, ended ones included (the
    /// screen shows them until someone takes them off).
    pub async fn highlights(
        &self,
        site_id: SiteId,
        kind: HighlightKind,
    ) -> Result<Vec<HighlightedArticle>> {
        let rows = sqlx::query(
            "SELECT h.kind, h.article_id, h.position, h.until_at, a.title, a.status, \
                    a.publish_at, a.expire_at \
             FROM highlights h JOIN articles a ON a.id = h.article_id \
             WHERE h.site_id = $1 AND h.kind = $2 ORDER BY h.position, h.article_id",
        )
        .bind(site_id.get())
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let status = text(row, "status")?;
                Ok(HighlightedArticle {
                    highlight: highlight(row)?,
                    title: text(row, "title")?,
                    status: ArticleStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("article status {status:?}")))?,
                    publish_at: opt_int(row, "publish_at")?,
                    expire_at: opt_int(row, "expire_at")?,
                })
            })
            .collect()
    }

    /// How one article is highlighted on its site (for its edit page).
    pub async fn highlights_of(&self, site_id: SiteId, id: ArticleId) -> Result<Vec<Highlight>> {
        let rows = sqlx::query(
            "SELECT kind, article_id, position, until_at FROM highlights h \
             WHERE site_id = $1 AND article_id = $2 ORDER BY kind",
        )
        .bind(site_id.get())
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(highlight).collect()
    }

    /// Features or pins the article (last in the order), or, when it
    /// already is, changes only its end time.
    pub async fn highlight(
        &self,
        site_id: SiteId,
        kind: HighlightKind,
        id: ArticleId,
        until: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query(
            "UPDATE highlights SET until_at = $4 WHERE site_id = $1 AND kind = $2 AND article_id = $3",
        )
        .bind(site_id.get())
        .bind(kind.as_str())
        .bind(id.get())
        .bind(until)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            sqlx::query(
                "INSERT INTO highlights (site_id, kind, article_id, position, until_at) \
                 SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1, $4 FROM highlights \
                 WHERE site_id = $1 AND kind = $2",
            )
            .bind(site_id.get())
            .bind(kind.as_str())
            .bind(id.get())
            .bind(until)
            .execute(&mut *tx)
            .await?;
        }
        crate::changes::record(&mut tx, self, site_id, &Change::Highlights, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the article off the featured stories or the pinned ones;
    /// `false` when it was not there.
    pub async fn unhighlight(
        &self,
        site_id: SiteId,
        kind: HighlightKind,
        id: ArticleId,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let removed = sqlx::query(
            "DELETE FROM highlights WHERE site_id = $1 AND kind = $2 AND article_id = $3",
        )
        .bind(site_id.get())
        .bind(kind.as_str())
        .bind(id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if removed > 0 {
            crate::changes::record(&mut tx, self, site_id, &Change::Highlights, now).await?;
        }
        tx.commit().await?;
        Ok(removed > 0)
    }

    /// Puts the site's highlights of `kind` in the order of `ids` (which
    /// must name each of them once).
    pub async fn reorder_highlights(
        &self,
        site_id: SiteId,
        kind: HighlightKind,
        ids: &[ArticleId],
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for (position, id) in (1_i64..).zip(ids) {
            sqlx::query(
                "UPDATE highlights SET position = $4 \
                 WHERE site_id = $1 AND kind = $2 AND article_id = $3",
            )
            .bind(site_id.get())
            .bind(kind.as_str())
            .bind(id.get())
            .bind(position)
            .execute(&mut *tx)
            .await?;
        }
        crate::changes::record(&mut tx, self, site_id, &Change::Highlights, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The sites whose highlights came to their end time in `(since, until]`
    /// (the page cache drops what showed them).
    pub async fn highlights_ending_between(&self, since: i64, until: i64) -> Result<Vec<SiteId>> {
        let sites: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT site_id FROM highlights WHERE until_at > $1 AND until_at <= $2",
        )
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        Ok(sites.into_iter().map(SiteId).collect())
    }
}

fn highlight(row: &AnyRow) -> Result<Highlight> {
    let kind = text(row, "kind")?;
    Ok(Highlight {
        kind: HighlightKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("highlight kind {kind:?}")))?,
        article_id: ArticleId(int(row, "article_id")?),
        position: int(row, "position")?,
        until: opt_int(row, "until_at")?,
    })
}

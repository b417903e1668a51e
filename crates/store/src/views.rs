use std::collections::HashMap;

use crate::{Result, Store};
use portal_core::ArticleId;

/// One visitor's view of one article on one Vietnamese calendar day.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewMark {
    pub day: i64,
    pub article_id: ArticleId,
    /// A salted hash, never the address itself.
    pub visitor: String,
}

impl Store {
    /// Counts each mark not seen before and adds the new ones to the
    /// articles' view counts, in one transaction. The marks table makes the
    /// count exact across restarts and across nodes sharing one database.
    /// Returns how many views were added.
    pub async fn record_views(&self, marks: &[ViewMark]) -> Result<u64> {
        if marks.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write_tx().await?;
        let mut added: HashMap<i64, i64> = HashMap::new();
        let mut by_day: HashMap<(i64, i64), i64> = HashMap::new();
        for mark in marks {
            let inserted = sqlx::query(
                "INSERT INTO view_marks (day, article_id, visitor) VALUES ($1, $2, $3) \
                 ON CONFLICT (day, article_id, visitor) DO NOTHING",
            )
            .bind(mark.day)
            .bind(mark.article_id.get())
            .bind(&mark.visitor)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted > 0 {
                *added.entry(mark.article_id.get()).or_default() += 1;
                *by_day.entry((mark.article_id.get(), mark.day)).or_default() += 1;
            }
        }
        for (article_id, count) in &added {
            sqlx::query("UPDATE articles SET views = views + $1 WHERE id = $2")
                .bind(*count)
                .bind(*article_id)
                .execute(&mut *tx)
                .await?;
        }
        // Each day's views are kept too, for the reports over a time.
        for ((article_id, day), count) in &by_day {
            sqlx::query(
                "INSERT INTO daily_article_views (article_id, day, views) VALUES ($1, $2, $3) \
                 ON CONFLICT (article_id, day) DO UPDATE SET \
                 views = daily_article_views.views + excluded.views",
            )
            .bind(*article_id)
            .bind(*day)
            .bind(*count)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(added.values().map(|c| *c as u64).sum())
    }

    /// Forgets who viewed what before `day`: older marks can no longer
    /// collide with new views.
    pub async fn forget_view_marks_before(&self, day: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM view_marks WHERE day < $1")
            .bind(day)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    pub async fn article_views(&self, article_id: ArticleId) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT views FROM articles WHERE id = $1")
                .bind(article_id.get())
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

//! The change feed's table: written by every write below in its own
//! transaction, read by the followers of each process in id order.

use portal_core::ArticleStatus;
use portal_core::change::{ArticlePlace, Change, ChangeRecord};
use portal_core::{ArticleId, SiteId};
use sqlx::Row;

use crate::rows::{int, opt_int, text};
use crate::{Backend, Result, Store, StoreError};

pub(crate) type Tx<'a> = crate::connect::WriteTx;

/// Records `change` in the transaction that makes it, and on PostgreSQL
/// wakes every follower when that transaction commits.
pub(crate) async fn record(
    tx: &mut Tx<'_>,
    store: &Store,
    site_id: SiteId,
    change: &Change,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO changes (site_id, kind, subject_id, detail, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(site_id.get())
    .bind(change.kind())
    .bind(change.subject_id())
    .bind(change.detail())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if let Some(channel) = store.change_channel() {
        sqlx::query("SELECT pg_notify($1, '')")
            .bind(channel)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The site of an article and where it is listed now (read in the
/// transaction about to change it), for the change that follows.
pub(crate) async fn article_place(
    tx: &mut Tx<'_>,
    id: ArticleId,
) -> Result<Option<(SiteId, ArticlePlace)>> {
    let Some(row) = sqlx::query(
        "SELECT site_id, status, publish_at, expire_at, tags FROM articles WHERE id = $1",
    )
    .bind(id.get())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let status = text(&row, "status")?;
    let categories = sqlx::query_scalar(
        "SELECT category_id FROM article_categories WHERE article_id = $1 ORDER BY position",
    )
    .bind(id.get())
    .fetch_all(&mut **tx)
    .await?;
    let site_id = int(&row, "site_id")?;
    Ok(Some((
        SiteId(site_id),
        ArticlePlace {
            status: ArticleStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("article status {status:?}")))?,
            publish_at: opt_int(&row, "publish_at")?,
            expire_at: opt_int(&row, "expire_at")?,
            categories,
            tags: serde_json::from_str(&text(&row, "tags")?)
                .map_err(|e| StoreError::Corrupt(format!("article tags: {e}")))?,
        },
    )))
}

/// Records that the article `id` changed from `before` (read with
/// [`article_place`] in the same transaction).
pub(crate) async fn record_article(
    tx: &mut Tx<'_>,
    store: &Store,
    site_id: SiteId,
    id: ArticleId,
    before: Option<ArticlePlace>,
    now: i64,
) -> Result<()> {
    record(tx, store, site_id, &Change::Article { id, before }, now).await
}

impl Store {
    /// Records a change made outside any other write's transaction.
    pub async fn record_change(&self, site_id: SiteId, change: &Change, now: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        record(&mut tx, self, site_id, change, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Up to `limit` changes after `after`, in order.
    pub async fn changes_after(&self, after: i64, limit: i64) -> Result<Vec<ChangeRecord>> {
        let rows = sqlx::query(
            "SELECT id, site_id, kind, subject_id, detail, at FROM changes \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .filter_map(|row| change_of(row).transpose())
            .collect()
    }

    /// Those of `ids` that are there now (ids a follower skipped because
    /// their transactions had not committed yet).
    pub async fn changes_among(&self, ids: &[i64]) -> Result<Vec<ChangeRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, site_id, kind, subject_id, detail, at FROM changes WHERE id IN ({}) \
             ORDER BY id",
            crate::rows::placeholders(ids.len())
        );
        let rows = ids
            .iter()
            .fold(sqlx::query(&sql), |query, id| query.bind(*id))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .filter_map(|row| change_of(row).transpose())
            .collect()
    }

    /// The newest change's id (0 for none): where a follower that only
    /// cares about what comes next starts.
    pub async fn last_change_id(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM changes")
                .fetch_one(&self.pool)
                .await?
                .unwrap_or(0),
        )
    }

    /// The oldest change still kept (none: the feed is empty). A follower
    /// whose position is older has missed changes and must start over.
    pub async fn first_change_id(&self) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT MIN(id) FROM changes")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Deletes changes recorded before `before`, keeping the newest one so
    /// that ids keep growing after a restart (SQLite reuses none, but the
    /// newest tells followers where the feed stands).
    pub async fn prune_changes(&self, before: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM changes WHERE at < $1 AND id < (SELECT MAX(id) FROM changes)")
                .bind(before)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    /// On PostgreSQL, a connection that hears of every committed change;
    /// `None` on SQLite (one machine: followers poll the file).
    pub async fn change_signals(&self) -> Result<Option<ChangeSignals>> {
        let (Some(url), Some(channel)) = (self.url_for_listening(), self.change_channel()) else {
            return Ok(None);
        };
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(channel).await?;
        Ok(Some(ChangeSignals(listener)))
    }

    pub(crate) fn change_channel(&self) -> Option<&str> {
        (self.backend() == Backend::Postgres).then_some(self.channel.as_str())
    }
}

/// Wakes a follower when a change is committed (PostgreSQL `LISTEN`).
pub struct ChangeSignals(sqlx::postgres::PgListener);

impl ChangeSignals {
    /// Waits for the next change to be committed anywhere.
    pub async fn next(&mut self) -> Result<()> {
        self.0.recv().await?;
        Ok(())
    }
}

fn change_of(row: &sqlx::any::AnyRow) -> Result<Option<ChangeRecord>> {
    let kind = text(row, "kind")?;
    let subject_id: Option<i64> = row.try_get("subject_id").ok().flatten();
    let Some(change) = Change::from_stored(&kind, subject_id, &text(row, "detail")?) else {
        return Ok(None);
    };
    Ok(Some(ChangeRecord {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        at: int(row, "at")?,
        change,
    }))
}

//! The leaders' work schedule: entries of a site between two times,
//! optionally one leader's, and the office's changes to them.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::schedule::Entry;
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, text};
use crate::{Result, Store, StoreError};

const COLUMNS: &str = "id, site_id, starts_at, ends_at, all_day, leaders, content, place, \
     participants, preparer, note, cancelled, updated_at";

impl Store {
    /// The site's entries starting in `[from, until)`, earliest first; with
    /// `leader`, only those that leader attends.
    pub async fn schedule(
        &self,
        site_id: SiteId,
        from: i64,
        until: i64,
        leader: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Entry>> {
        let mut sql = format!(
            "SELECT {COLUMNS} FROM schedule_entries \
             WHERE site_id = $1 AND starts_at >= $2 AND starts_at < $3"
        );
        // The list is JSON: a leader's name quoted as JSON writes it is
        // found whole ("Nguyễn Văn A" does not match "Nguyễn Văn An").
        let leader = leader.map(|name| {
            let quoted = serde_json::to_string(name).unwrap_or_default();
            let literal = quoted
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{literal}%")
        });
        if leader.is_some() {
            sql.push_str(" AND leaders LIKE $4 ESCAPE '\\' ORDER BY starts_at, id LIMIT $5");
        } else {
            sql.push_str(" ORDER BY starts_at, id LIMIT $4");
        }
        let mut query = sqlx::query(&sql).bind(site_id.get()).bind(from).bind(until);
        if let Some(leader) = &leader {
            query = query.bind(leader.as_str());
        }
        query
            .bind(limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(entry_from_row)
            .collect()
    }

    pub async fn schedule_entry(&self, site_id: SiteId, id: i64) -> Result<Option<Entry>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM schedule_entries WHERE site_id = $1 AND id = $2"
        ))
        .bind(site_id.get())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(entry_from_row).transpose()
    }

    /// The leaders named on the site's entries since `since`, by name.
    pub async fn schedule_leaders(&self, site_id: SiteId, since: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT leaders FROM schedule_entries WHERE site_id = $1 AND starts_at >= $2",
        )
        .bind(site_id.get())
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut names = std::collections::BTreeSet::new();
        for row in &rows {
            names.extend(leaders(row)?);
        }
        Ok(names.into_iter().collect())
    }

    /// Adds the entry (id 0) or changes the site's entry of that id; the
    /// schedule's pages show it at once. `None` when no such entry exists.
    pub async fn save_schedule_entry(&self, entry: &Entry, now: i64) -> Result<Option<i64>> {
        let leaders = serde_json::to_string(&entry.leaders).unwrap_or_else(|_| "[]".into());
        let mut tx = self.write_tx().await?;
        let id = if entry.id == 0 {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO schedule_entries (site_id, starts_at, ends_at, all_day, leaders, \
                 content, place, participants, preparer, note, cancelled, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
            )
            .bind(entry.site_id.get())
            .bind(entry.starts_at)
            .bind(entry.ends_at)
            .bind(i64::from(entry.all_day))
            .bind(&leaders)
            .bind(&entry.content)
            .bind(&entry.place)
            .bind(&entry.participants)
            .bind(&entry.preparer)
            .bind(&entry.note)
            .bind(i64::from(entry.cancelled))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        } else {
            let changed = sqlx::query(
                "UPDATE schedule_entries SET starts_at = $3, ends_at = $4, all_day = $5, \
                 leaders = $6, content = $7, place = $8, participants = $9, preparer = $10, \
                 note = $11, cancelled = $12, updated_at = $13 WHERE site_id = $1 AND id = $2",
            )
            .bind(entry.site_id.get())
            .bind(entry.id)
            .bind(entry.starts_at)
            .bind(entry.ends_at)
            .bind(i64::from(entry.all_day))
            .bind(&leaders)
            .bind(&entry.content)
            .bind(&entry.place)
            .bind(&entry.participants)
            .bind(&entry.preparer)
            .bind(&entry.note)
            .bind(i64::from(entry.cancelled))
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(None);
            }
            entry.id
        };
        crate::changes::record(&mut tx, self, entry.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }
}

fn leaders(row: &AnyRow) -> Result<Vec<String>> {
    serde_json::from_str(&text(row, "leaders")?)
        .map_err(|e| StoreError::Corrupt(format!("schedule leaders: {e}")))
}

fn entry_from_row(row: &AnyRow) -> Result<Entry> {
    Ok(Entry {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        starts_at: int(row, "starts_at")?,
        ends_at: opt_int(row, "ends_at")?,
        all_day: int(row, "all_day")? != 0,
        leaders: leaders(row)?,
        content: text(row, "content")?,
        place: text(row, "place")?,
        participants: text(row, "participants")?,
        preparer: text(row, "preparer")?,
        note: text(row, "note")?,
        cancelled: int(row, "cancelled")? != 0,
        updated_at: int(row, "updated_at")?,
    })
}

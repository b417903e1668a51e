//! Polls, their choices and counts, and the marks that keep a visitor to
//! one vote.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::poll::{Choice, Poll};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, text};
use crate::{Result, Store};

const COLUMNS: &str = "id, site_id, question, multiple, opens_at, closes_at, voters";

impl Store {
    /// Adds the poll (id 0) or changes the site's poll of its id: its
    /// choices are relabelled, added, and those left out removed. `None`
    /// when there is no such poll.
    pub async fn save_poll(&self, poll: &Poll, now: i64) -> Result<Option<i64>> {
        let mut tx = self.write_tx().await?;
        let id = if poll.id == 0 {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO polls (site_id, question, multiple, opens_at, closes_at, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(poll.site_id.get())
            .bind(&poll.question)
            .bind(i64::from(poll.multiple))
            .bind(poll.opens_at)
            .bind(poll.closes_at)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        } else {
            let changed = sqlx::query(
                "UPDATE polls SET question = $3, multiple = $4, opens_at = $5, closes_at = $6, \
                 updated_at = $7 WHERE site_id = $1 AND id = $2",
            )
            .bind(poll.site_id.get())
            .bind(poll.id)
            .bind(&poll.question)
            .bind(i64::from(poll.multiple))
            .bind(poll.opens_at)
            .bind(poll.closes_at)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(None);
            }
            poll.id
        };
        let kept: Vec<i64> = poll
            .choices
            .iter()
            .map(|c| c.id)
            .filter(|id| *id > 0)
            .collect();
        let mut removal = String::from("DELETE FROM poll_choices WHERE poll_id = $1");
        if !kept.is_empty() {
            let others: Vec<String> = (2..=kept.len() + 1).map(|i| format!("${i}")).collect();
            removal.push_str(&format!(" AND id NOT IN ({})", others.join(", ")));
        }
        let mut query = sqlx::query(&removal).bind(id);
        for choice in &kept {
            query = query.bind(*choice);
        }
        query.execute(&mut *tx).await?;
        for (position, choice) in poll.choices.iter().enumerate() {
            if choice.id > 0 {
                sqlx::query(
                    "UPDATE poll_choices SET label = $3, position = $4 WHERE poll_id = $1 AND id = $2",
                )
                .bind(id)
                .bind(choice.id)
                .bind(&choice.label)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "INSERT INTO poll_choices (poll_id, position, label) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(position as i64)
                .bind(&choice.label)
                .execute(&mut *tx)
                .await?;
            }
        }
        crate::changes::record(&mut tx, self, poll.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The site's polls, newest first, with their choices.
    pub async fn polls(&self, site_id: SiteId, limit: i64) -> Result<Vec<Poll>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM polls WHERE site_id = $1 ORDER BY opens_at DESC, id DESC LIMIT {limit}"
        ))
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?;
        let mut polls = Vec::with_capacity(rows.len());
        for row in &rows {
            polls.push(self.with_choices(poll_from_row(row)?).await?);
        }
        Ok(polls)
    }

    pub async fn poll(&self, site_id: SiteId, id: i64) -> Result<Option<Poll>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM polls WHERE site_id = $1 AND id = $2"
        ))
        .bind(site_id.get())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.with_choices(poll_from_row(&row)?).await?)),
            None => Ok(None),
        }
    }

    /// The poll a sidebar shows at `now`: the newest open one, else the
    /// newest that has opened.
    pub async fn current_poll(&self, site_id: SiteId, now: i64) -> Result<Option<Poll>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM polls WHERE site_id = $1 AND opens_at <= $2 \
             ORDER BY CASE WHEN closes_at IS NULL OR closes_at > $2 THEN 0 ELSE 1 END, \
             opens_at DESC, id DESC LIMIT 1"
        ))
        .bind(site_id.get())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.with_choices(poll_from_row(&row)?).await?)),
            None => Ok(None),
        }
    }

    async fn with_choices(&self, mut poll: Poll) -> Result<Poll> {
        poll.choices = sqlx::query(
            "SELECT id, label, votes FROM poll_choices WHERE poll_id = $1 ORDER BY position, id",
        )
        .bind(poll.id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Choice {
                id: int(row, "id")?,
                label: text(row, "label")?,
                votes: int(row, "votes")?,
            })
        })
        .collect::<Result<_>>()?;
        Ok(poll)
    }

    /// Counts a visitor's ballot once: `false` when this visitor has voted
    /// on the poll already.
    pub async fn vote(&self, poll_id: i64, visitor: &str, ballot: &[i64]) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let first = sqlx::query(
            "INSERT INTO poll_votes (poll_id, visitor) VALUES ($1, $2) \
             ON CONFLICT (poll_id, visitor) DO NOTHING",
        )
        .bind(poll_id)
        .bind(visitor)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if first {
            for choice in ballot {
                sqlx::query(
                    "UPDATE poll_choices SET votes = votes + 1 WHERE poll_id = $1 AND id = $2",
                )
                .bind(poll_id)
                .bind(*choice)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE polls SET voters = voters + 1 WHERE id = $1")
                .bind(poll_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(first)
    }

    /// Whether any poll opens or closes after `since` up to `until`: the
    /// pages that show polls change then.
    pub async fn polls_turning_between(&self, since: i64, until: i64) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM polls WHERE (opens_at > $1 AND opens_at <= $2) \
             OR (closes_at > $1 AND closes_at <= $2) LIMIT 1",
        )
        .bind(since)
        .bind(until)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }
}

fn poll_from_row(row: &AnyRow) -> Result<Poll> {
    Ok(Poll {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        question: text(row, "question")?,
        choices: Vec::new(),
        multiple: int(row, "multiple")? != 0,
        opens_at: int(row, "opens_at")?,
        closes_at: opt_int(row, "closes_at")?,
        voters: int(row, "voters")?,
    })
}

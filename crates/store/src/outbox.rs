//! The outbox of e-mails. A mail is written as a row in the same
//! transaction as what it tells of, and stays until a mail server has
//! taken it: a server that is down loses nothing.

use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, text};
use crate::{Result, Store};

/// A mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub site_id: Option<portal_core::SiteId>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub mail: Mail,
    pub attempts: i64,
    pub next_try_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: String,
}

pub(crate) async fn queue_in(tx: &mut crate::connect::WriteTx, mail: &Mail) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (site_id, recipient, subject, body, created_at, next_try_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(mail.site_id.map(|id| id.get()))
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(mail.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Puts a mail in the outbox on its own.
    pub async fn queue_mail(&self, mail: &Mail) -> Result<()> {
        let mut tx = self.write_tx().await?;
        queue_in(&mut tx, mail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes up to `limit` mails due at `now` for this sender, each held
    /// for `lease` seconds so that another node does not send it too.
    pub async fn claim_due_mail(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<QueuedMail>> {
        let due = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE sent_at IS NULL AND next_try_at <= $1 \
             ORDER BY next_try_at, id LIMIT {limit}"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(mail_from_row)
        .collect::<Result<Vec<_>>>()?;
        let mut claimed = Vec::with_capacity(due.len());
        for mail in due {
            let taken = sqlx::query(
                "UPDATE outbox SET next_try_at = $3 WHERE id = $1 AND next_try_at = $2 \
                 AND sent_at IS NULL",
            )
            .bind(mail.id)
            .bind(mail.next_try_at)
            .bind(now + lease)
            .execute(&self.pool)
            .await?
            .rows_affected();
            if taken == 1 {
                claimed.push(mail);
            }
        }
        Ok(claimed)
    }

    pub async fn mark_mail_sent(&self, id: i64, now: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $2, attempts = attempts + 1, last_error = '' WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Keeps a mail the server did not take, to try again at `retry_at`.
    pub async fn mark_mail_failed(&self, id: i64, error: &str, retry_at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_try_at = $3 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(error)
        .bind(retry_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The outbox, newest first: for the administrators and for tests.
    pub async fn outbox(&self, limit: i64) -> Result<Vec<QueuedMail>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox ORDER BY id DESC LIMIT {limit}"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(mail_from_row)
        .collect()
    }
}

const COLUMNS: &str =
    "id, site_id, recipient, subject, body, created_at, attempts, next_try_at, sent_at, last_error";

fn mail_from_row(row: &AnyRow) -> Result<QueuedMail> {
    Ok(QueuedMail {
        id: int(row, "id")?,
        mail: Mail {
            site_id: opt_int(row, "site_id")?.map(portal_core::SiteId),
            recipient: text(row, "recipient")?,
            subject: text(row, "subject")?,
            body: text(row, "body")?,
            created_at: int(row, "created_at")?,
        },
        attempts: int(row, "attempts")?,
        next_try_at: int(row, "next_try_at")?,
        sent_at: opt_int(row, "sent_at")?,
        last_error: text(row, "last_error")?,
    })
}

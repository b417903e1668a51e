//! Citizens' messages to the organisation's units.

use portal_core::SiteId;
use portal_core::contact::{Message, Status};
use portal_core::question::Asker;
use sqlx::any::AnyRow;

use crate::outbox::{Mail, queue_in};
use crate::rows::{int, opt_int, text};
use crate::{Result, Store, StoreError};

const COLUMNS: &str = "id, site_id, unit_id, sender_name, sender_email, sender_phone, \
     sender_address, subject, body, status, reply, replied_at, created_at, updated_at, erased_at";

impl Store {
    /// Takes a message, with the mail that tells its unit, in one
    /// transaction.
    pub async fn receive_message(&self, message: &Message, notice: Option<&Mail>) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO contact_messages (site_id, unit_id, sender_name, sender_email, \
             sender_phone, sender_address, subject, body, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $9) RETURNING id",
        )
        .bind(message.site_id.get())
        .bind(message.unit_id)
        .bind(&message.sender.name)
        .bind(&message.sender.email)
        .bind(&message.sender.phone)
        .bind(&message.sender.address)
        .bind(&message.subject)
        .bind(&message.body)
        .bind(message.created_at)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(notice) = notice {
            queue_in(&mut tx, notice).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn contact_message(&self, site_id: SiteId, id: i64) -> Result<Option<Message>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_messages WHERE site_id = $1 AND id = $2"
        ))
        .bind(site_id.get())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(message_from_row)
        .transpose()
    }

    /// A unit's inbox (all units with `None`), newest first; with `status`,
    /// only those in it.
    pub async fn inbox(
        &self,
        site_id: SiteId,
        unit_id: Option<i64>,
        status: Option<Status>,
        limit: i64,
    ) -> Result<Vec<Message>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_messages WHERE site_id = $1 \
             AND ($2 = 0 OR unit_id = $2) AND ($3 = '' OR status = $3) \
             ORDER BY created_at DESC, id DESC LIMIT {limit}"
        ))
        .bind(site_id.get())
        .bind(unit_id.unwrap_or(0))
        .bind(status.map_or("", Status::as_str))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(message_from_row)
        .collect()
    }

    /// Moves a message to `status` (never back to new), with the reply and
    /// its mail when it is one.
    pub async fn set_message_status(
        &self,
        site_id: SiteId,
        id: i64,
        status: Status,
        reply: Option<(&str, &Mail)>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query(
            "UPDATE contact_messages SET status = $3, updated_at = $4, \
             reply = COALESCE($5, reply), replied_at = CASE WHEN $5 IS NULL THEN replied_at ELSE $4 END \
             WHERE site_id = $1 AND id = $2",
        )
        .bind(site_id.get())
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .bind(reply.map(|(text, _)| text.to_string()))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("no such message".into()));
        }
        if let Some((_, mail)) = reply {
            queue_in(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Erases the senders' personal data of messages older than `before`.
    pub async fn erase_senders(&self, site_id: SiteId, before: i64, now: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE contact_messages SET sender_name = '', sender_email = '', sender_phone = '', \
             sender_address = '', erased_at = $3 \
             WHERE site_id = $1 AND erased_at IS NULL AND updated_at < $2",
        )
        .bind(site_id.get())
        .bind(before)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }
}

fn message_from_row(row: &AnyRow) -> Result<Message> {
    let status = text(row, "status")?;
    Ok(Message {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        unit_id: opt_int(row, "unit_id")?,
        sender: Asker {
            name: text(row, "sender_name")?,
            email: text(row, "sender_email")?,
            phone: text(row, "sender_phone")?,
            address: text(row, "sender_address")?,
        },
        subject: text(row, "subject")?,
        body: text(row, "body")?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("contact message status {status}")))?,
        reply: text(row, "reply")?,
        replied_at: opt_int(row, "replied_at")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
        erased_at: opt_int(row, "erased_at")?,
    })
}

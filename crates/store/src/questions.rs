//! Citizens' questions and feedback, each site's rules for them, and the
//! erasing of askers' personal data once it is kept no longer.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::question::{Asker, Attachment, Kind, Question, Status};
use sqlx::any::AnyRow;

use crate::outbox::{Mail, queue_in};
use crate::rows::{int, opt_int, opt_text, text};
use crate::{Result, Store, StoreError};

const COLUMNS: &str = "id, site_id, kind, code, status, field, title, body, asker_name, \
     asker_email, asker_phone, asker_address, asker_shown, attachment_key, attachment_name, \
     attachment_size, unit_id, assignee_id, answer, refusal, created_at, updated_at, \
     answered_at, published_at, erased_at, revision";

/// A site's rules for its citizens' items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenSettings {
    /// Days an item may wait for its answer before it is marked overdue.
    pub answer_days: i64,
    /// Days after an item is closed that its asker's personal data is kept.
    pub retention_days: i64,
    /// Lĩnh vực offered on the forms, one per line.
    pub fields: Vec<String>,
}

impl Default for CitizenSettings {
    fn default() -> Self {
        Self {
            answer_days: 15,
            retention_days: 730,
            fields: Vec::new(),
        }
    }
}

/// Which items the office's queue shows.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    /// Only those given to this person (or to nobody when 0).
    pub assignee_id: Option<i64>,
}

/// What a change of an item sets; fields left `None` stay.
#[derive(Debug, Clone, Default)]
pub struct QuestionUpdate {
    pub status: Option<Status>,
    pub unit_id: Option<Option<i64>>,
    pub assignee_id: Option<Option<i64>>,
    pub answer: Option<String>,
    pub refusal: Option<String>,
    pub title: Option<String>,
    pub answered_at: Option<i64>,
    pub published_at: Option<Option<i64>>,
    /// What the site search matches, folded; set when it is published.
    pub search_text: Option<String>,
}

impl Store {
    /// Takes a citizen's item and the mail that confirms it, in one
    /// transaction: the code is never given without the item kept.
    pub async fn submit_question(&self, question: &Question, mail: Option<&Mail>) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let attachment = question.attachment.as_ref();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO questions (site_id, kind, code, status, field, title, body, asker_name, \
             asker_email, asker_phone, asker_address, asker_shown, attachment_key, \
             attachment_name, attachment_size, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
             RETURNING id",
        )
        .bind(question.site_id.get())
        .bind(question.kind.as_str())
        .bind(&question.code)
        .bind(question.status.as_str())
        .bind(&question.field)
        .bind(&question.title)
        .bind(&question.body)
        .bind(&question.asker.name)
        .bind(&question.asker.email)
        .bind(&question.asker.phone)
        .bind(&question.asker.address)
        .bind(&question.asker_shown)
        .bind(attachment.map(|a| a.key.clone()))
        .bind(attachment.map_or_else(String::new, |a| a.name.clone()))
        .bind(attachment.map_or(0, |a| a.size))
        .bind(question.created_at)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(mail) = mail {
            queue_in(&mut tx, mail).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn question(&self, site_id: SiteId, id: i64) -> Result<Option<Question>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM questions WHERE site_id = $1 AND id = $2"
        ))
        .bind(site_id.get())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(question_from_row)
        .transpose()
    }

    pub async fn question_by_code(&self, site_id: SiteId, code: &str) -> Result<Option<Question>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM questions WHERE site_id = $1 AND code = $2"
        ))
        .bind(site_id.get())
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(question_from_row)
        .transpose()
    }

    /// The office's queue: oldest first, the waiting ones before the rest.
    pub async fn question_queue(
        &self,
        site_id: SiteId,
        filter: &QuestionFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Question>, i64)> {
        let mut conditions = vec!["site_id = $1".to_string()];
        let mut binds: Vec<String> = Vec::new();
        if let Some(status) = filter.status {
            binds.push(status.as_str().to_string());
            conditions.push(format!("status = ${}", binds.len() + 1));
        }
        if let Some(kind) = filter.kind {
            binds.push(kind.as_str().to_string());
            conditions.push(format!("kind = ${}", binds.len() + 1));
        }
        if filter.assignee_id.is_some() {
            conditions.push(format!("COALESCE(assignee_id, 0) = ${}", binds.len() + 2));
        }
        let condition = conditions.join(" AND ");
        let list_sql = format!(
            "SELECT {COLUMNS} FROM questions WHERE {condition} \
             ORDER BY CASE WHEN status IN ('received', 'assigned') THEN 0 ELSE 1 END, \
             created_at, id LIMIT {limit} OFFSET {offset}"
        );
        let count_sql = format!("SELECT COUNT(*) FROM questions WHERE {condition}");
        let mut list = sqlx::query(&list_sql).bind(site_id.get());
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(site_id.get());
        for value in &binds {
            list = list.bind(value.clone());
            count = count.bind(value.clone());
        }
        if let Some(id) = filter.assignee_id {
            list = list.bind(id);
            count = count.bind(id);
        }
        let rows = list.fetch_all(&self.pool).await?;
        let total = count.fetch_one(&self.pool).await?;
        let items = rows.iter().map(question_from_row).collect::<Result<_>>()?;
        Ok((items, total))
    }

    /// Published answers, newest first, optionally of one field.
    pub async fn published_questions(
        &self,
        site_id: SiteId,
        field: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Question>, i64)> {
        let field_condition = if field.is_some() {
            " AND field = $2"
        } else {
            ""
        };
        let list_sql = format!(
            "SELECT {COLUMNS} FROM questions WHERE site_id = $1 AND status = 'published'\
             {field_condition} ORDER BY published_at DESC, id DESC LIMIT {limit} OFFSET {offset}"
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM questions WHERE site_id = $1 AND status = 'published'\
             {field_condition}"
        );
        let mut list = sqlx::query(&list_sql).bind(site_id.get());
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(site_id.get());
        if let Some(field) = field {
            list = list.bind(field);
            count = count.bind(field);
        }
        let rows = list.fetch_all(&self.pool).await?;
        let total = count.fetch_one(&self.pool).await?;
        let items = rows.iter().map(question_from_row).collect::<Result<_>>()?;
        Ok((items, total))
    }

    /// Published answers holding every one of the folded `words`, newest
    /// first.
    pub async fn find_published_questions(
        &self,
        site_id: SiteId,
        words: &[String],
        limit: i64,
    ) -> Result<(Vec<Question>, i64)> {
        if words.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let condition: String = (0..words.len())
            .map(|i| format!(" AND search_text LIKE ${}", i + 2))
            .collect();
        let list_sql = format!(
            "SELECT {COLUMNS} FROM questions WHERE site_id = $1 AND status = 'published'\
             {condition} ORDER BY published_at DESC, id DESC LIMIT {limit}"
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM questions WHERE site_id = $1 AND status = 'published'{condition}"
        );
        let mut list = sqlx::query(&list_sql).bind(site_id.get());
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(site_id.get());
        for word in words {
            list = list.bind(format!("%{word}%"));
            count = count.bind(format!("%{word}%"));
        }
        let rows = list.fetch_all(&self.pool).await?;
        let total = count.fetch_one(&self.pool).await?;
        let items = rows.iter().map(question_from_row).collect::<Result<_>>()?;
        Ok((items, total))
    }

    /// Changes an item read at `revision`, with the mail that tells the
    /// citizen, in one transaction. A change to what readers see (its
    /// publication) is on the change feed. Refused as a conflict when
    /// someone changed the item since it was read.
    pub async fn update_question(
        &self,
        site_id: SiteId,
        id: i64,
        revision: i64,
        update: &QuestionUpdate,
        mail: Option<&Mail>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query(
            "UPDATE questions SET \
             status = COALESCE($4, status), \
             unit_id = CASE WHEN $5 = 1 THEN $6 ELSE unit_id END, \
             assignee_id = CASE WHEN $7 = 1 THEN $8 ELSE assignee_id END, \
             answer = COALESCE($9, answer), refusal = COALESCE($10, refusal), \
             title = COALESCE($11, title), answered_at = COALESCE($12, answered_at), \
             published_at = CASE WHEN $13 = 1 THEN $14 ELSE published_at END, \
             search_text = COALESCE($16, search_text), \
             updated_at = $15, revision = revision + 1 \
             WHERE site_id = $1 AND id = $2 AND revision = $3",
        )
        .bind(site_id.get())
        .bind(id)
        .bind(revision)
        .bind(update.status.map(Status::as_str))
        .bind(i64::from(update.unit_id.is_some()))
        .bind(update.unit_id.flatten())
        .bind(i64::from(update.assignee_id.is_some()))
        .bind(update.assignee_id.flatten())
        .bind(update.answer.clone())
        .bind(update.refusal.clone())
        .bind(update.title.clone())
        .bind(update.answered_at)
        .bind(i64::from(update.published_at.is_some()))
        .bind(update.published_at.flatten())
        .bind(now)
        .bind(update.search_text.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict(
                "the item was changed by someone else".into(),
            ));
        }
        if let Some(mail) = mail {
            queue_in(&mut tx, mail).await?;
        }
        if update.published_at.is_some() || update.title.is_some() {
            crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Erases the askers' personal data of items closed before `closed_before`
    /// (the initials and place stay with a published answer). Returns the
    /// attachments' keys, for the caller to delete.
    pub async fn erase_askers(
        &self,
        site_id: SiteId,
        closed_before: i64,
        now: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.write_tx().await?;
        let keys: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT attachment_key FROM questions WHERE site_id = $1 AND erased_at IS NULL \
             AND status IN ('answered', 'published', 'refused') AND updated_at < $2",
        )
        .bind(site_id.get())
        .bind(closed_before)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE questions SET asker_name = '', asker_email = '', asker_phone = '', \
             asker_address = '', attachment_key = NULL, attachment_name = '', \
             attachment_size = 0, erased_at = $3 \
             WHERE site_id = $1 AND erased_at IS NULL \
             AND status IN ('answered', 'published', 'refused') AND updated_at < $2",
        )
        .bind(site_id.get())
        .bind(closed_before)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(keys.into_iter().flatten().collect())
    }

    pub async fn citizen_settings(&self, site_id: SiteId) -> Result<CitizenSettings> {
        let row = sqlx::query(
            "SELECT answer_days, retention_days, fields FROM citizen_settings WHERE site_id = $1",
        )
        .bind(site_id.get())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(CitizenSettings::default());
        };
        Ok(CitizenSettings {
            answer_days: int(&row, "answer_days")?,
            retention_days: int(&row, "retention_days")?,
            fields: text(&row, "fields")?
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }

    pub async fn save_citizen_settings(
        &self,
        site_id: SiteId,
        settings: &CitizenSettings,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO citizen_settings (site_id, answer_days, retention_days, fields) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (site_id) DO UPDATE SET \
             answer_days = excluded.answer_days, retention_days = excluded.retention_days, \
             fields = excluded.fields",
        )
        .bind(site_id.get())
        .bind(settings.answer_days)
        .bind(settings.retention_days)
        .bind(settings.fields.join("\n"))
        .execute(&mut *tx)
        .await?;
        crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn question_from_row(row: &AnyRow) -> Result<Question> {
    let corrupt =
        |what: &str, value: String| StoreError::Corrupt(format!("question {what} {value}"));
    let kind = text(row, "kind")?;
    let status = text(row, "status")?;
    Ok(Question {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        kind: Kind::parse(&kind).ok_or_else(|| corrupt("kind", kind.clone()))?,
        code: text(row, "code")?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status", status.clone()))?,
        field: text(row, "field")?,
        title: text(row, "title")?,
        body: text(row, "body")?,
        asker: Asker {
            name: text(row, "asker_name")?,
            email: text(row, "asker_email")?,
            phone: text(row, "asker_phone")?,
            address: text(row, "asker_address")?,
        },
        asker_shown: text(row, "asker_shown")?,
        attachment: opt_text(row, "attachment_key")?
            .map(|key| -> Result<Attachment> {
                Ok(Attachment {
                    key,
                    name: text(row, "attachment_name")?,
                    size: int(row, "attachment_size")?,
                })
            })
            .transpose()?,
        unit_id: opt_int(row, "unit_id")?,
        assignee_id: opt_int(row, "assignee_id")?,
        answer: text(row, "answer")?,
        refusal: text(row, "refusal")?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
        answered_at: opt_int(row, "answered_at")?,
        published_at: opt_int(row, "published_at")?,
        erased_at: opt_int(row, "erased_at")?,
        revision: int(row, "revision")?,
    })
}

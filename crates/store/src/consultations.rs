//! Draft documents open for comment, and their comments.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::consultation::{Comment, CommentStatus, Consultation};
use portal_core::document::Document;
use sqlx::any::AnyRow;

use crate::rows::{int, text};
use crate::{Result, Store, StoreError};

const COMMENT_COLUMNS: &str =
    "id, site_id, document_id, name, organisation, email, article, body, status, created_at";

impl Store {
    /// Opens (or changes the dates of) a document's consultation. Readers
    /// see it at once.
    pub async fn save_consultation(&self, consultation: &Consultation, now: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO consultations (document_id, site_id, opens_at, closes_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (document_id) DO UPDATE SET \
             opens_at = excluded.opens_at, closes_at = excluded.closes_at, \
             updated_at = excluded.updated_at",
        )
        .bind(consultation.document_id)
        .bind(consultation.site_id.get())
        .bind(consultation.opens_at)
        .bind(consultation.closes_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::changes::record(&mut tx, self, consultation.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn consultation(
        &self,
        site_id: SiteId,
        document_id: i64,
    ) -> Result<Option<Consultation>> {
        sqlx::query(
            "SELECT document_id, site_id, opens_at, closes_at FROM consultations \
             WHERE site_id = $1 AND document_id = $2",
        )
        .bind(site_id.get())
        .bind(document_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(consultation_from_row)
        .transpose()
    }

    /// The site's consultations on published documents, with their
    /// documents, the latest to close first.
    pub async fn consultations(&self, site_id: SiteId) -> Result<Vec<(Consultation, Document)>> {
        let columns: Vec<String> = crate::documents::COLUMNS
            .split(',')
            .map(|column| format!("documents.{}", column.trim()))
            .collect();
        sqlx::query(&format!(
            "SELECT c.document_id, c.opens_at, c.closes_at, {}, {} \
             FROM consultations c JOIN documents ON documents.id = c.document_id \
             WHERE c.site_id = $1 AND documents.status = 'published' \
             ORDER BY c.closes_at DESC, c.document_id DESC LIMIT 500",
            columns.join(", "),
            crate::documents::replaced_since("documents")
        ))
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok((
                consultation_from_row(row)?,
                crate::documents::document_from_row(row)?,
            ))
        })
        .collect()
    }

    /// Whether any consultation opens or closes after `since` up to
    /// `until`: the drafts' pages change then.
    pub async fn consultations_turning_between(&self, since: i64, until: i64) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT document_id FROM consultations WHERE (opens_at > $1 AND opens_at <= $2) \
             OR (closes_at > $1 AND closes_at <= $2) LIMIT 1",
        )
        .bind(since)
        .bind(until)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    pub async fn add_comment(&self, comment: &Comment) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO draft_comments (site_id, document_id, name, organisation, email, article, \
             body, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) RETURNING id",
        )
        .bind(comment.site_id.get())
        .bind(comment.document_id)
        .bind(&comment.name)
        .bind(&comment.organisation)
        .bind(&comment.email)
        .bind(&comment.article)
        .bind(&comment.body)
        .bind(comment.created_at)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A draft's comments in the order they came; with `status`, only those.
    pub async fn comments(
        &self,
        site_id: SiteId,
        document_id: i64,
        status: Option<CommentStatus>,
    ) -> Result<Vec<Comment>> {
        sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM draft_comments WHERE site_id = $1 AND document_id = $2 \
             AND ($3 = '' OR status = $3) ORDER BY created_at, id LIMIT 100000"
        ))
        .bind(site_id.get())
        .bind(document_id)
        .bind(status.map_or("", CommentStatus::as_str))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(comment_from_row)
        .collect()
    }

    /// How many comments each of the site's drafts has: (document, all,
    /// pending).
    pub async fn comment_counts(&self, site_id: SiteId) -> Result<Vec<(i64, i64, i64)>> {
        sqlx::query(
            "SELECT document_id, COUNT(*) AS total, \
             SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending \
             FROM draft_comments WHERE site_id = $1 GROUP BY document_id",
        )
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok((
                int(row, "document_id")?,
                int(row, "total")?,
                int(row, "pending")?,
            ))
        })
        .collect()
    }

    /// Publishes or rejects a comment; a published one shows under its
    /// draft at once.
    pub async fn moderate_comment(
        &self,
        site_id: SiteId,
        id: i64,
        status: CommentStatus,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query(
            "UPDATE draft_comments SET status = $3, moderated_at = $4 WHERE site_id = $1 AND id = $2",
        )
        .bind(site_id.get())
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("no such comment".into()));
        }
        crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Erases commenters' e-mails of consultations closed before `before`
    /// (names and organisations stay: a published comment is signed).
    pub async fn erase_commenters(&self, site_id: SiteId, before: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE draft_comments SET email = '' WHERE site_id = $1 AND email <> '' \
             AND document_id IN (SELECT document_id FROM consultations WHERE closes_at < $2)",
        )
        .bind(site_id.get())
        .bind(before)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }
}

fn consultation_from_row(row: &AnyRow) -> Result<Consultation> {
    Ok(Consultation {
        document_id: int(row, "document_id")?,
        site_id: SiteId(int(row, "site_id")?),
        opens_at: int(row, "opens_at")?,
        closes_at: int(row, "closes_at")?,
    })
}

fn comment_from_row(row: &AnyRow) -> Result<Comment> {
    let status = text(row, "status")?;
    Ok(Comment {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        document_id: int(row, "document_id")?,
        name: text(row, "name")?,
        organisation: text(row, "organisation")?,
        email: text(row, "email")?,
        article: text(row, "article")?,
        body: text(row, "body")?,
        status: CommentStatus::parse(&status),
        created_at: int(row, "created_at")?,
    })
}

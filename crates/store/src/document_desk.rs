//! The documents base in the newsroom: documents written and changed by
//! staff with every version kept, their state, their links to other
//! documents, their files and downloads, and each site's list of types.

use portal_core::change::Change;
use portal_core::document::{Document, DocumentStatus, Relation};
use portal_core::{Media, SiteId, UserId};

use crate::documents::{COLUMNS, document_from_row};
use crate::rows::{int, opt_int, text};
use crate::{Result, Store, StoreError};

/// A version of a document as it was saved.
#[derive(Debug, Clone)]
pub struct DocumentRevision {
    pub revision: i64,
    pub saved_at: i64,
    pub saved_by: Option<UserId>,
    pub document: Document,
}

/// A link between two documents, seen from one of them: `outgoing` when
/// this document replaces (amends, relates to) the other.
#[derive(Debug, Clone)]
pub struct DocumentLink {
    pub relation: Relation,
    pub outgoing: bool,
    pub other: Document,
}

/// A file of a document, with how often it was downloaded.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    pub media: Media,
    pub downloads: i64,
}

/// What staff write: the document, its links (relation, other document)
/// and its files (library items, in order).
pub struct DocumentDraft<'a> {
    pub document: &'a Document,
    pub links: &'a [(Relation, i64)],
    pub files: &'a [i64],
}

fn snapshot(document: &Document) -> String {
    serde_json::to_string(document).unwrap_or_else(|_| "{}".into())
}

impl Store {
    /// Adds a document written in the newsroom (revision 1); its id.
    pub async fn create_document(
        &self,
        draft: &DocumentDraft<'_>,
        by: UserId,
        now: i64,
    ) -> Result<i64> {
        let document = draft.document;
        let mut tx = self.write_tx().await?;
        let id = crate::documents::insert_row(&mut tx, document, Some(by), now).await?;
        let saved = Document {
            id,
            updated_at: now,
            ..document.clone()
        };
        insert_revision(&mut tx, id, 1, &saved, Some(by), now).await?;
        crate::document_words::index_words(&mut tx, document.site_id, id, &document.search_text())
            .await?;
        replace_links_and_files(&mut tx, id, draft).await?;
        crate::changes::record(&mut tx, self, document.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves over `expected_revision` (a conflict when someone saved in
    /// between); the new revision number.
    pub async fn update_document(
        &self,
        draft: &DocumentDraft<'_>,
        expected_revision: i64,
        by: UserId,
        now: i64,
    ) -> Result<i64> {
        let document = draft.document;
        let mut tx = self.write_tx().await?;
        let held = sqlx::query(&format!(
            "SELECT {COLUMNS}, revision FROM documents WHERE site_id = $1 AND id = $2"
        ))
        .bind(document.site_id.get())
        .bind(document.id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("document {} not found", document.id)))?;
        let revision = int(&held, "revision")?;
        if revision != expected_revision {
            return Err(StoreError::Conflict(format!(
                "the document was saved by someone else after revision {expected_revision}"
            )));
        }
        // A document that came from a spreadsheet has its first version
        // kept before the first change made by hand.
        let kept: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM document_revisions WHERE document_id = $1")
                .bind(document.id)
                .fetch_one(&mut *tx)
                .await?;
        if kept == 0 {
            let before = document_from_row(&held)?;
            insert_revision(
                &mut tx,
                document.id,
                revision,
                &before,
                None,
                before.updated_at,
            )
            .await?;
        }
        crate::documents::update_row(&mut tx, document, now).await?;
        let saved = Document {
            updated_at: now,
            ..document.clone()
        };
        insert_revision(&mut tx, document.id, revision + 1, &saved, Some(by), now).await?;
        crate::document_words::index_words(
            &mut tx,
            document.site_id,
            document.id,
            &document.search_text(),
        )
        .await?;
        replace_links_and_files(&mut tx, document.id, draft).await?;
        crate::changes::record(&mut tx, self, document.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(revision + 1)
    }

    /// The revision a form was read at.
    pub async fn document_revision_number(&self, site_id: SiteId, id: i64) -> Result<i64> {
        let revision: Option<i64> =
            sqlx::query_scalar("SELECT revision FROM documents WHERE site_id = $1 AND id = $2")
                .bind(site_id.get())
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        revision.ok_or_else(|| StoreError::Corrupt(format!("document {id} not found")))
    }

    /// Every kept version, newest first.
    pub async fn document_revisions(&self, id: i64) -> Result<Vec<DocumentRevision>> {
        let rows = sqlx::query(
            "SELECT revision, snapshot, saved_at, saved_by FROM document_revisions \
             WHERE document_id = $1 ORDER BY revision DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DocumentRevision {
                    revision: int(row, "revision")?,
                    saved_at: int(row, "saved_at")?,
                    saved_by: opt_int(row, "saved_by")?.map(UserId),
                    document: serde_json::from_str(&text(row, "snapshot")?)
                        .map_err(|e| StoreError::Corrupt(format!("document revision: {e}")))?,
                })
            })
            .collect()
    }

    /// Who first wrote it (none for an imported document).
    pub async fn document_author(&self, id: i64) -> Result<Option<UserId>> {
        let by: Option<Option<i64>> =
            sqlx::query_scalar("SELECT created_by FROM documents WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(by.flatten().map(UserId))
    }

    /// Its links to and from other documents; readers' pages ask for the
    /// published ones only.
    pub async fn document_links(&self, id: i64, published_only: bool) -> Result<Vec<DocumentLink>> {
        let columns = COLUMNS
            .split(", ")
            .map(|c| format!("d.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let only = if published_only {
            " AND d.status = 'published'"
        } else {
            ""
        };
        let replaced = crate::documents::replaced_since("d");
        let sql = format!(
            "SELECT {columns}, {replaced}, l.relation, 1 AS outgoing FROM document_links l \
             JOIN documents d ON d.id = l.target_id WHERE l.document_id = $1{only} \
             UNION ALL \
             SELECT {columns}, {replaced}, l.relation, 0 AS outgoing FROM document_links l \
             JOIN documents d ON d.id = l.document_id WHERE l.target_id = $1{only}"
        );
        let rows = sqlx::query(&sql).bind(id).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let relation = text(row, "relation")?;
                Ok(DocumentLink {
                    relation: Relation::parse(&relation)
                        .ok_or_else(|| StoreError::Corrupt(format!("relation {relation:?}")))?,
                    outgoing: int(row, "outgoing")? == 1,
                    other: document_from_row(row)?,
                })
            })
            .collect()
    }

    /// Its files in order, with their downloads.
    pub async fn document_files(&self, id: i64) -> Result<Vec<DocumentFile>> {
        let rows = sqlx::query(
            "SELECT m.*, f.downloads FROM document_files f JOIN media m ON m.id = f.media_id \
             WHERE f.document_id = $1 ORDER BY f.position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DocumentFile {
                    media: crate::rows::media(row)?,
                    downloads: int(row, "downloads")?,
                })
            })
            .collect()
    }

    /// Counts a download of the document's file; the file, when the
    /// document has it.
    pub async fn count_download(&self, document_id: i64, media_id: i64) -> Result<Option<Media>> {
        let counted = sqlx::query(
            "UPDATE document_files SET downloads = downloads + 1 \
             WHERE document_id = $1 AND media_id = $2",
        )
        .bind(document_id)
        .bind(media_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if counted == 0 {
            return Ok(None);
        }
        let row = sqlx::query("SELECT * FROM media WHERE id = $1")
            .bind(media_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(crate::rows::media).transpose()
    }

    /// Moves the document to `status`.
    pub async fn set_document_status(
        &self,
        site_id: SiteId,
        id: i64,
        status: DocumentStatus,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query(
            "UPDATE documents SET status = $3, updated_at = $4 WHERE site_id = $1 AND id = $2",
        )
        .bind(site_id.get())
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Corrupt(format!("document {id} not found")));
        }
        crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The site's own list of document types (empty: the starting list).
    pub async fn document_types(&self, site_id: SiteId) -> Result<Vec<String>> {
        let rows =
            sqlx::query("SELECT name FROM document_types WHERE site_id = $1 ORDER BY position")
                .bind(site_id.get())
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|row| text(row, "name")).collect()
    }

    pub async fn set_document_types(
        &self,
        site_id: SiteId,
        names: &[String],
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM document_types WHERE site_id = $1")
            .bind(site_id.get())
            .execute(&mut *tx)
            .await?;
        for (position, name) in names.iter().enumerate() {
            sqlx::query("INSERT INTO document_types (site_id, position, name) VALUES ($1, $2, $3)")
                .bind(site_id.get())
                .bind(position as i64)
                .bind(name)
                .execute(&mut *tx)
                .await?;
        }
        crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_revision(
    tx: &mut crate::connect::WriteTx,
    id: i64,
    revision: i64,
    document: &Document,
    by: Option<UserId>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO document_revisions (document_id, revision, snapshot, saved_at, saved_by) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(revision)
    .bind(snapshot(document))
    .bind(now)
    .bind(by.map(UserId::get))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn replace_links_and_files(
    tx: &mut crate::connect::WriteTx,
    id: i64,
    draft: &DocumentDraft<'_>,
) -> Result<()> {
    sqlx::query("DELETE FROM document_links WHERE document_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (relation, target) in draft.links {
        sqlx::query(
            "INSERT INTO document_links (document_id, target_id, relation) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*target)
        .bind(relation.as_str())
        .execute(&mut **tx)
        .await?;
    }
    // Downloads already counted stay with the files that stay.
    let held: Vec<(i64, i64)> =
        sqlx::query("SELECT media_id, downloads FROM document_files WHERE document_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| Ok((int(row, "media_id")?, int(row, "downloads")?)))
            .collect::<Result<_>>()?;
    sqlx::query("DELETE FROM document_files WHERE document_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, media) in draft.files.iter().enumerate() {
        let downloads = held.iter().find(|(m, _)| m == media).map_or(0, |(_, d)| *d);
        sqlx::query(
            "INSERT INTO document_files (document_id, media_id, position, downloads) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*media)
        .bind(position as i64)
        .bind(downloads)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

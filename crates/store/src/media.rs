use portal_core::Media;
use portal_core::SiteId;
use portal_core::change::Change;

use crate::Store;
use crate::rows::{MEDIA_COLUMNS, media};
use crate::{Result, StoreError};

impl Store {
    /// Records a stored file; the same storage key twice keeps the first row.
    pub async fn insert_media(&self, media: &Media, now: i64) -> Result<i64> {
        self.insert_upload(media, None, now).await
    }

    /// Records a file someone uploaded.
    pub async fn insert_upload(
        &self,
        media: &Media,
        uploaded_by: Option<i64>,
        now: i64,
    ) -> Result<i64> {
        let variants = serde_json::to_string(&media.variants)
            .map_err(|e| StoreError::Corrupt(format!("media variants: {e}")))?;
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(
            "INSERT INTO media (site_id, mime, storage_key, width, height, byte_size, alt, credit, \
             variants, created_at, kind, name, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (storage_key) DO NOTHING",
        )
        .bind(media.site_id.get())
        .bind(&media.mime)
        .bind(&media.key)
        .bind(i64::from(media.width))
        .bind(i64::from(media.height))
        .bind(media.byte_size)
        .bind(&media.alt)
        .bind(&media.credit)
        .bind(variants)
        .bind(now)
        .bind(if media.is_image() {
            "image"
        } else {
            "document"
        })
        .bind(&media.name)
        .bind(uploaded_by)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        let id: i64 = sqlx::query_scalar("SELECT id FROM media WHERE storage_key = $1")
            .bind(&media.key)
            .fetch_one(&mut *tx)
            .await?;
        if inserted {
            let change = Change::Media { id };
            crate::changes::record(&mut tx, self, media.site_id, &change, now).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The site's files whose name, alt text or credit contain `query`
    /// (all when empty), newest first.
    /// Newest first; `images`: only images (`Some(true)`), only documents
    /// (`Some(false)`) or both.
    pub async fn search_media(
        &self,
        site_id: SiteId,
        query: &str,
        images: Option<bool>,
        limit: i64,
    ) -> Result<Vec<Media>> {
        let pattern = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
        let kind = match images {
            Some(true) => " AND mime LIKE 'image/%'",
            Some(false) => " AND mime NOT LIKE 'image/%'",
            None => "",
        };
        sqlx::query(&format!(
            "SELECT {MEDIA_COLUMNS} FROM media WHERE site_id = $1 AND \
             (LOWER(name) LIKE $2 OR LOWER(alt) LIKE $2 OR LOWER(credit) LIKE $2){kind} \
             ORDER BY id DESC LIMIT $3"
        ))
        .bind(site_id.get())
        .bind(pattern)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(media)
        .collect()
    }

    /// The media rows among `ids`, in no particular order.
    pub async fn media_by_ids(&self, ids: &[i64]) -> Result<Vec<Media>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = crate::rows::placeholders(ids.len());
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id IN ({placeholders})");
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(media)
            .collect()
    }
}

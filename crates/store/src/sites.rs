use portal_core::change::Change;
use portal_core::time::now;
use portal_core::{Category, Site, SiteId, SiteKind};
use sqlx::any::AnyRow;

use crate::Store;
use crate::rows::{CATEGORY_COLUMNS, category, int, opt_int, text};
use crate::{Result, StoreError};

#[derive(Debug, Clone, Default)]
pub struct NewSite {
    pub parent_id: Option<SiteId>,
    pub kind: SiteKind,
    pub code: String,
    pub name: String,
    pub agency: String,
    pub language: String,
    pub hosts: Vec<String>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub licence: String,
}

#[derive(Debug, Clone)]
pub struct NewCategory {
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub position: i64,
    pub on_home: bool,
}

const SITE_COLUMNS: &str = "id, parent_id, code, name, agency, language, address, phone, email, \
     licence, responsible, logo_media_id, kind, disabled";

impl Store {
    pub async fn create_site(&self, new: &NewSite) -> Result<Site> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sites (parent_id, code, name, agency, language, address, phone, email, \
             licence, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.parent_id.map(SiteId::get))
        .bind(&new.code)
        .bind(&new.name)
        .bind(&new.agency)
        .bind(&new.language)
        .bind(&new.address)
        .bind(&new.phone)
        .bind(&new.email)
        .bind(&new.licence)
        .bind(new.kind.as_str())
        .fetch_one(&mut *tx)
        .await
        .map_err(|error| {
            crate::users::conflict_or(error, format!("the code {} is taken", new.code))
        })?;
        write_hosts(&mut tx, SiteId(id), &new.hosts).await?;
        crate::changes::record(&mut tx, self, SiteId(id), &Change::Site, now()).await?;
        tx.commit().await?;
        self.site(SiteId(id))
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("site {id} vanished after insert")))
    }

    pub async fn site(&self, id: SiteId) -> Result<Option<Site>> {
        let row = sqlx::query(&format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.site_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    pub async fn site_by_code(&self, code: &str) -> Result<Option<Site>> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM sites WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => self.site(SiteId(id)).await,
            None => Ok(None),
        }
    }

    /// The site a request's host name belongs to; none for a host no site
    /// has (a request for it is not the province's).
    pub async fn site_for_host(&self, host: &str) -> Result<Option<Site>> {
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        match self.site_of_host(&host).await? {
            Some(id) => self.site(id).await,
            None => Ok(None),
        }
    }

    pub async fn default_site(&self) -> Result<Option<Site>> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM sites ORDER BY id LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => self.site(SiteId(id)).await,
            None => Ok(None),
        }
    }

    /// The sites above this one, nearest first (bounded: a damaged chain
    /// of parents cannot loop).
    pub async fn site_ancestors(&self, id: SiteId) -> Result<Vec<SiteId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "WITH RECURSIVE up(id, parent_id, depth) AS ( \
               SELECT id, parent_id, 0 FROM sites WHERE id = $1 \
               UNION ALL \
               SELECT sites.id, sites.parent_id, up.depth + 1 FROM sites \
               JOIN up ON sites.id = up.parent_id WHERE up.depth < 16 \
             ) SELECT id FROM up WHERE depth > 0 ORDER BY depth",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(SiteId).collect())
    }

    pub async fn site_ids(&self) -> Result<Vec<SiteId>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM sites ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(ids.into_iter().map(SiteId).collect())
    }

    async fn site_from_row(&self, row: &AnyRow) -> Result<Site> {
        let id = int(row, "id")?;
        let hosts: Vec<String> =
            sqlx::query_scalar("SELECT host FROM site_hosts WHERE site_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Site {
            id: SiteId(id),
            parent_id: opt_int(row, "parent_id")?.map(SiteId),
            code: text(row, "code")?,
            name: text(row, "name")?,
            agency: text(row, "agency")?,
            language: text(row, "language")?,
            hosts,
            address: text(row, "address")?,
            phone: text(row, "phone")?,
            email: text(row, "email")?,
            licence: text(row, "licence")?,
            responsible: text(row, "responsible")?,
            logo_media_id: opt_int(row, "logo_media_id")?,
            kind: SiteKind::parse(&text(row, "kind")?)
                .ok_or_else(|| StoreError::Corrupt(format!("site {id} has an unknown kind")))?,
            disabled: int(row, "disabled")? != 0,
        })
    }

    /// Every site, the province's first, then by code.
    pub async fn sites(&self) -> Result<Vec<Site>> {
        let rows = sqlx::query(&format!(
            "SELECT {SITE_COLUMNS} FROM sites ORDER BY parent_id IS NOT NULL, code"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut sites = Vec::with_capacity(rows.len());
        for row in &rows {
            sites.push(self.site_from_row(row).await?);
        }
        Ok(sites)
    }

    /// The site that answers at `host`, if any.
    pub async fn site_of_host(&self, host: &str) -> Result<Option<SiteId>> {
        let id: Option<i64> = sqlx::query_scalar("SELECT site_id FROM site_hosts WHERE host = $1")
            .bind(host)
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(SiteId))
    }

    /// Saves what the province's administrators decide about a site: its
    /// name, kind, parent, language, host names and whether it serves.
    pub async fn update_site_identity(&self, site: &Site) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE sites SET name = $2, kind = $3, parent_id = $4, language = $5, disabled = $6 \
             WHERE id = $1",
        )
        .bind(site.id.get())
        .bind(&site.name)
        .bind(site.kind.as_str())
        .bind(site.parent_id.map(SiteId::get))
        .bind(&site.language)
        .bind(i64::from(site.disabled))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM site_hosts WHERE site_id = $1")
            .bind(site.id.get())
            .execute(&mut *tx)
            .await?;
        write_hosts(&mut tx, site.id, &site.hosts).await?;
        crate::changes::record(&mut tx, self, site.id, &Change::Site, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves what an administrator can change about a site.
    pub async fn update_site(&self, site: &Site) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE sites SET name = $2, agency = $3, address = $4, phone = $5, email = $6, \
             licence = $7, responsible = $8, logo_media_id = $9 WHERE id = $1",
        )
        .bind(site.id.get())
        .bind(&site.name)
        .bind(&site.agency)
        .bind(&site.address)
        .bind(&site.phone)
        .bind(&site.email)
        .bind(&site.licence)
        .bind(&site.responsible)
        .bind(site.logo_media_id)
        .execute(&mut *tx)
        .await?;
        crate::changes::record(&mut tx, self, site.id, &Change::Site, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a category that no article uses.
    pub async fn delete_category(&self, site_id: SiteId, category_id: i64) -> Result<bool> {
        let used: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM article_categories WHERE category_id = $1")
                .bind(category_id)
                .fetch_one(&self.pool)
                .await?;
        if used > 0 {
            return Err(StoreError::Conflict(format!(
                "{used} articles use this category"
            )));
        }
        let mut tx = self.write_tx().await?;
        let deleted = sqlx::query("DELETE FROM categories WHERE site_id = $1 AND id = $2")
            .bind(site_id.get())
            .bind(category_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if deleted {
            crate::changes::record(&mut tx, self, site_id, &Change::Site, now()).await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Changes a category in place (same id, so articles keep it).
    pub async fn update_category(&self, category: &Category) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE categories SET parent_id = $3, slug = $4, name = $5, position = $6, on_home = $7 \
             WHERE site_id = $1 AND id = $2",
        )
        .bind(category.site_id.get())
        .bind(category.id)
        .bind(category.parent_id)
        .bind(&category.slug)
        .bind(&category.name)
        .bind(category.position)
        .bind(i64::from(category.on_home))
        .execute(&mut *tx)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(format!("the slug \"{}\" is taken", category.slug))
            }
            _ => StoreError::Database(error),
        })?;
        crate::changes::record(&mut tx, self, category.site_id, &Change::Site, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates the category, or updates the one with the same slug.
    pub async fn upsert_category(&self, site_id: SiteId, new: &NewCategory) -> Result<Category> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (site_id, parent_id, slug, name, position, on_home) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (site_id, slug) DO UPDATE SET parent_id = excluded.parent_id, \
             name = excluded.name, position = excluded.position, on_home = excluded.on_home \
             RETURNING id",
        )
        .bind(site_id.get())
        .bind(new.parent_id)
        .bind(&new.slug)
        .bind(&new.name)
        .bind(new.position)
        .bind(i64::from(new.on_home))
        .fetch_one(&mut *tx)
        .await?;
        crate::changes::record(&mut tx, self, site_id, &Change::Site, now()).await?;
        tx.commit().await?;
        Ok(Category {
            id,
            site_id,
            parent_id: new.parent_id,
            slug: new.slug.clone(),
            name: new.name.clone(),
            position: new.position,
            on_home: new.on_home,
        })
    }

    /// The site's categories in menu order.
    pub async fn categories(&self, site_id: SiteId) -> Result<Vec<Category>> {
        sqlx::query(&format!(
            "SELECT {CATEGORY_COLUMNS} FROM categories c WHERE c.site_id = $1 ORDER BY c.position, c.id"
        ))
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(category)
        .collect()
    }

    pub async fn category_by_slug(&self, site_id: SiteId, slug: &str) -> Result<Option<Category>> {
        sqlx::query(&format!(
            "SELECT {CATEGORY_COLUMNS} FROM categories c WHERE c.site_id = $1 AND c.slug = $2"
        ))
        .bind(site_id.get())
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(category)
        .transpose()
    }
}

async fn write_hosts(
    tx: &mut crate::changes::Tx<'_>,
    site: SiteId,
    hosts: &[String],
) -> Result<()> {
    for (position, host) in hosts.iter().enumerate() {
        sqlx::query("INSERT INTO site_hosts (host, site_id, position) VALUES ($1, $2, $3)")
            .bind(host.to_ascii_lowercase())
            .bind(site.get())
            .bind(position as i64)
            .execute(&mut **tx)
            .await
            .map_err(|error| {
                crate::users::conflict_or(error, format!("the host {host} is taken"))
            })?;
    }
    Ok(())
}

//! Standing pages: the articles of the site's pages section, found by
//! their name (`/gioi-thieu`).

use portal_core::content::PAGES_SLUG;
use portal_core::{ArticleId, SiteId};

use crate::rows::{int, text};
use crate::{Result, Store};

impl Store {
    /// The site's public pages, as (name, title), by title.
    pub async fn published_pages(
        &self,
        site_id: SiteId,
        now: i64,
    ) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT a.slug, a.title FROM articles a JOIN categories c ON c.id = a.category_id \
             WHERE a.site_id = $1 AND c.slug = $3 AND a.status = 'published' \
             AND a.publish_at <= $2 AND (a.expire_at IS NULL OR a.expire_at > $2) \
             ORDER BY a.title",
        )
        .bind(site_id.get())
        .bind(now)
        .bind(PAGES_SLUG)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((text(row, "slug")?, text(row, "title")?)))
            .collect()
    }

    /// The public page of that name.
    pub async fn published_page(
        &self,
        site_id: SiteId,
        slug: &str,
        now: i64,
    ) -> Result<Option<ArticleId>> {
        let row = sqlx::query(
            "SELECT a.id FROM articles a JOIN categories c ON c.id = a.category_id \
             WHERE a.site_id = $1 AND c.slug = $3 AND a.slug = $4 AND a.status = 'published' \
             AND a.publish_at <= $2 AND (a.expire_at IS NULL OR a.expire_at > $2) \
             ORDER BY a.id LIMIT 1",
        )
        .bind(site_id.get())
        .bind(now)
        .bind(PAGES_SLUG)
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| int(&row, "id").map(ArticleId)).transpose()
    }

    /// Whether another page of the site (not in the bin) has that name.
    pub async fn page_name_taken(
        &self,
        site_id: SiteId,
        slug: &str,
        except: Option<ArticleId>,
    ) -> Result<bool> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM articles a JOIN categories c ON c.id = a.category_id \
             WHERE a.site_id = $1 AND c.slug = $2 AND a.slug = $3 AND a.status <> 'trashed' \
             AND a.id <> $4",
        )
        .bind(site_id.get())
        .bind(PAGES_SLUG)
        .bind(slug)
        .bind(except.map_or(0, ArticleId::get))
        .fetch_one(&self.pool)
        .await?;
        Ok(count > 0)
    }
}

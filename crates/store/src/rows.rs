//! Turning rows into domain values. Every integer column is read as i64, the
//! one width both backends agree on through the `Any` driver.

use portal_core::{ArticleId, ArticleSummary, Category, Media, MediaVariant, SiteId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, StoreError};

/// `$1, $2, …, $n`, for `IN (…)` lists.
pub(crate) fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn int(row: &AnyRow, column: &str) -> Result<i64> {
    Ok(row.try_get::<i64, _>(column)?)
}

pub(crate) fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) const CATEGORY_COLUMNS: &str =
    "c.id, c.site_id, c.parent_id, c.slug, c.name, c.position, c.on_home";

pub(crate) fn category(row: &AnyRow) -> Result<Category> {
    category_named(row, "")
}

/// The same columns named apart from another table's, for joins.
pub(crate) const JOINED_CATEGORY_COLUMNS: &str = "c.id AS category_id, c.site_id AS category_site_id, \
     c.parent_id AS category_parent_id, c.slug AS category_slug, c.name AS category_name, \
     c.position AS category_position, c.on_home AS category_on_home";

/// The category of a row read with [`JOINED_CATEGORY_COLUMNS`], if the
/// join found one.
pub(crate) fn joined_category(row: &AnyRow) -> Result<Option<Category>> {
    if opt_int(row, "category_id")?.is_none() {
        return Ok(None);
    }
    category_named(row, "category_").map(Some)
}

/// A category from columns named with `prefix`.
fn category_named(row: &AnyRow, prefix: &str) -> Result<Category> {
    let column = |name: &str| format!("{prefix}{name}");
    Ok(Category {
        id: int(row, &column("id"))?,
        site_id: SiteId(int(row, &column("site_id"))?),
        parent_id: opt_int(row, &column("parent_id"))?,
        slug: text(row, &column("slug"))?,
        name: text(row, &column("name"))?,
        position: int(row, &column("position"))?,
        on_home: int(row, &column("on_home"))? != 0,
    })
}

pub(crate) const SUMMARY_COLUMNS: &str = "a.id, a.slug, a.title, a.lead, a.byline, a.cover_media_id, \
     a.publish_at, a.views, c.slug AS category_slug, c.name AS category_name";

pub(crate) fn summary(row: &AnyRow) -> Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: ArticleId(int(row, "id")?),
        slug: text(row, "slug")?,
        title: text(row, "title")?,
        lead: text(row, "lead")?,
        byline: text(row, "byline")?,
        cover_media_id: opt_int(row, "cover_media_id")?,
        published_at: opt_int(row, "publish_at")?.unwrap_or_default(),
        views: int(row, "views")?,
        category_slug: opt_text(row, "category_slug")?,
        category_name: opt_text(row, "category_name")?,
    })
}

pub(crate) const MEDIA_COLUMNS: &str =
    "id, site_id, mime, storage_key, width, height, byte_size, alt, credit, name, variants";

pub(crate) fn media(row: &AnyRow) -> Result<Media> {
    let variants: Vec<MediaVariant> = serde_json::from_str(&text(row, "variants")?)
        .map_err(|e| StoreError::Corrupt(format!("media variants: {e}")))?;
    let dimension = |column| -> Result<u32> {
        u32::try_from(int(row, column)?)
            .map_err(|_| StoreError::Corrupt(format!("media {column} out of range")))
    };
    Ok(Media {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        mime: text(row, "mime")?,
        key: text(row, "storage_key")?,
        width: dimension("width")?,
        height: dimension("height")?,
        byte_size: int(row, "byte_size")?,
        alt: text(row, "alt")?,
        credit: text(row, "credit")?,
        name: text(row, "name")?,
        variants,
    })
}

//! Keywords with pages of their own. An article's words stay in
//! `articles.tags` as written; `tags` holds one row per word and site (by
//! its slug, so "Tỉnh ủy" and "tinh uy" are one keyword).

use portal_core::Tag;
use portal_core::text::slugify;
use portal_core::{ArticleId, SiteId};

use crate::Result;
use crate::Store;
use crate::rows::{int, text};

impl Store {
    pub async fn tag_by_slug(&self, site_id: SiteId, slug: &str) -> Result<Option<Tag>> {
        let row = sqlx::query("SELECT id, slug, name FROM tags WHERE site_id = $1 AND slug = $2")
            .bind(site_id.get())
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(Tag {
                id: int(&row, "id")?,
                slug: text(&row, "slug")?,
                name: text(&row, "name")?,
            })
        })
        .transpose()
    }
}

/// Makes the article's keyword links match `tags`, creating keywords as
/// needed. Words that give no slug (only symbols) keep no page.
pub(crate) async fn link_tags(
    tx: &mut crate::connect::WriteTx,
    site_id: SiteId,
    article_id: ArticleId,
    tags: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
        .bind(article_id.get())
        .execute(&mut **tx)
        .await?;
    for name in tags {
        let slug = slugify(name);
        if slug.is_empty() {
            continue;
        }
        sqlx::query(
            "INSERT INTO tags (site_id, slug, name) VALUES ($1, $2, $3) \
             ON CONFLICT (site_id, slug) DO NOTHING",
        )
        .bind(site_id.get())
        .bind(&slug)
        .bind(name)
        .execute(&mut **tx)
        .await?;
        let tag_id: i64 =
            sqlx::query_scalar("SELECT id FROM tags WHERE site_id = $1 AND slug = $2")
                .bind(site_id.get())
                .bind(&slug)
                .fetch_one(&mut **tx)
                .await?;
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) \
             ON CONFLICT (article_id, tag_id) DO NOTHING",
        )
        .bind(article_id.get())
        .bind(tag_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

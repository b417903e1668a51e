//! Standing pages (Giới thiệu, Chức năng nhiệm vụ, Liên hệ…): articles of
//! the site's pages section, written with the article editor and going
//! through the same review, revisions and audit; each answers at
//! `/{its name}` and stays out of every news list.

use portal_core::content::{PAGES_SLUG, is_reserved_slug};
use portal_core::{Article, ArticleId, Category, Site, SiteId};
use portal_store::{NewCategory, Store};

use super::newsroom::NewsroomError;

/// The section of the site's pages, made when first asked for.
pub async fn section(store: &Store, site_id: SiteId) -> portal_store::Result<Category> {
    if let Some(section) = store.category_by_slug(site_id, PAGES_SLUG).await? {
        return Ok(section);
    }
    store
        .upsert_category(
            site_id,
            &NewCategory {
                parent_id: None,
                slug: PAGES_SLUG.to_string(),
                name: "Trang thông tin (Giới thiệu, Liên hệ…)".to_string(),
                position: 1_000,
                on_home: false,
            },
        )
        .await
}

/// The site's public pages, as (name, title).
pub async fn published(
    store: &Store,
    site: &Site,
    now: i64,
) -> portal_store::Result<Vec<(String, String)>> {
    store.published_pages(site.id, now).await
}

/// The public page of that name.
pub async fn find(
    store: &Store,
    site: &Site,
    name: &str,
    now: i64,
) -> portal_store::Result<Option<Article>> {
    match store.published_page(site.id, name, now).await? {
        Some(id) => super::public_article(store, site.id, id, now).await,
        None => Ok(None),
    }
}

/// No article goes into the documents base's section. An article placed
/// in the pages section is a page: in that section alone, under a name no section, no address of the portal and no other
/// page of the site has.
pub(crate) async fn check(
    store: &Store,
    site: &Site,
    category_ids: &[i64],
    name: &str,
    id: Option<ArticleId>,
) -> Result<(), NewsroomError> {
    // The documents base's section holds no article (its address is the
    // documents list's).
    if let Some(documents) = store
        .category_by_slug(site.id, portal_core::content::DOCUMENTS_SLUG)
        .await?
        && category_ids.contains(&documents.id)
    {
        return Err(NewsroomError::Invalid("newsroom.unknown_category"));
    }
    let Some(pages) = store.category_by_slug(site.id, PAGES_SLUG).await? else {
        return Ok(());
    };
    if !category_ids.contains(&pages.id) {
        return Ok(());
    }
    if category_ids.len() > 1 {
        return Err(NewsroomError::Invalid("pages.alone"));
    }
    let section_has_it = store.category_by_slug(site.id, name).await?.is_some();
    if name.is_empty()
        || is_reserved_slug(name)
        || section_has_it
        || store.page_name_taken(site.id, name, id).await?
    {
        return Err(NewsroomError::Invalid("pages.name_taken"));
    }
    Ok(())
}

//! What readers see: published articles, lists, the sitemap, keyword pages
//! and the pictures they show. Every read is of what is public at `now`;
//! the web side asks here, never the store.

pub mod highlights;
pub mod import;
pub mod newsroom;
pub mod pages;
pub mod syndication;

use std::collections::HashMap;

use portal_core::{Article, ArticleId, ArticleSummary, Body, Media, PageRequest, SiteId, Tag};
use portal_store::{ArticleListFilter, Result, SitemapEntry, Store};

/// A page of a list with the total, for page numbers.
pub async fn page_of_articles(
    store: &Store,
    site_id: SiteId,
    filter: ArticleListFilter,
    page: PageRequest,
    now: i64,
) -> Result<(Vec<ArticleSummary>, i64)> {
    store.public_articles(site_id, filter, page, now).await
}

/// The same without the total: lists without page numbers, feeds.
pub async fn list_of_articles(
    store: &Store,
    site_id: SiteId,
    filter: ArticleListFilter,
    page: PageRequest,
    now: i64,
) -> Result<Vec<ArticleSummary>> {
    store.public_article_list(site_id, filter, page, now).await
}

/// The bodies of these articles, for API lists that carry them.
pub async fn bodies(store: &Store, ids: &[ArticleId]) -> Result<HashMap<ArticleId, Body>> {
    store.article_bodies(ids).await
}

/// An article a reader may see now, or `None`.
pub async fn public_article(
    store: &Store,
    site_id: SiteId,
    id: ArticleId,
    now: i64,
) -> Result<Option<Article>> {
    Ok(store
        .article(site_id, id)
        .await?
        .filter(|a| a.is_public(now)))
}

/// A copy's original, while it is public, with its site.
pub async fn origin_of(
    store: &Store,
    copy: &Article,
    now: i64,
) -> Result<Option<(portal_core::Site, Article)>> {
    let Some(origin_id) = copy.origin_id else {
        return Ok(None);
    };
    let Some(site_id) = store.article_site(origin_id).await? else {
        return Ok(None);
    };
    let Some(site) = store.site(site_id).await? else {
        return Ok(None);
    };
    Ok(public_article(store, site_id, origin_id, now)
        .await?
        .map(|article| (site, article)))
}

/// An article in whatever state, for deciding which kept pages showed it
/// (the page cache), never for showing it.
pub async fn article_in_any_state(
    store: &Store,
    site_id: SiteId,
    id: ArticleId,
) -> Result<Option<Article>> {
    store.article(site_id, id).await
}

/// The most read public articles since `since`.
pub async fn most_read(
    store: &Store,
    site_id: SiteId,
    since: i64,
    limit: u32,
    now: i64,
) -> Result<Vec<ArticleSummary>> {
    store
        .most_viewed(site_id, since, i64::from(limit), now)
        .await
}

pub async fn sitemap(
    store: &Store,
    site_id: SiteId,
    limit: i64,
    now: i64,
) -> Result<Vec<SitemapEntry>> {
    store.sitemap(site_id, limit, now).await
}

pub async fn keyword(store: &Store, site_id: SiteId, slug: &str) -> Result<Option<Tag>> {
    store.tag_by_slug(site_id, slug).await
}

/// Library rows by id (pictures on a page, the site's logo).
pub async fn media(store: &Store, ids: &[i64]) -> Result<Vec<Media>> {
    store.media_by_ids(ids).await
}

/// `(site, article)` of articles that appear or expire by the clock in
/// `(since, until]`.
pub async fn due_between(store: &Store, since: i64, until: i64) -> Result<Vec<(i64, i64)>> {
    store.articles_due_between(since, until).await
}

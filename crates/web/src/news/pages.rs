//! The reader's pages: home, category, article, and the 404.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::content::article_id_from_segment;
use portal_core::{Layout, PageRequest, text};
use portal_services::news;
use serde::Deserialize;
use serde_json::json;

use crate::blocks::BlockContext;
use crate::cache::{Dep, PageDeps};
use crate::frame::{Crumb, Frame, PageMeta, html_response, render_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

/// What the home page says instead of showing nothing: the portal waits
/// for its first administrator, or has published nothing yet.
async fn being_set_up(
    state: &SharedState,
    ctx: &BlockContext<'_>,
) -> Result<Option<&'static str>, WebError> {
    if state.needs_setup().await? {
        return Ok(Some("setup.being_set_up"));
    }
    // Kept like the blocks' lists: read again only after a change.
    let newest = crate::blocks::public_list(
        ctx,
        portal_services::ArticleListFilter::default(),
        PageRequest::first(1),
    )
    .await?;
    Ok(newest.is_empty().then_some("setup.no_news_yet"))
}

pub async fn home(State(state): State<SharedState>, frame: Frame) -> Result<Response, WebError> {
    let result = async {
        let ctx = BlockContext {
            state: &state,
            frame: &frame,
            article: None,
            category: None,
            tag: None,
            search: None,
            page: PageRequest::first(1),
            deps: Default::default(),
        };
        let notice = being_set_up(&state, &ctx)
            .await?
            .map(|key| t(frame.lang, key));
        let meta = PageMeta {
            notice,
            title: frame.site.name.clone(),
            description: format!("{} - {}", frame.site.name, frame.site.agency),
            canonical: frame.url("/"),
            og_type: "website",
            feed: Some(frame.url("/rss.xml")),
            jsonld: Some(json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": frame.site.name,
                "url": frame.url("/"),
                "publisher": { "@type": "GovernmentOrganization", "name": frame.site.agency },
            })),
            ..Default::default()
        };
        let html = render_page(&state, &ctx, Layout::Home, &meta, &[]).await?;
        Ok((html, ctx.deps.into_page_deps()))
    }
    .await;
    finish(result)
}

pub async fn category(
    State(state): State<SharedState>,
    frame: Frame,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    if !frame.categories.iter().any(|c| c.slug == slug) {
        // Not a section: a standing page of that name, if the site has one.
        return match news::pages::find(&state.store, &frame.site, &slug, frame.now).await? {
            Some(page) => show_article(&state, &frame, &page).await,
            None => Err(WebError::NotFound),
        };
    }
    let result = async {
        let category = frame
            .categories
            .iter()
            .find(|c| c.slug == slug)
            .ok_or(WebError::NotFound)?;
        let page = listing_page(&query)?;
        let ctx = BlockContext {
            state: &state,
            frame: &frame,
            article: None,
            category: Some(category),
            tag: None,
            search: None,
            page,
            deps: Default::default(),
        };
        let feed = frame.url(&format!("{}/rss.xml", category.path()));
        let (meta, crumbs) =
            listing_meta(&frame, &category.name, &category.path(), page, Some(feed));
        let html = render_page(&state, &ctx, Layout::Category, &meta, &crumbs).await?;
        Ok((html, ctx.deps.into_page_deps()))
    }
    .await;
    finish(result)
}

/// `?page=N` of a list of articles, ten a page.
fn listing_page(query: &PageQuery) -> Result<PageRequest, WebError> {
    PageRequest::parse(query.page.as_deref(), None, 10, 10)
        .map_err(|_| WebError::BadRequest("error.bad_page"))
}

/// Title, address and breadcrumb of page `page` of a list named `name` at
/// `path` (a category or a keyword).
fn listing_meta(
    frame: &Frame,
    name: &str,
    path: &str,
    page: PageRequest,
    feed: Option<String>,
) -> (PageMeta, [Crumb; 1]) {
    let (address, title) = if page.page > 1 {
        (
            format!("{path}?page={}", page.page),
            format!(
                "{name} - {} {} - {}",
                t(frame.lang, "pager.page"),
                page.page,
                frame.site.name
            ),
        )
    } else {
        (path.to_string(), format!("{name} - {}", frame.site.name))
    };
    let meta = PageMeta {
        title,
        description: format!("{}: {name}", frame.site.name),
        canonical: frame.url(&address),
        og_type: "website",
        feed,
        ..Default::default()
    };
    let crumbs = [Crumb {
        name: name.to_string(),
        url: path.to_string(),
    }];
    (meta, crumbs)
}

/// Every public article carrying a keyword, `/tu-khoa/{slug}`.
pub async fn tag(
    State(state): State<SharedState>,
    frame: Frame,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let result = async {
        let tag = news::keyword(&state.store, frame.site.id, &slug)
            .await?
            .ok_or(WebError::NotFound)?;
        let page = listing_page(&query)?;
        let ctx = BlockContext {
            state: &state,
            frame: &frame,
            article: None,
            category: None,
            tag: Some(&tag),
            search: None,
            page,
            deps: Default::default(),
        };
        let heading = format!("{}: {}", t(frame.lang, "tag.title"), tag.name);
        let (meta, crumbs) = listing_meta(&frame, &heading, &tag.path(), page, None);
        let html = render_page(&state, &ctx, Layout::Category, &meta, &crumbs).await?;
        Ok((html, ctx.deps.into_page_deps()))
    }
    .await;
    finish(result)
}

pub async fn article(
    State(state): State<SharedState>,
    frame: Frame,
    Path((category_slug, segment)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id = article_id_from_segment(&segment).ok_or(WebError::NotFound)?;
    let article = news::public_article(&state.store, frame.site.id, id, frame.now)
        .await?
        .ok_or(WebError::NotFound)?;
    let path = article.path();
    if path != format!("/{category_slug}/{segment}") {
        return Ok(Redirect::permanent(&path).into_response());
    }
    show_article(&state, &frame, &article).await
}

/// An article's page, or a standing page's (one of the pages section,
/// at `/{its name}`: no section, feed or date of a news story).
async fn show_article(
    state: &SharedState,
    frame: &Frame,
    article: &portal_core::Article,
) -> Result<Response, WebError> {
    let path = article.path();
    let is_page = article
        .primary_category()
        .is_some_and(|c| c.slug == portal_core::content::PAGES_SLUG);
    let category = article.primary_category().filter(|_| !is_page);
    let ctx = BlockContext {
        state,
        frame,
        article: Some(article),
        category,
        tag: None,
        search: None,
        page: PageRequest::first(1),
        deps: Default::default(),
    };
    // A copy carried from a sub-site names its original as canonical.
    let origin = origin_link(state, frame, article).await?;
    let canonical = origin
        .as_ref()
        .map_or_else(|| frame.url(&path), |(_, url)| url.clone());
    let description = if article.content.lead.is_empty() {
        text::excerpt(&article.content.body.plain_text(), 200)
    } else {
        text::excerpt(&article.content.lead, 300)
    };
    let image = cover_url(&ctx, article).await?;
    let published = article
        .content
        .publish_at
        .map(portal_core::time::format_iso);
    let modified = portal_core::time::format_iso(article.updated_at);
    let author = (!article.content.byline.is_empty()).then(|| article.content.byline.clone());
    let meta = PageMeta {
        title: format!("{} - {}", article.content.title, frame.site.name),
        jsonld: Some(json!({
            "@context": "https://schema.org",
            "@type": if is_page { "WebPage" } else { "NewsArticle" },
            "headline": article.content.title,
            "description": description,
            "datePublished": published,
            "dateModified": modified,
            "inLanguage": frame.site.language,
            "mainEntityOfPage": canonical,
            "url": canonical,
            "image": image.iter().collect::<Vec<_>>(),
            "articleSection": category.map(|c| &c.name),
            "keywords": article.content.tags.join(", "),
            "author": match &author {
                Some(name) => json!({ "@type": "Person", "name": name }),
                None => json!({ "@type": "GovernmentOrganization", "name": frame.site.agency }),
            },
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": frame.site.agency,
                "logo": { "@type": "ImageObject", "url": frame.url(state.theme.asset_url("emblem.svg").unwrap_or("/")) },
            },
        })),
        description,
        canonical,
        og_type: "article",
        image,
        feed: category.map(|c| frame.url(&format!("{}/rss.xml", c.path()))),
        published,
        modified: Some(modified),
        section: category.map(|c| c.name.clone()),
        author,
        dublin_core: true,
        noindex: false,
        notice: None,
    };
    let crumbs: Vec<Crumb> = category
        .map(|c| Crumb {
            name: c.name.clone(),
            url: c.path(),
        })
        .into_iter()
        .collect();
    let html = render_page(state, &ctx, Layout::Article, &meta, &crumbs).await?;
    ctx.deps.note(Dep::Article(article.id));
    let page = ctx.deps.into_page_deps().counting_views_of(article.id);
    let mut response = html_response(html);
    response.extensions_mut().insert(page);
    Ok(response)
}

/// A copy's original: its site's name and its address, while it is public.
pub async fn origin_link(
    state: &SharedState,
    frame: &crate::frame::Frame,
    article: &portal_core::Article,
) -> Result<Option<(String, String)>, WebError> {
    let Some((site, origin)) = news::origin_of(&state.store, article, frame.now).await? else {
        return Ok(None);
    };
    let Some((host, prefix)) = portal_services::sites::address(&state.store, &site).await? else {
        return Ok(None);
    };
    let scheme = frame.base_url.split("://").next().unwrap_or("http");
    Ok(Some((
        site.name,
        format!("{scheme}://{host}{prefix}{}", origin.path()),
    )))
}

/// The article's picture for link previews: its cover, else the first
/// picture of its body.
async fn cover_url(
    ctx: &BlockContext<'_>,
    article: &portal_core::Article,
) -> Result<Option<String>, WebError> {
    let Some(id) = article
        .content
        .cover_media_id
        .or_else(|| article.content.body.media_ids().next())
    else {
        return Ok(None);
    };
    let media = crate::blocks::media_map(ctx, std::iter::once(id)).await?;
    Ok(media
        .get(&id)
        .filter(|m| m.is_image())
        .map(|m| ctx.frame.url(&portal_core::Media::url(&m.key))))
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

fn finish(result: Result<(String, PageDeps), WebError>) -> Result<Response, WebError> {
    let (html, page) = result?;
    let mut response = html_response(html);
    response.extensions_mut().insert(page);
    Ok(response)
}

//! What every public page shares: the site the request is for, its
//! language, its address, its menu; and turning blocks into a whole page.

use portal_services::{news, sites};
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::Value;
use portal_core::menu::{MenuItem, MenuKind, Target};
use portal_core::{Category, Layout, Site};
use serde::Serialize;

use crate::blocks::BlockContext;
use crate::error::Failure;
use crate::i18n::{Lang, t};
use crate::{SharedState, WebError};

pub struct Frame {
    pub site: Site,
    pub lang: Lang,
    /// `http://host[:port]`, no trailing slash.
    pub base_url: String,
    pub now: i64,
    pub categories: Vec<Category>,
    /// Its main menu and footer links (the default ones until edited).
    pub menus: sites::menus::Menus,
    /// Its public standing pages, as (name, title).
    pub pages: Vec<(String, String)>,
    /// The site's own logo from the media library, when it set one.
    pub logo: Option<String>,
    /// `/{code}` for a sub-site answering under its parent's host, else "".
    pub prefix: String,
}

impl Frame {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A rendered page with its site-relative addresses under the site's
    /// prefix (unchanged for a site at its own host).
    pub fn localize(&self, html: String) -> String {
        if self.prefix.is_empty() {
            html
        } else {
            crate::sites::prefix::localize(&html, &self.prefix)
        }
    }

    /// A cookie's name for this site: sub-sites under one host keep their
    /// sessions apart.
    pub fn cookie_name(&self, base: &str) -> String {
        if self.prefix.is_empty() {
            base.to_string()
        } else {
            format!("{base}{}", self.prefix.replace('/', "_"))
        }
    }
}

impl FromRequestParts<SharedState> for Frame {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let host = crate::request::host(&parts.headers);
        let code = parts
            .extensions
            .get::<crate::sites::prefix::SitePrefix>()
            .map(|prefix| prefix.0.clone());
        let read = async {
            let host_site = sites::site_for_host(&state.store, &host)
                .await?
                .ok_or(WebError::NotFound)?;
            let site = match &code {
                Some(code) => sites::sub_site_under(&state.store, &host_site, code)
                    .await?
                    .ok_or(WebError::NotFound)?,
                None => host_site.clone(),
            };
            let categories = sites::categories(&state.store, site.id).await?;
            let menus = sites::menus::menus(&state.store, &site, &categories).await?;
            let pages =
                news::pages::published(&state.store, &site, portal_core::time::now()).await?;
            let logo = match site.logo_media_id {
                Some(id) => news::media(&state.store, &[id])
                    .await?
                    .first()
                    .filter(|m| m.is_image())
                    .map(|m| portal_core::Media::url(&m.key)),
                None => None,
            };
            Ok::<_, WebError>(SiteFrame {
                site,
                host_site,
                categories,
                menus,
                pages,
                logo,
            })
        };
        let memo_key = site_key(&host, code.as_deref());
        let result = state
            .site_frames
            .get_or_read(&state.pages, memo_key, read)
            .await;
        let known = result.map_err(|error| plain_failure(&error))?;
        let scheme = state.config.public_scheme.as_deref().unwrap_or("http");
        let prefix = code.map(|code| format!("/{code}")).unwrap_or_default();
        let frame = Frame {
            lang: Lang::from_code(&known.site.language),
            base_url: format!(
                "{scheme}://{}{prefix}",
                public_host(&known.host_site, &host)
            ),
            now: portal_core::time::now(),
            site: known.site.clone(),
            categories: known.categories.clone(),
            menus: known.menus.clone(),
            pages: known.pages.clone(),
            logo: known.logo.clone(),
            prefix,
        };
        // A paused site keeps its newsroom (its administrators put it
        // right) and its assets; readers get the notice.
        let path = parts.uri.path();
        if frame.site.disabled && !path.starts_with("/quan-tri") && !path.starts_with("/assets/") {
            let notice = Failure {
                status: StatusCode::SERVICE_UNAVAILABLE,
                title_key: "site.disabled.title",
                body_key: "site.disabled.body",
                field: "site",
                detail: "this site is disabled".into(),
            };
            return Err(error_page(state, &frame, &notice));
        }
        Ok(frame)
    }
}

/// What the site frames are kept by: the host, and the code of a sub-site
/// answering under it.
pub(crate) fn site_key(host: &str, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("{host}/{code}"),
        None => host.to_string(),
    }
}

/// The site a request is for, when its frame is kept (it is, once any of
/// its pages was rendered): for counting visits without a query.
pub(crate) fn kept_site(state: &SharedState, key: &str) -> Option<portal_core::SiteId> {
    state
        .site_frames
        .get(&state.pages, &key.to_string())
        .map(|frame| frame.site.id)
}

/// What every page of a site shows about it, kept between requests.
pub struct SiteFrame {
    site: Site,
    /// The site whose host the request named: the site itself, or the
    /// parent a prefixed sub-site answers under.
    host_site: Site,
    categories: Vec<Category>,
    menus: sites::menus::Menus,
    pages: Vec<(String, String)>,
    logo: Option<String>,
}

/// The request's host when it is one of the site's (so a portal reached at
/// `localhost:8080` links to itself), else the site's canonical host: a
/// forged Host header never ends up in canonical links.
fn public_host(site: &Site, requested: &str) -> String {
    let bare = requested.split(':').next().unwrap_or(requested);
    let valid = requested
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    if valid && site.hosts.iter().any(|h| h.eq_ignore_ascii_case(bare)) {
        requested.to_ascii_lowercase()
    } else {
        site.canonical_host().to_string()
    }
}

/// The head of a page: title, description, canonical address, and the
/// OpenGraph, JSON-LD and Dublin Core metadata state portals must carry.
#[derive(Debug, Default, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub image: Option<String>,
    pub feed: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub section: Option<String>,
    pub author: Option<String>,
    pub jsonld: Option<serde_json::Value>,
    pub dublin_core: bool,
    pub noindex: bool,
    /// Said above everything else (a portal being set up, with no news yet).
    pub notice: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Crumb {
    pub name: String,
    pub url: String,
}

/// Renders every block placed in `layout` for this site, then the layout.
pub async fn render_page(
    state: &SharedState,
    ctx: &BlockContext<'_>,
    layout: Layout,
    meta: &PageMeta,
    breadcrumb: &[Crumb],
) -> Result<String, WebError> {
    let key = (ctx.frame.site.id, layout);
    let read = async { sites::placements(&state.store, ctx.frame.site.id, layout).await };
    let placements = state
        .placements
        .get_or_read(&state.pages, key, read)
        .await?;
    // Blocks load at the same time: one waits for the database while the
    // others render.
    let rendered = futures_util::future::try_join_all(
        placements
            .iter()
            .map(|placement| state.blocks.render(ctx, placement)),
    )
    .await?;
    let mut zones: HashMap<&str, String> =
        layout.zones().iter().map(|z| (*z, String::new())).collect();
    for (placement, html) in placements.iter().zip(rendered) {
        let Some(zone) = zones.get_mut(placement.zone.as_str()) else {
            tracing::warn!(zone = %placement.zone, layout = layout.as_str(), "block placed in a zone the layout lacks");
            continue;
        };
        zone.push_str(&html);
    }
    // The zones go in as they are, marked safe: copying a page's worth of
    // HTML through JSON into the template costs more than the layout.
    let zones: Value = zones
        .into_iter()
        .map(|(name, html)| (name, Value::from_safe_string(html)))
        .collect();
    let context = minijinja::context! {
        lang => ctx.frame.lang.code(),
        site => Value::from_serialize(&ctx.frame.site),
        base_url => &ctx.frame.base_url,
        menu => Value::from_serialize(menu_links(ctx.frame, MenuKind::Main)),
        footer_menu => Value::from_serialize(menu_links(ctx.frame, MenuKind::Footer)),
        logo => &ctx.frame.logo,
        meta => Value::from_serialize(meta),
        breadcrumb => Value::from_serialize(breadcrumb),
        zones,
        year => portal_core::time::format_date(ctx.frame.now).rsplit('/').next(),
    };
    let html = state
        .theme
        .render(&format!("layouts/{}.html", layout.as_str()), context)?;
    Ok(ctx.frame.localize(html))
}

/// A menu item as a page shows it.
#[derive(Debug, Serialize)]
pub struct MenuLink {
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<MenuLink>,
}

/// The site's menu with every item's address; items whose section is gone
/// (or whose page is not written) are left out rather than lead to a 404.
pub fn menu_links(frame: &Frame, kind: MenuKind) -> Vec<MenuLink> {
    let exists = |target: &Target| match target {
        Target::Section(slug) => frame.categories.iter().any(|c| &c.slug == slug),
        Target::Page(name) => frame.pages.iter().any(|(page, _)| page == name),
        _ => true,
    };
    let link = |item: &MenuItem| {
        item.target.href(&exists).map(|url| MenuLink {
            name: item.label.clone(),
            url,
            children: Vec::new(),
        })
    };
    frame
        .menus
        .of(kind)
        .iter()
        .filter_map(|item| {
            let mut shown = link(item)?;
            shown.children = item.children.iter().filter_map(link).collect();
            Some(shown)
        })
        .collect()
}

pub fn html_response(html: String) -> Response {
    let mut response = Html(html).into_response();
    set_page_headers(response.headers_mut());
    response
}

pub fn set_page_headers(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-src https://www.youtube-nocookie.com https://player.vimeo.com; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'self'",
        ),
    );
}

/// The Vietnamese error page, in the site's frame.
pub fn error_page(state: &SharedState, frame: &Frame, failure: &Failure) -> Response {
    let mut context = frame_context(frame, &t(frame.lang, failure.title_key));
    context["meta"]["noindex"] = true.into();
    context["status"] = failure.status.as_u16().into();
    context["title_key"] = failure.title_key.into();
    context["body_key"] = failure.body_key.into();
    match state
        .theme
        .render("error.html", Value::from_serialize(&context))
    {
        Ok(html) => {
            let mut response = (failure.status, Html(frame.localize(html))).into_response();
            set_page_headers(response.headers_mut());
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(template_error) => {
            tracing::error!(%template_error, "error page failed");
            (failure.status, t(frame.lang, failure.title_key)).into_response()
        }
    }
}

/// A page of its own template (not made of blocks) in the site's frame.
pub fn standalone_page(
    state: &SharedState,
    frame: &Frame,
    template: &str,
    title: &str,
    path: &str,
    data: serde_json::Value,
) -> Result<Response, WebError> {
    described_page(
        state,
        frame,
        template,
        title,
        path,
        data,
        serde_json::json!({}),
    )
}

/// The same with more of what the page says about itself (`meta`: JSON-LD,
/// Dublin Core, a description).
pub fn described_page(
    state: &SharedState,
    frame: &Frame,
    template: &str,
    title: &str,
    path: &str,
    data: serde_json::Value,
    meta: serde_json::Value,
) -> Result<Response, WebError> {
    let mut context = frame_context(frame, title);
    if let (Some(known), serde_json::Value::Object(more)) = (context["meta"].as_object_mut(), meta)
    {
        known.extend(more);
    }
    context["meta"]["canonical"] = frame.url(path).into();
    context["meta"]["og_type"] = "website".into();
    context["meta"]["title_only"] = title.into();
    context["data"] = data;
    let html = state
        .theme
        .render(template, Value::from_serialize(&context))?;
    Ok(html_response(frame.localize(html)))
}

/// What the base template needs of every page: the site, its menu, logo
/// and the page's title.
fn frame_context(frame: &Frame, title: &str) -> serde_json::Value {
    serde_json::json!({
        "lang": frame.lang.code(),
        "site": &frame.site,
        "base_url": &frame.base_url,
        "menu": menu_links(frame, MenuKind::Main),
        "footer_menu": menu_links(frame, MenuKind::Footer),
        "logo": &frame.logo,
        "meta": { "title": format!("{title} - {}", frame.site.name) },
        "zones": {},
    })
}

/// When even the site cannot be found: a bare Vietnamese answer.
fn plain_failure(error: &WebError) -> Response {
    tracing::error!(%error, "request failed before its site was known");
    let (title, _) = error.message_keys();
    (
        if error.status() == StatusCode::NOT_FOUND {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        t(Lang::Vi, title),
    )
        .into_response()
}

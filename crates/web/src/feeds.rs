//! RSS 2.0 for the site and each category, `sitemap.xml`, `robots.txt`.

use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_core::time::{format_iso, format_rfc2822};
use portal_core::{ArticleSummary, Category, PageRequest};
use portal_services::{ArticleListFilter, news};

use crate::cache::{Dep, Deps};
use crate::frame::{Frame, error_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

const FEED_ITEMS: u32 = 30;
const SITEMAP_LIMIT: i64 = 50_000;

pub async fn site_feed(State(state): State<SharedState>, frame: Frame) -> Response {
    feed(&state, &frame, None).await
}

pub async fn category_feed(
    State(state): State<SharedState>,
    frame: Frame,
    Path(slug): Path<String>,
) -> Response {
    match frame.categories.iter().find(|c| c.slug == slug) {
        Some(category) => feed(&state, &frame, Some(category)).await,
        None => error_page(&state, &frame, &WebError::NotFound),
    }
}

async fn feed(state: &SharedState, frame: &Frame, category: Option<&Category>) -> Response {
    let filter = ArticleListFilter {
        category_id: category.map(|c| c.id),
        ..Default::default()
    };
    let items = match news::list_of_articles(
        &state.store,
        frame.site.id,
        filter,
        PageRequest::first(FEED_ITEMS),
        frame.now,
    )
    .await
    {
        Ok(items) => items,
        Err(error) => return error_page(state, frame, &error.into()),
    };
    let (title, link, self_path) = match category {
        Some(c) => (
            format!("{} - {}", c.name, frame.site.name),
            frame.url(&c.path()),
            format!("{}/rss.xml", c.path()),
        ),
        None => (
            format!("{} - {}", t(frame.lang, "feed.latest"), frame.site.name),
            frame.url("/"),
            "/rss.xml".to_string(),
        ),
    };
    let mut xml = String::with_capacity(16 * 1024);
    xml.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    xml.push_str("\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\n");
    let _ = writeln!(
        xml,
        "<title>{}</title><link>{}</link><description>{}</description><language>{}</language>\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&title),
        escape(&link),
        escape_text_as_html(&frame.site.agency),
        escape(&frame.site.language),
        escape(&frame.url(&self_path)),
    );
    if let Some(newest) = items.first() {
        let _ = writeln!(
            xml,
            "<lastBuildDate>{}</lastBuildDate>",
            format_rfc2822(newest.published_at)
        );
    }
    for item in &items {
        write_item(&mut xml, frame, item);
    }
    xml.push_str("</channel></rss>\n");
    let site = frame.site.id;
    let mut deps = vec![match category {
        Some(c) => Dep::Category(c.id),
        None => Dep::Latest { site },
    }];
    deps.extend(items.iter().map(|item| Dep::Article(item.id)));
    kept(
        xml_response(xml, "application/rss+xml; charset=utf-8"),
        deps,
    )
}

/// A response the page cache keeps, showing `deps`.
fn kept(mut response: Response, deps: Vec<Dep>) -> Response {
    let noted = Deps::default();
    noted.note_all(deps);
    response.extensions_mut().insert(noted.into_page_deps());
    response
}

fn write_item(xml: &mut String, frame: &Frame, item: &ArticleSummary) {
    let url = frame.url(&item.path());
    let _ = write!(
        xml,
        "<item><title>{}</title><link>{}</link><guid isPermaLink=\"true\">{}</guid>\
         <pubDate>{}</pubDate><description>{}</description>",
        escape(&item.title),
        escape(&url),
        escape(&url),
        format_rfc2822(item.published_at),
        escape_text_as_html(&item.lead),
    );
    if let Some(name) = &item.category_name {
        let _ = write!(xml, "<category>{}</category>", escape(name));
    }
    if !item.byline.is_empty() {
        let _ = write!(xml, "<dc:creator>{}</dc:creator>", escape(&item.byline));
    }
    xml.push_str("</item>\n");
}

pub async fn sitemap(State(state): State<SharedState>, frame: Frame) -> Response {
    let entries = match news::sitemap(&state.store, frame.site.id, SITEMAP_LIMIT, frame.now).await {
        Ok(entries) => entries,
        Err(error) => return error_page(&state, &frame, &error.into()),
    };
    let mut xml = String::with_capacity(256 + entries.len() * 160);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let _ = writeln!(
        xml,
        "<url><loc>{}</loc><changefreq>hourly</changefreq></url>",
        escape(&frame.url("/"))
    );
    for category in &frame.categories {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><changefreq>daily</changefreq></url>",
            escape(&frame.url(&category.path()))
        );
    }
    for entry in &entries {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
            escape(&frame.url(&entry.path)),
            format_iso(entry.updated_at)
        );
    }
    xml.push_str("</urlset>\n");
    let site = frame.site.id;
    kept(
        xml_response(xml, "application/xml; charset=utf-8"),
        vec![Dep::AnyArticle { site }, Dep::Latest { site }],
    )
}

pub async fn robots(frame: Frame) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nDisallow: /api/\nSitemap: {}\n",
            frame.url("/sitemap.xml")
        ),
    )
        .into_response()
}

fn xml_response(xml: String, content_type: &'static str) -> Response {
    let mut response = xml.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// Feed readers show a `<description>` as HTML: plain text is escaped as
/// HTML first and then for XML, so what a reader decodes is text again.
fn escape_text_as_html(text: &str) -> String {
    escape(&portal_core::body::escape_html(text))
}

/// Escapes text for XML, dropping the control characters XML 1.0 cannot
/// carry (legacy imports bring some).
pub fn escape(text: &str) -> String {
    let carried: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    portal_core::body::escape_html(&carried)
}

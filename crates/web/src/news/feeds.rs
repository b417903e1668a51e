//! RSS 2.0 for the site and each category, `sitemap.xml`, `robots.txt`;
//! the XML written through `quick-xml`, which escapes every text and
//! attribute.

use std::io;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_core::time::{format_iso, format_rfc2822};
use portal_core::{Category, PageRequest};
use portal_services::{ArticleListFilter, news};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::cache::{Dep, Deps};
use crate::frame::Frame;
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
        None => WebError::NotFound.into_response(),
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
        Err(error) => return WebError::from(error).into_response(),
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
    let entries: Vec<FeedItem> = items
        .iter()
        .map(|item| FeedItem {
            title: item.title.clone(),
            url: frame.url(&item.path()),
            published_at: item.published_at,
            text: item.lead.clone(),
            category: item.category_name.clone(),
            creator: item.byline.clone(),
        })
        .collect();
    let xml = rss(frame, &title, &link, &self_path, &entries);
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

/// One item of a feed: an article, or a document of the base.
pub(crate) struct FeedItem {
    pub title: String,
    /// Absolute.
    pub url: String,
    pub published_at: i64,
    /// Plain text, shown as the item's description.
    pub text: String,
    pub category: Option<String>,
    pub creator: String,
}

/// An RSS 2.0 channel of `items`, newest first, that names itself at
/// `self_path`.
pub(crate) fn rss(
    frame: &Frame,
    title: &str,
    link: &str,
    self_path: &str,
    items: &[FeedItem],
) -> String {
    let self_url = frame.url(self_path);
    document(|w| {
        w.create_element("rss")
            .with_attributes([
                ("version", "2.0"),
                ("xmlns:atom", "http://www.w3.org/2005/Atom"),
                ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ])
            .write_inner_content(|w| {
                w.create_element("channel").write_inner_content(|w| {
                    text(w, "title", title)?;
                    text(w, "link", link)?;
                    text(w, "description", &as_html(&frame.site.agency))?;
                    text(w, "language", &frame.site.language)?;
                    w.create_element("atom:link")
                        .with_attributes([
                            ("href", self_url.as_str()),
                            ("rel", "self"),
                            ("type", "application/rss+xml"),
                        ])
                        .write_empty()?;
                    if let Some(newest) = items.first() {
                        text(w, "lastBuildDate", &format_rfc2822(newest.published_at))?;
                    }
                    for item in items {
                        write_item(w, item)?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })
}

fn write_item(w: &mut Writer<Vec<u8>>, item: &FeedItem) -> io::Result<()> {
    w.create_element("item").write_inner_content(|w| {
        text(w, "title", &item.title)?;
        text(w, "link", &item.url)?;
        w.create_element("guid")
            .with_attribute(("isPermaLink", "true"))
            .write_text_content(BytesText::new(&carried(&item.url)))?;
        text(w, "pubDate", &format_rfc2822(item.published_at))?;
        text(w, "description", &as_html(&item.text))?;
        if let Some(name) = &item.category {
            text(w, "category", name)?;
        }
        if !item.creator.is_empty() {
            text(w, "dc:creator", &item.creator)?;
        }
        Ok(())
    })?;
    Ok(())
}

pub async fn sitemap(State(state): State<SharedState>, frame: Frame) -> Response {
    let entries = match news::sitemap(&state.store, frame.site.id, SITEMAP_LIMIT, frame.now).await {
        Ok(entries) => entries,
        Err(error) => return WebError::from(error).into_response(),
    };
    let documents =
        match portal_services::documents::sitemap(&state.store, &frame.site, SITEMAP_LIMIT).await {
            Ok(documents) => documents,
            Err(error) => return WebError::from(error).into_response(),
        };
    let answers =
        match portal_services::questions::sitemap(&state.store, &frame.site, SITEMAP_LIMIT).await {
            Ok(answers) => answers,
            Err(error) => return WebError::from(error).into_response(),
        };
    let xml = document(|w| {
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                let url = |w: &mut Writer<Vec<u8>>, loc: &str, extra: (&str, &str)| {
                    w.create_element("url").write_inner_content(|w| {
                        text(w, "loc", loc)?;
                        text(w, extra.0, extra.1)?;
                        Ok(())
                    })?;
                    Ok::<_, io::Error>(())
                };
                url(w, &frame.url("/"), ("changefreq", "hourly"))?;
                for category in &frame.categories {
                    url(w, &frame.url(&category.path()), ("changefreq", "daily"))?;
                }
                for entry in &entries {
                    url(
                        w,
                        &frame.url(&entry.path),
                        ("lastmod", &format_iso(entry.updated_at)),
                    )?;
                }
                for path in [
                    "/van-ban",
                    "/lich-cong-tac",
                    "/co-cau-to-chuc",
                    "/so-do-cong",
                    "/hoi-dap",
                    "/lay-y-kien",
                    "/tham-do",
                ] {
                    url(w, &frame.url(path), ("changefreq", "daily"))?;
                }
                for (path, updated_at) in documents.iter().chain(&answers) {
                    url(w, &frame.url(path), ("lastmod", &format_iso(*updated_at)))?;
                }
                Ok(())
            })?;
        Ok(())
    });
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

/// An XML document: the declaration, then what `body` writes, one element
/// per line for people who read it.
fn document(body: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> String {
    let mut writer = Writer::new_with_indent(Vec::with_capacity(16 * 1024), b' ', 0);
    let written = writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| body(&mut writer));
    // Writing into memory does not fail; an empty answer would say so.
    if let Err(error) = written {
        tracing::error!(%error, "XML not written");
        return String::new();
    }
    let mut xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}

/// `<name>text</name>`, the text escaped.
fn text(w: &mut Writer<Vec<u8>>, name: &str, content: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&carried(content)))?;
    Ok(())
}

/// Feed readers show a `<description>` as HTML: plain text is escaped as
/// HTML first (and then for XML by the writer), so what a reader decodes
/// is text again.
fn as_html(text: &str) -> String {
    portal_core::body::escape_html(text)
}

/// The text without the control characters XML 1.0 cannot carry (legacy
/// imports bring some).
fn carried(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

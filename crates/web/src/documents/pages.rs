//! `/van-ban`: the site's documents newest first, with the filters of
//! Decree 42 (type, issuing body, signer, field, validity, dates) and a
//! search that finds a number however it is typed; `/van-ban/{id}`: one
//! document with all its fields.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::PageRequest;
use portal_core::document::{Document, Relation, Validity};
use portal_core::time::{format_date, format_iso, parse_vietnamese_date};
use portal_services::DocumentFilter;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::frame::{Frame, described_page};
use crate::i18n::t;
use crate::news::feeds::{FeedItem, rss};
use crate::{SharedState, WebError};

const PER_PAGE: u32 = 20;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    loai: String,
    #[serde(default)]
    co_quan: String,
    #[serde(default)]
    nguoi_ky: String,
    #[serde(default)]
    linh_vuc: String,
    #[serde(default)]
    hieu_luc: String,
    /// `dd/mm/yyyy`, issued on or after.
    #[serde(default)]
    tu: String,
    #[serde(default)]
    den: String,
    #[serde(default)]
    page: Option<String>,
}

fn row(frame: &Frame, document: &Document) -> Value {
    json!({
        "url": document.path(),
        "number": document.number,
        "kind": document.kind,
        "issuer": document.issuer,
        "issued": document.issued_on.map(format_date),
        "summary": document.summary,
        "validity": document.validity(frame.now).as_str(),
    })
}

pub async fn list(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let page = PageRequest::parse(query.page.as_deref(), None, PER_PAGE, PER_PAGE)
        .map_err(|_| WebError::BadRequest("error.bad_page"))?;
    let filter = DocumentFilter {
        query: query.q.clone(),
        kind: query.loai.clone(),
        issuer: query.co_quan.clone(),
        signer: query.nguoi_ky.clone(),
        field: query.linh_vuc.clone(),
        validity: Validity::parse(&query.hieu_luc),
        from: parse_vietnamese_date(&query.tu),
        until: parse_vietnamese_date(&query.den),
        any_status: false,
    };
    let (documents, total) =
        portal_services::documents::list(&state.store, &frame.site, &filter, page, frame.now)
            .await?;
    let title = t(frame.lang, "documents.title");
    described_page(
        &state,
        &frame,
        "documents.html",
        &title,
        "/van-ban",
        json!({
            "rows": documents.iter().map(|d| row(&frame, d)).collect::<Vec<_>>(),
            "total": total,
            "more": total > portal_services::MAX_COUNTED,
            "query": {
                "q": query.q, "loai": query.loai, "co_quan": query.co_quan,
                "nguoi_ky": query.nguoi_ky, "linh_vuc": query.linh_vuc,
                "hieu_luc": query.hieu_luc, "tu": query.tu, "den": query.den,
            },
            "kinds": portal_services::documents::types(&state.store, &frame.site).await?,
            "validities": Validity::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
            "page": page.page,
            "page_url": format!(
                "/van-ban?{}",
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("q", &query.q)
                    .append_pair("loai", &query.loai)
                    .append_pair("co_quan", &query.co_quan)
                    .append_pair("nguoi_ky", &query.nguoi_ky)
                    .append_pair("linh_vuc", &query.linh_vuc)
                    .append_pair("hieu_luc", &query.hieu_luc)
                    .append_pair("tu", &query.tu)
                    .append_pair("den", &query.den)
                    .finish()
            ),
            "pages": u32::try_from(total.clamp(0, portal_services::MAX_COUNTED))
                .unwrap_or(0)
                .div_ceil(PER_PAGE),
        }),
        json!({ "feed": frame.url(FEED_PATH) }),
    )
}

pub async fn document(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<i64>() else {
        // An article of a news section that had this address before the
        // documents base took it: on to where the article is now.
        let article = match portal_core::content::article_id_from_segment(&id) {
            Some(article) => {
                portal_services::news::public_article(
                    &state.store,
                    frame.site.id,
                    article,
                    frame.now,
                )
                .await?
            }
            None => None,
        };
        return match article {
            Some(article) => Ok(Redirect::permanent(&article.path()).into_response()),
            None => Err(WebError::NotFound),
        };
    };
    let document = portal_services::documents::get(&state.store, &frame.site, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let title = format!("{} {}", document.kind, document.number);
    let issued = document
        .issued_on
        .map(|at| format_iso(at)[..10].to_string());
    let force = match document.validity(frame.now) {
        Validity::InForce => "InForce",
        Validity::PartlyInForce => "PartiallyInForce",
        Validity::Expired | Validity::NotYetInForce => "NotInForce",
    };
    let meta = json!({
        "description": document.summary,
        "author": document.issuer,
        "published": issued,
        "dublin_core": true,
        "jsonld": {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": title,
            "legislationIdentifier": document.number,
            "legislationType": document.kind,
            "legislationDate": issued,
            "legislationPassedBy": { "@type": "GovernmentOrganization", "name": document.issuer },
            "legislationLegalForce": force,
            "abstract": document.summary,
            "inLanguage": frame.site.language,
            "url": frame.url(&document.path()),
        },
    });
    let citing = citing_articles(&state, &frame, &document).await;
    let files: Vec<Value> = portal_services::documents::files(&state.store, &document)
        .await?
        .iter()
        .map(|f| {
            json!({
                "name": if f.media.name.is_empty() { f.media.key.clone() } else { f.media.name.clone() },
                "url": format!("{}/tep/{}", document.path(), f.media.id),
                "size_kb": (f.media.byte_size + 1023) / 1024,
                "downloads": f.downloads,
            })
        })
        .collect();
    let mut links: Vec<Value> = Vec::new();
    for link in portal_services::documents::links(&state.store, &document).await? {
        let key = match (link.relation, link.outgoing) {
            (Relation::Replaces, true) => "documents.replaces",
            (Relation::Replaces, false) => "documents.replaced_by",
            (Relation::Amends, true) => "documents.amends",
            (Relation::Amends, false) => "documents.amended_by",
            (Relation::Related, _) => "documents.related",
        };
        links.push(json!({
            "relation": t(frame.lang, key),
            "url": link.other.path(),
            "title": format!("{} {}", link.other.kind, link.other.number),
            "summary": link.other.summary,
        }));
    }
    let full_text: Vec<&str> = document
        .full_text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    described_page(
        &state,
        &frame,
        "document.html",
        &title,
        &document.path(),
        json!({
            "document": row(&frame, &document),
            "signer": document.signer,
            "signer_title": document.signer_title,
            "fields": document.fields,
            "effective": document.effective_on.map(format_date),
            "expires": document.expires_on.map(format_date),
            "citing": citing,
            "files": files,
            "links": links,
            "full_text": full_text,
            "consultation": crate::consultations::pages::on_document(&state, &frame, &document).await?,
        }),
        meta,
    )
}

/// The site's articles that name the document's number, however they
/// typed it: its letters and digits as a phrase of the search index.
async fn citing_articles(state: &SharedState, frame: &Frame, document: &Document) -> Vec<Value> {
    let words: String = document
        .number
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return Vec::new();
    }
    let asked = portal_services::search::Asked {
        text: format!("\"{words}\""),
        category_id: None,
        from: None,
        until: None,
        sort: portal_search::Sort::Newest,
        page: 1,
        per_page: CITING_SHOWN,
        sites: Vec::new(),
        with_sub_sites: false,
    };
    match portal_services::search::for_readers(
        &state.search,
        &state.store,
        &frame.site,
        &asked,
        frame.now,
    )
    .await
    {
        Ok(found) => found
            .items
            .iter()
            .map(|f| {
                json!({
                    "title": f.summary.title,
                    "url": f.summary.path(),
                    "published": format_date(f.summary.published_at),
                })
            })
            .collect(),
        Err(error) => {
            tracing::error!(%error, "citing articles not searched");
            Vec::new()
        }
    }
}

/// How many citing articles a document's page lists.
const CITING_SHOWN: u32 = 10;

/// How many of the newest documents the feed carries.
const FEED_ITEMS: u32 = 30;

/// `/van-ban/rss.xml`: the newest documents, for feed readers and for the
/// sites that show a province's documents.
pub async fn feed(State(state): State<SharedState>, frame: Frame) -> Result<Response, WebError> {
    let (documents, _) = portal_services::documents::list(
        &state.store,
        &frame.site,
        &DocumentFilter::default(),
        PageRequest::first(FEED_ITEMS),
        frame.now,
    )
    .await?;
    let items: Vec<FeedItem> = documents
        .iter()
        .map(|d| FeedItem {
            title: format!("{} {}", d.kind, d.number),
            url: frame.url(&d.path()),
            published_at: d.issued_on.unwrap_or(d.updated_at),
            text: d.summary.clone(),
            category: Some(d.kind.clone()),
            creator: d.issuer.clone(),
        })
        .collect();
    let title = format!("{} - {}", t(frame.lang, "documents.feed"), frame.site.name);
    let xml = rss(&frame, &title, &frame.url("/van-ban"), FEED_PATH, &items);
    Ok((
        [
            (header::CONTENT_TYPE, "application/rss+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        xml,
    )
        .into_response())
}

pub const FEED_PATH: &str = "/van-ban/rss.xml";

/// `/van-ban/{id}/tep/{file}`: counts the download and sends the reader
/// to the file.
pub async fn download(
    State(state): State<SharedState>,
    frame: Frame,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let media = portal_services::documents::download(&state.store, &frame.site, id, file)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&portal_core::Media::url(&media.key)).into_response())
}

//! Search for readers (`/tim-kiem`, `/api/v1/search`) and for staff
//! (`/quan-tri/tim-kiem`). Whatever is typed is a valid query: odd input
//! finds nothing or something, never an error page.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use portal_core::Layout;
use portal_core::time::{format_date, format_iso, parse_local_input};
use portal_search::Sort;
use portal_services::search::{self, Asked, Found, Results};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::SharedState;
use crate::blocks::BlockContext;
use crate::frame::{Crumb, Frame, PageMeta, html_response, render_page};
use crate::i18n::t;

const PER_PAGE: u32 = 10;
/// Deep pages cost the index more and help nobody.
const MAX_PAGE: u32 = 100;

/// The page's names are Vietnamese; the API's English names work too.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "chuyen-muc", alias = "category")]
    category: String,
    #[serde(default, rename = "tu-ngay", alias = "from")]
    from: String,
    #[serde(default, rename = "den-ngay", alias = "to")]
    to: String,
    #[serde(default, rename = "sap-xep", alias = "sort")]
    sort: String,
    #[serde(default)]
    page: String,
}

/// What was asked, read leniently; `notes` say what was set aside.
pub(crate) struct Reading {
    pub asked: Asked,
    category_slug: String,
    sort: &'static str,
    notes: Vec<String>,
}

pub(crate) fn read(frame: &Frame, params: &SearchParams) -> Reading {
    let mut notes = Vec::new();
    let category = frame
        .categories
        .iter()
        .find(|c| !params.category.is_empty() && c.slug == params.category.trim());
    if category.is_none() && !params.category.trim().is_empty() {
        notes.push(t(frame.lang, "search.unknown_category"));
    }
    let mut day = |text: &str, shift: i64| -> Option<i64> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let day = parse_local_input(&format!("{text}T00:00"))
            .or_else(|| portal_core::time::parse_vietnamese_date(text));
        if day.is_none() {
            notes.push(format!("{} \"{text}\"", t(frame.lang, "search.bad_date")));
        }
        day.map(|at| at + shift)
    };
    let from = day(&params.from, 0);
    let until = day(&params.to, 86_400);
    let (sort, name) = match params.sort.trim() {
        "moi-nhat" | "newest" => (Sort::Newest, "moi-nhat"),
        _ => (Sort::Relevance, "lien-quan"),
    };
    let page = params
        .page
        .trim()
        .parse::<u32>()
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    Reading {
        asked: Asked {
            text: params.q.chars().take(200).collect(),
            category_id: category.map(|c| c.id),
            from,
            until,
            sort,
            page,
            per_page: PER_PAGE,
        },
        category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
        sort: name,
        notes,
    }
}

pub(crate) fn item_json(found: &Found) -> Value {
    let summary = &found.summary;
    json!({
        "id": summary.id,
        "title": summary.title,
        "title_html": found.title_html,
        "snippet_html": found.snippet_html,
        "url": summary.path(),
        "published": format_date(summary.published_at),
        "published_at": format_iso(summary.published_at),
        "category": summary.category_name,
        "category_url": summary.category_slug.as_ref().map(|slug| format!("/{slug}")),
        "status": found.status,
    })
}

pub(crate) fn page_count(total: usize) -> u32 {
    u32::try_from(total.div_ceil(PER_PAGE as usize))
        .unwrap_or(MAX_PAGE)
        .min(MAX_PAGE)
}

async fn find_for_readers(state: &SharedState, frame: &Frame, reading: &Reading) -> Results {
    if reading.asked.text.trim().is_empty() {
        return Results::default();
    }
    search::for_readers(
        &state.search,
        &state.store,
        &frame.site,
        &reading.asked,
        frame.now,
    )
    .await
    .unwrap_or_else(|error| {
        tracing::error!(%error, "search failed");
        Results::default()
    })
}

pub async fn page(
    State(state): State<SharedState>,
    frame: Frame,
    Query(params): Query<SearchParams>,
) -> Response {
    let mut reading = read(&frame, &params);
    if !state.search.is_ready() {
        reading.notes.push(t(frame.lang, "search.rebuilding"));
    }
    let results = find_for_readers(&state, &frame, &reading).await;
    let query_string = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &reading.asked.text)
        .append_pair("chuyen-muc", &reading.category_slug)
        .append_pair("tu-ngay", params.from.trim())
        .append_pair("den-ngay", params.to.trim())
        .append_pair("sap-xep", reading.sort)
        .finish();
    let view = json!({
        "q": reading.asked.text,
        "category": reading.category_slug,
        "from": params.from.trim(),
        "to": params.to.trim(),
        "sort": reading.sort,
        "filtered": !reading.category_slug.is_empty() || reading.asked.from.is_some() || reading.asked.until.is_some() || reading.sort != "lien-quan",
        "categories": frame.categories.iter().map(|c| json!({ "slug": c.slug, "name": c.name })).collect::<Vec<_>>(),
        "notes": reading.notes,
        "total": results.total,
        "items": results.items.iter().map(item_json).collect::<Vec<_>>(),
        "page": reading.asked.page,
        "pages": page_count(results.total),
        "first": (reading.asked.page - 1) * PER_PAGE + 1,
        "page_url": format!("/tim-kiem?{query_string}"),
    });
    let ctx = BlockContext {
        state: &state,
        frame: &frame,
        article: None,
        category: None,
        tag: None,
        search: Some(&view),
        page: portal_core::PageRequest::first(PER_PAGE),
        deps: Default::default(),
    };
    let title = if reading.asked.text.trim().is_empty() {
        t(frame.lang, "search.title")
    } else {
        format!("{}: {}", t(frame.lang, "search.title"), reading.asked.text)
    };
    let meta = PageMeta {
        title: format!("{title} - {}", frame.site.name),
        description: t(frame.lang, "search.title"),
        canonical: frame.url("/tim-kiem"),
        og_type: "website",
        noindex: true,
        ..Default::default()
    };
    let crumbs = [Crumb {
        name: t(frame.lang, "search.title"),
        url: "/tim-kiem".into(),
    }];
    match render_page(&state, &ctx, Layout::Search, &meta, &crumbs).await {
        Ok(html) => html_response(html),
        Err(error) => error.into_response(),
    }
}

/// `GET /api/v1/search?q=…&category=…&from=YYYY-MM-DD&to=…&sort=newest&page=N`.
pub async fn api(
    State(state): State<SharedState>,
    frame: Frame,
    Query(params): Query<SearchParams>,
) -> Response {
    let reading = read(&frame, &params);
    let results = find_for_readers(&state, &frame, &reading).await;
    Json(json!({
        "query": reading.asked.text,
        "total": results.total,
        "page": reading.asked.page,
        "per_page": PER_PAGE,
        "pages": page_count(results.total),
        "sort": if reading.asked.sort == Sort::Newest { "newest" } else { "relevance" },
        "notes": reading.notes,
        "items": results.items.iter().map(|found| {
            let mut item = item_json(found);
            if let Some(object) = item.as_object_mut() {
                object.remove("status");
                if let Some(url) = object.get("url").and_then(Value::as_str).map(|path| frame.url(path)) {
                    object.insert("url".into(), json!(url));
                }
            }
            item
        }).collect::<Vec<_>>(),
    }))
    .into_response()
}

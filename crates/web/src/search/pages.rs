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
use crate::cache::Dep;
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
    /// Which sites: "" this one, `tat-ca` (`all`) with its sub-sites, or
    /// one sub-site's code.
    #[serde(default, rename = "cong", alias = "site")]
    site: String,
}

/// What was asked, read leniently; `notes` say what was set aside.
pub(crate) struct Reading {
    pub asked: Asked,
    category_slug: String,
    sort: &'static str,
    notes: Vec<String>,
    /// "", `tat-ca`, or a sub-site's code: what the form keeps selected.
    site_code: String,
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
            sites: Vec::new(),
            with_sub_sites: matches!(params.site.trim(), "tat-ca" | "all"),
        },
        category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
        sort: name,
        notes,
        site_code: String::new(),
    }
}

/// The sub-sites a search from this site may cover, and the addresses of
/// the sites results come from.
#[derive(Default)]
pub(crate) struct Estate {
    sub_sites: Vec<portal_core::Site>,
    /// Site → (name, absolute address without a trailing slash).
    addresses: std::collections::HashMap<portal_core::SiteId, (String, String)>,
}

impl Estate {
    async fn of(state: &SharedState, frame: &Frame) -> Self {
        let sub_sites = search::sub_sites_of(&state.store, &frame.site)
            .await
            .unwrap_or_else(|error| {
                tracing::error!(%error, "sub-sites not read");
                Vec::new()
            });
        let scheme = frame.base_url.split("://").next().unwrap_or("http");
        let mut addresses = std::collections::HashMap::new();
        addresses.insert(
            frame.site.id,
            (frame.site.name.clone(), frame.base_url.clone()),
        );
        for site in &sub_sites {
            if let Ok(Some((host, prefix))) =
                portal_services::sites::address(&state.store, site).await
            {
                addresses.insert(
                    site.id,
                    (site.name.clone(), format!("{scheme}://{host}{prefix}")),
                );
            }
        }
        Self {
            sub_sites,
            addresses,
        }
    }

    /// The sites a reading searches.
    fn searched(&self, frame: &Frame, reading: &Reading) -> Vec<portal_core::SiteId> {
        if reading.asked.with_sub_sites {
            std::iter::once(frame.site.id)
                .chain(self.sub_sites.iter().map(|s| s.id))
                .collect()
        } else if reading.asked.sites.is_empty() {
            vec![frame.site.id]
        } else {
            reading.asked.sites.clone()
        }
    }

    /// Narrows what was asked to the sites named by `code`.
    fn scope(&self, reading: &mut Reading, code: &str) {
        let code = code.trim();
        if let Some(site) = self.sub_sites.iter().find(|s| s.code == code) {
            reading.asked.sites = vec![site.id];
            reading.site_code = site.code.clone();
        } else if reading.asked.with_sub_sites {
            reading.site_code = "tat-ca".into();
        }
    }

    /// An item of the results, with its site named when it is another's
    /// and its address absolute there.
    fn item(&self, frame: &Frame, found: &Found) -> Value {
        let mut item = item_json(found);
        if found.site_id != frame.site.id
            && let Some((name, base)) = self.addresses.get(&found.site_id)
        {
            item["site"] = json!(name);
            item["url"] = json!(format!("{base}{}", found.summary.path()));
            item["category_url"] = json!(
                found
                    .summary
                    .category_slug
                    .as_ref()
                    .map(|slug| format!("{base}/{slug}"))
            );
        }
        item
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
        // A standing page has no section list to lead to.
        "category_url": summary
            .category_slug
            .as_ref()
            .filter(|slug| *slug != portal_core::content::PAGES_SLUG)
            .map(|slug| format!("/{slug}")),
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

/// The site's documents matching the words (their number however typed),
/// shown above the articles on the first page: a few, and where the rest
/// are.
async fn documents_for(state: &SharedState, frame: &Frame, reading: &Reading) -> Value {
    let text = reading.asked.text.trim();
    if text.is_empty() || reading.asked.page > 1 {
        return Value::Null;
    }
    let filter = portal_services::DocumentFilter {
        query: text.to_string(),
        ..Default::default()
    };
    let found = portal_services::documents::list(
        &state.store,
        &frame.site,
        &filter,
        portal_core::PageRequest::first(DOCUMENTS_SHOWN),
        frame.now,
    )
    .await;
    match found {
        Ok((documents, total)) if total > 0 => json!({
            "total": total,
            "items": documents.iter().map(|d| json!({
                "url": d.path(),
                "number": d.number,
                "kind": d.kind,
                "summary": d.summary,
                "issued": d.issued_on.map(format_date),
            })).collect::<Vec<_>>(),
            "all": format!("/van-ban?{}", form_urlencoded::Serializer::new(String::new()).append_pair("q", text).finish()),
        }),
        Ok(_) => Value::Null,
        Err(error) => {
            tracing::error!(%error, "documents not searched");
            Value::Null
        }
    }
}

/// The site's published answers holding the words, on the first page.
async fn questions_for(state: &SharedState, frame: &Frame, reading: &Reading) -> Value {
    let text = reading.asked.text.trim();
    if text.is_empty() || reading.asked.page > 1 {
        return Value::Null;
    }
    match portal_services::questions::find(&state.store, &frame.site, text, QUESTIONS_SHOWN).await {
        Ok((items, total)) if total > 0 => json!({
            "total": total,
            "items": items.iter().map(|q| json!({
                "url": format!("/hoi-dap/{}", q.id),
                "title": q.title,
                "field": q.field,
                "answered": q.answered_at.map(format_date),
            })).collect::<Vec<_>>(),
            "all": format!("/hoi-dap?{}", form_urlencoded::Serializer::new(String::new()).append_pair("q", text).finish()),
        }),
        Ok(_) => Value::Null,
        Err(error) => {
            tracing::error!(%error, "questions not searched");
            Value::Null
        }
    }
}

const QUESTIONS_SHOWN: i64 = 3;

/// How many documents the search page shows above the articles.
const DOCUMENTS_SHOWN: u32 = 5;

pub async fn page(
    State(state): State<SharedState>,
    frame: Frame,
    Query(params): Query<SearchParams>,
) -> Response {
    let mut reading = read(&frame, &params);
    if !state.search.is_ready() {
        reading.notes.push(t(frame.lang, "search.rebuilding"));
    }
    let estate = Estate::of(&state, &frame).await;
    estate.scope(&mut reading, &params.site);
    let results = find_for_readers(&state, &frame, &reading).await;
    let documents = documents_for(&state, &frame, &reading).await;
    let questions = questions_for(&state, &frame, &reading).await;
    let query_string = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &reading.asked.text)
        .append_pair("cong", &reading.site_code)
        .append_pair("chuyen-muc", &reading.category_slug)
        .append_pair("tu-ngay", params.from.trim())
        .append_pair("den-ngay", params.to.trim())
        .append_pair("sap-xep", reading.sort)
        .finish();
    let view = json!({
        "documents": documents,
        "questions": questions,
        "q": reading.asked.text,
        "category": reading.category_slug,
        "from": params.from.trim(),
        "to": params.to.trim(),
        "sort": reading.sort,
        "filtered": !reading.category_slug.is_empty() || reading.asked.from.is_some() || reading.asked.until.is_some() || reading.sort != "lien-quan" || !reading.site_code.is_empty(),
        "site": reading.site_code,
        "sub_sites": estate.sub_sites.iter().map(|s| json!({ "code": s.code, "name": s.name })).collect::<Vec<_>>(),
        "categories": frame.categories.iter().map(|c| json!({ "slug": c.slug, "name": c.name })).collect::<Vec<_>>(),
        "notes": reading.notes,
        "total": results.total,
        "items": results.items.iter().map(|found| estate.item(&frame, found)).collect::<Vec<_>>(),
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
        Ok(html) => {
            let mut response = html_response(html);
            // Kept like a page until an article of a searched site changes
            // (not while the index is rebuilt: its results are partial).
            if state.search.is_ready() {
                ctx.deps.note_all(
                    estate
                        .searched(&frame, &reading)
                        .into_iter()
                        .map(|site| Dep::AnyArticle { site }),
                );
                response.extensions_mut().insert(ctx.deps.into_page_deps());
            }
            response
        }
        Err(error) => error.into_response(),
    }
}

/// `GET /api/v1/search?q=…&category=…&from=YYYY-MM-DD&to=…&sort=newest&page=N`.
pub async fn api(
    State(state): State<SharedState>,
    frame: Frame,
    Query(params): Query<SearchParams>,
) -> Response {
    let mut reading = read(&frame, &params);
    let estate = Estate::of(&state, &frame).await;
    estate.scope(&mut reading, &params.site);
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
            let mut item = estate.item(&frame, found);
            if let Some(object) = item.as_object_mut() {
                object.remove("status");
                if let Some(url) = object.get("url").and_then(Value::as_str).filter(|url| url.starts_with('/')).map(|path| frame.url(path)) {
                    object.insert("url".into(), json!(url));
                }
                object.entry("site").or_insert_with(|| json!(frame.site.name));
            }
            item
        }).collect::<Vec<_>>(),
    }))
    .into_response()
}

//! The middleware over public pages: answer from the store, or render,
//! keep and answer.

use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_core::ArticleId;

use super::PageDeps;
use super::answer::{answer, new_entry};
use super::store::form_to_make;
use super::views::Reader;
use crate::SharedState;

/// The cache's key: the host the reader asked (pages carry absolute
/// links to it), the path, and the one query parameter pages read; for the
/// search page, its whole query (popular searches are kept like pages).
pub(super) fn key_of(request: &Request) -> Option<String> {
    let host = crate::request::host(request.headers());
    // A sub-site under this host: its pages are its own.
    let prefix = request
        .extensions()
        .get::<crate::sites::prefix::SitePrefix>()
        .map_or("", |prefix| prefix.0.as_str());
    let uri = request.uri();
    if uri.path() == SEARCH_PAGE {
        let query = uri.query().unwrap_or_default();
        if query.len() > MAX_KEPT_QUERY {
            return None;
        }
        return Some(format!("{host}/{prefix}\u{0}{SEARCH_PAGE}\u{0}{query}"));
    }
    let page = uri
        .query()
        .into_iter()
        .flat_map(|query| query.split('&'))
        .find_map(|pair| pair.strip_prefix("page="));
    if page.is_some_and(|p| p.len() > 6) {
        return None;
    }
    Some(format!(
        "{host}/{prefix}\u{0}{}\u{0}{}",
        uri.path(),
        page.unwrap_or_default()
    ))
}

const SEARCH_PAGE: &str = "/tim-kiem";
/// Longer searches are someone's own, not worth keeping.
const MAX_KEPT_QUERY: usize = 300;

/// The answer from the page kept for this request, when it can be given
/// at once: kept, fresh, and in the form the reader takes (a form still to
/// make, or a page to render again, is left to [`serve`]).
pub(crate) fn answer_at_once(state: &SharedState, request: &Request) -> Option<Response> {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let entry = state.pages.get(&key_of(request)?)?;
    let headers = request.headers();
    let ready = entry.rendered.elapsed() < state.pages.config.fresh_for
        && form_to_make(&entry, headers, method).is_none();
    if !ready {
        return None;
    }
    Reader::of(state, request).count(state, method, headers, entry.view_of);
    Some(answer(&entry, headers, method))
}

/// The middleware over public pages.
pub async fn serve(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return next.run(request).await;
    }
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    let cache = &state.pages;
    let headers = request.headers().clone();
    let reader = Reader::of(&state, &request);
    let mut refreshing = None;
    if let Some(entry) = cache.get(&key) {
        let fresh = entry.rendered.elapsed() < cache.config.fresh_for;
        let someone_else_renders = || {
            entry
                .refreshing
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        };
        if fresh || someone_else_renders() {
            reader.count(&state, &method, &headers, entry.view_of);
            cache.compress_for(&entry, &headers, &method).await;
            return answer(&entry, &headers, &method);
        }
        refreshing = Some(entry);
    }
    let changes_before = cache.changes.load(Ordering::SeqCst);
    let response = next.run(request).await;
    let page = response.extensions().get::<PageDeps>().cloned();
    if response.status() == StatusCode::OK {
        let article = page
            .as_ref()
            .and_then(|page| page.view_of.map(ArticleId::get));
        reader.count(&state, &method, &headers, article);
    }
    let keepable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && page.is_some();
    let (Some(page), true) = (page, keepable) else {
        // The page is gone or failed: its old copy must not be served on.
        if let Some(old) = refreshing {
            cache.remove(&key, &old);
        }
        return response;
    };
    let (parts, body) = response.into_parts();
    // Handlers render whole pages in memory, so reading them back is safe
    // whatever their size; `insert` decides whether one is kept.
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let entry = new_entry(
        cache,
        key,
        page,
        &parts.headers,
        body.clone(),
        refreshing.as_deref(),
    );
    // A change during the rendering may be missing from this page.
    let kept = if cache.changes.load(Ordering::SeqCst) == changes_before {
        cache.insert(entry)
    } else {
        None
    };
    if let Some(old) = refreshing.filter(|_| kept.is_none()) {
        old.refreshing.store(false, Ordering::Release);
    }
    match kept {
        Some(entry) => {
            cache.compress_for(&entry, &headers, &method).await;
            answer(&entry, &headers, &method)
        }
        None => Response::from_parts(parts, Body::from(body)),
    }
}

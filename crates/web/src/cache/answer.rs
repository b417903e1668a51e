//! Answers from a kept page: ETag and Last-Modified, 304 when the reader
//! has it already, the best compressed form it takes.

use super::PageCache;
use portal_core::ArticleId;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use std::time::{Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::compress::pick_encoding;
use super::store::Entry;
use super::{PAGE_CACHE_CONTROL, PageDeps};

pub(super) fn new_entry(
    cache: &PageCache,
    key: String,
    page: PageDeps,
    headers: &HeaderMap,
    body: Bytes,
    previous: Option<&Entry>,
) -> Entry {
    let digest = Sha256::digest(&body);
    let hash: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag = HeaderValue::from_str(&format!("W/\"{hash}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    // Unchanged bytes keep the time they first appeared.
    let modified_at = previous
        .filter(|old| old.etag == etag)
        .map_or_else(SystemTime::now, |old| old.modified_at);
    let last_modified = HeaderValue::from_str(&httpdate::fmt_http_date(modified_at))
        .unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
    Entry {
        key,
        deps: page.deps,
        view_of: page.view_of.map(ArticleId::get),
        headers: answer_headers(headers, &etag, &last_modified),
        body,
        gzip: OnceLock::new(),
        brotli: OnceLock::new(),
        making: Default::default(),
        etag,
        last_modified,
        modified_at,
        rendered: Instant::now(),
        refreshing: AtomicBool::new(false),
        serial: cache.serial.fetch_add(1, Ordering::Relaxed),
    }
}

/// The headers of every answer from a kept page but its length and
/// coding, made once: the rendered page's own (its Content-Type and
/// Content-Security-Policy), with the cache's.
fn answer_headers(
    rendered: &HeaderMap,
    etag: &HeaderValue,
    last_modified: &HeaderValue,
) -> HeaderMap {
    let mut kept = rendered.clone();
    for name in [header::CONTENT_LENGTH, header::CONTENT_ENCODING] {
        kept.remove(name);
    }
    for (name, value) in validators(etag, last_modified) {
        kept.insert(name, value);
    }
    // Room for the length and the coding, so answers never grow the map.
    kept.reserve(2);
    kept
}

/// The headers that say which page this is and how long it may be kept.
fn validators(
    etag: &HeaderValue,
    last_modified: &HeaderValue,
) -> [(header::HeaderName, HeaderValue); 4] {
    [
        (header::ETAG, etag.clone()),
        (header::LAST_MODIFIED, last_modified.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(PAGE_CACHE_CONTROL),
        ),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ]
}

/// The page, or 304 when the reader has it already.
/// Whether the reader's copy is this page (`If-None-Match`, else
/// `If-Modified-Since`): a 304 then.
pub(super) fn has_it_already(entry: &Entry, request: &HeaderMap) -> bool {
    match request.get(header::IF_NONE_MATCH) {
        Some(tags) => tags
            .to_str()
            .is_ok_and(|tags| etag_matches(tags, &entry.etag)),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|since| since.to_str().ok())
            .and_then(|since| httpdate::parse_http_date(since).ok())
            .is_some_and(|since| {
                // HTTP dates have whole seconds.
                entry
                    .modified_at
                    .duration_since(since)
                    .map_or(true, |ahead| ahead < Duration::from_secs(1))
            }),
    }
}

pub(super) fn answer(entry: &Entry, request: &HeaderMap, method: &Method) -> Response {
    if has_it_already(entry, request) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response
            .headers_mut()
            .extend(validators(&entry.etag, &entry.last_modified));
        return response;
    }
    let (encoding, body) = pick_encoding(entry, request);
    let mut response = if *method == Method::HEAD {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body.clone()))
    };
    let headers = response.headers_mut();
    *headers = entry.headers.clone();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

pub(super) fn etag_matches(tags: &str, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or_default();
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    tags.split(',')
        .any(|tag| tag.trim() == "*" || bare(tag) == bare(ours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        assert!(etag_matches("\"abc\"", &etag));
        assert!(etag_matches("W/\"x\", W/\"abc\"", &etag));
        assert!(!etag_matches("\"abd\"", &etag));
    }
}

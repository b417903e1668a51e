//! Sub-sites without a host name of their own answer under their parent's
//! host at `/{code}/…`. The prefix is taken off the request before routing
//! ([`take_off`], by the portal's front service; so every route serves
//! them unchanged) and put back on everything the answer points at: links,
//! forms and assets in its HTML ([`localize`]), redirects, cookies, and
//! every absolute address made from the frame's base URL.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, Uri, header};
use axum::response::Response;
use portal_services::sites;

use crate::SharedState;

/// The code of the sub-site a request was for, its prefix taken off.
#[derive(Debug, Clone)]
pub struct SitePrefix(pub String);

/// The codes of the sub-sites answering under `host`, read once.
pub(crate) async fn codes_under(state: &SharedState, host: &str) -> Arc<Vec<String>> {
    let read = async { sites::prefixed_codes(&state.store, host).await };
    match state
        .site_prefixes
        .get_or_read(&state.pages, host.to_string(), read)
        .await
    {
        Ok(codes) => codes,
        Err(error) => {
            tracing::error!(%error, "sub-site prefixes not read");
            Arc::default()
        }
    }
}

/// Takes a sub-site's prefix off the request's path, when its first
/// segment is one of `codes`, and notes the site on the request: every
/// route then serves the sub-site unchanged. Returns the prefix taken.
pub(crate) fn take_off(request: &mut Request, codes: &[String]) -> Option<String> {
    let first = first_segment(request.uri().path())?;
    let code = codes.iter().find(|code| **code == first)?.clone();
    let prefix = format!("/{code}");
    if let Some(uri) = without_prefix(request.uri(), &prefix) {
        *request.uri_mut() = uri;
    }
    request.extensions_mut().insert(SitePrefix(code));
    Some(prefix)
}

/// Puts the prefix back on a redirect within the site.
pub(crate) fn put_back_on_redirect(response: &mut Response, prefix: &str) {
    let moved = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|to| to.starts_with('/') && !to.starts_with("//"))
        .and_then(|to| HeaderValue::from_str(&format!("{prefix}{to}")).ok());
    if let Some(moved) = moved {
        response.headers_mut().insert(header::LOCATION, moved);
    }
}

/// The path's first segment, when it could be a site's code.
fn first_segment(path: &str) -> Option<&str> {
    let first = path.strip_prefix('/')?.split('/').next()?;
    let could_be_code = !first.is_empty()
        && first.len() <= 64
        && first
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    could_be_code.then_some(first)
}

fn without_prefix(uri: &Uri, prefix: &str) -> Option<Uri> {
    let rest = uri.path().strip_prefix(prefix)?;
    let path = if rest.is_empty() { "/" } else { rest };
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path_and_query.parse().ok()?);
    Uri::from_parts(parts).ok()
}

/// Puts the prefix on every address an HTML page points at within its
/// site: attribute values that start with one `/` (`href`, `src`,
/// `action`, `data-…`) and the later candidates of a `srcset`. Text is
/// escaped in our pages (a quote in text is `&quot;`), so only attribute
/// values match.
pub fn localize(html: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return html.to_string();
    }
    let mut values = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find("=\"/") {
        let (head, tail) = rest.split_at(at + 2);
        values.push_str(head);
        if !tail.starts_with("//") {
            values.push_str(prefix);
        }
        rest = tail;
    }
    values.push_str(rest);
    let mut out = String::with_capacity(values.len());
    let mut pieces = values.split("srcset=\"");
    out.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        out.push_str("srcset=\"");
        let (set, rest) = piece.split_at(piece.find('"').unwrap_or(piece.len()));
        out.push_str(&set.replace(", /", &format!(", {prefix}/")));
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_relative_address_gets_the_prefix() {
        let html = r#"<a href="/">Trang chủ</a><a href="/tin-tuc/bai-1">x</a>
<img src="/media/a.jpg" srcset="/media/a-480.jpg 480w, /media/a.jpg 1200w">
<form action="/tim-kiem"></form><dialog data-source="/quan-tri/thu-vien/chon"></dialog>
<a href="https://example.gov.vn/x">y</a><a href="//cdn.example/x">z</a>
<p>a/b, "not/a link" 480w, /not-in-an-attribute</p>"#;
        let out = localize(html, "/xa-na-ri");
        for expected in [
            r#"href="/xa-na-ri/""#,
            r#"href="/xa-na-ri/tin-tuc/bai-1""#,
            r#"src="/xa-na-ri/media/a.jpg""#,
            r#"srcset="/xa-na-ri/media/a-480.jpg 480w, /xa-na-ri/media/a.jpg 1200w""#,
            r#"action="/xa-na-ri/tim-kiem""#,
            r#"data-source="/xa-na-ri/quan-tri/thu-vien/chon""#,
            r#"href="https://example.gov.vn/x""#,
            r#"href="//cdn.example/x""#,
            r#""not/a link""#,
            "480w, /not-in-an-attribute",
        ] {
            assert!(out.contains(expected), "{expected} missing in {out}");
        }
        assert_eq!(localize(html, ""), html);
    }

    #[test]
    fn the_prefix_comes_off_the_path_and_the_query_stays() {
        let uri: Uri = "/xa-na-ri/tin-tuc?page=2".parse().expect("uri");
        assert_eq!(
            without_prefix(&uri, "/xa-na-ri").map(|u| u.to_string()),
            Some("/tin-tuc?page=2".into())
        );
        let home: Uri = "/xa-na-ri".parse().expect("uri");
        assert_eq!(
            without_prefix(&home, "/xa-na-ri").map(|u| u.to_string()),
            Some("/".into())
        );
    }
}

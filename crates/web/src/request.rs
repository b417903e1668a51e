//! What a request says about who asks and how, read by the page cache and
//! the pages alike (so that neither reaches up into the other): the
//! reader's address, and whether the browser is only prefetching.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::SharedState;

/// The reader's address, for counting views once per visitor.
pub struct ClientAddress(pub String);

impl FromRequestParts<SharedState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(client_address(
            state,
            &parts.headers,
            &parts.extensions,
        )))
    }
}

impl ClientAddress {
    pub fn of_request(state: &SharedState, request: &axum::extract::Request) -> String {
        client_address(state, request.headers(), request.extensions())
    }
}

fn client_address(
    state: &SharedState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> String {
    if state.config.trust_forwarded_for
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return first.trim().to_string();
    }
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default()
}

/// The host a request names, lower-cased (`localhost` when it names none).
pub(crate) fn host(headers: &HeaderMap) -> String {
    headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_ascii_lowercase()
}

/// A browser fetching ahead of a click is not a reader (yet).
pub(crate) fn is_prefetch(headers: &HeaderMap) -> bool {
    ["purpose", "sec-purpose", "x-moz"].iter().any(|name| {
        headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("prefetch"))
    })
}

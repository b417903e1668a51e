//! Readers of a page are counted, kept page or not: view counting as a
//! layer of its own under the cache.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use portal_core::ArticleId;

use crate::SharedState;
use crate::request::{ClientAddress, is_prefetch};

/// Who is reading, for counting views once per visitor.
pub(super) struct Reader {
    address: String,
}

impl Reader {
    pub(super) fn of(state: &SharedState, request: &Request) -> Self {
        Self {
            address: ClientAddress::of_request(state, request),
        }
    }

    pub(super) fn count_view(
        &self,
        state: &SharedState,
        method: &Method,
        headers: &HeaderMap,
        article: Option<i64>,
    ) {
        let Some(article) = article else { return };
        if *method != Method::GET || is_prefetch(headers) {
            return;
        }
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        state.views.record(
            ArticleId(article),
            &portal_services::views::Visitor {
                address: &self.address,
                user_agent,
            },
            portal_core::time::now(),
        );
    }
}

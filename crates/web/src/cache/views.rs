//! Readers of a page are counted, kept page or not: view counting as a
//! layer of its own under the cache.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use portal_core::ArticleId;

use crate::SharedState;
use crate::request::{ClientAddress, is_prefetch};

/// Who is reading, for counting views once per visitor, and which site's
/// page it is.
pub(super) struct Reader {
    address: String,
    site_key: String,
    /// A page people read (not a feed or a calendar).
    page: bool,
}

impl Reader {
    pub(super) fn of(state: &SharedState, request: &Request) -> Self {
        let code = request
            .extensions()
            .get::<crate::sites::prefix::SitePrefix>()
            .map(|prefix| prefix.0.as_str());
        let path = request.uri().path();
        Self {
            address: ClientAddress::of_request(state, request),
            site_key: crate::frame::site_key(&crate::request::host(request.headers()), code),
            page: !path.ends_with(".xml") && !path.ends_with(".ics"),
        }
    }

    /// Counts a visit to the site (its visitors and page views) and, on an
    /// article's page, a view of the article.
    pub(super) fn count(
        &self,
        state: &SharedState,
        method: &Method,
        headers: &HeaderMap,
        article: Option<i64>,
    ) {
        if *method != Method::GET || is_prefetch(headers) {
            return;
        }
        if self.page
            && let Some(site) = crate::frame::kept_site(state, &self.site_key)
        {
            let user_agent = headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            state.views.visit(
                site,
                &portal_services::views::Visitor {
                    address: &self.address,
                    user_agent,
                },
                portal_core::time::now(),
            );
        }
        self.count_view(state, method, headers, article);
    }

    fn count_view(
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

//! The documents base on the web: the public list and pages (`pages`),
//! and the links from articles' text to the documents they cite.

pub mod api;
pub mod newsroom;
pub mod pages;

use std::collections::HashMap;
use std::sync::Arc;

use crate::frame::Frame;
use crate::{SharedState, WebError};

/// Number key → address for the site's articles, read once until what
/// every page shows changes (a document saved is such a change).
pub async fn link_targets(
    state: &SharedState,
    frame: &Frame,
) -> Result<Arc<HashMap<String, String>>, WebError> {
    let site = frame.site.clone();
    let store = state.store.clone();
    let read = async move {
        portal_services::documents::link_targets(&store, &site)
            .await
            .map_err(WebError::from)
    };
    state
        .document_links
        .get_or_read(&state.pages, frame.site.id, read)
        .await
}

/// `html` (clean inline HTML) with the document numbers the base holds
/// made links to their pages.
pub fn link_numbers(html: &str, targets: &HashMap<String, String>) -> String {
    if targets.is_empty() {
        return html.to_string();
    }
    portal_core::document_number::link(html, |key| targets.get(key).cloned())
}

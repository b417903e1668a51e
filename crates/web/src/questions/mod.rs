//! Citizens' questions and feedback on the web: the public pages and forms
//! (`pages`) and the office's queue (`newsroom`).

pub mod newsroom;
pub mod pages;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::SharedState;

/// The forms' routes: never kept by the page cache (each page carries its
/// own token), bounded in size, and posted only from our own pages.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route(pages::ASK_PATH, get(pages::ask_form).post(pages::ask))
        .route(
            pages::FEEDBACK_PATH,
            get(pages::feedback_form).post(pages::send_feedback),
        )
        .route(pages::TRACK_PATH, get(pages::track_form).post(pages::track))
        .layer(DefaultBodyLimit::max(
            portal_core::question::MAX_ATTACHMENT_BYTES + 256 * 1024,
        ))
        .route_layer(axum::middleware::from_fn(
            crate::accounts::auth::same_origin_posts,
        ))
}

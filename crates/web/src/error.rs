//! What goes wrong in a request, and the Vietnamese page (or JSON) a reader
//! gets for it. Details of server faults go to the log, never to the page.

use axum::http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    /// A message key of the catalog explaining what was wrong.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error(transparent)]
    Store(#[from] portal_services::StoreError),
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Catalog keys for the title and the explanation.
    pub fn message_keys(&self) -> (&'static str, &'static str) {
        match self {
            Self::NotFound => ("error.not_found.title", "error.not_found.body"),
            Self::BadRequest(key) => ("error.bad_request.title", key),
            _ => ("error.server.title", "error.server.body"),
        }
    }
}

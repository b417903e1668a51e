//! Embedded theme assets (kept forever by browsers: their names carry a
//! content hash) and media files from the media folder.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::SharedState;

const FOREVER: &str = "public, max-age=31536000, immutable";

pub async fn asset(State(state): State<SharedState>, Path(file): Path<String>) -> Response {
    match state.theme.asset(&file) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(asset.mime)),
                (header::CACHE_CONTROL, HeaderValue::from_static(FOREVER)),
            ],
            asset.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn media(State(state): State<SharedState>, Path(key): Path<String>) -> Response {
    let kind = key
        .rsplit_once('.')
        .and_then(|(_, extension)| portal_core::media::FileKind::from_extension(extension));
    let mime = kind.map_or("application/octet-stream", |k| k.mime());
    // Documents download; only images show in the page.
    let disposition = if kind.is_some_and(|k| k.is_image()) {
        "inline"
    } else {
        "attachment"
    };
    match state.media.read(&key).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static(disposition),
                ),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "media read failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

//! Embedded theme assets (kept forever by browsers: their names carry a
//! content hash) and media files from the media folder.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::SharedState;

const FOREVER: &str = "public, max-age=31536000, immutable";

pub async fn asset(
    State(state): State<SharedState>,
    Path(file): Path<String>,
    request: HeaderMap,
) -> Response {
    let Some(asset) = state.theme.asset(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = HeaderValue::from_str(&asset.etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let unchanged = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tags| tags.as_bytes() == etag.as_bytes());
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let coding = crate::cache::preferred_coding(&request, &asset.brotli, &asset.gzip);
        let body = match coding {
            Some("br") => Body::from(asset.brotli.clone()),
            Some("gzip") => Body::from(asset.gzip.clone()),
            _ => Body::from(asset.bytes),
        };
        let mut response = body.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.mime));
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(FOREVER));
    headers.insert(header::ETAG, etag);
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
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
    if !portal_services::media::is_public_key(&key) {
        return StatusCode::NOT_FOUND.into_response();
    }
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

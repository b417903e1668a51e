//! The media library: upload by picking or dragging, search, reuse.

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_services::media::{MAX_UPLOAD_BYTES, Upload, UploadError, add_to_library};
use serde::Deserialize;
use serde_json::json;

use crate::accounts::auth::{Staff, csrf_refused};
use crate::admin::page;
use crate::frame::Frame;
use crate::{SharedState, WebError};

#[derive(Debug, Deserialize, Default)]
pub struct LibraryQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<LibraryQuery>,
) -> Response {
    show(&state, &frame, &staff, &query.q, None, StatusCode::OK).await
}

async fn show(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    query: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let items = items(state, frame, query, None, 60).await;
    page(
        state,
        frame,
        staff,
        "admin.library.title",
        "admin/library.html",
        json!({ "items": items, "q": query, "error": error, "max_mb": MAX_UPLOAD_BYTES / (1024 * 1024) }),
        status,
    )
}

/// The library's items matching `query`, newest first, as the screens and
/// the editor's picker show them.
async fn items(
    state: &SharedState,
    frame: &Frame,
    query: &str,
    images: Option<bool>,
    limit: i64,
) -> Vec<serde_json::Value> {
    let found = portal_services::media::library(&state.store, frame.site.id, query, images, limit)
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "media search failed");
            Vec::new()
        });
    found
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.name,
                "alt": m.alt,
                "is_image": m.is_image(),
                "url": portal_core::Media::url(&m.key),
                "thumb": portal_core::Media::url(m.key_for_width(300)),
                "width": m.width,
                "height": m.height,
                "kilobytes": m.byte_size / 1024,
            })
        })
        .collect()
}

/// For the editor's picker: `?q=…&loai=anh` (images) or `loai=tep`
/// (documents), as JSON.
pub async fn pick(
    State(state): State<SharedState>,
    frame: Frame,
    _staff: Staff,
    Query(query): Query<PickQuery>,
) -> Response {
    let images = query.kind != "tep";
    let items = items(&state, &frame, &query.q, Some(images), 40).await;
    axum::Json(json!({ "items": items })).into_response()
}

#[derive(Debug, Deserialize, Default)]
pub struct PickQuery {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "loai")]
    kind: String,
}

pub async fn upload(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    headers: axum::http::HeaderMap,
    mut form: Multipart,
) -> Response {
    // The visual editor uploads pasted pictures and wants JSON back.
    let wants_json = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let mut csrf = String::new();
    let mut alt = String::new();
    let mut credit = String::new();
    let mut name = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut too_large = false;
    let mut damaged = false;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // The body went past the route's limit, or the form is damaged
            // (a file name with a NUL in it, a cut-off part).
            Err(error) => {
                if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large = true;
                } else {
                    damaged = true;
                }
                break;
            }
        };
        match field.name().unwrap_or_default() {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "alt" => alt = field.text().await.unwrap_or_default(),
            "credit" => credit = field.text().await.unwrap_or_default(),
            "file" => {
                name = field.file_name().unwrap_or("tep").to_string();
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                                too_large = true;
                                break;
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(error) => {
                            if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                                too_large = true;
                            } else {
                                damaged = true;
                            }
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !staff.csrf_ok(&csrf) {
        return csrf_refused();
    }
    let failed = if too_large {
        Some(UploadError::TooLarge)
    } else if damaged {
        Some(UploadError::Broken)
    } else {
        None
    };
    if let Some(error) = failed {
        return answer_refusal(&state, &frame, &staff, error, wants_json).await;
    }
    let folder = portal_core::time::format_iso(frame.now)[..7].replace('-', "/");
    let upload = Upload {
        site_id: frame.site.id,
        folder: &folder,
        name: &name,
        bytes: &bytes,
        alt: &alt,
        credit: &credit,
    };
    match add_to_library(&state.store, &state.media, &upload, &staff.user, frame.now).await {
        Ok(id) if wants_json => {
            let added = portal_services::news::media(&state.store, &[id])
                .await
                .unwrap_or_default();
            let thumb = added
                .first()
                .map(|m| portal_core::Media::url(m.key_for_width(300)));
            axum::Json(json!({ "id": id, "alt": alt.trim(), "thumb": thumb })).into_response()
        }
        Ok(id) => Redirect::to(&format!("/quan-tri/thu-vien?moi={id}")).into_response(),
        Err(error) => answer_refusal(&state, &frame, &staff, error, wants_json).await,
    }
}

async fn answer_refusal(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    error: UploadError,
    wants_json: bool,
) -> Response {
    if wants_json {
        let (status, message) = WebError::from(error).explain(frame.lang);
        return (status, axum::Json(json!({ "error": message }))).into_response();
    }
    refused(state, frame, staff, error).await
}

async fn refused(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    error: UploadError,
) -> Response {
    let (status, message) = WebError::from(error).explain(frame.lang);
    show(state, frame, staff, "", Some(&message), status).await
}

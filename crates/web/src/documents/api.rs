//! The documents base as open data: `GET /api/v1/documents?q=&type=&issuer=&from=&to=&status=&page=`
//! and `GET /api/v1/documents/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::document::{Document, Validity};
use portal_core::time::{format_iso, parse_iso_date};
use portal_core::{PageRequest, PageRequestError};
use portal_services::DocumentFilter;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::frame::Frame;
use crate::{SharedState, WebError};

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    status: String,
    page: Option<String>,
    per_page: Option<String>,
}

fn bad(field: &'static str, detail: String) -> WebError {
    WebError::Parameter {
        status: StatusCode::BAD_REQUEST,
        field,
        detail,
    }
}

/// `YYYY-MM-DD`, or nothing when empty.
fn date(field: &'static str, text: &str) -> Result<Option<i64>, WebError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_iso_date(text)
        .map(Some)
        .ok_or_else(|| bad(field, format!("\"{text}\" is not a date (YYYY-MM-DD)")))
}

fn day(at: Option<i64>) -> Value {
    at.map_or(Value::Null, |at| {
        Value::String(format_iso(at)[..10].to_string())
    })
}

fn document_json(frame: &Frame, document: &Document) -> Value {
    json!({
        "id": document.id,
        "number": document.number,
        "type": document.kind,
        "issuer": document.issuer,
        "signer": document.signer,
        "signer_title": document.signer_title,
        "fields": document.fields,
        "issued": day(document.issued_on),
        "effective": day(document.effective_on),
        "expires": day(document.expires_on),
        "status": document.validity(frame.now).as_str(),
        "summary": document.summary,
        "url": frame.url(&document.path()),
    })
}

pub async fn list(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let page = PageRequest::parse(query.page.as_deref(), query.per_page.as_deref(), 20, 100)
        .map_err(|error| {
            let field = match error {
                PageRequestError::BadPage { .. } => "page",
                PageRequestError::BadPerPage { .. } => "per_page",
            };
            bad(field, error.to_string())
        })?;
    let validity = match query.status.trim() {
        "" => None,
        text => Some(Validity::parse(text).ok_or_else(|| {
            bad(
                "status",
                "one of in_force, partly_in_force, expired, not_yet_in_force".into(),
            )
        })?),
    };
    let filter = DocumentFilter {
        query: query.q,
        kind: query.kind,
        issuer: query.issuer,
        validity,
        from: date("from", &query.from)?,
        until: date("to", &query.to)?,
        ..Default::default()
    };
    let (documents, total) =
        portal_services::documents::list(&state.store, &frame.site, &filter, page, frame.now)
            .await?;
    Ok(Json(json!({
        "items": documents.iter().map(|d| document_json(&frame, d)).collect::<Vec<_>>(),
        "page": page.page,
        "per_page": page.per_page,
        // Counted up to a bound; `more` says there are more than that.
        "total": total.min(portal_services::MAX_COUNTED),
        "more": total > portal_services::MAX_COUNTED,
        "pages": page.page_count(total.min(portal_services::MAX_COUNTED)),
    }))
    .into_response())
}

pub async fn document(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        bad(
            "id",
            "the document id must be a positive whole number".into(),
        )
    })?;
    let document = portal_services::documents::get(&state.store, &frame.site, id)
        .await?
        .ok_or_else(|| WebError::Parameter {
            status: StatusCode::NOT_FOUND,
            field: "id",
            detail: format!("no document has the id {id}"),
        })?;
    Ok(Json(document_json(&frame, &document)).into_response())
}

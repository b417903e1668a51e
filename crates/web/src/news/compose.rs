//! The server's half of the visual block editor: the body as blocks for
//! the editor to show, and the one conversion between the two views (the
//! blocks and the plain-text form), done here by the same parser that
//! reads every save, so both views always agree.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::markup::{from_markup, to_markup};
use portal_core::{Body, BodyBlock};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::SharedState;
use crate::accounts::guard::{Checked, csrf_field};
use crate::frame::Frame;

pub const CONVERT: &str = "/quan-tri/soan-thao";

/// The body's blocks and, for its pictures, their small images: what the
/// visual editor starts from (none when the text cannot be read: the
/// plain-text view shows it with the message).
pub async fn visual_data(state: &SharedState, frame: &Frame, markup: &str) -> Option<Json> {
    let body = from_markup(markup).ok()?;
    Some(blocks_json(state, frame, &body).await)
}

async fn blocks_json(state: &SharedState, frame: &Frame, body: &Body) -> Json {
    let ids: Vec<i64> = body
        .blocks()
        .iter()
        .filter_map(|block| match block {
            BodyBlock::Figure(figure) => figure.media_id,
            _ => None,
        })
        .collect();
    let found = portal_services::news::media(&state.store, &ids)
        .await
        .unwrap_or_default();
    let media: HashMap<String, Json> = found
        .iter()
        .filter(|m| m.site_id == frame.site.id)
        .map(|m| {
            (
                m.id.to_string(),
                json!({ "thumb": portal_core::Media::url(m.key_for_width(300)), "alt": m.alt }),
            )
        })
        .collect();
    json!({ "blocks": body, "media": media })
}

#[derive(Debug, Deserialize)]
pub struct ConvertForm {
    #[serde(default)]
    csrf: String,
    /// The body in the plain-text form (the visual editor writes each of
    /// its blocks as one `[[khối:…]]` line of it).
    #[serde(default)]
    body: String,
}

csrf_field!(ConvertForm);

/// The body read once and given back in both forms: the plain text a
/// person reads and types, and the blocks the visual editor shows.
pub async fn convert(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff: _, form }: Checked<ConvertForm>,
) -> Response {
    match from_markup(&form.body) {
        Ok(body) => {
            let mut answer = blocks_json(&state, &frame, &body).await;
            answer["markup"] = Json::String(to_markup(&body));
            axum::Json(answer).into_response()
        }
        Err(error) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(json!({
                "error": crate::news::newsroom::markup_problem(frame.lang, &error),
                "line": error.line,
            })),
        )
            .into_response(),
    }
}

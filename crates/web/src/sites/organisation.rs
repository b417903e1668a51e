//! `/co-cau-to-chuc`: the agency's units as a tree, each with its head and
//! contacts; `/co-cau-to-chuc/{id}`: one unit with its duties and the
//! units under it. English fields are shown beside the Vietnamese ones,
//! marked as English for screen readers and translators.

use axum::extract::{Path, State};
use axum::response::Response;
use portal_core::organisation::{ORGANISATION_PATH, Unit, in_tree_order};
use portal_services::sites::organisation;
use serde_json::{Value, json};

use crate::frame::{Frame, standalone_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

pub(crate) fn shown(unit: &Unit) -> Value {
    let paragraphs = |text: &str| -> Vec<String> {
        text.split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    json!({
        "id": unit.id,
        "url": unit.path(),
        "name": unit.name,
        "name_en": unit.name_en,
        "head": unit.head,
        "head_title": unit.head_title,
        "head_title_en": unit.head_title_en,
        "address": unit.address,
        "phone": unit.phone,
        "phone_link": unit.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>(),
        "email": unit.email,
        "duties": paragraphs(&unit.duties),
        "duties_en": paragraphs(&unit.duties_en),
        "parent_id": unit.parent_id,
    })
}

pub async fn tree(State(state): State<SharedState>, frame: Frame) -> Result<Response, WebError> {
    let units = organisation::units(&state.store, &frame.site).await?;
    let rows: Vec<Value> = in_tree_order(&units)
        .into_iter()
        .map(|(depth, unit)| {
            let mut row = shown(unit);
            row["depth"] = depth.into();
            row
        })
        .collect();
    let title = t(frame.lang, "organisation.title");
    standalone_page(
        &state,
        &frame,
        "organisation.html",
        &title,
        ORGANISATION_PATH,
        json!({ "units": rows }),
    )
}

pub async fn unit(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let units = organisation::units(&state.store, &frame.site).await?;
    let unit = units
        .iter()
        .find(|u| u.id == id)
        .ok_or(WebError::NotFound)?;
    let parent = unit
        .parent_id
        .and_then(|parent| units.iter().find(|u| u.id == parent))
        .map(shown);
    let below: Vec<Value> = in_tree_order(&units)
        .into_iter()
        .filter(|(_, u)| u.parent_id == Some(unit.id))
        .map(|(_, u)| shown(u))
        .collect();
    standalone_page(
        &state,
        &frame,
        "unit.html",
        &unit.name,
        &unit.path(),
        json!({ "unit": shown(unit), "parent": parent, "below": below }),
    )
}

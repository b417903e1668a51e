//! Administrators' site screens: settings and categories (the blocks of
//! each page are `layout`'s).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::Site;
use portal_services::sites::{self, CategoryChange};
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Admin, Checked, Fields};
use crate::admin::page;
use crate::admin::refusal;
use crate::frame::Frame;

pub async fn settings_form(
    State(state): State<SharedState>,
    frame: Frame,
    Admin(staff): Admin,
) -> Response {
    page(
        &state,
        &frame,
        &staff,
        "admin.settings.title",
        "admin/settings.html",
        json!({ "site": frame.site }),
        StatusCode::OK,
    )
}

pub async fn save_settings(
    State(state): State<SharedState>,
    frame: Frame,
    Checked {
        staff,
        form: fields,
    }: Checked<Fields>,
) -> Response {
    let site = Site {
        name: fields.get("name").to_string(),
        agency: fields.get("agency").to_string(),
        address: fields.get("address").to_string(),
        phone: fields.get("phone").to_string(),
        email: fields.get("email").to_string(),
        licence: fields.get("licence").to_string(),
        responsible: fields.get("responsible").to_string(),
        logo_media_id: fields.get("logo_media_id").trim().parse().ok(),
        ..frame.site.clone()
    };
    match sites::save_site_settings(&state.store, &staff.user, &site, frame.now).await {
        Ok(()) => Redirect::to("/quan-tri/cai-dat?da-luu=1").into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn categories(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    page(
        &state,
        &frame,
        &staff,
        "admin.categories.title",
        "admin/categories.html",
        json!({ "categories": frame.categories }),
        StatusCode::OK,
    )
}

pub async fn save_category(
    State(state): State<SharedState>,
    frame: Frame,
    Checked {
        staff,
        form: fields,
    }: Checked<Fields>,
) -> Response {
    let change = CategoryChange {
        id: fields.get("id").parse().ok(),
        name: fields.get("name").to_string(),
        slug: fields.get("slug").to_string(),
        parent_id: fields.get("parent_id").parse().ok(),
        position: fields.get("position").parse().unwrap_or(0),
        on_home: fields.get("on_home") == "1",
    };
    match sites::save_category(&state.store, &staff.user, &frame.site, &change, frame.now).await {
        Ok(_) => Redirect::to("/quan-tri/chuyen-muc?da-luu=1").into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn delete_category(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, .. }: Checked<Fields>,
) -> Response {
    match sites::delete_category(&state.store, &staff.user, &frame.site, id, frame.now).await {
        Ok(()) => Redirect::to("/quan-tri/chuyen-muc?da-xoa=1").into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

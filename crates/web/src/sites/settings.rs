//! Administrators' site screens: settings, categories, and the blocks of
//! each page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::{Layout, Placement, Site};
use portal_services::sites::{self, CategoryChange, SettingsError};
use serde::Deserialize;
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

#[derive(Debug, Deserialize, Default)]
pub struct LayoutQuery {
    #[serde(default)]
    trang: String,
}

fn layout_named(name: &str) -> Layout {
    Layout::ALL
        .into_iter()
        .find(|l| l.as_str() == name)
        .unwrap_or(Layout::Home)
}

pub async fn placements(
    State(state): State<SharedState>,
    frame: Frame,
    Admin(staff): Admin,
    Query(query): Query<LayoutQuery>,
) -> Response {
    let layout = layout_named(&query.trang);
    let placements =
        match portal_services::sites::placements(&state.store, frame.site.id, layout).await {
            Ok(placements) => placements,
            Err(error) => return refusal(&state, &frame, &staff, error),
        };
    let rows: Vec<_> = placements
        .iter()
        .map(|p| json!({ "zone": p.zone, "block_type": p.block_type, "settings": p.settings.to_string() }))
        .collect();
    page(
        &state,
        &frame,
        &staff,
        "admin.blocks.title",
        "admin/placements.html",
        json!({
            "layout": layout.as_str(),
            "layouts": Layout::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "zones": layout.zones(),
            "types": state.blocks.type_names(),
            "rows": rows,
        }),
        StatusCode::OK,
    )
}

/// Rows come as `zone_N`, `type_N`, `order_N`, `settings_N`, `remove_N`.
pub async fn save_placements(
    State(state): State<SharedState>,
    frame: Frame,
    Checked {
        staff,
        form: fields,
    }: Checked<Fields>,
) -> Response {
    let layout = layout_named(fields.get("layout"));
    let rows: usize = fields.get("rows").parse().unwrap_or(0).min(200);
    let mut ordered: Vec<(i64, usize, Placement)> = Vec::new();
    for n in 0..rows {
        let block_type = fields.get(&format!("type_{n}"));
        if block_type.is_empty() || fields.get(&format!("remove_{n}")) == "1" {
            continue;
        }
        let settings_text = fields.get(&format!("settings_{n}")).trim();
        let settings = if settings_text.is_empty() {
            Ok(json!({}))
        } else {
            serde_json::from_str(settings_text)
        };
        let Ok(settings) = settings else {
            return refusal(
                &state,
                &frame,
                &staff,
                SettingsError::Refused("settings.bad_block_settings"),
            );
        };
        let order = fields
            .get(&format!("order_{n}"))
            .parse()
            .unwrap_or(i64::try_from(n).unwrap_or(0));
        ordered.push((
            order,
            n,
            Placement::new(fields.get(&format!("zone_{n}")), block_type, settings),
        ));
    }
    ordered.sort_by_key(|(order, n, _)| (*order, *n));
    let placements: Vec<Placement> = ordered.into_iter().map(|(_, _, p)| p).collect();
    let known = |name: &str| state.blocks.knows(name);
    match sites::save_placements(
        &state.store,
        &staff.user,
        &frame.site,
        layout,
        &placements,
        known,
        frame.now,
    )
    .await
    {
        Ok(()) => Redirect::to(&format!(
            "/quan-tri/bo-cuc?trang={}&da-luu=1",
            layout.as_str()
        ))
        .into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

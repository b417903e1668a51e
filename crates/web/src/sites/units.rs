//! `/quan-tri/co-cau-to-chuc`: the site's administrators keep the
//! organisation: add a unit under another, change it (Vietnamese and
//! English fields side by side), remove one with none under it. A refused
//! unit comes back as typed, with what to fix.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::organisation::{Unit, in_tree_order};
use portal_core::workflow::Role;
use portal_services::sites::SettingsError;
use portal_services::sites::organisation;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, Fields, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;

pub const SCREEN: &str = "/quan-tri/co-cau-to-chuc";

#[derive(Debug, Deserialize, Default)]
pub struct ScreenQuery {
    #[serde(default)]
    sua: Option<i64>,
}

#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct UnitForm {
    #[serde(default, skip_serializing)]
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    head: String,
    #[serde(default)]
    head_title: String,
    #[serde(default)]
    head_title_en: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    duties: String,
    #[serde(default)]
    duties_en: String,
}

csrf_field!(UnitForm);

impl UnitForm {
    fn of(unit: &Unit) -> Self {
        Self {
            csrf: String::new(),
            id: unit.id.to_string(),
            parent_id: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            position: unit.position.to_string(),
            name: unit.name.clone(),
            name_en: unit.name_en.clone(),
            head: unit.head.clone(),
            head_title: unit.head_title.clone(),
            head_title_en: unit.head_title_en.clone(),
            address: unit.address.clone(),
            phone: unit.phone.clone(),
            email: unit.email.clone(),
            duties: unit.duties.clone(),
            duties_en: unit.duties_en.clone(),
        }
    }

    fn unit(&self, frame: &Frame) -> Unit {
        Unit {
            id: self.id.trim().parse().unwrap_or(0),
            site_id: frame.site.id,
            parent_id: self.parent_id.trim().parse().ok(),
            position: self.position.trim().parse().unwrap_or(0),
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            head: self.head.clone(),
            head_title: self.head_title.clone(),
            head_title_en: self.head_title_en.clone(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            duties: self.duties.clone(),
            duties_en: self.duties_en.clone(),
        }
    }
}

async fn render(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    form: &UnitForm,
    error: Option<String>,
) -> Response {
    let units = match organisation::units(&state.store, &frame.site).await {
        Ok(units) => units,
        Err(error) => return refusal(state, frame, staff, crate::WebError::from(error)),
    };
    let rows: Vec<Value> = in_tree_order(&units)
        .into_iter()
        .map(|(depth, unit)| {
            let mut row = super::organisation::shown(unit);
            row["depth"] = depth.into();
            row["has_children"] = units.iter().any(|u| u.parent_id == Some(unit.id)).into();
            row
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(
        state,
        frame,
        staff,
        "organisation.admin_title",
        "admin/units.html",
        json!({ "units": rows, "form": form, "error": error }),
        status,
    )
}

pub async fn screen(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<ScreenQuery>,
) -> Response {
    if staff.user.role != Role::Admin {
        return refusal(
            &state,
            &frame,
            &staff,
            SettingsError::Refused("admin.admins_only"),
        );
    }
    let form = match query.sua {
        Some(id) => match organisation::units(&state.store, &frame.site).await {
            Ok(units) => match units.iter().find(|u| u.id == id) {
                Some(unit) => UnitForm::of(unit),
                None => return refusal(&state, &frame, &staff, crate::WebError::NotFound),
            },
            Err(error) => return refusal(&state, &frame, &staff, crate::WebError::from(error)),
        },
        None => UnitForm::default(),
    };
    render(&state, &frame, &staff, &form, None).await
}

pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<UnitForm>,
) -> Response {
    let unit = form.unit(&frame);
    match organisation::save(&state.store, &staff.user, &frame.site, &unit, frame.now).await {
        Ok(id) => Redirect::to(&format!("{SCREEN}?da-luu={id}")).into_response(),
        Err(SettingsError::Refused(key)) if key.starts_with("organisation.") => {
            render(&state, &frame, &staff, &form, Some(t(frame.lang, key))).await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn delete(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, .. }: Checked<Fields>,
) -> Response {
    match organisation::delete(&state.store, &staff.user, &frame.site, id, frame.now).await {
        Ok(()) => Redirect::to(&format!("{SCREEN}?da-xoa=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

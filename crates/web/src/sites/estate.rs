//! "Cổng thành phần" in the province's newsroom: its administrators add
//! the sub-portals of communes, wards and departments, change where they
//! answer, and take them off the air, as `portal site` does.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::SiteKind;
use portal_services::sites::estate::{self, SiteDraft};
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;

pub const SCREEN: &str = "/quan-tri/cong-thanh-phan";

pub async fn list(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    if let Err(error) = estate::province_admins_only(&staff.user, &frame.site) {
        return refusal(&state, &frame, &staff, error);
    }
    let sites = match estate::sites(&state.store).await {
        Ok(sites) => sites,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let rows: Vec<_> = sites
        .iter()
        .map(|site| {
            let parent = site
                .parent_id
                .and_then(|id| sites.iter().find(|s| s.id == id))
                .map(|p| p.code.clone());
            // Where readers find it: its own host, or under its parent's.
            let address = match site.hosts.first() {
                Some(host) => format!("{host}/"),
                None => format!(
                    "{}/{}/",
                    frame.base_url.split("://").nth(1).unwrap_or(""),
                    site.code
                ),
            };
            json!({
                "code": site.code,
                "name": site.name,
                "kind": site.kind.as_str(),
                "hosts": site.hosts.join(" "),
                "parent": parent,
                "disabled": site.disabled,
                "address": address,
                "is_here": site.id == frame.site.id,
            })
        })
        .collect();
    let kinds: Vec<&str> = SiteKind::ALL.iter().map(|k| k.as_str()).collect();
    page(
        &state,
        &frame,
        &staff,
        "estate.title",
        "admin/estate.html",
        json!({ "sites": rows, "kinds": kinds }),
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct SiteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
    /// Host names separated by spaces or commas.
    #[serde(default)]
    hosts: String,
}

impl SiteForm {
    fn draft(&self, code: &str) -> SiteDraft {
        SiteDraft {
            code: code.to_string(),
            name: self.name.clone(),
            kind: SiteKind::parse(self.kind.trim()),
            parent: Some(self.parent.trim().to_string()).filter(|p| !p.is_empty()),
            hosts: self
                .hosts
                .split([' ', ',', '\n'])
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(str::to_string)
                .collect(),
            language: None,
        }
    }
}

pub async fn add(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<SiteForm>,
) -> Response {
    if let Err(error) = estate::province_admins_only(&staff.user, &frame.site) {
        return refusal(&state, &frame, &staff, error);
    }
    let draft = form.draft(form.code.trim());
    match estate::add_site(
        &state.store,
        &staff.user.login,
        &draft,
        crate::blocks::default_placements,
        frame.now,
    )
    .await
    {
        Ok(site) => Redirect::to(&format!("{SCREEN}?moi={}", site.code)).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn edit(
    State(state): State<SharedState>,
    frame: Frame,
    Path(code): Path<String>,
    Checked { staff, form }: Checked<SiteForm>,
) -> Response {
    if let Err(error) = estate::province_admins_only(&staff.user, &frame.site) {
        return refusal(&state, &frame, &staff, error);
    }
    match estate::edit_site(
        &state.store,
        &staff.user.login,
        &form.draft(&code),
        frame.now,
    )
    .await
    {
        Ok(site) => Redirect::to(&format!("{SCREEN}?da-luu={}", site.code)).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct StateForm {
    #[serde(default)]
    csrf: String,
    /// "1" takes the site off the air, anything else puts it back.
    #[serde(default)]
    disabled: String,
}

pub async fn set_state(
    State(state): State<SharedState>,
    frame: Frame,
    Path(code): Path<String>,
    Checked { staff, form }: Checked<StateForm>,
) -> Response {
    if let Err(error) = estate::province_admins_only(&staff.user, &frame.site) {
        return refusal(&state, &frame, &staff, error);
    }
    if code == frame.site.code {
        // The province cannot take its own newsroom off the air from it.
        return refusal(
            &state,
            &frame,
            &staff,
            estate::SiteError::Refused {
                key: "site.not_this_one",
                subject: code,
            },
        );
    }
    let disabled = form.disabled == "1";
    match estate::set_disabled(&state.store, &staff.user.login, &code, disabled, frame.now).await {
        Ok(site) => Redirect::to(&format!("{SCREEN}?da-luu={}", site.code)).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

csrf_field!(SiteForm, StateForm);

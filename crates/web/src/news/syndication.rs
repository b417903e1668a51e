//! News flowing up, in the newsroom: a sub-site's publisher proposes an
//! article to the parent site ("Đề xuất đăng lên cổng tỉnh"); the parent's
//! review queue ("Tin từ cơ sở") approves or declines.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::ArticleId;
use portal_services::news::syndication::{self, Decision};
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;

pub const QUEUE: &str = "/quan-tri/tin-co-so";

#[derive(Debug, Deserialize)]
pub struct ProposeForm {
    #[serde(default)]
    csrf: String,
}

pub async fn propose(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<ArticleId>,
    Checked { staff, form: _ }: Checked<ProposeForm>,
) -> Response {
    match syndication::propose(&state.store, &frame.site, &staff.user, id, frame.now).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/bai-viet/{id}?de-xuat=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn queue(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    match syndication::queue(&state.store, &frame.site, &staff.user).await {
        Ok(waiting) => {
            let categories: Vec<_> = frame
                .categories
                .iter()
                .filter(|c| staff.user.may_touch_category(c.id))
                .map(|c| json!({ "id": c.id, "name": c.name }))
                .collect();
            let items: Vec<_> = waiting
                .iter()
                .map(|s| {
                    json!({
                        "id": s.id,
                        "origin": s.origin_site_name,
                        "title": s.title,
                        "lead": s.lead,
                        "proposed_at": s.proposed_at,
                        // Carried before: a new title or lead asks again.
                        "asked_again": s.copy_id.is_some(),
                        "approved_title": s.approved_title,
                        "approved_lead": s.approved_lead,
                        "category_id": s.category_id,
                    })
                })
                .collect();
            page(
                &state,
                &frame,
                &staff,
                "syndication.queue.title",
                "admin/syndication.html",
                json!({ "items": items, "categories": categories }),
                StatusCode::OK,
            )
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    category_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    lead: String,
}

pub async fn approve(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<DecisionForm>,
) -> Response {
    let decision = Decision {
        category_id: form.category_id.trim().parse().unwrap_or(0),
        title: form.title,
        lead: form.lead,
    };
    match syndication::approve(
        &state.store,
        &frame.site,
        &staff.user,
        id,
        &decision,
        frame.now,
    )
    .await
    {
        Ok(copy) => Redirect::to(&format!("{QUEUE}?da-duyet={copy}")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct DeclineForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
}

pub async fn decline(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<DeclineForm>,
) -> Response {
    match syndication::decline(
        &state.store,
        &frame.site,
        &staff.user,
        id,
        &form.note,
        frame.now,
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("{QUEUE}?da-tu-choi=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

csrf_field!(ProposeForm, DecisionForm, DeclineForm);

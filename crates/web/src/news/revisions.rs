//! An article's history: every save, one version's content, a readable
//! comparison of two, and bringing an old version back.

use crate::accounts::guard::{Checked, csrf_field};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::ArticleContent;
use portal_core::ArticleId;
use portal_core::diff::diff_lines;
use portal_core::markup::to_markup;
use portal_services::news::newsroom::{self, RestoreRequest, Restored};
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::admin::page;
use crate::admin::refusal;
use crate::frame::Frame;
use crate::i18n::{Lang, t};

/// A version as one text, the way the comparison reads it.
fn as_text(lang: Lang, snapshot: &ArticleContent) -> String {
    format!(
        "{}: {}\n{}: {}\n\n{}\n\n{}: {}",
        t(lang, "admin.article.title"),
        snapshot.title,
        t(lang, "admin.article.lead"),
        snapshot.lead,
        to_markup(&snapshot.body),
        t(lang, "admin.article.byline"),
        snapshot.byline
    )
}

pub async fn view(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path((id, revision)): Path<(ArticleId, i64)>,
) -> Response {
    match newsroom::revision(&state.store, &frame.site, &staff.user, id, revision).await {
        Ok(snapshot) => page(
            &state,
            &frame,
            &staff,
            "admin.revision.title",
            "admin/revision.html",
            json!({ "id": id, "revision": revision, "text": as_text(frame.lang, &snapshot) }),
            StatusCode::OK,
        ),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    tu: Option<i64>,
    den: Option<i64>,
}

pub async fn compare(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<ArticleId>,
    Query(query): Query<CompareQuery>,
) -> Response {
    let (Some(from), Some(to)) = (query.tu, query.den) else {
        return refusal(
            &state,
            &frame,
            &staff,
            newsroom::NewsroomError::Invalid("admin.revision.pick_two"),
        );
    };
    let load = |revision| newsroom::revision(&state.store, &frame.site, &staff.user, id, revision);
    let (old, new) = match (load(from).await, load(to).await) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return refusal(&state, &frame, &staff, error),
    };
    let lines = diff_lines(&as_text(frame.lang, &old), &as_text(frame.lang, &new));
    page(
        &state,
        &frame,
        &staff,
        "admin.revision.compare",
        "admin/compare.html",
        json!({ "id": id, "from": from, "to": to, "lines": lines }),
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: i64,
    /// `1` when someone who may publish puts the old version live at once.
    #[serde(default)]
    live: String,
}

pub async fn restore(
    State(state): State<SharedState>,
    frame: Frame,
    Path((id, revision)): Path<(ArticleId, i64)>,
    Checked { staff, form }: Checked<RestoreForm>,
) -> Response {
    let request = RestoreRequest {
        revision,
        current: form.current,
        live: form.live == "1",
    };
    match newsroom::restore(
        &state.store,
        &frame.site,
        &staff.user,
        id,
        request,
        frame.now,
    )
    .await
    {
        Ok(Restored::Live(_)) => {
            Redirect::to(&format!("/quan-tri/bai-viet/{id}?khoi-phuc={revision}")).into_response()
        }
        Ok(Restored::Waiting) => {
            Redirect::to(&format!("/quan-tri/bai-viet/{id}?cho-duyet={revision}")).into_response()
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

csrf_field!(RestoreForm);

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    /// `dong-y` puts the waiting version live; `tu-choi` drops it.
    #[serde(default)]
    decision: String,
}

csrf_field!(DecideForm);

pub async fn decide(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<ArticleId>,
    Checked { staff, form }: Checked<DecideForm>,
) -> Response {
    let accept = match form.decision.as_str() {
        "dong-y" => true,
        "tu-choi" => false,
        _ => {
            return refusal(
                &state,
                &frame,
                &staff,
                newsroom::NewsroomError::Invalid("newsroom.unknown_action"),
            );
        }
    };
    match newsroom::decide_restore(
        &state.store,
        &frame.site,
        &staff.user,
        id,
        accept,
        frame.now,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/quan-tri/bai-viet/{id}")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

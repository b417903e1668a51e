//! The home page in editors' hands: the "Tin nổi bật" screen, where the
//! featured stories and the pinned articles are put in order (buttons,
//! the keyboard, or dragging), and the edit page's box that features or
//! pins one article until an optional end time.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::highlight::{Highlight, HighlightKind};
use portal_core::{Article, ArticleId};
use portal_services::news::highlights::{self, Move};
use portal_services::news::newsroom::NewsroomError;
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::news::newsroom::local_input;

pub const SCREEN: &str = "/quan-tri/noi-bat";

fn kind_in_path(text: &str) -> Result<HighlightKind, NewsroomError> {
    match text {
        "tin-noi-bat" => Ok(HighlightKind::Featured),
        "ghim" => Ok(HighlightKind::Pinned),
        _ => Err(NewsroomError::NotFound),
    }
}

fn path_of(kind: HighlightKind) -> &'static str {
    match kind {
        HighlightKind::Featured => "tin-noi-bat",
        HighlightKind::Pinned => "ghim",
    }
}

pub async fn screen(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    let mut lists = Vec::new();
    for kind in HighlightKind::ALL {
        let held = match highlights::list(&state.store, &frame.site, &staff.user, kind).await {
            Ok(held) => held,
            Err(error) => return refusal(&state, &frame, &staff, error),
        };
        let rows: Vec<_> = held
            .iter()
            .map(|h| {
                json!({
                    "id": h.highlight.article_id,
                    "title": h.title,
                    "state": h.status.shown(h.publish_at, h.expire_at, frame.now),
                    "until": h.highlight.until,
                    "ended": !h.highlight.is_current(frame.now),
                })
            })
            .collect();
        lists.push(json!({ "kind": kind, "path": path_of(kind), "rows": rows }));
    }
    page(
        &state,
        &frame,
        &staff,
        "highlights.title",
        "admin/highlights.html",
        json!({ "lists": lists, "max": highlights::MAX_HIGHLIGHTS }),
        StatusCode::OK,
    )
}

/// What the edit page's box shows: whether the article is featured or
/// pinned and until when (nothing for those who may not choose).
pub async fn edit_box(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    article: &Article,
) -> Option<serde_json::Value> {
    if !portal_core::workflow::may_choose_highlights(staff.user.role) {
        return None;
    }
    let held: Vec<Highlight> =
        highlights::of_article(&state.store, &frame.site, &staff.user, article.id)
            .await
            .unwrap_or_default();
    let of = |kind: HighlightKind| {
        held.iter().find(|h| h.kind == kind).map(|h| {
            json!({
                "until": h.until.map(local_input).unwrap_or_default(),
                "ended": !h.is_current(frame.now),
            })
        })
    };
    Some(json!({
        "featured": of(HighlightKind::Featured),
        "pinned": of(HighlightKind::Pinned),
    }))
}

#[derive(Debug, Deserialize)]
pub struct PutForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    /// `dat` to feature or pin (or change the end time), `bo` to take off.
    #[serde(default)]
    action: String,
    /// `YYYY-MM-DDTHH:MM` in Vietnam time; empty for no end.
    #[serde(default)]
    until: String,
}

csrf_field!(PutForm);

pub async fn put(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<ArticleId>,
    Checked { staff, form }: Checked<PutForm>,
) -> Response {
    let done = async {
        let kind = HighlightKind::parse(&form.kind)
            .ok_or(NewsroomError::Invalid("highlights.unknown_kind"))?;
        match form.action.as_str() {
            "dat" => {
                let until = match form.until.trim() {
                    "" => None,
                    text => Some(
                        portal_core::time::parse_local_input(text)
                            .ok_or(NewsroomError::Invalid("newsroom.bad_time"))?,
                    ),
                };
                highlights::put(
                    &state.store,
                    &frame.site,
                    &staff.user,
                    kind,
                    id,
                    until,
                    frame.now,
                )
                .await
            }
            "bo" => {
                highlights::take_off(&state.store, &frame.site, &staff.user, kind, id, frame.now)
                    .await
            }
            _ => Err(NewsroomError::Invalid("newsroom.unknown_action")),
        }
    };
    match done.await {
        Ok(()) => Redirect::to(&format!("/quan-tri/bai-viet/{id}?noi-bat=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    /// `len`, `xuong` or `bo`.
    #[serde(default)]
    way: String,
}

csrf_field!(StepForm);

pub async fn step(
    State(state): State<SharedState>,
    frame: Frame,
    Path((kind, id)): Path<(String, ArticleId)>,
    Checked { staff, form }: Checked<StepForm>,
) -> Response {
    let done = async {
        let kind = kind_in_path(&kind)?;
        let (store, site, user, now) = (&state.store, &frame.site, &staff.user, frame.now);
        match form.way.as_str() {
            "len" => highlights::step(store, site, user, kind, id, Move::Up, now).await,
            "xuong" => highlights::step(store, site, user, kind, id, Move::Down, now).await,
            "bo" => highlights::take_off(store, site, user, kind, id, now).await,
            _ => Err(NewsroomError::Invalid("newsroom.unknown_action")),
        }?;
        Ok::<_, NewsroomError>(kind)
    };
    match done.await {
        Ok(kind) => Redirect::to(&format!("{SCREEN}#{}", path_of(kind))).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct OrderForm {
    #[serde(default)]
    csrf: String,
    /// The articles' numbers in their new order, comma separated (what
    /// dragging the rows sends).
    #[serde(default)]
    order: String,
}

csrf_field!(OrderForm);

pub async fn reorder(
    State(state): State<SharedState>,
    frame: Frame,
    Path(kind): Path<String>,
    Checked { staff, form }: Checked<OrderForm>,
) -> Response {
    let done = async {
        let kind = kind_in_path(&kind)?;
        let ids = form
            .order
            .split(',')
            .map(|part| part.trim().parse().map(ArticleId))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| NewsroomError::Invalid("highlights.order_stale"))?;
        highlights::reorder(
            &state.store,
            &frame.site,
            &staff.user,
            kind,
            &ids,
            frame.now,
        )
        .await?;
        Ok::<_, NewsroomError>(kind)
    };
    match done.await {
        Ok(kind) => Redirect::to(&format!("{SCREEN}#{}", path_of(kind))).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

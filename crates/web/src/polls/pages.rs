//! `/tham-do`: every poll with its results as a bar chart drawn on the
//! server; `/tham-do/{id}`: one poll, its vote form (sealed like every
//! public form; `?chon=ID` carries a choice made in the sidebar) and its
//! results.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use portal_core::poll::POLLS_PATH;
use portal_services::news::newsroom::NewsroomError;
use portal_services::polls;
use portal_services::views::Visitor;
use serde::Deserialize;
use serde_json::json;

use crate::citizens::{self, SentForm, Turned};
use crate::frame::{Frame, standalone_page};
use crate::i18n::t;
use crate::request::ClientAddress;
use crate::{SharedState, WebError};

pub async fn list(State(state): State<SharedState>, frame: Frame) -> Result<Response, WebError> {
    let polls = polls::list(&state.store, &frame.site).await?;
    let shown: Vec<_> = polls
        .iter()
        .filter(|poll| poll.opens_at <= frame.now)
        .map(|poll| super::shown(poll, frame.now, frame.lang))
        .collect();
    standalone_page(
        &state,
        &frame,
        "polls.html",
        &t(frame.lang, "polls.title"),
        POLLS_PATH,
        json!({ "polls": shown }),
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct PollQuery {
    #[serde(default)]
    chon: String,
}

async fn poll_page(
    state: &SharedState,
    frame: &Frame,
    id: &str,
    chosen: i64,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let poll = polls::one(&state.store, &frame.site, id)
        .await?
        .filter(|poll| poll.opens_at <= frame.now)
        .ok_or(WebError::NotFound)?;
    let open = poll.is_open(frame.now);
    citizens::form_page(
        state,
        frame,
        "poll.html",
        &poll.question,
        &poll.path(),
        json!({
            "poll": super::shown(&poll, frame.now, frame.lang),
            "chosen": chosen,
            "notice": notice,
            "error": error,
        }),
        open,
        status,
    )
    .await
}

pub async fn poll(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
    Query(query): Query<PollQuery>,
) -> Result<Response, WebError> {
    let chosen = query.chon.trim().parse().unwrap_or(0);
    poll_page(&state, &frame, &id, chosen, None, None, StatusCode::OK).await
}

pub async fn vote(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, WebError> {
    let sent = SentForm::read(form, 0).await;
    let chosen: Vec<i64> = sent
        .all("choice")
        .filter_map(|value| value.trim().parse().ok())
        .collect();
    let first = chosen.first().copied().unwrap_or(0);
    let again = |key: &str, status: StatusCode| {
        poll_page(
            &state,
            &frame,
            &id,
            first,
            None,
            Some(t(frame.lang, key)),
            status,
        )
    };
    match citizens::admit(&state, &frame, &headers, &address, "poll", &sent).await {
        Ok(()) => {}
        Err(Turned::Back(key, status)) => return again(key, status).await,
        Err(Turned::Away(error)) => return Err(error),
    }
    let numeric: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let visitor = Visitor {
        address: &address,
        user_agent,
    };
    match polls::vote(
        &state.store,
        &frame.site,
        numeric,
        &chosen,
        &visitor,
        &state.views,
        frame.now,
    )
    .await
    {
        Ok(_) => {
            poll_page(
                &state,
                &frame,
                &id,
                0,
                Some(t(frame.lang, "polls.thanks")),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(NewsroomError::Invalid(key)) => {
            let status = if key == "polls.already_voted" || key == "polls.closed" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            again(key, status).await
        }
        Err(error) => Err(error.into()),
    }
}

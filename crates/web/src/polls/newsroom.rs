//! `/quan-tri/tham-do`: the office writes polls (a question, one choice a
//! line, one or several to tick, open and close times) and sees their
//! results. A refused poll comes back as typed.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::poll::{Choice, Poll};
use portal_core::time::parse_local_input;
use portal_services::news::newsroom::NewsroomError;
use portal_services::polls;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;
use crate::news::newsroom::local_input;

pub const SCREEN: &str = "/quan-tri/tham-do";

#[derive(Debug, Deserialize, Default)]
pub struct ScreenQuery {
    #[serde(default)]
    sua: Option<i64>,
}

/// The poll form as typed. Choices are one a line; a line kept from the
/// poll as it was carries its choice's id (`#12 Tốt`), so relabelling a
/// choice keeps its votes.
#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct PollForm {
    #[serde(default, skip_serializing)]
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    choices: String,
    #[serde(default)]
    multiple: Option<String>,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
}

csrf_field!(PollForm);

impl PollForm {
    fn of(poll: &Poll) -> Self {
        Self {
            csrf: String::new(),
            id: poll.id.to_string(),
            question: poll.question.clone(),
            choices: poll
                .choices
                .iter()
                .map(|c| format!("#{} {}", c.id, c.label))
                .collect::<Vec<_>>()
                .join("\n"),
            multiple: poll.multiple.then(|| "1".to_string()),
            opens: local_input(poll.opens_at),
            closes: poll.closes_at.map(local_input).unwrap_or_default(),
        }
    }

    fn poll(&self, frame: &Frame) -> Result<Poll, &'static str> {
        let opens_at = parse_local_input(self.opens.trim()).ok_or("polls.bad_time")?;
        let closes_at = match self.closes.trim() {
            "" => None,
            text => Some(parse_local_input(text).ok_or("polls.bad_time")?),
        };
        let choices = self
            .choices
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(
                |line| match line.strip_prefix('#').and_then(|rest| rest.split_once(' ')) {
                    Some((id, label)) if id.parse::<i64>().is_ok() => Choice {
                        id: id.parse().unwrap_or(0),
                        label: label.to_string(),
                        votes: 0,
                    },
                    _ => Choice {
                        id: 0,
                        label: line.to_string(),
                        votes: 0,
                    },
                },
            )
            .collect();
        Ok(Poll {
            id: self.id.trim().parse().unwrap_or(0),
            site_id: frame.site.id,
            question: self.question.clone(),
            choices,
            multiple: self.multiple.is_some(),
            opens_at,
            closes_at,
            voters: 0,
        })
    }
}

async fn render(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    form: &PollForm,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let list = match polls::list(&state.store, &frame.site).await {
        Ok(list) => list,
        Err(error) => return refusal(state, frame, staff, crate::WebError::from(error)),
    };
    page(
        state,
        frame,
        staff,
        "polls.admin_title",
        "admin/polls.html",
        json!({
            "form": form,
            "error": error,
            "polls": list.iter().map(|poll| super::shown(poll, frame.now, frame.lang)).collect::<Vec<_>>(),
        }),
        status,
    )
}

pub async fn screen(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<ScreenQuery>,
) -> Response {
    if let Err(error) = polls::may_keep(&frame.site, &staff.user) {
        return refusal(&state, &frame, &staff, error);
    }
    let form = match query.sua {
        Some(id) => match polls::one(&state.store, &frame.site, id).await {
            Ok(Some(poll)) => PollForm::of(&poll),
            Ok(None) => return refusal(&state, &frame, &staff, NewsroomError::NotFound),
            Err(error) => return refusal(&state, &frame, &staff, crate::WebError::from(error)),
        },
        None => PollForm {
            opens: local_input(frame.now),
            ..PollForm::default()
        },
    };
    render(&state, &frame, &staff, &form, None, StatusCode::OK).await
}

pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<PollForm>,
) -> Response {
    let saved = match form.poll(&frame) {
        Ok(poll) => polls::save(&state.store, &frame.site, &staff.user, &poll, frame.now).await,
        Err(key) => Err(NewsroomError::Invalid(key)),
    };
    match saved {
        Ok(_) => Redirect::to(&format!("{SCREEN}?da-luu=1")).into_response(),
        Err(NewsroomError::Invalid(key)) => {
            render(
                &state,
                &frame,
                &staff,
                &form,
                Some(t(frame.lang, key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

//! `/quan-tri/lien-he`: the units' inboxes: messages by unit and state, one
//! message with its sender (the look is in the audit log; a new message
//! becomes read), a reply by e-mail, and the mark "đã xử lý".

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::contact::{Message, Status};
use portal_core::time::format_date_time;
use portal_services::contact;
use portal_services::news::newsroom::NewsroomError;
use serde::Deserialize;
use serde_json::{Value, json};

use super::pages::wording;
use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;
use crate::questions::pages::paragraphs;

pub const SCREEN: &str = "/quan-tri/lien-he";

#[derive(Debug, Deserialize, Default)]
pub struct InboxQuery {
    #[serde(default, rename = "don-vi")]
    unit: String,
    #[serde(default, rename = "trang-thai")]
    status: String,
}

fn status_label(frame: &Frame, status: Status) -> String {
    t(frame.lang, &format!("contact.status.{}", status.as_str()))
}

fn row(frame: &Frame, message: &Message, units: &[portal_core::organisation::Unit]) -> Value {
    json!({
        "id": message.id,
        "subject": message.subject,
        "unit": message.unit_id.and_then(|id| units.iter().find(|u| u.id == id)).map(|u| u.name.clone()),
        "status": message.status.as_str(),
        "status_label": status_label(frame, message.status),
        "received": format_date_time(message.created_at),
        "url": format!("{SCREEN}/{}", message.id),
    })
}

pub async fn inbox(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<InboxQuery>,
) -> Response {
    let unit = query.unit.trim().parse::<i64>().ok().filter(|id| *id > 0);
    let status = Status::parse(query.status.trim());
    let messages = contact::inbox(&state.store, &frame.site, &staff.user, unit, status).await;
    let units = contact::units(&state.store, &frame.site).await;
    let (messages, units) = match (messages, units) {
        (Ok(messages), Ok(units)) => (messages, units),
        (Err(error), _) => return refusal(&state, &frame, &staff, error),
        (_, Err(error)) => return refusal(&state, &frame, &staff, crate::WebError::from(error)),
    };
    page(
        &state,
        &frame,
        &staff,
        "contact.admin_title",
        "admin/contact.html",
        json!({
            "messages": messages.iter().map(|m| row(&frame, m, &units)).collect::<Vec<_>>(),
            "units": units.iter().map(|u| json!({ "id": u.id.to_string(), "name": u.name })).collect::<Vec<_>>(),
            "unit": query.unit.trim(),
            "status": query.status.trim(),
            "statuses": Status::ALL.iter().map(|s| json!({ "value": s.as_str(), "label": status_label(&frame, *s) })).collect::<Vec<_>>(),
        }),
        StatusCode::OK,
    )
}

async fn message_screen(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    id: i64,
    typed: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let message = match contact::open(&state.store, &frame.site, &staff.user, id, frame.now).await {
        Ok(message) => message,
        Err(error) => return refusal(state, frame, staff, error),
    };
    let units = contact::units(&state.store, &frame.site)
        .await
        .unwrap_or_default();
    page(
        state,
        frame,
        staff,
        "contact.message_title",
        "admin/contact_message.html",
        json!({
            "message": row(frame, &message, &units),
            "sender": message.sender,
            "erased": message.erased_at.is_some(),
            "body": paragraphs(&message.body),
            "reply": paragraphs(&message.reply),
            "replied": message.replied_at.map(format_date_time),
            "typed": typed,
            "processed": message.status == Status::Processed,
            "error": error,
        }),
        status,
    )
}

pub async fn message(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
) -> Response {
    message_screen(&state, &frame, &staff, id, "", None, StatusCode::OK).await
}

#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    /// `tra-loi` or `da-xu-ly`.
    #[serde(default)]
    step: String,
    #[serde(default)]
    reply: String,
}

csrf_field!(StepForm);

pub async fn step(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<StepForm>,
) -> Response {
    let done = match form.step.as_str() {
        "tra-loi" => {
            contact::reply(
                &state.store,
                &frame.site,
                &staff.user,
                id,
                &form.reply,
                &wording(frame.lang, "reply"),
                &frame.url(portal_core::contact::CONTACT_PATH),
                frame.now,
            )
            .await
        }
        "da-xu-ly" => {
            contact::processed(&state.store, &frame.site, &staff.user, id, frame.now).await
        }
        _ => Err(NewsroomError::Invalid("questions.unknown_step")),
    };
    match done {
        Ok(()) => {
            state.mail_wake.mail_queued();
            Redirect::to(&format!("{SCREEN}/{id}?da-luu=1")).into_response()
        }
        Err(NewsroomError::Invalid(key)) => {
            message_screen(
                &state,
                &frame,
                &staff,
                id,
                &form.reply,
                Some(t(frame.lang, key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

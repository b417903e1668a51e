//! `/lay-y-kien`: the drafts open for comment (and those closed); under a
//! draft's page its published comments; `/van-ban/{id}/gop-y`: the comment
//! form, sealed like every public form.

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portal_core::consultation::{CONSULTATIONS_PATH, Comment, Consultation};
use portal_core::document::Document;
use portal_core::time::{format_date, format_date_time};
use portal_services::consultations;
use portal_services::news::newsroom::NewsroomError;
use serde_json::{Value, json};

use crate::citizens::{self, SentForm, Turned};
use crate::frame::{Frame, standalone_page};
use crate::i18n::t;
use crate::questions::pages::paragraphs;
use crate::request::ClientAddress;
use crate::{SharedState, WebError};

fn form_path(document_id: i64) -> String {
    format!("/van-ban/{document_id}/gop-y")
}

fn dates(consultation: &Consultation, now: i64) -> Value {
    json!({
        "opens": format_date_time(consultation.opens_at),
        "closes": format_date_time(consultation.closes_at),
        "open": consultation.is_open(now),
        "form": form_path(consultation.document_id),
    })
}

fn shown_comment(comment: &Comment) -> Value {
    json!({
        "name": comment.name,
        "organisation": comment.organisation,
        "article": comment.article,
        "body": paragraphs(&comment.body),
        "at": format_date(comment.created_at),
    })
}

/// What a document's page shows of its consultation, if it has one.
pub(crate) async fn on_document(
    state: &SharedState,
    frame: &Frame,
    document: &Document,
) -> Result<Value, WebError> {
    Ok(
        match consultations::on_document(&state.store, &frame.site, document.id).await? {
            Some((consultation, comments)) => {
                let mut shown = dates(&consultation, frame.now);
                shown["comments"] = comments.iter().map(shown_comment).collect();
                shown
            }
            None => Value::Null,
        },
    )
}

pub async fn list(State(state): State<SharedState>, frame: Frame) -> Result<Response, WebError> {
    let drafts = consultations::drafts(&state.store, &frame.site).await?;
    let shown: Vec<Value> = drafts
        .iter()
        .filter(|draft| draft.consultation.opens_at <= frame.now)
        .map(|draft| {
            let mut shown = dates(&draft.consultation, frame.now);
            shown["url"] = draft.document.path().into();
            shown["title"] = format!("{} {}", draft.document.kind, draft.document.number).into();
            shown["summary"] = draft.document.summary.clone().into();
            shown
        })
        .collect();
    standalone_page(
        &state,
        &frame,
        "consultations.html",
        &t(frame.lang, "consultations.title"),
        CONSULTATIONS_PATH,
        json!({ "drafts": shown }),
    )
}

async fn form_page(
    state: &SharedState,
    frame: &Frame,
    document_id: &str,
    typed: Value,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let id: i64 = document_id.parse().map_err(|_| WebError::NotFound)?;
    let document = portal_services::documents::get(&state.store, &frame.site, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (consultation, _) = consultations::on_document(&state.store, &frame.site, id)
        .await?
        .ok_or(WebError::NotFound)?;
    citizens::form_page(
        state,
        frame,
        "consultation_form.html",
        &t(frame.lang, "consultations.form_title"),
        &form_path(id),
        json!({
            "document": {
                "url": document.path(),
                "title": format!("{} {}", document.kind, document.number),
                "summary": document.summary,
            },
            "consultation": dates(&consultation, frame.now),
            "typed": typed,
            "error": error,
        }),
        consultation.is_open(frame.now),
        status,
    )
    .await
}

pub async fn form(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    form_page(&state, &frame, &id, json!({}), None, StatusCode::OK).await
}

pub async fn send(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, WebError> {
    let sent = SentForm::read(form, 0).await;
    let again = |key: &str, status: StatusCode| {
        form_page(
            &state,
            &frame,
            &id,
            sent.typed(),
            Some(t(frame.lang, key)),
            status,
        )
    };
    match citizens::admit(&state, &frame, &headers, &address, "comment", &sent).await {
        Ok(()) => {}
        Err(Turned::Back(key, status)) => return again(key, status).await,
        Err(Turned::Away(error)) => return Err(error),
    }
    let document_id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let comment = Comment {
        document_id,
        name: sent.get("name").to_string(),
        organisation: sent.get("organisation").to_string(),
        email: sent.get("email").to_string(),
        article: sent.get("article").to_string(),
        body: sent.get("body").to_string(),
        ..Comment::default()
    };
    match consultations::comment(&state.store, &frame.site, &comment, frame.now).await {
        Ok(_) => citizens::private_page(
            &state,
            &frame,
            "consultation_sent.html",
            &t(frame.lang, "consultations.sent_title"),
            &form_path(document_id),
            json!({ "document": format!("/van-ban/{document_id}") }),
        ),
        Err(NewsroomError::Invalid(key)) => {
            let status = if key == "consultations.closed" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            again(key, status).await
        }
        Err(error) => Err(error.into()),
    }
}

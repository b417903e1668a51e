//! `/lien-he-truc-tuyen`: a citizen writes to a unit of the organisation
//! (`?don-vi=ID` chooses it beforehand), behind the public forms' guard.

use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portal_core::contact::{CONTACT_PATH, Letter};
use portal_core::question::Asker;
use portal_services::contact::{self, Wording};
use portal_services::news::newsroom::NewsroomError;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::citizens::{self, SentForm, Turned};
use crate::frame::Frame;
use crate::i18n::{Lang, t};
use crate::request::ClientAddress;
use crate::{SharedState, WebError};

#[derive(Debug, Deserialize, Default)]
pub struct FormQuery {
    #[serde(default, rename = "don-vi")]
    unit: String,
}

/// The mails of contact, in the site's language.
pub(crate) fn wording(lang: Lang, event: &str) -> Wording {
    Wording {
        subject: t(lang, &format!("contact.mail.{event}.subject")),
        body: t(lang, &format!("contact.mail.{event}.body")),
    }
}

async fn form_page(
    state: &SharedState,
    frame: &Frame,
    typed: Value,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let units = contact::units(&state.store, &frame.site).await?;
    citizens::form_page(
        state,
        frame,
        "contact_form.html",
        &t(frame.lang, "contact.title"),
        CONTACT_PATH,
        json!({
            "units": units.iter().map(|u| json!({ "id": u.id.to_string(), "name": u.name })).collect::<Vec<_>>(),
            "typed": typed,
            "error": error,
        }),
        true,
        status,
    )
    .await
}

pub async fn form(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<FormQuery>,
) -> Result<Response, WebError> {
    form_page(
        &state,
        &frame,
        json!({ "unit": query.unit.trim() }),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn send(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, WebError> {
    let sent = SentForm::read(form, 0).await;
    let again = |key: &str, status: StatusCode| {
        form_page(
            &state,
            &frame,
            sent.typed(),
            Some(t(frame.lang, key)),
            status,
        )
    };
    match citizens::admit(&state, &frame, &headers, &address, "contact", &sent).await {
        Ok(()) => {}
        Err(Turned::Back(key, status)) => return again(key, status).await,
        Err(Turned::Away(error)) => return Err(error),
    }
    let letter = Letter {
        unit_id: sent.get("unit").trim().parse().ok().filter(|id| *id > 0),
        sender: Asker {
            name: sent.get("name").to_string(),
            email: sent.get("email").to_string(),
            phone: sent.get("phone").to_string(),
            address: sent.get("address").to_string(),
        },
        subject: sent.get("subject").to_string(),
        body: sent.get("body").to_string(),
    };
    let taken = contact::send(
        &state.store,
        &frame.site,
        &letter,
        &wording(frame.lang, "notice"),
        &frame.url(super::newsroom::SCREEN),
        frame.now,
    )
    .await;
    match taken {
        Ok(_) => {
            state.mail_wake.mail_queued();
            citizens::private_page(
                &state,
                &frame,
                "contact_sent.html",
                &t(frame.lang, "contact.sent_title"),
                CONTACT_PATH,
                json!({}),
            )
        }
        Err(NewsroomError::Invalid(key)) => again(key, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(error) => Err(error.into()),
    }
}

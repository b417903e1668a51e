//! `/lien-he-truc-tuyen`: a citizen writes to a unit of the organisation
//! (`?don-vi=ID` chooses it beforehand), behind the public forms' guard.

use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use portal_core::contact::{CONTACT_PATH, Letter};
use portal_core::question::Asker;
use portal_services::contact::{self, Wording};
use portal_services::news::newsroom::NewsroomError;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::citizens::{SentForm, guard};
use crate::frame::{Frame, standalone_page};
use crate::i18n::{Lang, t};
use crate::questions::pages::no_store;
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
    let (seal, cookie) = guard::seal(state, frame)
        .await
        .ok_or_else(|| WebError::Other(anyhow::anyhow!("the form secret could not be read")))?;
    let mut response = standalone_page(
        state,
        frame,
        "contact_form.html",
        &t(frame.lang, "contact.title"),
        CONTACT_PATH,
        json!({
            "units": units.iter().map(|u| json!({ "id": u.id.to_string(), "name": u.name })).collect::<Vec<_>>(),
            "typed": typed,
            "error": error,
            "seal": seal,
        }),
    )?;
    *response.status_mut() = status;
    no_store(&mut response);
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
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
    if sent.too_large || sent.damaged {
        return Err(WebError::BadRequest("forms.damaged"));
    }
    let again = |key: &str, status: StatusCode| {
        form_page(
            &state,
            &frame,
            sent.typed(),
            Some(t(frame.lang, key)),
            status,
        )
    };
    match guard::check(&state, &frame, &headers, &address, "contact", &sent.seal()).await {
        Ok(()) => {}
        Err(guard::Refusal::Robot) => return Err(WebError::BadRequest("forms.robot")),
        Err(refusal @ guard::Refusal::TooMany) => {
            return again(refusal.message_key(), StatusCode::TOO_MANY_REQUESTS).await;
        }
        Err(refusal) => {
            return again(refusal.message_key(), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
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
            let mut response = standalone_page(
                &state,
                &frame,
                "contact_sent.html",
                &t(frame.lang, "contact.sent_title"),
                CONTACT_PATH,
                json!({}),
            )?;
            no_store(&mut response);
            Ok(response)
        }
        Err(NewsroomError::Invalid(key)) => again(key, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(error) => Err(error.into()),
    }
}

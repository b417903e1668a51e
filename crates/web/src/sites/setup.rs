//! The first run's set-up screen: on an installation where nobody has an
//! account yet, the portal's name, agency and contacts and its first
//! administrator. Open from the server itself (loopback), or from
//! anywhere with the one-time code `serve` prints; gone once done.

use std::net::IpAddr;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portal_services::sites::setup::{self, SetupError, SetupInput};
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::WebError;
use crate::accounts::auth::{LOGIN, csrf_refused, form_token, form_token_ok, signed_in};
use crate::admin::{AdminPage, render_admin};
use crate::frame::Frame;
use crate::i18n::t;
use crate::request::ClientAddress;

pub const SCREEN: &str = "/quan-tri/thiet-lap";

#[derive(Debug, Deserialize, Default)]
pub struct CodeQuery {
    /// The one-time code `serve` printed.
    #[serde(default)]
    ma: String,
}

/// From the server itself, or with the code it printed.
fn may_set_up(state: &SharedState, address: &str, code: &str) -> bool {
    let loopback = address.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    loopback || (!code.is_empty() && crate::accounts::auth::same_secret(code, &state.setup_token))
}

async fn still_needed(state: &SharedState) -> Result<bool, WebError> {
    state.needs_setup().await.map_err(WebError::from)
}

pub async fn form(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    Query(query): Query<CodeQuery>,
) -> Response {
    match still_needed(&state).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to(LOGIN).into_response(),
        Err(error) => return error.into_response(),
    }
    if !may_set_up(&state, &address, &query.ma) {
        return not_from_here(&state, &frame);
    }
    // What the site already says (the demo's province, or a name only).
    let site = &frame.site;
    let input = SetupInput {
        name: site.name.clone(),
        agency: site.agency.clone(),
        address: site.address.clone(),
        phone: site.phone.clone(),
        email: site.email.clone(),
        licence: site.licence.clone(),
        responsible: site.responsible.clone(),
        ..Default::default()
    };
    screen(&state, &frame, &input, &query.ma, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize, Default)]
pub struct SetupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ma: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    licence: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Response {
    if !form_token_ok(&state, &frame, &headers, &form.csrf).await {
        return csrf_refused();
    }
    match still_needed(&state).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to(LOGIN).into_response(),
        Err(error) => return error.into_response(),
    }
    if !may_set_up(&state, &address, &form.ma) {
        return not_from_here(&state, &frame);
    }
    let input = SetupInput {
        name: form.name,
        agency: form.agency,
        address: form.address,
        phone: form.phone,
        email: form.email,
        licence: form.licence,
        responsible: form.responsible,
        login: form.login,
        display_name: form.display_name,
        password: form.password,
        password_again: form.password_again,
    };
    match setup::set_up(&state.store, &frame.site, &input, frame.now).await {
        Ok(_) => {
            let session = portal_services::accounts::log_in(
                &state.store,
                &frame.site,
                &input.login,
                &input.password,
                &address,
                frame.now,
            )
            .await;
            match session {
                Ok(session) => {
                    signed_in(
                        &state,
                        &frame,
                        &headers,
                        &session,
                        "/quan-tri?chao-mung=1",
                        frame.now,
                    )
                    .await
                }
                Err(_) => Redirect::to(LOGIN).into_response(),
            }
        }
        Err(SetupError::AlreadyDone) => Redirect::to(LOGIN).into_response(),
        Err(error) => {
            let (status, message) = refusal(error).explain(frame.lang);
            let input = SetupInput {
                password: String::new(),
                password_again: String::new(),
                ..input
            };
            screen(&state, &frame, &input, &form.ma, Some(&message), status).await
        }
    }
}

fn refusal(error: SetupError) -> WebError {
    match error {
        SetupError::Invalid(key) => WebError::refused(StatusCode::UNPROCESSABLE_ENTITY, key),
        SetupError::Account(error) => error.into(),
        SetupError::Settings(error) => error.into(),
        SetupError::Store(error) => error.into(),
        SetupError::AlreadyDone => WebError::NotFound,
    }
}

async fn screen(
    state: &SharedState,
    frame: &Frame,
    input: &SetupInput,
    code: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let Some((cookie, csrf)) = form_token(state, frame).await else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            t(frame.lang, "error.server.body"),
        )
            .into_response();
    };
    let page = AdminPage {
        title_key: "setup.title",
        user: None,
        csrf,
        data: json!({
            "code": code,
            "error": error,
            "form": {
                "name": input.name,
                "agency": input.agency,
                "address": input.address,
                "phone": input.phone,
                "email": input.email,
                "licence": input.licence,
                "responsible": input.responsible,
                "login": input.login,
                "display_name": input.display_name,
            },
        }),
    };
    let mut response = render_admin(state, frame, "admin/setup.html", &page, status);
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

/// Someone on another machine without the code: told where to open it.
fn not_from_here(state: &SharedState, frame: &Frame) -> Response {
    let page = AdminPage {
        title_key: "setup.title",
        user: None,
        csrf: String::new(),
        data: json!({ "message": t(frame.lang, "setup.not_from_here") }),
    };
    render_admin(
        state,
        frame,
        "admin/message.html",
        &page,
        StatusCode::FORBIDDEN,
    )
}

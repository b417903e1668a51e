//! What goes wrong in a request, and the one answer a person or a program
//! gets for it: handlers return `Result<_, WebError>`, [`WebError`]'s
//! `IntoResponse` leaves a [`Failure`] on an empty answer, and
//! [`answer_failures`] writes it once, for the route: the Vietnamese page
//! in the site's frame, or JSON under `/api/`. Each service's refusals are
//! mapped to a status and a catalog key here and nowhere else. Details of
//! server faults go to the log, never to the answer.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_core::workflow::{Action, WorkflowError};
use portal_services::StoreError;
use portal_services::accounts::AccountError;
use portal_services::media::UploadError;
use portal_services::news::newsroom::NewsroomError;
use portal_services::sites::SettingsError;
use portal_services::sites::estate::SiteError;

use crate::SharedState;
use crate::frame::Frame;
use crate::i18n::{Lang, t};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    /// A message key of the catalog explaining what was wrong.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A parameter a program sent was wrong or names nothing; the detail
    /// is for its developer, in English.
    #[error("{field}: {detail}")]
    Parameter {
        status: StatusCode,
        field: &'static str,
        detail: String,
    },
    /// A service refused; the key says why to the person who asked.
    #[error("refused ({status}): {key}")]
    Refused {
        status: StatusCode,
        key: &'static str,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Parameter { status, .. } | Self::Refused { status, .. } => *status,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Catalog keys for the title and the explanation.
    pub fn message_keys(&self) -> (&'static str, &'static str) {
        match self {
            Self::NotFound => ("error.not_found.title", "error.not_found.body"),
            Self::BadRequest(key) => ("error.bad_request.title", key),
            Self::Refused { key, .. } => ("admin.refused", key),
            Self::Parameter { status, .. } if *status == StatusCode::NOT_FOUND => {
                ("error.not_found.title", "error.not_found.body")
            }
            Self::Parameter { .. } => ("error.bad_request.title", "error.bad_page"),
            _ => ("error.server.title", "error.server.body"),
        }
    }

    /// The status and the sentence the person reads; server faults are
    /// logged, never shown.
    pub fn explain(&self, lang: Lang) -> (StatusCode, String) {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        (self.status(), t(lang, self.message_keys().1))
    }

    pub fn refused(status: StatusCode, key: &'static str) -> Self {
        Self::Refused { status, key }
    }

    /// A conflicting write (two people saved at once, a name taken) is the
    /// person's to resolve, told with `key`; any other store fault is ours.
    fn from_store(error: StoreError, conflict_key: &'static str) -> Self {
        match error {
            StoreError::Conflict(_) => Self::refused(StatusCode::CONFLICT, conflict_key),
            other => Self::Store(other),
        }
    }
}

impl From<SiteError> for WebError {
    fn from(error: SiteError) -> Self {
        match error {
            SiteError::Refused {
                key: "site.province_admins_only",
                ..
            } => Self::refused(StatusCode::FORBIDDEN, "site.province_admins_only"),
            SiteError::Refused { key, .. } => Self::refused(StatusCode::UNPROCESSABLE_ENTITY, key),
            SiteError::Store(error) => Self::Store(error),
        }
    }
}

impl From<NewsroomError> for WebError {
    fn from(error: NewsroomError) -> Self {
        match error {
            NewsroomError::Forbidden(key) => Self::refused(StatusCode::FORBIDDEN, key),
            NewsroomError::NotFound => Self::NotFound,
            NewsroomError::Invalid(key) => Self::refused(StatusCode::UNPROCESSABLE_ENTITY, key),
            NewsroomError::Conflict(_) => Self::refused(StatusCode::CONFLICT, "newsroom.conflict"),
            NewsroomError::MissingMedia(_) => {
                Self::refused(StatusCode::UNPROCESSABLE_ENTITY, "newsroom.missing_media")
            }
            NewsroomError::Workflow(WorkflowError::NoteRequired) => {
                Self::refused(StatusCode::UNPROCESSABLE_ENTITY, "newsroom.note_required")
            }
            NewsroomError::Workflow(WorkflowError::RoleMayNot { .. }) => {
                Self::refused(StatusCode::FORBIDDEN, "newsroom.role_may_not")
            }
            NewsroomError::Workflow(WorkflowError::WrongState {
                from: portal_core::ArticleStatus::Published,
                action: Action::Trash,
            }) => Self::refused(StatusCode::CONFLICT, "newsroom.unpublish_first"),
            NewsroomError::Workflow(WorkflowError::WrongState { .. }) => {
                Self::refused(StatusCode::CONFLICT, "newsroom.wrong_state")
            }
            NewsroomError::Store(error) => Self::from_store(error, "newsroom.conflict"),
        }
    }
}

impl From<AccountError> for WebError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::AdminsOnly => Self::refused(StatusCode::FORBIDDEN, "admin.admins_only"),
            AccountError::NotYourself => {
                Self::refused(StatusCode::FORBIDDEN, "admin.users.not_yourself")
            }
            AccountError::BadLogin => {
                Self::refused(StatusCode::UNPROCESSABLE_ENTITY, "admin.users.bad_login")
            }
            AccountError::WeakPassword => Self::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "admin.users.weak_password",
            ),
            AccountError::NoSuchUser(_) => Self::NotFound,
            AccountError::NotYours => Self::refused(StatusCode::FORBIDDEN, "admin.users.not_yours"),
            AccountError::Store(error) => Self::from_store(error, "admin.users.login_taken"),
            AccountError::Other(error) => Self::Other(error),
        }
    }
}

impl From<SettingsError> for WebError {
    fn from(error: SettingsError) -> Self {
        match error {
            SettingsError::Refused(key @ "admin.admins_only") => {
                Self::refused(StatusCode::FORBIDDEN, key)
            }
            SettingsError::Refused(key) => Self::refused(StatusCode::UNPROCESSABLE_ENTITY, key),
            SettingsError::Store(error) => Self::Store(error),
        }
    }
}

impl From<UploadError> for WebError {
    fn from(error: UploadError) -> Self {
        let key = error.message_key();
        match error {
            UploadError::TooLarge => Self::refused(StatusCode::PAYLOAD_TOO_LARGE, key),
            UploadError::NotAllowed => Self::refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, key),
            UploadError::Busy => Self::refused(StatusCode::SERVICE_UNAVAILABLE, key),
            UploadError::Storage(inner) => Self::Other(inner),
            _ => Self::refused(StatusCode::UNPROCESSABLE_ENTITY, key),
        }
    }
}

/// What a failed handler leaves on its empty answer for
/// [`answer_failures`] to write out.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub title_key: &'static str,
    pub body_key: &'static str,
    /// For programs: the parameter at fault and why, in English.
    pub field: &'static str,
    pub detail: String,
}

impl From<&WebError> for Failure {
    fn from(error: &WebError) -> Self {
        let (title_key, body_key) = error.message_keys();
        let (field, detail) = match error {
            WebError::Parameter { field, detail, .. } => (*field, detail.clone()),
            WebError::NotFound => ("path", "nothing is at this address".to_string()),
            _ => ("", String::new()),
        };
        Self {
            status: error.status(),
            title_key,
            body_key,
            field,
            detail,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Failure::from(&self));
        response
    }
}

/// Writes every failure's answer for its route, in the language of the
/// site the request was for.
pub async fn answer_failures(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST).cloned();
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let Some(failure) = response.extensions().get::<Failure>().cloned() else {
        return response;
    };
    let (mut parts, ()) = Request::new(()).into_parts();
    if let Some(host) = host {
        parts.headers.insert(header::HOST, host);
    }
    let frame = match Frame::from_request_parts(&mut parts, &state).await {
        Ok(frame) => frame,
        Err(plain) => return plain,
    };
    if api {
        error_answer(&frame, &failure)
    } else {
        crate::frame::error_page(&state, &frame, &failure)
    }
}

/// A failure as a program reads it: `{"error": {"message", "field", "detail"}}`.
pub fn error_answer(frame: &Frame, failure: &Failure) -> Response {
    let body = serde_json::json!({ "error": {
        "message": t(frame.lang, failure.title_key),
        "field": failure.field,
        "detail": failure.detail,
    } });
    (failure.status, axum::Json(body)).into_response()
}

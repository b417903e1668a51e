//! The checks every newsroom handler needs, as extractors: a handler that
//! takes [`Checked`] runs only for a signed-in person whose form carries
//! their session's CSRF token; one that takes [`Admin`] only for an
//! administrator. Nothing to write out (or forget) in each handler.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use portal_core::workflow::Role;
use serde::de::DeserializeOwned;

use crate::SharedState;
use crate::accounts::auth::{Staff, csrf_refused};
use crate::frame::Frame;

/// A form that carries the CSRF token it was given.
pub trait WithCsrf {
    fn csrf(&self) -> &str;
}

/// Forms whose token is their `csrf` field.
macro_rules! csrf_field {
    ($($form:ty),* $(,)?) => {
        $(impl $crate::accounts::guard::WithCsrf for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })*
    };
}
pub(crate) use csrf_field;

/// A form read as its name and value pairs, for forms whose fields are
/// not fixed (the layout screen's numbered rows) or repeat (checkboxes).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value named `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every value named `name`, in the order sent.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl WithCsrf for Fields {
    fn csrf(&self) -> &str {
        self.get("csrf")
    }
}

/// The signed-in person and their form, its CSRF token checked. Fields
/// may repeat (several sections for one article).
pub struct Checked<F> {
    pub staff: Staff,
    pub form: F,
}

impl<F> FromRequest<SharedState> for Checked<F>
where
    F: WithCsrf + DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &SharedState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        let Form(form) = Form::<F>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if !staff.csrf_ok(form.csrf()) {
            return Err(csrf_refused());
        }
        Ok(Self { staff, form })
    }
}

/// A signed-in administrator; everyone else gets the refusal page.
pub struct Admin(pub Staff);

impl FromRequestParts<SharedState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, Response> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.user.role == Role::Admin {
            return Ok(Self(staff));
        }
        let frame = Frame::from_request_parts(parts, state).await?;
        Err(crate::admin::refusal(
            state,
            &frame,
            &staff,
            crate::WebError::refused(StatusCode::FORBIDDEN, "admin.admins_only"),
        ))
    }
}

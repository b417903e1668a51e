//! What every form citizens send has in common: its guard (CSRF token,
//! honeypot, sum, limits) and the reading of its fields, bounded in memory.

pub mod guard;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{MethodRouter, get};

use crate::frame::{Frame, standalone_page};
use crate::questions::pages as questions;
use crate::{SharedState, WebError};

/// Every public form, at its address.
fn table() -> Vec<(&'static str, MethodRouter<SharedState>)> {
    vec![
        (
            questions::ASK_PATH,
            get(questions::ask_form).post(questions::ask),
        ),
        (
            questions::FEEDBACK_PATH,
            get(questions::feedback_form).post(questions::send_feedback),
        ),
        (
            questions::TRACK_PATH,
            get(questions::track_form).post(questions::track),
        ),
        (
            "/tham-do/{id}",
            get(crate::polls::pages::poll).post(crate::polls::pages::vote),
        ),
        (
            "/van-ban/{id}/gop-y",
            get(crate::consultations::pages::form).post(crate::consultations::pages::send),
        ),
        (
            portal_core::contact::CONTACT_PATH,
            get(crate::contact::pages::form).post(crate::contact::pages::send),
        ),
    ]
}

/// The public forms' routes: never kept by the page cache (each page
/// carries its own token), bounded in size, posted only from our pages.
pub fn routes() -> Router<SharedState> {
    table()
        .into_iter()
        .fold(Router::new(), |router, (path, methods)| {
            router.route(path, methods)
        })
        .layer(DefaultBodyLimit::max(
            portal_core::question::MAX_ATTACHMENT_BYTES + 256 * 1024,
        ))
        .route_layer(axum::middleware::from_fn(
            crate::accounts::auth::same_origin_posts,
        ))
}

/// The public forms' paths, for tests that must cover each of them.
pub fn paths() -> Vec<&'static str> {
    table().into_iter().map(|(path, _)| path).collect()
}

/// The most one text field of a public form may hold, in bytes.
const MAX_TEXT_BYTES: usize = 64 * 1024;
/// The most fields a public form may send.
const MAX_FIELDS: usize = 100;

/// A public form as sent: its text fields, and its one file if any.
#[derive(Debug, Default)]
pub struct SentForm {
    fields: Vec<(String, String)>,
    pub file: Option<(String, Vec<u8>)>,
    /// A field or the file went past its limit.
    pub too_large: bool,
    /// The form could not be read to its end.
    pub damaged: bool,
}

impl SentForm {
    /// The field's value, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every value of the field, in the order sent (ticked boxes).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// What the guard checks.
    pub fn seal(&self) -> guard::Seal<'_> {
        guard::Seal {
            csrf: self.get("csrf"),
            challenge_token: self.get("challenge_token"),
            challenge_answer: self.get("challenge_answer"),
            honeypot: self.get(guard::HONEYPOT),
        }
    }

    /// Every text field, for a form shown again as typed (the seal's own
    /// fields left out: the page gives fresh ones).
    pub fn typed(&self) -> serde_json::Value {
        let mut typed = serde_json::Map::new();
        for (name, value) in &self.fields {
            let seal = matches!(
                name.as_str(),
                "csrf" | "challenge_token" | "challenge_answer" | guard::HONEYPOT
            );
            if !seal && !typed.contains_key(name) {
                typed.insert(name.clone(), serde_json::Value::from(value.clone()));
            }
        }
        typed.into()
    }

    /// Reads a multipart form, each text field up to 64 KiB and the file
    /// up to `max_file` bytes; whatever goes past is left unread.
    pub async fn read(mut form: Multipart, max_file: usize) -> Self {
        let mut sent = Self::default();
        loop {
            let mut field = match form.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) => {
                    sent.note(error.status());
                    break;
                }
            };
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let limit = if file_name.is_some() {
                max_file
            } else {
                MAX_TEXT_BYTES
            };
            let mut bytes = Vec::new();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > limit {
                            sent.too_large = true;
                            return sent;
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(error) => {
                        sent.note(error.status());
                        return sent;
                    }
                }
            }
            match file_name {
                Some(file_name) if !bytes.is_empty() => sent.file = Some((file_name, bytes)),
                Some(_) => {}
                None => {
                    let Ok(text) = String::from_utf8(bytes) else {
                        sent.damaged = true;
                        return sent;
                    };
                    if sent.fields.len() >= MAX_FIELDS {
                        sent.too_large = true;
                        return sent;
                    }
                    sent.fields.push((name, text));
                }
            }
        }
        sent
    }

    fn note(&mut self, status: StatusCode) {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            self.too_large = true;
        } else {
            self.damaged = true;
        }
    }
}

/// Why a public form was not taken.
pub enum Turned {
    /// Shown again as typed, with this message and status (a wrong sum, an
    /// old page, too many forms).
    Back(&'static str, StatusCode),
    /// Not shown again (a robot, a form that cannot be read).
    Away(WebError),
}

/// Lets a public form through its guard; `name` tells the forms apart for
/// the per-address limit.
pub async fn admit(
    state: &SharedState,
    frame: &Frame,
    headers: &HeaderMap,
    address: &str,
    name: &str,
    sent: &SentForm,
) -> Result<(), Turned> {
    if sent.too_large || sent.damaged {
        return Err(Turned::Away(WebError::BadRequest("forms.damaged")));
    }
    match guard::check(state, frame, headers, address, name, &sent.seal()).await {
        Ok(()) => Ok(()),
        Err(guard::Refusal::Robot) => Err(Turned::Away(WebError::BadRequest("forms.robot"))),
        Err(refusal @ guard::Refusal::TooMany) => Err(Turned::Back(
            refusal.message_key(),
            StatusCode::TOO_MANY_REQUESTS,
        )),
        Err(refusal) => Err(Turned::Back(
            refusal.message_key(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    }
}

/// Pages with a form token or a citizen's data are never kept by anyone.
pub fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// A page for one citizen (what they sent was taken), kept by no one.
pub fn private_page(
    state: &SharedState,
    frame: &Frame,
    template: &str,
    title: &str,
    path: &str,
    data: serde_json::Value,
) -> Result<Response, WebError> {
    let mut response = standalone_page(state, frame, template, title, path, data)?;
    no_store(&mut response);
    Ok(response)
}

/// A page with a public form: `data` gets the form's seal (when `open`; a
/// closed poll or draft shows no form), the answer its status, the cookie
/// its token needs, and is kept by no one.
#[allow(clippy::too_many_arguments)]
pub async fn form_page(
    state: &SharedState,
    frame: &Frame,
    template: &str,
    title: &str,
    path: &str,
    mut data: serde_json::Value,
    open: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    let sealed =
        if open {
            Some(guard::seal(state, frame).await.ok_or_else(|| {
                WebError::Other(anyhow::anyhow!("the form secret could not be read"))
            })?)
        } else {
            None
        };
    data["seal"] = serde_json::json!(sealed.as_ref().map(|(seal, _)| seal));
    let mut response = private_page(state, frame, template, title, path, data)?;
    *response.status_mut() = status;
    if let Some((_, cookie)) = sealed {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

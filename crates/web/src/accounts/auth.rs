//! The newsroom's door: the session cookie, the signed-in person on every
//! request, CSRF tokens on every state change, logging in and out.

use crate::accounts::guard::{Checked, csrf_field};
use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::account::User;
use portal_services::accounts::{self, LoginError};
use serde::Deserialize;

use crate::SharedState;
use crate::admin::{AdminPage, render_admin};
use crate::frame::Frame;
use crate::i18n::t;
use crate::request::ClientAddress;

pub const SESSION_COOKIE: &str = "portal_session";
const LOGIN_CSRF_COOKIE: &str = "portal_login_csrf";
pub const ADMIN: &str = "/quan-tri";
pub const LOGIN: &str = "/quan-tri/dang-nhap";

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A cookie of this site's: host-only (no Domain, so another site's host
/// never gets it), and for a sub-site under its parent's host named and
/// pathed for that sub-site alone.
fn set_cookie(
    state: &SharedState,
    frame: &Frame,
    name: &str,
    value: &str,
    max_age: i64,
) -> HeaderValue {
    let secure = if state.config.public_scheme.as_deref() == Some("https") {
        "; Secure"
    } else {
        ""
    };
    let name = frame.cookie_name(name);
    let path = format!("{}/", frame.prefix);
    let text =
        format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub use accounts::constant_time_eq as same_secret;

/// The signed-in person. Pages that take it send everyone else to the
/// login screen.
pub struct Staff {
    pub user: User,
    pub csrf_token: String,
    /// The cookie's token, to end this session.
    pub session_token: String,
}

impl FromRequestParts<SharedState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, Response> {
        let next = parts.uri.path_and_query().map_or(ADMIN, |p| p.as_str());
        let next = if next.starts_with(ADMIN) { next } else { ADMIN };
        let login_address = format!("{LOGIN}?next={}", urlencode(next));
        let to_login = || Redirect::to(&login_address).into_response();
        let frame = Frame::from_request_parts(parts, state).await?;
        let Some(token) = cookie(&parts.headers, &frame.cookie_name(SESSION_COOKIE)) else {
            return Err(to_login());
        };
        match accounts::session(&state.store, token, &frame.site, frame.now).await {
            Ok(Some((user, csrf_token))) => Ok(Staff {
                user,
                csrf_token,
                session_token: token.to_string(),
            }),
            Ok(None) => Err(to_login()),
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
            }
        }
    }
}

impl Staff {
    /// Whether a state-changing form carries this session's token.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        same_secret(submitted, &self.csrf_token)
    }
}

/// Browsers say where a form was sent from. A POST from another site
/// (`Sec-Fetch-Site: cross-site`, or an `Origin` that is not this host) is
/// refused before any handler reads it, whatever tokens it carries: the
/// CSRF token stays the rule, this is the second lock.
pub async fn same_origin_posts(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() == axum::http::Method::POST && !from_this_site(request.headers()) {
        return csrf_refused();
    }
    next.run(request).await
}

fn from_this_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if text("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    match (text("origin"), text("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, origin_host)| origin_host.eq_ignore_ascii_case(host)),
        (Some(_), None) => false,
    }
}

/// The answer to a state change without the right token.
pub fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        t(crate::i18n::Lang::Vi, "admin.csrf_refused"),
    )
        .into_response()
}

pub fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
}

pub async fn login_page(
    State(state): State<SharedState>,
    frame: Frame,
    axum::extract::Query(query): axum::extract::Query<LoginQuery>,
) -> Response {
    // Nobody can log in before the first run's set-up made someone.
    if matches!(state.needs_setup().await, Ok(true)) {
        return Redirect::to(crate::sites::setup::SCREEN).into_response();
    }
    login_form(&state, &frame, &query.next, "", None, StatusCode::OK).await
}

/// The secret that signs forms of pages without a session.
pub(crate) async fn form_secret(state: &SharedState) -> Option<&str> {
    login_secret(state).await
}

async fn login_secret(state: &SharedState) -> Option<&str> {
    match state
        .login_secret
        .get_or_try_init(|| accounts::login_form_secret(&state.store))
        .await
    {
        Ok(secret) => Some(secret.as_str()),
        Err(error) => {
            tracing::error!(%error, "login form secret not read");
            None
        }
    }
}

async fn login_form(
    state: &SharedState,
    frame: &Frame,
    next: &str,
    login: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let Some(secret) = login_secret(state).await else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            t(frame.lang, "error.server.body"),
        )
            .into_response();
    };
    let (cookie_value, csrf) = accounts::login_form_token(secret, frame.now);
    let page = AdminPage {
        title_key: "admin.login.title",
        user: None,
        csrf: csrf.clone(),
        data: serde_json::json!({ "next": safe_next(next), "login": login, "error": error }),
    };
    let mut response = render_admin(state, frame, "admin/login.html", &page, status);
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            state,
            frame,
            LOGIN_CSRF_COOKIE,
            &cookie_value,
            accounts::LOGIN_FORM_SECONDS,
        ),
    );
    response
}

/// The answer to a successful login (or the first run's set-up): the
/// session cookie, and on to `next`.
pub(crate) async fn signed_in(
    state: &SharedState,
    frame: &Frame,
    headers: &HeaderMap,
    session: &accounts::NewSession,
    next: &str,
    now: i64,
) -> Response {
    // A fresh session id at every login; the old one, if any, ends.
    if let Some(old) = cookie(headers, &frame.cookie_name(SESSION_COOKIE)) {
        let _ = accounts::end_session(&state.store, old).await;
    }
    let mut response = Redirect::to(next).into_response();
    let answer = response.headers_mut();
    answer.append(
        header::SET_COOKIE,
        set_cookie(
            state,
            frame,
            SESSION_COOKIE,
            &session.token,
            session.expires_at - now,
        ),
    );
    answer.append(
        header::SET_COOKIE,
        set_cookie(state, frame, LOGIN_CSRF_COOKIE, "", 0),
    );
    response
}

/// A fresh form token for a page without a session (the login form, the
/// first run's set-up): the cookie to set, and the value for the form.
pub(crate) async fn form_token(
    state: &SharedState,
    frame: &Frame,
) -> Option<(HeaderValue, String)> {
    let secret = login_secret(state).await?;
    let (cookie_value, csrf) = accounts::login_form_token(secret, frame.now);
    let cookie = set_cookie(
        state,
        frame,
        LOGIN_CSRF_COOKIE,
        &cookie_value,
        accounts::LOGIN_FORM_SECONDS,
    );
    Some((cookie, csrf))
}

/// Whether a form sent without a session carries the token of
/// [`form_token`].
pub(crate) async fn form_token_ok(
    state: &SharedState,
    frame: &Frame,
    headers: &HeaderMap,
    token: &str,
) -> bool {
    let form_cookie = cookie(headers, &frame.cookie_name(LOGIN_CSRF_COOKIE)).unwrap_or_default();
    match login_secret(state).await {
        Some(secret) => accounts::login_form_token_ok(secret, form_cookie, token, frame.now),
        None => false,
    }
}

/// Only our own admin pages are places to go back to after logging in,
/// and only addresses that fit in a header as they are.
fn safe_next(next: &str) -> &str {
    let ours = next == ADMIN || next.starts_with("/quan-tri/") || next.starts_with("/quan-tri?");
    if ours
        && next.len() <= 1024
        && next.bytes().all(|b| b.is_ascii_graphic())
        && !next.contains("//")
        && !next.contains('\\')
    {
        next
    } else {
        ADMIN
    }
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn log_in(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let form_cookie = cookie(&headers, &frame.cookie_name(LOGIN_CSRF_COOKIE)).unwrap_or_default();
    let Some(secret) = login_secret(&state).await else {
        return csrf_refused();
    };
    if !accounts::login_form_token_ok(secret, form_cookie, &form.csrf, frame.now) {
        return csrf_refused();
    }
    let now = portal_core::time::now();
    match accounts::log_in(
        &state.store,
        &frame.site,
        &form.login,
        &form.password,
        &address,
        now,
    )
    .await
    {
        Ok(session) => {
            signed_in(
                &state,
                &frame,
                &headers,
                &session,
                safe_next(&form.next),
                now,
            )
            .await
        }
        Err(LoginError::Wrong) => {
            login_form(
                &state,
                &frame,
                &form.next,
                &form.login,
                Some(&t(frame.lang, "admin.login.wrong")),
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Err(LoginError::NotOnThisSite) => {
            login_form(
                &state,
                &frame,
                &form.next,
                &form.login,
                Some(&t(frame.lang, "admin.login.not_on_site")),
                StatusCode::FORBIDDEN,
            )
            .await
        }
        Err(LoginError::Throttled { retry_at }) => {
            login_form(
                &state,
                &frame,
                &form.next,
                &form.login,
                Some(&format!(
                    "{} {}.",
                    t(frame.lang, "admin.login.throttled"),
                    portal_core::time::format_date_time(retry_at)
                )),
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(LoginError::Failed(error)) => {
            tracing::error!(%error, "login failed");
            login_form(
                &state,
                &frame,
                &form.next,
                &form.login,
                Some(&t(frame.lang, "error.server.body")),
                StatusCode::SERVICE_UNAVAILABLE,
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn log_out(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form: _ }: Checked<CsrfForm>,
) -> Response {
    let _ = accounts::end_session(&state.store, &staff.session_token).await;
    let mut response = Redirect::to(LOGIN).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, &frame, SESSION_COOKIE, "", 0),
    );
    response
}

csrf_field!(CsrfForm);

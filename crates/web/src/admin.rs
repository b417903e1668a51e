//! The newsroom at `/quan-tri`: its routes, gathered from each domain's
//! newsroom screens, and the frame they share (the page, the refusal).
//! Every permission is checked in the services layer; the screens turn
//! forms into use cases and refusals into Vietnamese messages.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use minijinja::Value;
use portal_core::account::User;
use serde::Serialize;

use crate::accounts::auth::Staff;
use crate::frame::Frame;
use crate::{SharedState, WebError};

/// Every newsroom route. The router is built from this table, and the
/// tests that must reach every state change (CSRF, cross-site posts) read
/// it too: a route added here is tested without anyone remembering to.
fn table() -> Vec<(&'static str, MethodRouter<SharedState>)> {
    vec![
        ("/quan-tri", get(crate::news::newsroom::desk)),
        (
            "/quan-tri/dang-nhap",
            get(crate::accounts::auth::login_page).post(crate::accounts::auth::log_in),
        ),
        ("/quan-tri/dang-xuat", post(crate::accounts::auth::log_out)),
        (
            crate::sites::setup::SCREEN,
            get(crate::sites::setup::form).post(crate::sites::setup::save),
        ),
        (
            "/quan-tri/bai-viet/moi",
            get(crate::news::newsroom::new_form),
        ),
        ("/quan-tri/bai-viet", post(crate::news::newsroom::create)),
        (
            crate::news::compose::CONVERT,
            post(crate::news::compose::convert),
        ),
        (
            "/quan-tri/bai-viet/{id}",
            get(crate::news::newsroom::edit_form).post(crate::news::newsroom::save),
        ),
        (
            "/quan-tri/bai-viet/{id}/buoc",
            post(crate::news::newsroom::step),
        ),
        (
            "/quan-tri/bai-viet/{id}/xem-truoc",
            get(crate::news::newsroom::preview),
        ),
        (
            "/quan-tri/bai-viet/{id}/phien-ban/{revision}",
            get(crate::news::revisions::view),
        ),
        (
            "/quan-tri/bai-viet/{id}/phien-ban/{revision}/khoi-phuc",
            post(crate::news::revisions::restore),
        ),
        (
            "/quan-tri/bai-viet/{id}/khoi-phuc-cho-duyet",
            post(crate::news::revisions::decide),
        ),
        (
            "/quan-tri/bai-viet/{id}/so-sanh",
            get(crate::news::revisions::compare),
        ),
        (
            "/quan-tri/nguoi-dung",
            get(crate::accounts::people::list).post(crate::accounts::people::create),
        ),
        (
            "/quan-tri/nguoi-dung/{id}",
            get(crate::accounts::people::edit).post(crate::accounts::people::update),
        ),
        (
            "/quan-tri/nguoi-dung/{id}/mat-khau",
            post(crate::accounts::people::reset_password),
        ),
        (
            "/quan-tri/nguoi-dung/{id}/mo-khoa",
            post(crate::accounts::people::lift_login_waits),
        ),
        ("/quan-tri/nhat-ky", get(crate::accounts::people::audit)),
        ("/quan-tri/tim-kiem", get(crate::search::newsroom::find)),
        (
            "/quan-tri/cai-dat",
            get(crate::sites::settings::settings_form).post(crate::sites::settings::save_settings),
        ),
        (
            "/quan-tri/chuyen-muc",
            get(crate::sites::settings::categories).post(crate::sites::settings::save_category),
        ),
        (
            "/quan-tri/chuyen-muc/{id}/xoa",
            post(crate::sites::settings::delete_category),
        ),
        (
            crate::sites::layout::SCREEN,
            get(crate::sites::layout::screen).post(crate::sites::layout::save),
        ),
        (
            crate::news::highlights::SCREEN,
            get(crate::news::highlights::screen),
        ),
        (
            "/quan-tri/bai-viet/{id}/noi-bat",
            post(crate::news::highlights::put),
        ),
        (
            "/quan-tri/noi-bat/{kind}/{id}/buoc",
            post(crate::news::highlights::step),
        ),
        (
            "/quan-tri/noi-bat/{kind}/thu-tu",
            post(crate::news::highlights::reorder),
        ),
        (
            "/quan-tri/bai-viet/{id}/de-xuat",
            post(crate::news::syndication::propose),
        ),
        (
            crate::news::syndication::QUEUE,
            get(crate::news::syndication::queue),
        ),
        (
            "/quan-tri/tin-co-so/{id}/duyet",
            post(crate::news::syndication::approve),
        ),
        (
            "/quan-tri/tin-co-so/{id}/tu-choi",
            post(crate::news::syndication::decline),
        ),
        (
            crate::sites::estate::SCREEN,
            get(crate::sites::estate::list).post(crate::sites::estate::add),
        ),
        (
            "/quan-tri/cong-thanh-phan/{code}",
            post(crate::sites::estate::edit),
        ),
        (
            "/quan-tri/cong-thanh-phan/{code}/trang-thai",
            post(crate::sites::estate::set_state),
        ),
        (
            crate::sites::menus::SCREEN,
            get(crate::sites::menus::screen),
        ),
        ("/quan-tri/menu/{kind}", post(crate::sites::menus::save)),
        (
            crate::documents::newsroom::SCREEN,
            get(crate::documents::newsroom::list).post(crate::documents::newsroom::create),
        ),
        (
            "/quan-tri/van-ban/moi",
            get(crate::documents::newsroom::new_form),
        ),
        (
            "/quan-tri/van-ban/loai",
            post(crate::documents::newsroom::save_types),
        ),
        (
            "/quan-tri/van-ban/{id}",
            get(crate::documents::newsroom::edit_form).post(crate::documents::newsroom::save),
        ),
        (
            "/quan-tri/van-ban/{id}/go",
            post(crate::documents::newsroom::unpublish),
        ),
        (
            crate::sites::units::SCREEN,
            get(crate::sites::units::screen).post(crate::sites::units::save),
        ),
        (
            "/quan-tri/co-cau-to-chuc/{id}/xoa",
            post(crate::sites::units::delete),
        ),
        (
            crate::schedule::newsroom::SCREEN,
            get(crate::schedule::newsroom::screen).post(crate::schedule::newsroom::save),
        ),
        (
            "/quan-tri/lich-cong-tac/{id}/huy",
            post(crate::schedule::newsroom::cancel),
        ),
        (
            crate::questions::newsroom::SCREEN,
            get(crate::questions::newsroom::queue),
        ),
        (
            crate::questions::newsroom::SETTINGS,
            get(crate::questions::newsroom::settings)
                .post(crate::questions::newsroom::save_settings),
        ),
        (
            "/quan-tri/hoi-dap/{id}",
            get(crate::questions::newsroom::item).post(crate::questions::newsroom::step),
        ),
        (
            "/quan-tri/hoi-dap/{id}/tep",
            get(crate::questions::newsroom::attachment),
        ),
        (
            crate::contact::newsroom::SCREEN,
            get(crate::contact::newsroom::inbox),
        ),
        (
            "/quan-tri/lien-he/{id}",
            get(crate::contact::newsroom::message).post(crate::contact::newsroom::step),
        ),
        (
            crate::polls::newsroom::SCREEN,
            get(crate::polls::newsroom::screen).post(crate::polls::newsroom::save),
        ),
        (
            crate::consultations::newsroom::SCREEN,
            get(crate::consultations::newsroom::list),
        ),
        (
            "/quan-tri/lay-y-kien/{id}",
            get(crate::consultations::newsroom::draft)
                .post(crate::consultations::newsroom::save_dates),
        ),
        (
            "/quan-tri/lay-y-kien/{id}/y-kien/{comment}",
            post(crate::consultations::newsroom::moderate),
        ),
        (
            "/quan-tri/lay-y-kien/{id}/y-kien.xlsx",
            get(crate::consultations::newsroom::xlsx),
        ),
        (
            "/quan-tri/lay-y-kien/{id}/y-kien.csv",
            get(crate::consultations::newsroom::csv),
        ),
        (
            crate::statistics::newsroom::SCREEN,
            get(crate::statistics::newsroom::screen),
        ),
        (
            "/quan-tri/thong-ke.xlsx",
            get(crate::statistics::newsroom::xlsx),
        ),
        (
            "/quan-tri/thong-ke.csv",
            get(crate::statistics::newsroom::csv),
        ),
        ("/quan-tri/thu-vien/chon", get(crate::media::library::pick)),
        (
            "/quan-tri/thu-vien",
            get(crate::media::library::list)
                .post(crate::media::library::upload)
                .layer(DefaultBodyLimit::max(
                    portal_services::media::MAX_UPLOAD_BYTES + 64 * 1024,
                )),
        ),
    ]
}

pub fn routes() -> Router<SharedState> {
    table()
        .into_iter()
        .fold(Router::new(), |router, (path, methods)| {
            router.route(path, methods)
        })
}

/// The newsroom's paths, as the router has them (`{id}` and the like
/// left in).
pub fn paths() -> Vec<&'static str> {
    table().into_iter().map(|(path, _)| path).collect()
}

/// After any change made in the newsroom, this process's followers of the
/// change feed look at once, and the editor gets the answer only when the
/// pages that showed what changed are dropped: a reader who asks after
/// that gets the new page.
pub async fn after_change(
    axum::extract::State(state): axum::extract::State<SharedState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() != axum::http::Method::POST {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        // Whatever the action changed is in the change feed; its author
        // sees it reach the pages and the search before the answer.
        state.pages.caught_up(&state.wake).await;
    }
    response
}

pub struct AdminPage {
    pub title_key: &'static str,
    pub user: Option<User>,
    pub csrf: String,
    pub data: serde_json::Value,
}

#[derive(Serialize)]
struct AdminContext<'a> {
    lang: &'static str,
    site: &'a portal_core::Site,
    title_key: &'static str,
    user: &'a Option<User>,
    csrf: &'a str,
    data: &'a serde_json::Value,
    meta: serde_json::Value,
}

pub fn render_admin(
    state: &SharedState,
    frame: &Frame,
    template: &str,
    page: &AdminPage,
    status: StatusCode,
) -> Response {
    let context = AdminContext {
        lang: frame.lang.code(),
        site: &frame.site,
        title_key: page.title_key,
        user: &page.user,
        csrf: &page.csrf,
        data: &page.data,
        meta: serde_json::json!({ "noindex": true }),
    };
    match state
        .theme
        .render(template, Value::from_serialize(&context))
    {
        Ok(html) => {
            let mut response = (status, Html(frame.localize(html))).into_response();
            let headers = response.headers_mut();
            crate::frame::set_page_headers(headers);
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
            response
        }
        Err(error) => {
            tracing::error!(%error, template, "admin page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::i18n::t(frame.lang, "error.server.title"),
            )
                .into_response()
        }
    }
}

/// The page that says why something could not be done.
pub fn refusal(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    error: impl Into<WebError>,
) -> Response {
    let (status, message) = error.into().explain(frame.lang);
    page(
        state,
        frame,
        staff,
        "admin.refused",
        "admin/message.html",
        serde_json::json!({ "message": message }),
        status,
    )
}

/// A newsroom page for `staff`.
pub fn page(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    title_key: &'static str,
    template: &str,
    data: serde_json::Value,
    status: StatusCode,
) -> Response {
    let page = AdminPage {
        title_key,
        user: Some(staff.user.clone()),
        csrf: staff.csrf_token.clone(),
        data,
    };
    render_admin(state, frame, template, &page, status)
}

//! Citizens' side of questions and feedback: the published answers at
//! `/hoi-dap` (by field, searchable), the two forms that send an item and
//! give its tracking code, and the tracking page.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use portal_core::PageRequest;
use portal_core::question::{Asker, Kind, MAX_ATTACHMENT_BYTES, Question, Submission};
use portal_core::time::format_date;
use portal_services::news::newsroom::NewsroomError;
use portal_services::questions::{self, Letter, SentFile};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::citizens::{self, SentForm, Turned};
use crate::frame::{Frame, standalone_page};
use crate::i18n::{Lang, t};
use crate::request::ClientAddress;
use crate::{SharedState, WebError};

pub const PATH: &str = "/hoi-dap";
pub const ASK_PATH: &str = "/hoi-dap/dat-cau-hoi";
pub const FEEDBACK_PATH: &str = "/hoi-dap/phan-anh";
pub const TRACK_PATH: &str = "/hoi-dap/tra-cuu";
const PER_PAGE: u32 = 20;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default, rename = "linh-vuc")]
    field: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    trang: Option<String>,
}

/// What readers see of a published item: never the asker's contacts.
fn shown(item: &Question) -> Value {
    json!({
        "id": item.id,
        "url": format!("{PATH}/{}", item.id),
        "kind": item.kind.as_str(),
        "field": item.field,
        "title": item.title,
        "body": paragraphs(&item.body),
        "answer": paragraphs(&item.answer),
        "asker": item.asker_shown,
        "asked": format_date(item.created_at),
        "answered": item.answered_at.map(format_date),
    })
}

pub(crate) fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

pub async fn list(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let page = PageRequest::parse(query.trang.as_deref(), None, PER_PAGE, PER_PAGE)
        .map_err(|_| WebError::BadRequest("questions.bad_page"))?;
    let settings = questions::settings(&state.store, &frame.site).await?;
    let typed = query.q.trim();
    let field = query.field.trim();
    let (items, total) = if typed.is_empty() {
        let field = (!field.is_empty()).then_some(field);
        questions::published(&state.store, &frame.site, field, page).await?
    } else {
        questions::find(&state.store, &frame.site, typed, i64::from(PER_PAGE)).await?
    };
    let pages = page.page_count(total);
    let query_string = form_urlencoded::Serializer::new(String::new())
        .append_pair("linh-vuc", field)
        .append_pair("q", typed)
        .finish();
    standalone_page(
        &state,
        &frame,
        "questions.html",
        &t(frame.lang, "questions.title"),
        PATH,
        json!({
            "items": items.iter().map(shown).collect::<Vec<_>>(),
            "total": total,
            "fields": settings.fields,
            "field": field,
            "q": typed,
            "page": page.page,
            "pages": pages,
            "page_url": format!("{PATH}?{query_string}"),
            "ask": ASK_PATH,
            "feedback": FEEDBACK_PATH,
            "track": TRACK_PATH,
        }),
    )
}

pub async fn one(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let item = questions::published_one(&state.store, &frame.site, id)
        .await?
        .ok_or(WebError::NotFound)?;
    standalone_page(
        &state,
        &frame,
        "question.html",
        &item.title,
        &format!("{PATH}/{id}"),
        json!({ "item": shown(&item), "list": PATH }),
    )
}

fn path_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Question => ASK_PATH,
        Kind::Feedback => FEEDBACK_PATH,
    }
}

/// The form, with what was typed and why it came back when it did.
async fn form_page(
    state: &SharedState,
    frame: &Frame,
    kind: Kind,
    typed: Value,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let settings = questions::settings(&state.store, &frame.site).await?;
    let title = t(
        frame.lang,
        &format!("questions.form_title.{}", kind.as_str()),
    );
    citizens::form_page(
        state,
        frame,
        "question_form.html",
        &title,
        path_of(kind),
        json!({
            "kind": kind.as_str(),
            "action": path_of(kind),
            "fields": settings.fields,
            "typed": typed,
            "error": error,
            "max_mb": MAX_ATTACHMENT_BYTES / (1024 * 1024),
            "track": TRACK_PATH,
        }),
        true,
        status,
    )
    .await
}

pub async fn ask_form(
    State(state): State<SharedState>,
    frame: Frame,
) -> Result<Response, WebError> {
    form_page(
        &state,
        &frame,
        Kind::Question,
        json!({}),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn feedback_form(
    State(state): State<SharedState>,
    frame: Frame,
) -> Result<Response, WebError> {
    form_page(
        &state,
        &frame,
        Kind::Feedback,
        json!({}),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn ask(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, WebError> {
    send(&state, &frame, &address, &headers, Kind::Question, form).await
}

pub async fn send_feedback(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, WebError> {
    send(&state, &frame, &address, &headers, Kind::Feedback, form).await
}

/// The mails of the pipeline, in the site's language.
pub(crate) fn letter(lang: Lang, event: &str) -> Letter {
    Letter {
        subject: t(lang, &format!("questions.mail.{event}.subject")),
        body: t(lang, &format!("questions.mail.{event}.body")),
    }
}

async fn send(
    state: &SharedState,
    frame: &Frame,
    address: &str,
    headers: &HeaderMap,
    kind: Kind,
    form: Multipart,
) -> Result<Response, WebError> {
    let sent = SentForm::read(form, MAX_ATTACHMENT_BYTES).await;
    let again = |key: &str, status: StatusCode| {
        form_page(
            state,
            frame,
            kind,
            sent.typed(),
            Some(t(frame.lang, key)),
            status,
        )
    };
    if sent.too_large {
        return again("questions.file_too_large", StatusCode::PAYLOAD_TOO_LARGE).await;
    }
    match citizens::admit(state, frame, headers, address, kind.as_str(), &sent).await {
        Ok(()) => {}
        Err(Turned::Back(key, status)) => return again(key, status).await,
        Err(Turned::Away(error)) => return Err(error),
    }
    let submission = Submission {
        asker: Asker {
            name: sent.get("name").to_string(),
            email: sent.get("email").to_string(),
            phone: sent.get("phone").to_string(),
            address: sent.get("address").to_string(),
        },
        field: sent.get("field").to_string(),
        title: sent.get("title").to_string(),
        body: sent.get("body").to_string(),
    };
    let file = sent
        .file
        .as_ref()
        .map(|(name, bytes)| SentFile { name, bytes });
    let received = questions::submit(
        &state.store,
        &state.media,
        &frame.site,
        kind,
        &submission,
        file,
        &letter(frame.lang, "received"),
        &frame.url(TRACK_PATH),
        frame.now,
    )
    .await;
    match received {
        Ok(item) => {
            state.mail_wake.mail_queued();
            citizens::private_page(
                state,
                frame,
                "question_received.html",
                &t(frame.lang, "questions.received_title"),
                path_of(kind),
                json!({
                    "code": item.code,
                    "mailed": !item.asker.email.is_empty(),
                    "track": TRACK_PATH,
                }),
            )
        }
        Err(NewsroomError::Invalid(key)) => again(key, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(error) => Err(error.into()),
    }
}

/// The tracking page: the form, and the item once found.
async fn track_page(
    state: &SharedState,
    frame: &Frame,
    found: Option<&Question>,
    typed: Value,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let item = found.map(|item| {
        json!({
            "code": item.code,
            "title": item.title,
            "status": item.status.as_str(),
            "status_label": t(frame.lang, &format!("questions.status.{}", item.status.as_str())),
            "asked": format_date(item.created_at),
            "answer": if item.answered_at.is_some() { paragraphs(&item.answer) } else { Vec::new() },
            "refusal": paragraphs(&item.refusal),
            "public_url": (item.status == portal_core::question::Status::Published)
                .then(|| format!("{PATH}/{}", item.id)),
        })
    });
    citizens::form_page(
        state,
        frame,
        "question_track.html",
        &t(frame.lang, "questions.track_title"),
        TRACK_PATH,
        json!({ "item": item, "typed": typed, "error": error }),
        true,
        status,
    )
    .await
}

pub async fn track_form(
    State(state): State<SharedState>,
    frame: Frame,
) -> Result<Response, WebError> {
    track_page(&state, &frame, None, json!({}), None, StatusCode::OK).await
}

pub async fn track(
    State(state): State<SharedState>,
    frame: Frame,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, WebError> {
    let sent = SentForm::read(form, 0).await;
    let again = |key: &str, status: StatusCode| {
        track_page(
            &state,
            &frame,
            None,
            sent.typed(),
            Some(t(frame.lang, key)),
            status,
        )
    };
    match citizens::admit(&state, &frame, &headers, &address, "track", &sent).await {
        Ok(()) => {}
        Err(Turned::Back(key, status)) => return again(key, status).await,
        Err(Turned::Away(error)) => return Err(error),
    }
    let found = questions::track(
        &state.store,
        &frame.site,
        sent.get("code"),
        sent.get("contact"),
    )
    .await?;
    match found {
        Some(item) => {
            track_page(&state, &frame, Some(&item), json!({}), None, StatusCode::OK).await
        }
        None => again("questions.not_found", StatusCode::NOT_FOUND).await,
    }
}

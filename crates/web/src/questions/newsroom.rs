//! `/quan-tri/hoi-dap`: the office's queue of citizens' questions and
//! feedback: how long each has waited (marked past the site's deadline),
//! one item with its asker (the look is in the audit log), giving it to a
//! unit or a person, drafting the answer, a publisher's approval and
//! publication, refusal with a reason; and the site's rules.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::PageRequest;
use portal_core::question::{Kind, Question, Status};
use portal_core::time::{format_date, format_date_time};
use portal_services::news::newsroom::NewsroomError;
use portal_services::questions::desk;
use portal_services::{CitizenSettings, QuestionFilter};
use serde::Deserialize;
use serde_json::{Value, json};

use super::pages::{TRACK_PATH, letter, paragraphs};
use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;

pub const SCREEN: &str = "/quan-tri/hoi-dap";
pub const SETTINGS: &str = "/quan-tri/hoi-dap/cai-dat";
const PER_PAGE: u32 = 50;

#[derive(Debug, Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default, rename = "trang-thai")]
    status: String,
    #[serde(default, rename = "loai")]
    kind: String,
    #[serde(default)]
    trang: Option<String>,
}

fn days_waited(item: &Question, now: i64) -> i64 {
    let until = item.answered_at.unwrap_or(now);
    (until - item.created_at).max(0) / 86_400
}

fn row(frame: &Frame, item: &Question, answer_days: i64) -> Value {
    json!({
        "id": item.id,
        "code": item.code,
        "kind": t(frame.lang, &format!("questions.kind.{}", item.kind.as_str())),
        "title": item.title,
        "field": item.field,
        "status": item.status.as_str(),
        "status_label": t(frame.lang, &format!("questions.status.{}", item.status.as_str())),
        "received": format_date(item.created_at),
        "waited": days_waited(item, frame.now),
        "overdue": item.overdue(frame.now, answer_days),
        "url": format!("{SCREEN}/{}", item.id),
    })
}

pub async fn queue(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<QueueQuery>,
) -> Response {
    let Ok(page_request) = PageRequest::parse(query.trang.as_deref(), None, PER_PAGE, PER_PAGE)
    else {
        return refusal(
            &state,
            &frame,
            &staff,
            crate::WebError::BadRequest("questions.bad_page"),
        );
    };
    let filter = QuestionFilter {
        status: Status::parse(&query.status),
        kind: Kind::parse(&query.kind),
        assignee_id: None,
    };
    let found = desk::queue(
        &state.store,
        &frame.site,
        &staff.user,
        &filter,
        page_request,
    )
    .await;
    let settings = portal_services::questions::settings(&state.store, &frame.site).await;
    let ((items, total), settings) = match (found, settings) {
        (Ok(found), Ok(settings)) => (found, settings),
        (Err(error), _) => return refusal(&state, &frame, &staff, error),
        (_, Err(error)) => return refusal(&state, &frame, &staff, crate::WebError::from(error)),
    };
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| json!({ "value": s.as_str(), "label": t(frame.lang, &format!("questions.status.{}", s.as_str())) }))
        .collect();
    page(
        &state,
        &frame,
        &staff,
        "questions.admin_title",
        "admin/questions.html",
        json!({
            "items": items.iter().map(|item| row(&frame, item, settings.answer_days)).collect::<Vec<_>>(),
            "total": total,
            "statuses": statuses,
            "status": query.status,
            "kind": query.kind,
            "answer_days": settings.answer_days,
            "page": page_request.page,
            "pages": page_request.page_count(total),
            "may_set": staff.user.role == portal_core::workflow::Role::Admin,
        }),
        StatusCode::OK,
    )
}

/// One item's screen, with a refusal's message when a form came back.
async fn item_screen(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    id: i64,
    answer: Option<&str>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let item = match desk::open(&state.store, &frame.site, &staff.user, id, frame.now).await {
        Ok(item) => item,
        Err(error) => return refusal(state, frame, staff, error),
    };
    let (units, people) = match desk::choices(&state.store, &frame.site).await {
        Ok(choices) => choices,
        Err(error) => return refusal(state, frame, staff, crate::WebError::from(error)),
    };
    let settings = portal_services::questions::settings(&state.store, &frame.site)
        .await
        .unwrap_or_default();
    page(
        state,
        frame,
        staff,
        "questions.item_title",
        "admin/question.html",
        json!({
            "item": row(frame, &item, settings.answer_days),
            "revision": item.revision,
            "body": paragraphs(&item.body),
            "asker": item.asker,
            "erased": item.erased_at.map(format_date),
            "attachment": item.attachment.as_ref().map(|file| json!({
                "name": file.name,
                "size_kb": (file.size + 1023) / 1024,
                "url": format!("{SCREEN}/{}/tep", item.id),
            })),
            "answer": answer.unwrap_or(&item.answer),
            "refusal": item.refusal,
            "answered": item.answered_at.map(format_date_time),
            "public_url": (item.status == Status::Published).then(|| format!("{}/{}", super::pages::PATH, item.id)),
            "unit_id": item.unit_id,
            "assignee_id": item.assignee_id,
            "units": units.iter().map(|u| json!({ "id": u.id, "name": u.name })).collect::<Vec<_>>(),
            "people": people.iter().map(|p| json!({ "id": p.id.get(), "name": p.display_name })).collect::<Vec<_>>(),
            "open": item.status.is_open(),
            "may_assign": desk::may_work_queue(&frame.site, &staff.user).is_ok(),
            "may_approve": portal_core::question::may_approve(staff.user.role),
            "may_publish": portal_core::question::may_approve(staff.user.role)
                && portal_core::question::may_publish(item.status),
            "published": item.status == Status::Published,
            "error": error,
        }),
        status,
    )
}

pub async fn item(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
) -> Response {
    item_screen(&state, &frame, &staff, id, None, None, StatusCode::OK).await
}

pub async fn attachment(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
) -> Response {
    match desk::attachment(
        &state.store,
        &state.media,
        &frame.site,
        &staff.user,
        id,
        frame.now,
    )
    .await
    {
        Ok((key, bytes)) => {
            let kind = key
                .rsplit_once('.')
                .and_then(|(_, ext)| portal_core::media::FileKind::from_extension(ext));
            let mime = kind.map_or("application/octet-stream", |k| k.mime());
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                    (
                        header::X_CONTENT_TYPE_OPTIONS,
                        HeaderValue::from_static("nosniff"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_static("attachment"),
                    ),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static("default-src 'none'; sandbox"),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    revision: i64,
    /// `giao`, `luu`, `duyet`, `cong-khai`, `thoi-cong-khai`, `tu-choi`.
    #[serde(default)]
    step: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    answer: String,
    /// The approval also publishes it.
    #[serde(default)]
    publish: Option<String>,
    #[serde(default)]
    reason: String,
}

csrf_field!(StepForm);

fn chosen(text: &str) -> Option<i64> {
    text.trim().parse().ok().filter(|id| *id > 0)
}

pub async fn step(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<StepForm>,
) -> Response {
    let (store, site, actor, now) = (&state.store, &frame.site, &staff.user, frame.now);
    let link = frame.url(TRACK_PATH);
    let done = match form.step.as_str() {
        "giao" => {
            desk::assign(
                store,
                site,
                actor,
                id,
                form.revision,
                chosen(&form.unit_id),
                chosen(&form.assignee_id),
                now,
            )
            .await
        }
        "luu" => desk::draft(store, site, actor, id, form.revision, &form.answer, now).await,
        "duyet" => {
            desk::approve(
                store,
                site,
                actor,
                id,
                form.revision,
                &form.answer,
                form.publish.is_some(),
                &letter(frame.lang, "answered"),
                &link,
                now,
            )
            .await
        }
        "cong-khai" | "thoi-cong-khai" => {
            desk::publish(
                store,
                site,
                actor,
                id,
                form.revision,
                form.step == "cong-khai",
                now,
            )
            .await
        }
        "tu-choi" => {
            desk::refuse(
                store,
                site,
                actor,
                id,
                form.revision,
                &form.reason,
                &letter(frame.lang, "refused"),
                &link,
                now,
            )
            .await
        }
        _ => Err(NewsroomError::Invalid("questions.unknown_step")),
    };
    match done {
        Ok(()) => {
            state.mail_wake.mail_queued();
            Redirect::to(&format!("{SCREEN}/{id}?da-luu=1")).into_response()
        }
        Err(NewsroomError::Invalid(key)) => {
            item_screen(
                &state,
                &frame,
                &staff,
                id,
                Some(&form.answer),
                Some(t(frame.lang, key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(NewsroomError::Conflict(_)) => {
            item_screen(
                &state,
                &frame,
                &staff,
                id,
                Some(&form.answer),
                Some(t(frame.lang, "questions.changed_meanwhile")),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    answer_days: String,
    #[serde(default)]
    retention_days: String,
    #[serde(default)]
    fields: String,
}

csrf_field!(SettingsForm);

async fn settings_screen(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    shown: Value,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    page(
        state,
        frame,
        staff,
        "questions.settings_title",
        "admin/question_settings.html",
        json!({ "form": shown, "error": error }),
        status,
    )
}

pub async fn settings(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    if staff.user.role != portal_core::workflow::Role::Admin {
        return refusal(
            &state,
            &frame,
            &staff,
            NewsroomError::Forbidden("admin.admins_only"),
        );
    }
    let settings = match portal_services::questions::settings(&state.store, &frame.site).await {
        Ok(settings) => settings,
        Err(error) => return refusal(&state, &frame, &staff, crate::WebError::from(error)),
    };
    let shown = json!({
        "answer_days": settings.answer_days.to_string(),
        "retention_days": settings.retention_days.to_string(),
        "fields": settings.fields.join("\n"),
    });
    settings_screen(&state, &frame, &staff, shown, None, StatusCode::OK).await
}

pub async fn save_settings(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<SettingsForm>,
) -> Response {
    let number = |text: &str| text.trim().parse::<i64>().unwrap_or(0);
    let settings = CitizenSettings {
        answer_days: number(&form.answer_days),
        retention_days: number(&form.retention_days),
        fields: form.fields.lines().map(str::to_string).collect(),
    };
    match desk::save_settings(&state.store, &frame.site, &staff.user, &settings, frame.now).await {
        Ok(()) => Redirect::to(&format!("{SETTINGS}?da-luu=1")).into_response(),
        Err(NewsroomError::Invalid(key)) => {
            let shown = json!({
                "answer_days": form.answer_days,
                "retention_days": form.retention_days,
                "fields": form.fields,
            });
            settings_screen(
                &state,
                &frame,
                &staff,
                shown,
                Some(t(frame.lang, key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

//! `/quan-tri/lay-y-kien`: the drafts open for comment with their counts;
//! `/quan-tri/lay-y-kien/{document}`: the dates a draft is open, every
//! comment to publish or reject, and the exports (XLSX, CSV) for the
//! summary report.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::consultation::{CommentStatus, Consultation};
use portal_core::time::{format_date_time, parse_local_input};
use portal_services::consultations::{self, export};
use portal_services::news::newsroom::NewsroomError;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;
use crate::news::newsroom::local_input;
use crate::questions::pages::paragraphs;

pub const SCREEN: &str = "/quan-tri/lay-y-kien";

pub async fn list(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    let counts = match consultations::counts(&state.store, &frame.site, &staff.user).await {
        Ok(counts) => counts,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let drafts = match consultations::drafts(&state.store, &frame.site).await {
        Ok(drafts) => drafts,
        Err(error) => return refusal(&state, &frame, &staff, crate::WebError::from(error)),
    };
    let rows: Vec<_> = drafts
        .iter()
        .map(|draft| {
            let id = draft.document.id;
            let (all, waiting) = counts
                .iter()
                .find(|(document, _, _)| *document == id)
                .map_or((0, 0), |(_, all, waiting)| (*all, *waiting));
            json!({
                "url": format!("{SCREEN}/{id}"),
                "title": format!("{} {}", draft.document.kind, draft.document.number),
                "summary": draft.document.summary,
                "opens": format_date_time(draft.consultation.opens_at),
                "closes": format_date_time(draft.consultation.closes_at),
                "open": draft.consultation.is_open(frame.now),
                "comments": all,
                "waiting": waiting,
            })
        })
        .collect();
    page(
        &state,
        &frame,
        &staff,
        "consultations.admin_title",
        "admin/consultations.html",
        json!({ "drafts": rows }),
        StatusCode::OK,
    )
}

/// The dates as typed.
#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct DatesForm {
    #[serde(default, skip_serializing)]
    csrf: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
}

csrf_field!(DatesForm);

async fn draft_screen(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    document_id: i64,
    typed: Option<&DatesForm>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let view = match consultations::moderation(
        &state.store,
        &frame.site,
        &staff.user,
        document_id,
        frame.now,
    )
    .await
    {
        Ok(view) => view,
        Err(error) => return refusal(state, frame, staff, error),
    };
    let form = typed.cloned().unwrap_or_else(|| match &view.consultation {
        Some(c) => DatesForm {
            csrf: String::new(),
            opens: local_input(c.opens_at),
            closes: local_input(c.closes_at),
        },
        None => DatesForm {
            csrf: String::new(),
            opens: local_input(frame.now),
            closes: local_input(frame.now + 30 * 86_400),
        },
    });
    let comments: Vec<_> = view
        .comments
        .iter()
        .map(|c| {
            let status = c.status.unwrap_or(CommentStatus::Pending);
            json!({
                "id": c.id,
                "name": c.name,
                "organisation": c.organisation,
                "email": c.email,
                "article": c.article,
                "body": paragraphs(&c.body),
                "at": format_date_time(c.created_at),
                "status": status.as_str(),
                "status_label": t(frame.lang, &format!("consultations.status.{}", status.as_str())),
            })
        })
        .collect();
    page(
        state,
        frame,
        staff,
        "consultations.draft_title",
        "admin/consultation.html",
        json!({
            "document": {
                "id": view.document.id,
                "title": format!("{} {}", view.document.kind, view.document.number),
                "summary": view.document.summary,
                "url": view.document.path(),
            },
            "opened": view.consultation.is_some(),
            "open": view.consultation.as_ref().is_some_and(|c| c.is_open(frame.now)),
            "form": form,
            "comments": comments,
            "error": error,
        }),
        status,
    )
}

pub async fn draft(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
) -> Response {
    draft_screen(&state, &frame, &staff, id, None, None, StatusCode::OK).await
}

pub async fn save_dates(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<DatesForm>,
) -> Response {
    let dates = parse_local_input(form.opens.trim()).zip(parse_local_input(form.closes.trim()));
    let saved = match dates {
        Some((opens_at, closes_at)) => {
            consultations::open(
                &state.store,
                &frame.site,
                &staff.user,
                &Consultation {
                    document_id: id,
                    site_id: frame.site.id,
                    opens_at,
                    closes_at,
                },
                frame.now,
            )
            .await
        }
        None => Err(NewsroomError::Invalid("consultations.bad_time")),
    };
    match saved {
        Ok(()) => Redirect::to(&format!("{SCREEN}/{id}?da-luu=1")).into_response(),
        Err(NewsroomError::Invalid(key)) => {
            draft_screen(
                &state,
                &frame,
                &staff,
                id,
                Some(&form),
                Some(t(frame.lang, key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ModerationForm {
    #[serde(default)]
    csrf: String,
    /// `published` or `rejected`.
    #[serde(default)]
    status: String,
}

csrf_field!(ModerationForm);

pub async fn moderate(
    State(state): State<SharedState>,
    frame: Frame,
    Path((id, comment)): Path<(i64, i64)>,
    Checked { staff, form }: Checked<ModerationForm>,
) -> Response {
    let status = match CommentStatus::parse(form.status.trim()) {
        Some(status @ (CommentStatus::Published | CommentStatus::Rejected)) => status,
        _ => {
            return refusal(
                &state,
                &frame,
                &staff,
                NewsroomError::Invalid("questions.unknown_step"),
            );
        }
    };
    match consultations::moderate(
        &state.store,
        &frame.site,
        &staff.user,
        comment,
        status,
        frame.now,
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("{SCREEN}/{id}#y-kien-{comment}")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

fn headings(frame: &Frame) -> export::Headings {
    let columns = [
        "number",
        "at",
        "name",
        "organisation",
        "email",
        "article",
        "body",
        "status",
    ]
    .map(|column| t(frame.lang, &format!("consultations.column.{column}")));
    let states = ["pending", "published", "rejected"]
        .map(|state| t(frame.lang, &format!("consultations.status.{state}")));
    export::Headings {
        sheet: t(frame.lang, "consultations.sheet"),
        columns,
        states,
    }
}

async fn exported(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    id: i64,
    format: &str,
) -> Response {
    let comments = match export::comments(
        &state.store,
        &frame.site,
        &staff.user,
        id,
        format,
        frame.now,
    )
    .await
    {
        Ok(comments) => comments,
        Err(error) => return refusal(state, frame, staff, error),
    };
    let headings = headings(frame);
    let (bytes, mime) = match format {
        "xlsx" => (
            export::xlsx(&comments, &headings),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => (export::csv(&comments, &headings), "text/csv; charset=utf-8"),
    };
    match bytes {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!(
                        "attachment; filename=\"y-kien-du-thao-{id}.{format}\""
                    ))
                    .unwrap_or(HeaderValue::from_static("attachment")),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => refusal(state, frame, staff, crate::WebError::Other(error)),
    }
}

pub async fn xlsx(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
) -> Response {
    exported(&state, &frame, &staff, id, "xlsx").await
}

pub async fn csv(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
) -> Response {
    exported(&state, &frame, &staff, id, "csv").await
}

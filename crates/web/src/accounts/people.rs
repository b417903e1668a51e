//! Administrators' screens: accounts and the audit log.

use crate::accounts::guard::{Checked, Fields, csrf_field};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::UserId;
use portal_core::workflow::Role;
use portal_services::accounts::{self, AccountChange, AccountError, NewAccount};
use portal_services::{AuditEvent, AuditFilter};
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::admin::page;
use crate::admin::refusal;
use crate::frame::Frame;
use crate::i18n::t;

pub async fn list(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    match accounts::users(&state.store, &staff.user, &frame.site).await {
        Ok(users) => page(
            &state,
            &frame,
            &staff,
            "admin.users.title",
            "admin/users.html",
            json!({ "users": users, "roles": roles() }),
            StatusCode::OK,
        ),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

fn roles() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.as_str()).collect()
}

#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub async fn create(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<NewUserForm>,
) -> Response {
    let role = Role::parse(&form.role).unwrap_or(Role::Author);
    let account = NewAccount {
        login: form.login.trim(),
        display_name: &form.name,
        role,
        password: &form.password,
    };
    match accounts::create_account(&state.store, &staff.user, &frame.site, account, frame.now).await
    {
        Ok(id) => Redirect::to(&format!("/quan-tri/nguoi-dung/{id}")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn edit(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<UserId>,
) -> Response {
    match accounts::account(&state.store, &staff.user, &frame.site, id, frame.now).await {
        Ok((user, waits)) => {
            let waits: Vec<_> = waits
                .into_iter()
                .map(|w| json!({ "address": w.address, "failures": w.failures, "until": portal_core::time::format_date_time(w.until) }))
                .collect();
            // The standing pages and the documents base are limited like
            // sections, though readers do not see them as sections.
            let pages = portal_services::news::pages::section(&state.store, frame.site.id)
                .await
                .ok();
            let documents = portal_services::documents::section(&state.store, frame.site.id)
                .await
                .ok();
            let categories: Vec<_> = frame
                .categories
                .iter()
                .chain(pages.iter())
                .chain(documents.iter())
                .map(|c| json!({ "id": c.id, "name": c.name, "checked": user.category_ids.contains(&c.id) }))
                .collect();
            page(
                &state,
                &frame,
                &staff,
                "admin.users.edit",
                "admin/user.html",
                json!({ "account": user, "roles": roles(), "categories": categories, "waits": waits }),
                StatusCode::OK,
            )
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

/// The section checkboxes repeat a field name: read as [`Fields`].
pub async fn update(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<UserId>,
    Checked {
        staff,
        form: fields,
    }: Checked<Fields>,
) -> Response {
    let field = |name: &str| fields.get(name);
    let Some(role) = Role::parse(field("role")) else {
        return refusal(
            &state,
            &frame,
            &staff,
            AccountError::NoSuchUser(field("role").to_string()),
        );
    };
    let change = AccountChange {
        role,
        disabled: field("disabled") == "1",
        category_ids: fields
            .all("category")
            .filter_map(|v| v.parse().ok())
            .collect(),
    };
    match accounts::change_account(
        &state.store,
        &staff.user,
        &frame.site,
        id,
        &change,
        frame.now,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/quan-tri/nguoi-dung/{id}?da-luu=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

pub async fn reset_password(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<UserId>,
    Checked { staff, form }: Checked<PasswordForm>,
) -> Response {
    match accounts::reset_password(
        &state.store,
        &staff.user,
        &frame.site,
        id,
        &form.password,
        frame.now,
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("/quan-tri/nguoi-dung/{id}?mat-khau=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn lift_login_waits(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<UserId>,
    Checked { staff, form: _ }: Checked<CsrfOnly>,
) -> Response {
    match accounts::lift_login_waits(&state.store, &staff.user, &frame.site, id, frame.now).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/nguoi-dung/{id}?mo-khoa=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    #[serde(default, rename = "hanh-dong")]
    action: String,
    #[serde(default, rename = "nguoi-dung")]
    login: String,
}

/// Every action the audit log records, in the order the filter offers them;
/// each has an `audit.{name}` label in the catalog.
const AUDIT_ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "login_throttled",
    "login_unlock",
    "create",
    "restore",
    "restore_proposed",
    "restore_declined",
    "submit",
    "approve",
    "send_back",
    "publish",
    "schedule",
    "unpublish",
    "trash",
    "recover",
    "user_add",
    "role",
    "disable",
    "enable",
    "categories",
    "password_reset",
    "site_settings",
    "category",
    "delete_category",
    "placements",
    "featured",
    "unfeature",
    "pinned",
    "unpin",
    "featured_order",
    "pinned_order",
    "save",
    "upload",
    "import",
    "reimport",
    "propose",
    "menu",
    "document_create",
    "document_save",
    "document_submit",
    "document_publish",
    "document_unpublish",
    "document_types",
    "unit",
    "delete_unit",
    "schedule_add",
    "schedule_change",
    "schedule_cancel",
    "schedule_restore",
    "syndication_approve",
    "syndication_decline",
    "site_add",
    "site_edit",
    "site_disable",
    "site_enable",
    "question_view",
    "question_file",
    "question_assign",
    "question_draft",
    "question_answer",
    "question_publish",
    "question_unpublish",
    "question_refuse",
    "question_settings",
    "contact_view",
    "contact_reply",
    "contact_processed",
    "poll_add",
    "poll_change",
    "consultation_open",
    "consultation_export",
    "consultation_view",
    "comment_publish",
    "comment_reject",
];

/// An event as the log shows it: what it was done to in words, with a
/// link to it where there is a page for it.
fn shown_event(event: &AuditEvent, lang: crate::i18n::Lang) -> serde_json::Value {
    let (kind, value) = event.target.split_once(':').unwrap_or(("", &event.target));
    let url = match kind {
        "article" => Some(format!("/quan-tri/bai-viet/{value}")),
        "user" => Some(format!("/quan-tri/nguoi-dung/{value}")),
        "question" => Some(format!("/quan-tri/hoi-dap/{value}")),
        "contact" => Some(format!("/quan-tri/lien-he/{value}")),
        "poll" => Some(format!("/quan-tri/tham-do?sua={value}")),
        "category" => Some("/quan-tri/chuyen-muc".to_string()),
        "media" => Some("/quan-tri/thu-vien".to_string()),
        "layout" => Some(format!("/quan-tri/bo-cuc?trang={value}")),
        _ => None,
    };
    let label_key = format!("audit.target.{kind}");
    let label = crate::i18n::message(lang, &label_key)
        .map_or_else(|| event.target.clone(), |label| label.replace("{}", value));
    let detail = match event.action.as_str() {
        // Saves and restores name a revision by its number.
        "save" | "restore" | "restore_proposed" | "restore_declined" => {
            let number = event.detail.trim_start_matches("revision ");
            t(lang, "audit.detail.revision").replace("{}", number)
        }
        // Featuring and pinning name their end time, if any.
        "featured" | "pinned" => match event.detail.parse::<i64>() {
            Ok(until) => t(lang, "audit.detail.until")
                .replace("{}", &portal_core::time::format_date_time(until)),
            Err(_) => event.detail.clone(),
        },
        _ => event.detail.clone(),
    };
    json!({
        "at": event.at,
        "login": event.login,
        "action": event.action,
        "target": label,
        "target_url": url,
        "detail": detail,
        "address": event.address,
    })
}

pub async fn audit(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<AuditQuery>,
) -> Response {
    let filter = AuditFilter {
        action: Some(query.action.trim().to_string()).filter(|a| !a.is_empty()),
        login: Some(query.login.trim().to_string()).filter(|l| !l.is_empty()),
        limit: 200,
        site_id: None,
    };
    match portal_services::audit::events(&state.store, &staff.user, &frame.site, &filter).await {
        Ok(events) => page(
            &state,
            &frame,
            &staff,
            "admin.audit.title",
            "admin/audit.html",
            json!({
                "events": events.iter().map(|event| shown_event(event, frame.lang)).collect::<Vec<_>>(),
                "action": query.action,
                "login": query.login,
                "actions": AUDIT_ACTIONS,
            }),
            StatusCode::OK,
        ),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

csrf_field!(NewUserForm, PasswordForm, CsrfOnly);

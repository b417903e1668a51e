//! `/quan-tri/menu`: the site's administrators arrange the main menu (two
//! levels) and the footer links, row by row: a label, where it leads (a
//! section, a page, the documents list, the schedule, the site map, the
//! directory or an address), its level and its place. A refused menu
//! comes back as typed, with what to fix.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::menu::{MenuError, MenuItem, MenuKind, Target};
use portal_services::sites::SettingsError;
use portal_services::sites::menus;
use serde_json::{Value, json};

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, Fields};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;

pub const SCREEN: &str = "/quan-tri/menu";
/// Empty rows offered for new items.
const BLANK_ROWS: usize = 3;

fn path_of(kind: MenuKind) -> &'static str {
    match kind {
        MenuKind::Main => "chinh",
        MenuKind::Footer => "chan-trang",
    }
}

fn kind_in_path(text: &str) -> Option<MenuKind> {
    MenuKind::ALL.into_iter().find(|k| path_of(*k) == text)
}

/// One row of the form, as typed or as kept.
#[derive(Debug, Clone, Default, serde::Serialize)]
struct Row {
    label: String,
    /// `section:thoi-su`, `documents`, `address`, …
    target: String,
    value: String,
    level: u8,
}

impl Row {
    fn of(item: &MenuItem, level: u8) -> Self {
        let (target, value) = match &item.target {
            Target::Section(slug) => (format!("section:{slug}"), String::new()),
            other => (other.kind().to_string(), other.value().to_string()),
        };
        Self {
            label: item.label.clone(),
            target,
            value,
            level,
        }
    }

    fn target(&self) -> Option<Target> {
        match self.target.strip_prefix("section:") {
            Some(slug) => Target::from_parts("section", slug),
            None => Target::from_parts(&self.target, &self.value),
        }
    }
}

fn rows_of(items: &[MenuItem]) -> Vec<Row> {
    let mut rows = Vec::new();
    for item in items {
        rows.push(Row::of(item, 1));
        rows.extend(item.children.iter().map(|child| Row::of(child, 2)));
    }
    rows
}

/// The rows of a posted form, in the order their places give.
fn rows_from(fields: &Fields) -> Vec<Row> {
    let mut numbered: Vec<(i64, usize, Row)> = Vec::new();
    for index in 0..200 {
        let label = fields.get(&format!("label.{index}"));
        let target = fields.get(&format!("target.{index}"));
        if label.is_empty() && target.is_empty() && fields.get(&format!("value.{index}")).is_empty()
        {
            continue;
        }
        if fields.get(&format!("remove.{index}")) == "1" {
            continue;
        }
        let place = fields
            .get(&format!("position.{index}"))
            .trim()
            .parse()
            .unwrap_or(index as i64 + 1);
        numbered.push((
            place,
            index,
            Row {
                label: label.to_string(),
                target: target.to_string(),
                value: fields.get(&format!("value.{index}")).to_string(),
                level: if fields.get(&format!("level.{index}")) == "2" {
                    2
                } else {
                    1
                },
            },
        ));
    }
    numbered.sort_by_key(|(place, index, _)| (*place, *index));
    numbered.into_iter().map(|(_, _, row)| row).collect()
}

/// The menu the rows describe, or the key of what to fix and the row.
fn items_from(rows: &[Row]) -> Result<Vec<MenuItem>, (MenuError, String)> {
    let mut items: Vec<MenuItem> = Vec::new();
    for row in rows {
        let target = row
            .target()
            .ok_or_else(|| (MenuError::BadTarget, row.label.clone()))?;
        let item = MenuItem::new(&row.label, target);
        if row.level == 2 {
            items
                .last_mut()
                .ok_or_else(|| (MenuError::Orphan, row.label.clone()))?
                .children
                .push(item);
        } else {
            items.push(item);
        }
    }
    Ok(items)
}

fn choices(frame: &Frame) -> Vec<Value> {
    let mut choices: Vec<Value> = frame
        .categories
        .iter()
        .map(|c| json!({ "value": format!("section:{}", c.slug), "label": format!("{}: {}", t(frame.lang, "menu.target.section"), c.name) }))
        .collect();
    for kind in [
        "page",
        "documents",
        "schedule",
        "questions",
        "organisation",
        "site_map",
        "directory",
        "home",
        "address",
    ] {
        choices
            .push(json!({ "value": kind, "label": t(frame.lang, &format!("menu.target.{kind}")) }));
    }
    choices
}

/// The screen with both menus; `typed` is a refused menu shown again.
fn render(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    typed: Option<&(MenuKind, Vec<Row>, String)>,
) -> Response {
    let status = if typed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let menus: Vec<Value> = MenuKind::ALL
        .into_iter()
        .map(|kind| {
            let (mut rows, error) = match typed {
                Some((refused, rows, error)) if *refused == kind => {
                    (rows.clone(), Some(error.clone()))
                }
                _ => (rows_of(frame.menus.of(kind)), None),
            };
            rows.extend(std::iter::repeat_n(
                Row {
                    level: 1,
                    ..Row::default()
                },
                BLANK_ROWS,
            ));
            let is_default = match kind {
                MenuKind::Main => frame.menus.main_is_default,
                MenuKind::Footer => frame.menus.footer_is_default,
            };
            json!({
                "kind": kind.as_str(),
                "path": path_of(kind),
                "rows": rows,
                "error": error,
                "is_default": is_default,
                "levels": kind == MenuKind::Main,
            })
        })
        .collect();
    page(
        state,
        frame,
        staff,
        "menu.title",
        "admin/menus.html",
        json!({ "menus": menus, "choices": choices(frame) }),
        status,
    )
}

pub async fn screen(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    if staff.user.role != portal_core::workflow::Role::Admin {
        return refusal(
            &state,
            &frame,
            &staff,
            SettingsError::Refused("admin.admins_only"),
        );
    }
    render(&state, &frame, &staff, None)
}

pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Path(kind): Path<String>,
    Checked {
        staff,
        form: fields,
    }: Checked<Fields>,
) -> Response {
    let Some(kind) = kind_in_path(&kind) else {
        return refusal(&state, &frame, &staff, crate::WebError::NotFound);
    };
    let rows = rows_from(&fields);
    let refused = |key: &str, label: &str| {
        let mut message = t(frame.lang, key);
        if !label.is_empty() {
            message = format!("{message} ({}: «{label}»)", t(frame.lang, "menu.row"));
        }
        render(&state, &frame, &staff, Some(&(kind, rows.clone(), message)))
    };
    let items = match items_from(&rows) {
        Ok(items) => items,
        Err((error, label)) => return refused(error.key(), &label),
    };
    match menus::save(
        &state.store,
        &staff.user,
        &frame.site,
        kind,
        &items,
        frame.now,
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("{SCREEN}?da-luu=1#{}", path_of(kind))).into_response(),
        Err(SettingsError::Refused(key)) if key.starts_with("menu.") => refused(key, ""),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

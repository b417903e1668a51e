//! The layout screen ("Bố cục trang"): the blocks of each page, shown in
//! the page's regions as they stand on it, each with its Vietnamese name,
//! what it shows and a labelled form for its settings. Blocks are added,
//! moved (buttons, the keyboard, or dragging) and removed; a bad value is
//! refused in Vietnamese naming the block and the input, with everything
//! typed kept on the screen.

pub mod forms;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::{Layout, Placement};
use portal_services::sites;
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::SharedState;
use crate::accounts::guard::{Admin, Checked, Fields};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;

pub const SCREEN: &str = "/quan-tri/bo-cuc";

#[derive(Debug, Deserialize, Default)]
pub struct LayoutQuery {
    #[serde(default)]
    trang: String,
}

fn layout_named(name: &str) -> Layout {
    Layout::ALL
        .into_iter()
        .find(|l| l.as_str() == name)
        .unwrap_or(Layout::Home)
}

/// A block as the screen shows it: where it came from among the stored
/// ones (to keep what the form does not show), and its settings.
struct Row {
    was: Option<usize>,
    /// Its number in the form sent (`type_N`), which the ↑ ↓ buttons name.
    sent_as: Option<usize>,
    placement: Placement,
    /// Why its settings were not read (what was typed is in `placement`).
    refused: Option<forms::Refused>,
}

pub async fn screen(
    State(state): State<SharedState>,
    frame: Frame,
    Admin(staff): Admin,
    Query(query): Query<LayoutQuery>,
) -> Response {
    let layout = layout_named(&query.trang);
    let stored = match sites::placements(&state.store, frame.site.id, layout).await {
        Ok(stored) => stored,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let mut rows: Vec<Row> = stored
        .into_iter()
        .enumerate()
        .map(|(i, placement)| Row {
            was: Some(i),
            sent_as: None,
            placement,
            refused: None,
        })
        .collect();
    in_page_order(layout, &mut rows);
    let data = screen_data(&state, &frame, layout, &rows, None);
    page(
        &state,
        &frame,
        &staff,
        "admin.blocks.title",
        "admin/placements.html",
        data,
        StatusCode::OK,
    )
}

fn screen_data(
    state: &SharedState,
    frame: &Frame,
    layout: Layout,
    rows: &[Row],
    error: Option<(usize, String)>,
) -> Json {
    let regions: Vec<Json> = layout
        .zones()
        .iter()
        .map(|zone| {
            let blocks: Vec<Json> = rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.placement.zone == *zone)
                .map(|(n, row)| {
                    let block_type = row.placement.block_type.as_str();
                    json!({
                        "n": n,
                        "was": row.was,
                        "type": block_type,
                        "zone": zone,
                        "inputs": forms::inputs(block_type, &row.placement.settings),
                        "invalid": error.as_ref().is_some_and(|(at, _)| *at == n),
                    })
                })
                .collect();
            json!({ "zone": zone, "blocks": blocks })
        })
        .collect();
    json!({
        "layout": layout.as_str(),
        "layouts": Layout::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "zones": layout.zones(),
        "types": state.blocks.type_names(),
        "sections": frame.categories.iter().map(|c| json!({ "slug": c.slug, "name": c.name })).collect::<Vec<_>>(),
        "regions": regions,
        "rows": rows.len(),
        "error": error.map(|(_, message)| message),
        "links": forms::MAX_LINKS,
        "page_url": match layout {
            Layout::Home => Some("/"),
            _ => None,
        },
    })
}

/// Rows come as `type_N`, `zone_N`, `was_N`, `order_N`, `remove_N` and the
/// settings' inputs `f_N_KEY`; a new block as `type_new`, `zone_new`; a
/// button `move` as `up_N` or `down_N`.
pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Checked {
        staff,
        form: fields,
    }: Checked<Fields>,
) -> Response {
    let layout = layout_named(fields.get("layout"));
    let stored = match sites::placements(&state.store, frame.site.id, layout).await {
        Ok(stored) => stored,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let sections: Vec<String> = frame.categories.iter().map(|c| c.slug.clone()).collect();
    let count: usize = fields.get("rows").parse().unwrap_or(0).min(200);
    let mut rows: Vec<(i64, Row)> = Vec::new();
    for n in 0..count {
        let block_type = fields.get(&format!("type_{n}"));
        if block_type.is_empty() || fields.get(&format!("remove_{n}")) == "1" {
            continue;
        }
        let was = fields.get(&format!("was_{n}")).parse::<usize>().ok();
        let kept = was
            .and_then(|i| stored.get(i))
            .filter(|p| p.block_type == block_type)
            .map_or_else(|| json!({}), |p| p.settings.clone());
        let input = |key: &str| fields.get(&format!("f_{n}_{key}")).to_string();
        let (settings, refused) = match forms::read(block_type, &kept, &sections, input) {
            Ok(settings) => (settings, None),
            Err(refused) => (typed(block_type, &kept, &input), Some(refused)),
        };
        let order = fields
            .get(&format!("order_{n}"))
            .parse()
            .unwrap_or(i64::try_from(n).unwrap_or(0) * 10);
        rows.push((
            order,
            Row {
                was,
                sent_as: Some(n),
                placement: Placement::new(fields.get(&format!("zone_{n}")), block_type, settings),
                refused,
            },
        ));
    }
    // Dragging set the order numbers; the form's order otherwise.
    rows.sort_by_key(|(order, _)| *order);
    let mut rows: Vec<Row> = rows.into_iter().map(|(_, row)| row).collect();
    let added = fields.get("type_new");
    if !added.is_empty() {
        let settings = forms::read(added, &json!({}), &sections, |_| String::new())
            .unwrap_or_else(|_| json!({}));
        rows.push(Row {
            was: None,
            sent_as: None,
            placement: Placement::new(fields.get("zone_new"), added, settings),
            refused: None,
        });
    }
    in_page_order(layout, &mut rows);
    move_by_button(&mut rows, fields.get("move"));
    let first_refused = rows.iter().enumerate().find_map(|(at, row)| {
        let refused = row.refused.as_ref()?;
        Some((
            at,
            explain(frame.lang, at, &row.placement.block_type, refused),
        ))
    });
    if let Some((at, message)) = first_refused {
        let data = screen_data(&state, &frame, layout, &rows, Some((at, message)));
        return page(
            &state,
            &frame,
            &staff,
            "admin.blocks.title",
            "admin/placements.html",
            data,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let placements: Vec<Placement> = rows.into_iter().map(|row| row.placement).collect();
    let known = |name: &str| state.blocks.knows(name);
    match sites::save_placements(
        &state.store,
        &staff.user,
        &frame.site,
        layout,
        &placements,
        known,
        frame.now,
    )
    .await
    {
        Ok(()) => {
            Redirect::to(&format!("{SCREEN}?trang={}&da-luu=1", layout.as_str())).into_response()
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

/// Region by region as the page shows them (keeping each region's order),
/// so that blocks are numbered on the screen as they are read.
fn in_page_order(layout: Layout, rows: &mut [Row]) {
    let zones = layout.zones();
    rows.sort_by_key(|row| {
        zones
            .iter()
            .position(|zone| *zone == row.placement.zone)
            .unwrap_or(zones.len())
    });
}

/// `up_N` / `down_N`: the block swaps with its neighbour in its region.
fn move_by_button(rows: &mut [Row], asked: &str) {
    let Some((way, n)) = asked.split_once('_') else {
        return;
    };
    let Ok(sent) = n.parse::<usize>() else {
        return;
    };
    // Rows removed in the same form shift the others: find it by its number.
    let Some(n) = rows.iter().position(|row| row.sent_as == Some(sent)) else {
        return;
    };
    let zone = rows[n].placement.zone.clone();
    let same_zone = |i: &usize| rows[*i].placement.zone == zone;
    let neighbour = match way {
        "up" => (0..n).rev().find(same_zone),
        "down" => (n + 1..rows.len()).find(same_zone),
        _ => None,
    };
    if let Some(other) = neighbour {
        rows.swap(n, other);
    }
}

/// "Khối 3 (Danh sách tin), ô “Số tin”: …" — the block as numbered on the
/// screen, its input, and what to type instead.
fn explain(
    lang: crate::i18n::Lang,
    at: usize,
    block_type: &str,
    refused: &forms::Refused,
) -> String {
    let problem = match &refused.problem {
        forms::Problem::Number { min, max } => t(lang, "blocks.problem.number")
            .replace("{min}", &min.to_string())
            .replace("{max}", &max.to_string()),
        forms::Problem::Choice => t(lang, "blocks.problem.choice"),
        forms::Problem::Section => t(lang, "blocks.problem.section"),
        forms::Problem::TooLong(max) => {
            t(lang, "blocks.problem.too_long").replace("{max}", &max.to_string())
        }
        forms::Problem::Address => t(lang, "blocks.problem.address"),
        forms::Problem::HalfLink => t(lang, "blocks.problem.half_link"),
    };
    t(lang, "blocks.refused")
        .replace("{n}", &(at + 1).to_string())
        .replace("{block}", &t(lang, &format!("block.{block_type}.name")))
        .replace("{field}", &t(lang, refused.field))
        .replace("{problem}", &problem)
}

/// What was typed, as settings, to show again beside the message.
fn typed(block_type: &str, kept: &Json, input: &dyn Fn(&str) -> String) -> Json {
    let mut settings = kept.as_object().cloned().unwrap_or_default();
    for field in forms::fields_of(block_type) {
        let value = match field.kind {
            forms::Kind::Links => Json::Array(
                (0..forms::MAX_LINKS)
                    .map(|i| {
                        let part = |name: &str| input(&format!("{}_{i}_{name}", field.key));
                        json!({ "title": part("title"), "url": part("url"), "tone": part("tone") })
                    })
                    .collect(),
            ),
            _ => Json::String(input(field.key)),
        };
        settings.insert(field.key.into(), value);
    }
    Json::Object(settings)
}

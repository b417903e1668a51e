//! `/quan-tri/thong-ke`: visits by day, the most read articles, articles by
//! author and by section over a time (this month by default), as tables
//! and bar charts drawn on the server; `/quan-tri/thong-ke.xlsx` and
//! `/quan-tri/thong-ke.csv?bang=…` export them.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::time::{
    day_start, format_date, parse_iso_date, parse_vietnamese_date, vietnam_day,
};
use portal_services::ReportLine;
use portal_services::news::newsroom::NewsroomError;
use portal_services::statistics::{self, Report, export};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;
use crate::polls::chart_row;

pub const SCREEN: &str = "/quan-tri/thong-ke";

#[derive(Debug, Deserialize, Default)]
pub struct RangeQuery {
    /// `YYYY-MM-DD` (the date field's) or `dd/mm/yyyy`.
    #[serde(default)]
    tu: String,
    #[serde(default)]
    den: String,
    /// The table a CSV export holds.
    #[serde(default)]
    bang: String,
}

fn day_of(text: &str) -> Option<i64> {
    let text = text.trim();
    parse_iso_date(text)
        .or_else(|| parse_vietnamese_date(text))
        .map(vietnam_day)
}

impl RangeQuery {
    /// The days asked for, this month by default; the catalog key of what
    /// is wrong otherwise.
    fn days(&self, now: i64) -> Result<(i64, i64), &'static str> {
        let (first, today) = statistics::this_month(now);
        let from = match self.tu.trim() {
            "" => first,
            text => day_of(text).ok_or("statistics.bad_date")?,
        };
        let until = match self.den.trim() {
            "" => today,
            text => day_of(text).ok_or("statistics.bad_date")?,
        };
        Ok((from, until))
    }
}

async fn read(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    query: &RangeQuery,
) -> Result<Report, NewsroomError> {
    let (from, until) = query.days(frame.now).map_err(NewsroomError::Invalid)?;
    statistics::report(&state.store, &frame.site, &staff.user, from, until).await
}

fn iso(day: i64) -> String {
    portal_core::time::format_iso(day_start(day))[..10].to_string()
}

/// Bars as long as each count against the largest.
fn bars(lines: impl Iterator<Item = (String, i64)>, note: impl Fn(i64) -> String) -> Vec<Value> {
    let lines: Vec<(String, i64)> = lines.collect();
    let largest = lines.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    lines
        .iter()
        .map(|(label, n)| {
            let width = u32::try_from(n * 100 / largest).unwrap_or(100);
            chart_row(label, *n, width, &note(*n))
        })
        .collect()
}

fn lines(lines: &[ReportLine]) -> Vec<Value> {
    lines
        .iter()
        .map(|line| {
            json!({
                "label": line.label,
                "url": line.article_id.map(|id| format!("/quan-tri/bai-viet/{}", id.get())),
                "articles": line.articles,
                "views": line.views,
            })
        })
        .collect()
}

pub async fn screen(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<RangeQuery>,
) -> Response {
    let report = match read(&state, &frame, &staff, &query).await {
        Ok(report) => report,
        Err(NewsroomError::Invalid(key)) => {
            return refusal(&state, &frame, &staff, crate::WebError::BadRequest(key));
        }
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let count = |n: i64| n.to_string();
    let range = format!("tu={}&den={}", iso(report.from), iso(report.until));
    page(
        &state,
        &frame,
        &staff,
        "statistics.admin_title",
        "admin/statistics.html",
        json!({
            "from": iso(report.from),
            "until": iso(report.until),
            "from_shown": format_date(day_start(report.from)),
            "until_shown": format_date(day_start(report.until)),
            "visitors": report.visitors(),
            "page_views": report.page_views(),
            "days": report.days.iter().map(|d| json!({
                "date": format_date(day_start(d.day)),
                "visitors": d.visitors,
                "page_views": d.page_views,
            })).collect::<Vec<_>>(),
            "visits_chart": bars(report.days.iter().map(|d| (format_date(day_start(d.day)), d.visitors)), count),
            "most_read": lines(&report.most_read),
            "most_read_chart": bars(report.most_read.iter().map(|l| (l.label.clone(), l.views)), count),
            "by_author": lines(&report.by_author),
            "by_author_chart": bars(report.by_author.iter().map(|l| (l.label.clone(), l.articles)), count),
            "by_section": lines(&report.by_section),
            "by_section_chart": bars(report.by_section.iter().map(|l| (l.label.clone(), l.articles)), count),
            "range": range,
        }),
        StatusCode::OK,
    )
}

fn wording(frame: &Frame) -> export::Wording {
    let words = |keys: &[&str]| -> Vec<String> {
        keys.iter()
            .map(|key| t(frame.lang, &format!("statistics.{key}")))
            .collect()
    };
    let three = |keys: [&str; 3]| -> [String; 3] {
        let w = words(&keys);
        [w[0].clone(), w[1].clone(), w[2].clone()]
    };
    let sheets = words(&[
        "sheet.visits",
        "sheet.most_read",
        "sheet.authors",
        "sheet.sections",
    ]);
    let read = words(&["column.article", "column.views"]);
    export::Wording {
        sheets: [
            sheets[0].clone(),
            sheets[1].clone(),
            sheets[2].clone(),
            sheets[3].clone(),
        ],
        visit_columns: three(["column.day", "column.visitors", "column.page_views"]),
        read_columns: [read[0].clone(), read[1].clone()],
        author_columns: three(["column.author", "column.articles", "column.views"]),
        section_columns: three(["column.section", "column.articles", "column.views"]),
    }
}

fn download(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn xlsx(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<RangeQuery>,
) -> Response {
    let report = match read(&state, &frame, &staff, &query).await {
        Ok(report) => report,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    match export::xlsx(&report, &wording(&frame)) {
        Ok(bytes) => download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("thong-ke-{}-{}.xlsx", iso(report.from), iso(report.until)),
        ),
        Err(error) => refusal(&state, &frame, &staff, crate::WebError::Other(error)),
    }
}

pub async fn csv(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<RangeQuery>,
) -> Response {
    let report = match read(&state, &frame, &staff, &query).await {
        Ok(report) => report,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let name = query.bang.trim();
    match export::csv(&report, &wording(&frame), name) {
        Ok(Some(bytes)) => download(
            bytes,
            "text/csv; charset=utf-8",
            &format!(
                "thong-ke-{name}-{}-{}.csv",
                iso(report.from),
                iso(report.until)
            ),
        ),
        Ok(None) => refusal(
            &state,
            &frame,
            &staff,
            crate::WebError::BadRequest("statistics.unknown_table"),
        ),
        Err(error) => refusal(&state, &frame, &staff, crate::WebError::Other(error)),
    }
}

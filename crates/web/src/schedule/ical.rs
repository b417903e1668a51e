//! `/lich-cong-tac.ics[?lanh_dao=…]`: the site's work schedule (or one
//! leader's) as an iCalendar feed for calendar programs, from a month ago
//! on; cancelled entries carry `STATUS:CANCELLED`.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use portal_core::schedule::Entry;

use super::pages::WeekQuery;
use crate::frame::Frame;
use crate::i18n::t;
use crate::{SharedState, WebError};

pub const PATH: &str = "/lich-cong-tac.ics";

fn utc(unix_seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix_seconds, 0).unwrap_or_default()
}

/// The Vietnamese calendar day of a midnight.
fn day(unix_seconds: i64) -> NaiveDate {
    (utc(unix_seconds) + chrono::Duration::hours(7)).date_naive()
}

fn event(frame: &Frame, entry: &Entry, host: &str) -> Event {
    let mut event = Event::new();
    event
        .uid(&format!("lich-{}-{}@{host}", frame.site.code, entry.id))
        .summary(&entry.content)
        .last_modified(utc(entry.updated_at));
    if entry.all_day {
        event.all_day(day(entry.starts_at));
    } else {
        event.starts(utc(entry.starts_at));
        if let Some(end) = entry.ends_at.filter(|end| *end > entry.starts_at) {
            event.ends(utc(end));
        }
    }
    if !entry.place.is_empty() {
        event.location(&entry.place);
    }
    let mut lines = Vec::new();
    for (key, value) in [
        ("schedule.leaders", entry.leaders.join(", ")),
        ("schedule.participants", entry.participants.clone()),
        ("schedule.preparer", entry.preparer.clone()),
        ("schedule.note", entry.note.clone()),
    ] {
        if !value.is_empty() {
            lines.push(format!("{}: {value}", t(frame.lang, key)));
        }
    }
    if !lines.is_empty() {
        event.description(&lines.join("\n"));
    }
    event.status(if entry.cancelled {
        EventStatus::Cancelled
    } else {
        EventStatus::Confirmed
    });
    event.done()
}

pub async fn feed(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<WeekQuery>,
) -> Result<Response, WebError> {
    let leader = query.leader();
    let entries =
        portal_services::schedule::feed(&state.store, &frame.site, leader, frame.now).await?;
    let host = frame
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or(&frame.base_url)
        .to_string();
    let mut name = format!("{} – {}", t(frame.lang, "schedule.title"), frame.site.name);
    if let Some(leader) = leader {
        name = format!("{name} – {leader}");
    }
    let mut calendar = Calendar::new();
    calendar.name(&name).timezone("Asia/Ho_Chi_Minh");
    for entry in &entries {
        calendar.push(event(&frame, entry, &host));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        calendar.done().to_string(),
    )
        .into_response())
}

//! The leaders' work schedule on the web: the public week (`pages`), its
//! iCalendar feed (`ical`) and the office's screen (`newsroom`).

pub mod ical;
pub mod newsroom;
pub mod pages;

use portal_core::schedule::Entry;
use portal_core::time::{format_date, format_date_time};
use serde_json::{Value, json};

/// `08:00` (or `08:00–10:30`); nothing for a whole day.
fn time_of_day(entry: &Entry) -> String {
    if entry.all_day {
        return String::new();
    }
    let clock = |at: i64| format_date_time(at)[11..].to_string();
    match entry.ends_at {
        Some(end) if end > entry.starts_at => {
            format!("{}–{}", clock(entry.starts_at), clock(end))
        }
        _ => clock(entry.starts_at),
    }
}

/// What a template shows of an entry.
fn shown(entry: &Entry) -> Value {
    json!({
        "id": entry.id,
        "date": format_date(entry.starts_at),
        "time": time_of_day(entry),
        "leaders": entry.leaders,
        "content": entry.content,
        "place": entry.place,
        "participants": entry.participants,
        "preparer": entry.preparer,
        "note": entry.note,
        "cancelled": entry.cancelled,
    })
}

/// The week's seven days, Monday first, each with its entries.
fn days(week: portal_core::schedule::Week, entries: &[Entry]) -> Vec<Value> {
    week.days()
        .iter()
        .enumerate()
        .map(|(weekday, midnight)| {
            let on_day: Vec<Value> = entries
                .iter()
                .filter(|e| e.starts_at >= *midnight && e.starts_at < midnight + 86_400)
                .map(shown)
                .collect();
            json!({ "weekday": weekday, "date": format_date(*midnight), "entries": on_day })
        })
        .collect()
}

//! Polls on the web: the public results and the vote (`pages`), the
//! sidebar block (`blocks`) and the office's screen (`newsroom`).

pub mod blocks;
pub mod newsroom;
pub mod pages;

use portal_core::poll::Poll;
use portal_core::time::format_date_time;
use serde_json::{Value, json};

/// A row of a bar chart: its label (shortened for the drawing), its
/// count and its share of the whole in per cent.
pub(crate) fn chart_row(label: &str, value: i64, share: u32) -> Value {
    let short: String = if label.chars().count() > 70 {
        label.chars().take(69).chain(['…']).collect()
    } else {
        label.to_string()
    };
    json!({ "label": label, "short": short, "value": value, "share": share })
}

/// What templates show of a poll.
pub(crate) fn shown(poll: &Poll, now: i64) -> Value {
    let shares = poll.shares();
    json!({
        "id": poll.id,
        "url": poll.path(),
        "question": poll.question,
        "multiple": poll.multiple,
        "open": poll.is_open(now),
        "opens": format_date_time(poll.opens_at),
        "closes": poll.closes_at.map(format_date_time),
        "voters": poll.voters,
        "choices": poll.choices.iter().map(|c| json!({ "id": c.id, "label": c.label })).collect::<Vec<_>>(),
        "rows": poll.choices.iter().zip(shares).map(|(c, share)| chart_row(&c.label, c.votes, share)).collect::<Vec<_>>(),
    })
}

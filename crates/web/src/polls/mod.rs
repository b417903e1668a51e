//! Polls on the web: the public results and the vote (`pages`), the
//! sidebar block (`blocks`) and the office's screen (`newsroom`).

pub mod blocks;
pub mod newsroom;
pub mod pages;

use portal_core::poll::Poll;
use portal_core::time::format_date_time;
use serde_json::{Value, json};

use crate::i18n::{Lang, t};

/// A row of a bar chart: its label (shortened for the drawing), its
/// count, the bar's length (0 to 100) and what the bar says.
pub(crate) fn chart_row(label: &str, value: i64, width: u32, note: &str) -> Value {
    let short: String = if label.chars().count() > 70 {
        label.chars().take(69).chain(['…']).collect()
    } else {
        label.to_string()
    };
    json!({ "label": label, "short": short, "value": value, "width": width.min(100), "note": note })
}

/// What templates show of a poll.
pub(crate) fn shown(poll: &Poll, now: i64, lang: Lang) -> Value {
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
        "rows": poll.choices.iter().zip(shares).map(|(c, share)| {
            let note = t(lang, "polls.votes_share")
                .replace("{votes}", &c.votes.to_string())
                .replace("{share}", &share.to_string());
            chart_row(&c.label, c.votes, share, &note)
        }).collect::<Vec<_>>(),
    })
}

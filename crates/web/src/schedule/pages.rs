//! `/lich-cong-tac?tuan=2026-W49&lanh_dao=…`: a week of the leaders' work
//! schedule, Monday to Sunday, with the weeks before and after, a filter
//! per leader, and a layout that prints on one A4 page.

use axum::extract::{Query, State};
use axum::response::Response;
use portal_core::schedule::Week;
use portal_core::time::format_date;
use serde::Deserialize;
use serde_json::json;

use crate::frame::{Frame, standalone_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

pub const PATH: &str = "/lich-cong-tac";

#[derive(Debug, Deserialize, Default)]
pub struct WeekQuery {
    /// `2026-W49`; this week when absent.
    #[serde(default)]
    pub tuan: String,
    /// One leader's entries only.
    #[serde(default)]
    pub lanh_dao: String,
}

impl WeekQuery {
    /// The week asked for: a malformed one is a mistake to tell.
    pub fn week(&self, now: i64) -> Result<Week, WebError> {
        match self.tuan.trim() {
            "" => Ok(Week::containing(now)),
            text => Week::parse(text).ok_or(WebError::BadRequest("schedule.bad_week")),
        }
    }

    pub fn leader(&self) -> Option<&str> {
        Some(self.lanh_dao.trim()).filter(|name| !name.is_empty())
    }
}

/// `?tuan=…&lanh_dao=…` for a link to another week.
fn week_link(week: Week, leader: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("tuan", &week.label());
    if let Some(leader) = leader {
        query.append_pair("lanh_dao", leader);
    }
    format!("{PATH}?{}", query.finish())
}

pub async fn week(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<WeekQuery>,
) -> Result<Response, WebError> {
    let week = query.week(frame.now)?;
    let leader = query.leader();
    let entries = portal_services::schedule::week(&state.store, &frame.site, week, leader).await?;
    let leaders = portal_services::schedule::leaders(&state.store, &frame.site, frame.now).await?;
    let title = t(frame.lang, "schedule.title_week")
        .replacen("{}", &week.number().to_string(), 1)
        .replacen("{}", &week.year().to_string(), 1);
    let feed = match leader {
        Some(leader) => format!(
            "{}?{}",
            super::ical::PATH,
            form_urlencoded::Serializer::new(String::new())
                .append_pair("lanh_dao", leader)
                .finish()
        ),
        None => super::ical::PATH.to_string(),
    };
    standalone_page(
        &state,
        &frame,
        "schedule.html",
        &title,
        &week_link(week, None),
        json!({
            "week": week.label(),
            "from": format_date(week.starts_at()),
            "until": format_date(week.ends_at() - 1),
            "previous": week_link(week.previous(), leader),
            "next": week_link(week.next(), leader),
            "days": super::days(week, &entries),
            "count": entries.len(),
            "leaders": leaders,
            "leader": leader.unwrap_or_default(),
            "feed": feed,
        }),
    )
}

//! Visitor statistics for the office: visits by day (kept for ever), the
//! most read articles, and articles by author and by section over a time
//! (what a leader asks for each month), as tables and for export
//! ([`export`]). Counting is the view counter's ([`crate::views`]).

pub mod export;

use portal_core::Site;
use portal_core::account::User;
use portal_core::time::{day_start, vietnam_day};
use portal_store::{DayOfVisits, ReportLine, Store};

use crate::news::newsroom::{NewsroomError, in_office};

/// The longest time one report covers.
pub const MAX_DAYS: i64 = 3 * 366;
const MOST_READ: i64 = 20;

/// A report over the days `from` up to `until` (Vietnamese days, the
/// last excluded).
#[derive(Debug, Clone)]
pub struct Report {
    pub from: i64,
    pub until: i64,
    /// Every day of the time, those without visits as zeros.
    pub days: Vec<DayOfVisits>,
    pub most_read: Vec<ReportLine>,
    pub by_author: Vec<ReportLine>,
    pub by_section: Vec<ReportLine>,
}

impl Report {
    pub fn visitors(&self) -> i64 {
        self.days.iter().map(|d| d.visitors).sum()
    }

    pub fn page_views(&self) -> i64 {
        self.days.iter().map(|d| d.page_views).sum()
    }
}

/// Whether `actor` reads the site's statistics: editors, publishers and
/// administrators.
pub fn may_read(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    in_office(site, actor, "statistics.not_allowed")
}

/// The report over the days from `from` to `until` (both included).
pub async fn report(
    store: &Store,
    site: &Site,
    actor: &User,
    from: i64,
    until: i64,
) -> Result<Report, NewsroomError> {
    may_read(site, actor)?;
    if until < from {
        return Err(NewsroomError::Invalid("statistics.until_before_from"));
    }
    if until - from >= MAX_DAYS {
        return Err(NewsroomError::Invalid("statistics.too_long"));
    }
    let end = until + 1;
    let counted = store.visits_by_day(site.id, from, end).await?;
    let days = (from..end)
        .map(|day| {
            counted
                .iter()
                .find(|d| d.day == day)
                .cloned()
                .unwrap_or(DayOfVisits {
                    day,
                    visitors: 0,
                    page_views: 0,
                })
        })
        .collect();
    let times = (day_start(from), day_start(end));
    Ok(Report {
        from,
        until,
        days,
        most_read: store.most_read(site.id, from, end, MOST_READ).await?,
        by_author: store
            .articles_by_author(site.id, times, (from, end))
            .await?,
        by_section: store
            .articles_by_section(site.id, times, (from, end))
            .await?,
    })
}

/// This month so far: the time a report starts with.
pub fn this_month(now: i64) -> (i64, i64) {
    let today = vietnam_day(now);
    (portal_core::time::month_start(today), today)
}

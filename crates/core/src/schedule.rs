//! The leaders' work schedule (Lịch công tác): what each leader does, when
//! and where, shown a week at a time (ISO weeks, Monday to Sunday, in
//! Vietnam time) and offered as an iCalendar feed.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::Serialize;

use crate::SiteId;

/// Longest content of one entry, and of each of its other fields.
pub const MAX_CONTENT: usize = 2_000;
pub const MAX_FIELD: usize = 500;
pub const MAX_LEADERS: usize = 10;

/// One entry of the schedule. Times are Unix seconds; an entry without a
/// time of day lasts the whole day (`starts_at` is then its midnight).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub site_id: SiteId,
    pub starts_at: i64,
    pub ends_at: Option<i64>,
    pub all_day: bool,
    /// The leaders who attend (names as the office writes them).
    pub leaders: Vec<String>,
    pub content: String,
    pub place: String,
    /// Thành phần: who else attends.
    pub participants: String,
    /// Đơn vị chuẩn bị.
    pub preparer: String,
    pub note: String,
    /// Cancelled entries stay on the schedule, marked.
    pub cancelled: bool,
    pub updated_at: i64,
}

/// Why an entry cannot be kept (message catalog keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError {
    NoContent,
    TooLong,
    TooManyLeaders,
    EndsBeforeStart,
}

impl EntryError {
    pub fn key(self) -> &'static str {
        match self {
            Self::NoContent => "schedule.no_content",
            Self::TooLong => "schedule.too_long",
            Self::TooManyLeaders => "schedule.too_many_leaders",
            Self::EndsBeforeStart => "schedule.ends_before",
        }
    }
}

impl Entry {
    /// Whether the office may keep it as written.
    pub fn check(&self) -> Result<(), EntryError> {
        if self.content.trim().is_empty() {
            return Err(EntryError::NoContent);
        }
        let too_long = |field: &String| field.chars().count() > MAX_FIELD;
        if self.content.chars().count() > MAX_CONTENT
            || [&self.place, &self.participants, &self.preparer, &self.note]
                .into_iter()
                .any(too_long)
            || self.leaders.iter().any(too_long)
        {
            return Err(EntryError::TooLong);
        }
        if self.leaders.len() > MAX_LEADERS {
            return Err(EntryError::TooManyLeaders);
        }
        if self.ends_at.is_some_and(|end| end < self.starts_at) {
            return Err(EntryError::EndsBeforeStart);
        }
        Ok(())
    }
}

/// Leaders written one per line or separated by commas or semicolons,
/// cleaned and without repeats.
pub fn split_leaders(text: &str) -> Vec<String> {
    let mut leaders: Vec<String> = Vec::new();
    for name in text.split(['\n', ',', ';']) {
        let name = crate::text::normalize_inline(name);
        if !name.is_empty() && !leaders.contains(&name) {
            leaders.push(name);
        }
    }
    leaders
}

/// An ISO week (`2026-W49`): Monday to Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week(ISOWeekDate);

const DAY: i64 = 86_400;

impl Week {
    /// The week holding `unix_seconds` in Vietnam.
    pub fn containing(unix_seconds: i64) -> Self {
        let day = crate::time::vietnam_day(unix_seconds);
        let date = Date::new(1970, 1, 1)
            .ok()
            .and_then(|epoch| epoch.checked_add(jiff::Span::new().days(day)).ok())
            .unwrap_or(Date::MIN);
        let week = date.iso_week_date();
        ISOWeekDate::new(week.year(), week.week(), Weekday::Monday)
            .map(Week)
            .unwrap_or(Week(week))
    }

    /// `2026-W49` (also `2026-w49`, `2026W49`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_uppercase();
        let (year, week) = text.split_once('W')?;
        let year: i16 = year.trim_end_matches('-').parse().ok()?;
        let week: i8 = week.parse().ok()?;
        ISOWeekDate::new(year, week, Weekday::Monday).ok().map(Week)
    }

    pub fn label(self) -> String {
        format!("{:04}-W{:02}", self.0.year(), self.0.week())
    }

    pub fn number(self) -> i8 {
        self.0.week()
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// Its Monday's midnight in Vietnam.
    pub fn starts_at(self) -> i64 {
        let monday = self.0.date();
        let days = monday
            .since(Date::new(1970, 1, 1).unwrap_or(Date::MIN))
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0);
        days * DAY - 7 * 3_600
    }

    /// The next Monday's midnight: the week is `[starts_at, ends_at)`.
    pub fn ends_at(self) -> i64 {
        self.starts_at() + 7 * DAY
    }

    /// The midnights of its seven days, Monday first.
    pub fn days(self) -> [i64; 7] {
        let start = self.starts_at();
        std::array::from_fn(|i| start + i as i64 * DAY)
    }

    pub fn previous(self) -> Self {
        Self::containing(self.starts_at() - DAY)
    }

    pub fn next(self) -> Self {
        Self::containing(self.ends_at())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_date_time, parse_local_input};

    #[test]
    fn a_week_runs_from_monday_midnight_to_the_next_in_vietnam() {
        let week = Week::parse("2026-W49").expect("week");
        assert_eq!(format_date_time(week.starts_at()), "30/11/2026 00:00");
        assert_eq!(format_date_time(week.ends_at()), "07/12/2026 00:00");
        let sunday_night = parse_local_input("2026-12-06T23:59").expect("time");
        assert_eq!(Week::containing(sunday_night), week);
        let monday = parse_local_input("2026-12-07T00:00").expect("time");
        assert_eq!(Week::containing(monday), week.next());
        assert_eq!(week.next().label(), "2026-W50");
        assert_eq!(week.previous().label(), "2026-W48");
        assert_eq!(week.days().map(format_date_time)[6], "06/12/2026 00:00");
    }

    #[test]
    fn weeks_cross_years_as_iso_counts_them() {
        // 1 January 2027 is a Friday: it belongs to 2026's week 53.
        let new_year = parse_local_input("2027-01-01T08:00").expect("time");
        assert_eq!(Week::containing(new_year).label(), "2026-W53");
        assert_eq!(
            Week::parse("2026-W53").expect("week").next().label(),
            "2027-W01"
        );
        assert_eq!(
            Week::parse("2027-w01").map(Week::label).as_deref(),
            Some("2027-W01")
        );
        for wrong in ["", "2026", "2026-W54", "2025-W53", "W12", "2026-W0", "x-Wy"] {
            assert_eq!(Week::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn leaders_are_split_cleaned_and_kept_once() {
        assert_eq!(
            split_leaders("Nguyễn Văn A, Trần Thị B\n  Nguyễn Văn A ;"),
            vec!["Nguyễn Văn A", "Trần Thị B"]
        );
    }

    #[test]
    fn an_entry_needs_content_and_ends_after_it_starts() {
        let entry = Entry {
            id: 0,
            site_id: SiteId(1),
            starts_at: 100,
            ends_at: None,
            all_day: false,
            leaders: vec![],
            content: "Họp giao ban".into(),
            place: String::new(),
            participants: String::new(),
            preparer: String::new(),
            note: String::new(),
            cancelled: false,
            updated_at: 0,
        };
        assert_eq!(entry.check(), Ok(()));
        let empty = Entry {
            content: "  ".into(),
            ..entry.clone()
        };
        assert_eq!(empty.check(), Err(EntryError::NoContent));
        let backwards = Entry {
            ends_at: Some(50),
            ..entry.clone()
        };
        assert_eq!(backwards.check(), Err(EntryError::EndsBeforeStart));
        let long = Entry {
            place: "x".repeat(MAX_FIELD + 1),
            ..entry.clone()
        };
        assert_eq!(long.check(), Err(EntryError::TooLong));
        let crowd = Entry {
            leaders: (0..=MAX_LEADERS).map(|i| i.to_string()).collect(),
            ..entry
        };
        assert_eq!(crowd.check(), Err(EntryError::TooManyLeaders));
    }
}

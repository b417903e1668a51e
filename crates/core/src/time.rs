//! Dates as Vietnamese readers expect them: Asia/Ho_Chi_Minh, dd/mm/yyyy.
//! Vietnam has kept UTC+07:00 without daylight saving since 1975, so a fixed
//! offset is exact for every date a portal shows and needs no tz database.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

fn vietnam() -> TimeZone {
    TimeZone::fixed(Offset::constant(7))
}

fn local(unix_seconds: i64) -> DateTime {
    let ts = Timestamp::from_second(unix_seconds).unwrap_or(Timestamp::UNIX_EPOCH);
    vietnam().to_datetime(ts)
}

/// `31/05/2023`
pub fn format_date(unix_seconds: i64) -> String {
    local(unix_seconds).strftime("%d/%m/%Y").to_string()
}

/// `31/05/2023 09:00`
pub fn format_date_time(unix_seconds: i64) -> String {
    local(unix_seconds).strftime("%d/%m/%Y %H:%M").to_string()
}

/// A length of time in its largest whole unit, for "waited 3 hours":
/// `(count, "minutes" | "hours" | "days")`; under a minute is 0 minutes.
pub fn whole_span(seconds: i64) -> (i64, &'static str) {
    let seconds = seconds.max(0);
    match seconds {
        s if s >= 86_400 => (s / 86_400, "days"),
        s if s >= 3_600 => (s / 3_600, "hours"),
        s => (s / 60, "minutes"),
    }
}

/// ISO 8601 with the Vietnam offset, for JSON-LD, Dublin Core and sitemaps.
pub fn format_iso(unix_seconds: i64) -> String {
    local(unix_seconds)
        .strftime("%Y-%m-%dT%H:%M:%S+07:00")
        .to_string()
}

/// RFC 2822, for RSS `pubDate`.
pub fn format_rfc2822(unix_seconds: i64) -> String {
    local(unix_seconds)
        .strftime("%a, %d %b %Y %H:%M:%S +0700")
        .to_string()
}

/// The calendar day in Vietnam as a number (days since 1970-01-01), the unit
/// in which a visitor's views are counted once.
pub fn vietnam_day(unix_seconds: i64) -> i64 {
    (unix_seconds + 7 * 3600).div_euclid(86_400)
}

/// The midnight in Vietnam that starts a [`vietnam_day`].
pub fn day_start(day: i64) -> i64 {
    day * 86_400 - 7 * 3600
}

/// The first day of the month a [`vietnam_day`] falls in.
pub fn month_start(day: i64) -> i64 {
    let date = local(day_start(day)).date();
    day - i64::from(date.day()) + 1
}

/// The first day of the month before the one `day` falls in.
pub fn previous_month_start(day: i64) -> i64 {
    month_start(month_start(day) - 1)
}

/// Parses `dd/mm/yyyy` as that day's midnight in Vietnam.
pub fn parse_vietnamese_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().split('/');
    let day: i8 = parts.next()?.trim().parse().ok()?;
    let month: i8 = parts.next()?.trim().parse().ok()?;
    let year: i16 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let date = Date::new(year, month, day).ok()?;
    let zoned = date.at(0, 0, 0, 0).to_zoned(vietnam()).ok()?;
    Some(zoned.timestamp().as_second())
}

/// A spreadsheet's date (days since 1899-12-30, as Excel and LibreOffice
/// keep them) as that day's midnight in Vietnam.
pub fn from_spreadsheet_day(serial: f64) -> Option<i64> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let date = Date::new(1899, 12, 30)
        .ok()?
        .checked_add(jiff::Span::new().days(days))
        .ok()?;
    Some(
        date.at(0, 0, 0, 0)
            .to_zoned(vietnam())
            .ok()?
            .timestamp()
            .as_second(),
    )
}

/// Parses `YYYY-MM-DD` as that day's midnight in Vietnam.
pub fn parse_iso_date(text: &str) -> Option<i64> {
    let date: Date = text.trim().parse().ok()?;
    Some(
        date.at(0, 0, 0, 0)
            .to_zoned(vietnam())
            .ok()?
            .timestamp()
            .as_second(),
    )
}

/// Parses `YYYY-MM-DDTHH:MM` (an HTML `datetime-local` value) as Vietnam time.
pub fn parse_local_input(text: &str) -> Option<i64> {
    let civil: DateTime = text.trim().parse().ok()?;
    Some(civil.to_zoned(vietnam()).ok()?.timestamp().as_second())
}

pub fn now() -> i64 {
    Timestamp::now().as_second()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_start_on_their_first_day_in_vietnam() {
        let first_december = parse_vietnamese_date("01/12/2026").expect("date");
        let day = vietnam_day(first_december + 10 * 3600);
        assert_eq!(month_start(day), vietnam_day(first_december));
        assert_eq!(
            month_start(day - 1),
            vietnam_day(parse_vietnamese_date("01/11/2026").expect("date"))
        );
        assert_eq!(day_start(vietnam_day(first_december)), first_december);
        assert_eq!(
            format_date(day_start(previous_month_start(day))),
            "01/11/2026"
        );
        let first_march = parse_vietnamese_date("01/03/2028").expect("date");
        assert_eq!(
            format_date(day_start(month_start(vietnam_day(first_march) - 1))),
            "01/02/2028"
        );
    }

    #[test]
    fn spans_are_told_in_their_largest_whole_unit() {
        assert_eq!(whole_span(59), (0, "minutes"));
        assert_eq!(whole_span(3 * 3_600 + 59 * 60), (3, "hours"));
        assert_eq!(whole_span(2 * 86_400 + 1), (2, "days"));
        assert_eq!(whole_span(-5), (0, "minutes"));
    }

    #[test]
    fn round_trips_a_vietnamese_date() {
        let ts = parse_vietnamese_date("31/05/2023").expect("valid date");
        assert_eq!(format_date(ts), "31/05/2023");
        assert_eq!(format_iso(ts), "2023-05-31T00:00:00+07:00");
        assert_eq!(format_rfc2822(ts), "Wed, 31 May 2023 00:00:00 +0700");
    }

    #[test]
    fn reads_form_times_as_vietnam_time() {
        let ts = parse_local_input("2025-07-01T08:30").expect("valid");
        assert_eq!(format_date_time(ts), "01/07/2025 08:30");
        assert_eq!(parse_local_input("ngày mai"), None);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(parse_vietnamese_date("31/02/2023"), None);
        assert_eq!(parse_vietnamese_date("hôm nay"), None);
        assert_eq!(parse_vietnamese_date("1/2/3/4"), None);
    }

    #[test]
    fn days_turn_at_vietnamese_midnight() {
        let midnight = parse_vietnamese_date("01/06/2023").expect("valid date");
        assert_eq!(vietnam_day(midnight), vietnam_day(midnight - 1) + 1);
    }
}

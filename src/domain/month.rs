//! Calendar arithmetic on months, saturating at chrono's limits instead of panicking.

use chrono::{Datelike, Days, NaiveDate};

/// The 1st of the month `date` falls in.
pub fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The 1st of the month after the one `date` falls in.
pub fn next_month(date: NaiveDate) -> NaiveDate {
    let first = first_of_month(date);
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first)
}

/// `date` plus `days` days.
pub fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

/// `date` minus `days` days.
pub fn minus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

/// A month as `YYYY-MM`.
pub fn month_label(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// Reads `YYYY-MM` into the 1st of that month.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() != 7 {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok()
}

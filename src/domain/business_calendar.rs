use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

/// Why a date is not a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotBusinessDay {
    Saturday,
    Sunday,
    Holiday,
}

/// Business days: Monday to Friday, less the configured state holidays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessCalendar {
    holidays: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> BusinessCalendar {
        BusinessCalendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn check(&self, date: NaiveDate) -> Result<(), NotBusinessDay> {
        match date.weekday() {
            Weekday::Sat => Err(NotBusinessDay::Saturday),
            Weekday::Sun => Err(NotBusinessDay::Sunday),
            _ if self.holidays.contains(&date) => Err(NotBusinessDay::Holiday),
            _ => Ok(()),
        }
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.check(date).is_ok()
    }

    /// The first business day strictly after `date` (when money taken in today posts).
    pub fn next_business_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        // Bounded: no calendar has a year of holidays in a row.
        for _ in 0..366 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_business_day(day) {
                return day;
            }
        }
        day
    }

    /// Business days after `from` up to `to` included: how long something received on
    /// `from` has waited by `to` (0 the same day or before). Bounded by ten years.
    pub fn business_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        for _ in 0..3_660 {
            if day >= to {
                break;
            }
            day = match day.succ_opt() {
                Some(d) => d,
                None => break,
            };
            if self.is_business_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The first business day on or after `date`.
    pub fn business_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        if self.is_business_day(date) {
            date
        } else {
            self.next_business_day(date)
        }
    }
}

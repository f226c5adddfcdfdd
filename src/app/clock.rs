//! The one place lockbox reads the clock.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The environment variable that fixes "now" for tests and demonstrations
/// (`2026-11-20T10:00:00`, `2026-11-20 10:00:00` or `2026-11-20` for 09:00).
pub const NOW_VARIABLE: &str = "LOCKBOX_NOW";

/// Local wall-clock time, or the time fixed by `LOCKBOX_NOW` in a debug build (the tests'
/// build). A release build never reads it: a clock anyone can set in a variable would
/// open every lockout window and let the fee books run ahead.
pub fn now() -> Result<NaiveDateTime, String> {
    if !cfg!(debug_assertions) {
        return Ok(chrono::Local::now().naive_local());
    }
    match std::env::var(NOW_VARIABLE) {
        Ok(text) => parse_now(&text).ok_or_else(|| {
            format!("{NOW_VARIABLE}={text:?} is not a date and time like 2026-11-20T10:00:00")
        }),
        Err(_) => Ok(chrono::Local::now().naive_local()),
    }
}

fn parse_now(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| NaiveTime::from_hms_opt(9, 0, 0).map(|t| d.and_time(t)))
        })
}

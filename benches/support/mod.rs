//! What the benches on a big demo ledger share: the clock they run at, their settings from
//! the environment, and the ledger itself.

use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use lockbox::store::Ledger;

/// The benches' "now": a Monday at noon.
pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

/// A count from the environment, or `default`.
pub fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `demo --scale LOCKBOX_BENCH_SCALE` (default 100000) into `file`, saying how long it took.
pub fn demo_ledger(file: &std::path::Path) -> (Ledger, u32) {
    let mut l = Ledger::open(file).unwrap();
    let scale = env("LOCKBOX_BENCH_SCALE", 100_000);
    let started = Instant::now();
    lockbox::app::demo::build(&mut l, scale, 1, now(), &mut |_, _, _| {}).unwrap();
    println!(
        "demo --scale {scale}: built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (l, scale)
}

//! Importing the processor's daily file (issue 16). `cargo bench --bench electronic`;
//! `LOCKBOX_BENCH_SCALE` sets the number of people of the demo ledger (default 100000) and
//! `LOCKBOX_BENCH_LINES` the file's lines (default 100000); `LOCKBOX_BENCH_POST=0` leaves
//! the posting out (for measuring the import alone, over and over).
//!
//! Prints: the time to import the file into the big ledger with every check (the target is
//! at most 10 s for 100,000 lines), in lines per second; the same file again (every line a
//! duplicate); a second day's file, judged against the first day's windows; then the
//! posting batch that posts what was accepted.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use lockbox::domain::parse_processor_file;

#[path = "support/mod.rs"]
mod support;
use support::{env, now};

/// A day's file: lines spread over every person, card payments from a pool of cards (a
/// few reused across inmates, so the windows have something to count) and walk-in cash.
fn file(docs: &[String], lines: usize, day: u32, prefix: &str) -> String {
    let mut text = String::from(lockbox::domain::PROCESSOR_HEADER);
    text.push('\n');
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ u64::from(day);
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..lines {
        let r = next();
        let doc = &docs[(r % docs.len() as u64) as usize];
        let seconds = (i * 86_400 / lines.max(1)) as u32;
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        let cents = 500 + (r >> 20) % 20_000;
        let card = r % 10 < 8;
        text.push_str(&format!(
            "{prefix}{i},2026-11-{day:02}T{h:02}:{m:02}:{s:02}-06:00,{},{doc},Sender {},\"{} Main St, Town, MO 65101\",{}.{:02},{}\n",
            if card { "card" } else { "cash" },
            (r >> 8) % 50_000,
            (r >> 12) % 900 + 1,
            cents / 100,
            cents % 100,
            if card { format!("fp-{}", (r >> 16) % 60_000) } else { String::new() },
        ));
    }
    text
}

fn main() {
    let lines = env("LOCKBOX_BENCH_LINES", 100_000) as usize;
    let dir = tempfile::tempdir().unwrap();
    let (mut l, _) = support::demo_ledger(&dir.path().join("big.sqlite"));
    let docs: Vec<String> = {
        let mut stmt = l
            .connection()
            .prepare("SELECT doc FROM person ORDER BY doc")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    for (what, day, prefix) in [
        // Yesterday's file comes in today (the demo's last day is 2026-11-23), after the
        // money orders taken in since: its lines are judged in the windows ending at them.
        ("the first day's file", 22, "a"),
        ("the same file again (all duplicates)", 22, "a"),
        (
            "the next day's file, against the first day's windows",
            23,
            "b",
        ),
    ] {
        let text = file(&docs, lines, day, prefix);
        let started = Instant::now();
        let cpu_before = support::cpu_seconds();
        let parsed = parse_processor_file(&text).unwrap();
        let parsing = started.elapsed();
        let answers = l.import_electronic(&parsed, now(), "system").unwrap();
        let took = started.elapsed();
        let cpu = match (cpu_before, support::cpu_seconds()) {
            (Some(a), Some(b)) => format!("; CPU {:.2} s", b - a),
            _ => String::new(),
        };
        let count = |o: &str| answers.iter().filter(|a| a.outcome == o).count();
        println!(
            "import {lines} lines, {what}: {:.2} s ({:.0} lines/s; reading the file {:.2} s{cpu}): {} accepted, {} held, {} refused, {} duplicate (target: at most 10 s)",
            took.as_secs_f64(),
            lines as f64 / took.as_secs_f64(),
            parsing.as_secs_f64(),
            count("accepted"),
            count("held"),
            count("refused"),
            count("duplicate"),
        );
    }
    if env("LOCKBOX_BENCH_POST", 1) == 0 {
        return;
    }
    // The day's batch then posts the accepted deposits (and the demo's ready money orders),
    // each split to obligations with its receipt.
    let started = Instant::now();
    let outcome = l.post(now().date(), now(), "clerk", &mut |_| {}).unwrap();
    if let lockbox::store::PostingOutcome::Posted {
        posted_now,
        electronic_posted_now,
        ..
    } = outcome
    {
        println!(
            "post the batch: {posted_now} money orders and {electronic_posted_now} electronic deposits in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
}

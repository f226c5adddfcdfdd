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
///
/// With `LOCKBOX_BENCH_KEEP=DIR` the built ledger is kept in `DIR` (one folder per scale) and
/// copied from there on the next run instead of being built again: building the big one
/// takes minutes, and a bench measured over and over while tuning needs it unchanged.
pub fn demo_ledger(file: &std::path::Path) -> (Ledger, u32) {
    let scale = env("LOCKBOX_BENCH_SCALE", 100_000);
    let kept = std::env::var_os("LOCKBOX_BENCH_KEEP").map(|dir| {
        let dir = std::path::PathBuf::from(dir).join(format!("demo-{scale}"));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("ledger.sqlite")
    });
    if let Some(kept) = kept.as_ref().filter(|k| k.exists()) {
        copy_ledger(kept, file);
        println!("demo --scale {scale}: copied from {}", kept.display());
        return (Ledger::open(file).unwrap(), scale);
    }
    // Built as `lockbox demo` builds it: in a scratch file put in place when whole.
    let started = Instant::now();
    let summary = lockbox::app::demo_file::build_at(
        file,
        &file.with_file_name("pin.key"),
        (scale, 1),
        now(),
        &mut |_, _, _| {},
    )
    .unwrap();
    let l = Ledger::open(file).unwrap();
    println!(
        "demo --scale {scale}: built in {:.1} s ({} money orders, {} transfers; target: at most 20 s at 100000)",
        started.elapsed().as_secs_f64(),
        summary.money_orders,
        summary.transfers
    );
    if let Some(kept) = kept {
        // A checkpoint first, so that the one file holds the whole ledger.
        l.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        copy_ledger(file, &kept);
    }
    (l, scale)
}

/// A ledger file with what its seals need beside it: the audit key (in the same folder)
/// and the anchor (beside the file). The ledger is copied last, under another name renamed
/// at the end, so a run killed half-way never leaves a kept ledger that looks whole. (A kept
/// ledger from an older schema is upgraded on each copy: remove `DIR` after a change to
/// the demo.)
fn copy_ledger(from: &std::path::Path, to: &std::path::Path) {
    let beside = |p: &std::path::Path, suffix: &str| {
        let mut name = p.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    std::fs::copy(beside(from, "-audit.anchor"), beside(to, "-audit.anchor")).unwrap();
    let key = |p: &std::path::Path| p.with_file_name("audit.key");
    std::fs::copy(key(from), key(to)).unwrap();
    std::fs::copy(from, beside(to, ".partial")).unwrap();
    // On disk before anything is timed: else the kernel writes the copied gigabyte back
    // while the bench runs, and the first figure carries a second or two of it.
    std::fs::File::open(beside(to, ".partial"))
        .unwrap()
        .sync_all()
        .unwrap();
    std::fs::rename(beside(to, ".partial"), to).unwrap();
}

/// This process's CPU time so far (user and system, from `/proc/self/stat`), so that a
/// figure can be told apart from the machine's waits: a wall time well above it was spent
/// waiting for the disk or another process. `None` where there is no `/proc`.
#[allow(dead_code)]
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: count fields after it.
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // Linux reports these in USER_HZ, 100 on every platform Rust targets.
    Some(ticks / 100.0)
}

/// What this process has read and written so far, from `/proc/self/io`: the bytes it
/// passed to write calls (`wchar`: the log's frames, the checkpoint's pages, and nothing
/// but its own writes), and the bytes the kernel counted as read from and sent to the
/// storage layer (`read_bytes`, `write_bytes`). The kernel counts whole memory pages as
/// they become dirty, so its figure moves with what the page cache held before: on a
/// ledger just written by the same process it is lower, on one opened afresh it was three
/// times the bytes written (2026-12-04). `None` where there is no `/proc`.
#[allow(dead_code)]
pub fn io_bytes() -> Option<IoBytes> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    let field = |name: &str| -> Option<u64> {
        io.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    Some(IoBytes {
        written: field("wchar:")?,
        storage_read: field("read_bytes:")?,
        storage_written: field("write_bytes:")?,
    })
}

/// `io_bytes`' counters.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
pub struct IoBytes {
    pub written: u64,
    pub storage_read: u64,
    pub storage_written: u64,
}

//! Ledger speed (issue 2). `cargo bench --bench ledger`; `LOCKBOX_BENCH_SCALE` sets the
//! number of people of the big ledger (default 100000, about 1M transfers).
//!
//! Prints, besides criterion's figures:
//! - the time `demo --scale N` takes to build the big ledger, and `check` on it;
//! - a posting batch of 10,000 money orders beside the raw SQLite insert rate of the same
//!   number of rows, same durability, same commit pattern, measured in the same run.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use criterion::{criterion_group, Criterion};
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource};
use lockbox::store::{Ledger, NewPerson, Role};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn scale() -> u32 {
    std::env::var("LOCKBOX_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn request(serial: u64, doc: &str, name: &str) -> IntakeRequest {
    IntakeRequest {
        instrument: Instrument::MoneyOrder,
        issuer: "USPS".into(),
        serial: format!("B{serial}"),
        amount: format!("{}.{:02}", 1 + serial % 500, serial % 100),
        issued_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        source: IntakeSource::ByHand {
            doc: doc.into(),
            inmate_name: name.into(),
            sender_name: "Sender".into(),
            sender_address: "1 Main St".into(),
        },
    }
}

/// The big demo ledger, built once; reports its build time.
fn big_ledger(dir: &std::path::Path) -> (Ledger, Vec<String>) {
    let path = dir.join("big.sqlite");
    let mut l = Ledger::open(&path).unwrap();
    let n = scale();
    let started = Instant::now();
    let summary = lockbox::app::demo::build(&mut l, n, 1, now(), &mut |_, _, _| {}).unwrap();
    println!(
        "demo --scale {n}: {:.1} s for {} people, {} money orders, {} transfers (target: at most 60 s at 100000)",
        started.elapsed().as_secs_f64(),
        summary.people,
        summary.money_orders,
        summary.transfers
    );
    let docs: Vec<String> = {
        let mut stmt = l
            .connection()
            .prepare("SELECT doc FROM person ORDER BY doc")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    (l, docs)
}

fn balance(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (l, docs) = big_ledger(dir.path());
    // `lockbox check` on the big ledger: SQLite's integrity check, every invariant, every
    // offender's fee receivable against the engine, the audit chain.
    for run in 1..=3 {
        let started = Instant::now();
        let report = l.check(now().date()).unwrap();
        println!(
            "check of the big ledger, run {run}: {:.2} s ({}; target: at most 10 s at 100000)",
            started.elapsed().as_secs_f64(),
            if report.is_ok() {
                "all passed"
            } else {
                "FAILED"
            }
        );
    }
    let mut i = 0usize;
    c.bench_function("balance + last 20 transactions (big ledger)", |b| {
        b.iter(|| {
            i = (i + 7919) % docs.len();
            let bal = l.balance(&docs[i]).unwrap();
            std::hint::black_box(bal);
        })
    });
}

fn intake(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("intake.sqlite")).unwrap();
    l.add_user("clerk", Role::Clerk, now(), "bench").unwrap();
    l.add_person(
        &NewPerson {
            doc: "12345".into(),
            last_name: "Rivera".into(),
            ..Default::default()
        },
        now(),
        "bench",
    )
    .unwrap();
    let mut serial = 0u64;
    c.bench_function("one intake, durable (synchronous=FULL)", |b| {
        b.iter(|| {
            serial += 1;
            l.intake(&request(serial, "12345", "Rivera"), now(), "clerk")
                .unwrap();
        })
    });
}

const BATCH: u64 = 10_000;

/// Posts 10,000 money orders and inserts the same number of rows raw, same durability and
/// the same commits; prints both rates and their ratio.
fn posting_vs_raw() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("post.sqlite")).unwrap();
    l.add_user("clerk", Role::Clerk, now(), "bench").unwrap();
    for (doc, last) in [("12345", "Rivera"), ("777", "Okafor")] {
        l.add_person(
            &NewPerson {
                doc: doc.into(),
                last_name: last.into(),
                ..Default::default()
            },
            now(),
            "bench",
        )
        .unwrap();
    }
    l.add_obligation(
        "12345",
        lockbox::domain::ObligationKind::Restitution,
        "999999.00",
        None,
        now(),
        "bench",
    )
    .unwrap();
    l.bulk(|tx, audit| {
        for s in 0..BATCH {
            let (doc, name) = if s % 2 == 0 {
                ("12345", "Rivera")
            } else {
                ("777", "Okafor")
            };
            let v = request(s, doc, name).validate(now().date()).unwrap();
            lockbox::store::deposits::intake_tx(tx, audit, &v, now(), "clerk")?;
        }
        Ok(())
    })
    .unwrap();
    let count =
        |l: &Ledger, sql: &str| -> i64 { l.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    let rows_before = count(&l, "SELECT (SELECT COUNT(*) FROM transfer) + (SELECT COUNT(*) FROM receipt) + (SELECT COUNT(*) FROM print_job) + (SELECT COUNT(*) FROM audit)");
    let started = Instant::now();
    l.post(now().date(), now(), "clerk", &mut |_| {}).unwrap();
    let posting = started.elapsed();
    let rows_after = count(&l, "SELECT (SELECT COUNT(*) FROM transfer) + (SELECT COUNT(*) FROM receipt) + (SELECT COUNT(*) FROM print_job) + (SELECT COUNT(*) FROM audit)");
    // Rows the batch wrote, plus one status update per money order.
    let rows = (rows_after - rows_before) as u64 + BATCH;
    let chunks = BATCH.div_ceil(lockbox::store::posting::POSTING_CHUNK as u64) + 2;

    let raw = rusqlite::Connection::open(dir.path().join("raw.sqlite")).unwrap();
    raw.pragma_update(None, "journal_mode", "WAL").unwrap();
    raw.pragma_update(None, "synchronous", "FULL").unwrap();
    raw.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INTEGER NOT NULL, c INTEGER NOT NULL, d TEXT NOT NULL)")
        .unwrap();
    let per_chunk = rows.div_ceil(chunks);
    let started = Instant::now();
    let mut written = 0u64;
    while written < rows {
        let tx = raw.unchecked_transaction().unwrap();
        {
            let mut stmt = tx
                .prepare_cached("INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?4)")
                .unwrap();
            for _ in 0..per_chunk.min(rows - written) {
                stmt.execute(rusqlite::params![
                    written as i64,
                    2,
                    1234,
                    "2026-11-23 12:00:00"
                ])
                .unwrap();
                written += 1;
            }
        }
        tx.commit().unwrap();
    }
    let raw_time = started.elapsed();
    let rate = |n: u64, d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "posting {BATCH} money orders: {:.3} s ({:.0} money orders/s, {rows} rows, {:.0} rows/s; target: at most 2 s)",
        posting.as_secs_f64(),
        rate(BATCH, posting),
        rate(rows, posting)
    );
    println!(
        "raw SQLite insert of the same {rows} rows in {chunks} durable commits: {:.3} s ({:.0} rows/s)",
        raw_time.as_secs_f64(),
        rate(rows, raw_time)
    );
    println!(
        "posting row rate / raw row rate = {:.2} (goal: at least 0.25)",
        rate(rows, posting) / rate(rows, raw_time)
    );
    assert!(l
        .check(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        .unwrap()
        .is_ok());
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(200).measurement_time(Duration::from_secs(5));
    targets = balance, intake
}

fn main() {
    posting_vs_raw();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

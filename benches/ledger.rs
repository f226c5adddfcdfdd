//! Ledger speed (issue 2). `cargo bench --bench ledger`; `LOCKBOX_BENCH_SCALE` sets the
//! number of people of the big ledger (default 100000, about 1M transfers).
//!
//! Prints, besides criterion's figures:
//! - the time `demo --scale N` takes to build the big ledger, and `check` on it;
//! - the ledger's bytes per person;
//! - a posting batch of 10,000 money orders to inmates across the big ledger beside raw
//!   SQLite inserting one row per money order as wide as the posting's growth of the ledger
//!   per money order, same durability, same commits, in the same run; the posting's own
//!   rows written bare (as many, as wide, no index, trigger or logic), which is what its
//!   rows alone cost; and the bytes written per money order (see `support::io_bytes`);
//! - raw rows that each also update one random balance row and add one random entry to an
//!   index by account, as many as the big ledger has: the least any posting pays that
//!   keeps a balance per inmate or an index of transfers by account.
//!
//! `LOCKBOX_BENCH_KEEP=DIR` keeps the big ledger between runs (see `support`).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, Criterion};
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource};
use lockbox::store::{Ledger, NewPerson, Role};

#[path = "support/mod.rs"]
mod support;
use support::now;

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

/// The big demo ledger (built, saying how long it took, or copied from
/// `LOCKBOX_BENCH_KEEP`), with its DOC numbers.
fn big_ledger(dir: &std::path::Path) -> (Ledger, Vec<String>) {
    let (l, _) = support::demo_ledger(&dir.join("big.sqlite"));
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

/// `n` rows written by `write` (given its transaction and how many rows to write) in
/// `commits` durable commits, the log copied back at the end: how long it took.
fn in_commits(
    conn: &rusqlite::Connection,
    n: u64,
    commits: u64,
    mut write: impl FnMut(&rusqlite::Transaction<'_>, u64),
) -> Duration {
    let per_commit = n.div_ceil(commits.max(1));
    let started = Instant::now();
    let mut written = 0u64;
    while written < n {
        let tx = conn.unchecked_transaction().unwrap();
        let rows = per_commit.min(n - written);
        write(&tx, rows);
        written += rows;
        tx.commit().unwrap();
    }
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .unwrap();
    started.elapsed()
}

/// `n` rows of `width` bytes inserted into a new table `name` of `conn` in `commits`
/// durable commits, the log copied back at the end: how long it took.
fn raw_rows(conn: &rusqlite::Connection, name: &str, n: u64, width: u64, commits: u64) -> Duration {
    conn.execute_batch(&format!(
        "CREATE TABLE {name} (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"
    ))
    .unwrap();
    let body = vec![0x5a_u8; width as usize];
    in_commits(conn, n, commits, |tx, rows| {
        let mut stmt = tx
            .prepare_cached(&format!("INSERT INTO {name} (body) VALUES (?1)"))
            .unwrap();
        for _ in 0..rows {
            stmt.execute([&body]).unwrap();
        }
    })
}

/// Raw SQLite writing what any posting of deposits to inmates spread over the whole ledger
/// must write at the least, if the ledger keeps a balance per inmate or an index of
/// transfers by account: each row as wide as `width`, plus, per row, one random balance row
/// of `accounts` updated (`balance`) and one entry in an index over `accounts` keys that
/// already holds `existing` (`index`), in `commits` durable commits. Set up untimed.
#[allow(clippy::too_many_arguments)]
fn raw_random_rows(
    conn: &rusqlite::Connection,
    name: &str,
    n: u64,
    width: u64,
    commits: u64,
    accounts: u64,
    existing: u64,
    (balance, index): (bool, bool),
) -> Duration {
    conn.execute_batch(&format!(
        "CREATE TABLE {name}_acct (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL, pad BLOB);
         CREATE TABLE {name} (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, body BLOB NOT NULL);
         CREATE INDEX {name}_by_account ON {name} (account);"
    ))
    .unwrap();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |below: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % below
    };
    {
        let tx = conn.unchecked_transaction().unwrap();
        let pad = vec![0x11_u8; 60];
        for id in 1..=accounts {
            tx.execute(
                &format!("INSERT INTO {name}_acct (id, balance, pad) VALUES (?1, 0, ?2)"),
                rusqlite::params![id as i64, pad],
            )
            .unwrap();
        }
        for _ in 0..existing {
            tx.execute(
                &format!("INSERT INTO {name} (account, body) VALUES (?1, x'00')"),
                [1 + next(accounts) as i64],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let body = vec![0x5a_u8; width as usize];
    in_commits(conn, n, commits, |tx, rows| {
        let mut insert = tx
            .prepare_cached(&format!(
                "INSERT INTO {name} (account, body) VALUES (?1, ?2)"
            ))
            .unwrap();
        let mut update = tx
            .prepare_cached(&format!(
                "UPDATE {name}_acct SET balance = balance + 1 WHERE id = ?1"
            ))
            .unwrap();
        for _ in 0..rows {
            let account = 1 + next(accounts) as i64;
            // Without the index, every row has the same key: its entries are appended to
            // the index's last page, as the rows are to the table's.
            let key = if index { account } else { 0 };
            insert.execute(rusqlite::params![key, &body]).unwrap();
            if balance {
                update.execute([account]).unwrap();
            }
        }
    })
}

/// The posting where a state's lobby meets it: 10,000 money orders to inmates drawn from
/// the whole scale-100000 demo ledger (each from a sender of its own, so none is held),
/// taken in beforehand and then posted by the day's batch, timed. Beside it, in the same
/// run and on the same disk, raw SQLite inserting one row per money order as wide as what
/// the posting added to the ledger per money order, in as many durable commits (WAL,
/// `synchronous=FULL`). Prints money orders per second against raw rows per second, the
/// bytes written per money order (lockbox's own write calls, and the kernel's count of
/// what it sent to storage), and the ledger's bytes per person.
fn posting_on_the_big_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.sqlite");
    let (mut l, scale) = support::demo_ledger(&file);
    let count =
        |l: &Ledger, sql: &str| -> i64 { l.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    let checkpoint = |l: &Ledger| {
        l.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    };
    checkpoint(&l);
    let people = count(&l, "SELECT COUNT(*) FROM person");
    let ledger_bytes = std::fs::metadata(&file).unwrap().len();
    println!(
        "ledger at scale {scale}: {:.0} MB for {people} people, {:.0} bytes per person",
        ledger_bytes as f64 / 1e6,
        ledger_bytes as f64 / people as f64
    );
    let inmates: Vec<(String, String)> = {
        let mut stmt = l
            .connection()
            .prepare("SELECT doc, last_name FROM person WHERE doc IN (SELECT doc FROM trust_account) ORDER BY doc")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    l.bulk(|tx, audit| {
        for s in 0..BATCH {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (doc, name) = &inmates[(x % inmates.len() as u64) as usize];
            let mut r = request(s, doc, name);
            if let IntakeSource::ByHand {
                sender_name,
                sender_address,
                ..
            } = &mut r.source
            {
                *sender_name = format!("Sender {s}");
                *sender_address = format!("{s} Main St, Jefferson City, MO 65101");
            }
            let v = r.validate(now().date()).unwrap();
            lockbox::store::deposits::intake_tx(tx, audit, &v, now(), "clerk")?;
        }
        Ok(())
    })
    .unwrap();
    checkpoint(&l);
    let pages = |l: &Ledger| {
        count(
            l,
            // Pages in use: a ledger with free pages (a migration's leftovers) grows into
            // them first, and its file does not grow.
            "SELECT (page_count - freelist_count) * page_size
             FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()",
        )
    };
    // The rows a posting writes: new rows in every table it writes to (a seal and an
    // outbox entry are rows of their own), and each money order's change of status.
    let rows_written = |l: &Ledger| {
        count(
            l,
            "SELECT (SELECT COUNT(*) FROM transfer) + (SELECT COUNT(*) FROM receipt)
                  + (SELECT COUNT(*) FROM print_job) + (SELECT COUNT(*) FROM audit)
                  + (SELECT COUNT(*) FROM seal) + (SELECT COUNT(*) FROM outbox)
                  + (SELECT COUNT(*) FROM posting_batch)",
        )
    };
    let rows_before = rows_written(&l);
    let bytes_before = pages(&l);
    let io_before = support::io_bytes();
    let started = Instant::now();
    let outcome = l.post(now().date(), now(), "clerk", &mut |_| {}).unwrap();
    let posting = started.elapsed();
    let io_after = support::io_bytes();
    let posted = match outcome {
        lockbox::store::PostingOutcome::Posted { posted_now, .. } => posted_now as u64,
        other => panic!("the batch did not post: {other:?}"),
    };
    checkpoint(&l);
    let growth = (pages(&l) - bytes_before).max(0) as u64;
    let width = (growth / posted.max(1)).max(1);
    let rows = (rows_written(&l) - rows_before).max(0) as u64 + posted;
    // The posting's chunks, and the batch's opening and closing commits.
    let chunks = posted.div_ceil(lockbox::store::posting::POSTING_CHUNK as u64) + 2;

    let raw = rusqlite::Connection::open(dir.path().join("raw.sqlite")).unwrap();
    raw.pragma_update(None, "journal_mode", "WAL").unwrap();
    raw.pragma_update(None, "synchronous", "FULL").unwrap();
    // The log copied back at the end, as the posting's is (a batch job's).
    raw.pragma_update(None, "wal_autocheckpoint", 65_536)
        .unwrap();
    let raw_time = raw_rows(&raw, "t", posted, width, chunks);
    // The same bytes as the posting's own rows, bare: as many rows as it wrote, as wide as
    // they are on average, in as many durable commits, with no index, trigger, read or
    // logic. What the posting could take at best with the rows it writes now.
    let bare_width = (growth / rows.max(1)).max(1);
    let bare_time = raw_rows(&raw, "bare", rows, bare_width, chunks);
    let rate = |n: u64, d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "posting {posted} money orders on the scale-{scale} ledger: {:.2} s ({:.0} money orders/s, {:.0} µs each)",
        posting.as_secs_f64(),
        rate(posted, posting),
        posting.as_secs_f64() * 1e6 / posted as f64
    );
    if let (Some(a), Some(b)) = (io_before, io_after) {
        let per = |before: u64, after: u64| (after - before) as f64 / 1e3 / posted as f64;
        println!(
            "lockbox wrote {:.1} KB per money order ({:.0} MB: the log and the checkpoint); the kernel counted {:.1} KB read from and {:.1} KB sent to storage per money order",
            per(a.written, b.written),
            (b.written - a.written) as f64 / 1e6,
            per(a.storage_read, b.storage_read),
            per(a.storage_written, b.storage_written),
        );
    }
    println!(
        "raw SQLite: {posted} rows of {width} bytes (the ledger's growth per money order) in {chunks} durable commits: {:.3} s ({:.0} rows/s)",
        raw_time.as_secs_f64(),
        rate(posted, raw_time)
    );
    println!(
        "money orders per second / raw rows per second = {:.3} (goal: at least 0.25)",
        rate(posted, posting) / rate(posted, raw_time)
    );
    println!(
        "the posting's own rows written bare: {rows} rows ({:.1} per money order) of {} bytes in {chunks} durable commits: {:.3} s, {:.1} µs per money order; at that speed the ratio would be {:.3}",
        rows as f64 / posted.max(1) as f64,
        bare_width,
        bare_time.as_secs_f64(),
        bare_time.as_secs_f64() * 1e6 / posted.max(1) as f64,
        rate(posted, bare_time) / rate(posted, raw_time)
    );
    // What a ledger that keeps a balance per inmate, or an index of transfers by account,
    // must write per money order at the least, whatever else it does: raw rows as above,
    // each with one random balance row and one random index entry over the ledger's
    // accounts, as many as it holds already.
    let accounts = count(&l, "SELECT COUNT(*) FROM account") as u64;
    let existing = count(&l, "SELECT COUNT(*) FROM transfer") as u64;
    for (label, which) in [
        ("one random balance row", (true, false)),
        ("one random index entry", (false, true)),
        ("both", (true, true)),
    ] {
        let name = format!("floor_{}_{}", which.0 as u8, which.1 as u8);
        let time = raw_random_rows(
            &raw, &name, posted, width, chunks, accounts, existing, which,
        );
        println!(
            "raw SQLite, each row with {label} among {accounts} accounts ({existing} entries): {:.3} s ({:.1} µs per row); ratio {:.3}",
            time.as_secs_f64(),
            time.as_secs_f64() * 1e6 / posted.max(1) as f64,
            rate(posted, time) / rate(posted, raw_time)
        );
    }
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
    posting_on_the_big_ledger();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

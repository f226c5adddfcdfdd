//! A posting batch killed with SIGKILL at random moments: after each kill the database
//! passes its integrity check and invariants, and a re-run posts every money order
//! exactly once. `LOCKBOX_CRASH_CYCLES` sets the number of cycles (default 50).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lockbox::domain::{Instrument, IntakeRequest, IntakeSource};
use lockbox::store::Ledger;

use crate::support::{at, monday, seed, CLERK};

const MONEY_ORDERS: usize = 1_200;
const NOW: &str = "2026-11-16T16:00:00";

fn template(path: &Path) {
    let mut l = Ledger::open(path).expect("template");
    seed(&mut l);
    crate::support::give_passwords(&mut l, path);
    let t = at(monday(), 10);
    l.bulk(|tx, audit| {
        for i in 0..MONEY_ORDERS {
            let (doc, name) = if i % 3 == 0 {
                ("12345", "Rivera")
            } else {
                ("777", "Okafor")
            };
            let request = IntakeRequest {
                instrument: Instrument::MoneyOrder,
                issuer: "USPS".into(),
                serial: format!("K{i}"),
                amount: format!("{}.{:02}", 1 + i % 400, i % 100),
                issued_on: monday(),
                source: IntakeSource::ByHand {
                    doc: doc.into(),
                    inmate_name: name.into(),
                    sender_name: "Sam Sender".into(),
                    sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
                },
            }
            .validate(monday())
            .expect("valid");
            lockbox::store::deposits::intake_tx(tx, audit, &request, t, CLERK)?;
        }
        Ok(())
    })
    .expect("bulk intake");
}

fn post(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    c.args(["--db"])
        .arg(db)
        .args(["post", "--date", "2026-11-16", "--user", CLERK])
        .env("LOCKBOX_NOW", NOW)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    crate::support::authenticate(&mut c, &["--user", CLERK]);
    c
}

/// A copy of the ledger file with its audit anchor (a ledger without the anchor it had is
/// what a trail cut short looks like).
fn copy_ledger(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("copy");
    let anchor = |p: &Path| format!("{}-audit.anchor", p.display());
    std::fs::copy(anchor(from), anchor(to)).expect("copy the anchor");
}

fn counts(db: &Path) -> (i64, i64, i64) {
    let l = Ledger::open(db).expect("reopen");
    let report = l.check(crate::support::day(2026, 11, 30)).expect("check");
    assert!(report.is_ok(), "after a kill: {report:?}");
    let q = |sql: &str| -> i64 {
        l.connection()
            .query_row(sql, [], |r| r.get(0))
            .expect("count")
    };
    (
        q("SELECT COUNT(*) FROM money_order WHERE status = 'posted'"),
        q("SELECT COUNT(*) FROM receipt"),
        q("SELECT COUNT(*) FROM transfer WHERE kind IN ('post_trust', 'post_obligation')"),
    )
}

#[test]
fn a_killed_posting_is_finished_by_a_rerun_with_each_money_order_posted_once() {
    let cycles: usize = std::env::var("LOCKBOX_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().expect("dir");
    let base = dir.path().join("template.sqlite");
    template(&base);
    // How long an uninterrupted batch takes, so the kills land across all of it.
    let probe = dir.path().join("probe.sqlite");
    copy_ledger(&base, &probe);
    let started = Instant::now();
    assert!(post(&probe).status().expect("run").success());
    let full = started.elapsed();
    let expected = counts(&probe);
    assert_eq!(expected.0, MONEY_ORDERS as i64);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut interrupted = 0;
    for cycle in 0..cycles {
        let db = dir.path().join(format!("c{cycle}.sqlite"));
        copy_ledger(&base, &db);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (full.as_micros() as u64 + 1));
        let mut child = post(&db).spawn().expect("spawn");
        std::thread::sleep(delay);
        let finished_before_kill = child.try_wait().expect("wait").is_some();
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let (posted, receipts, _) = counts(&db);
        if !finished_before_kill && posted < MONEY_ORDERS as i64 {
            interrupted += 1;
        }
        assert_eq!(
            posted, receipts,
            "cycle {cycle}: every posted money order has its receipt"
        );
        assert!(
            post(&db).status().expect("rerun").success(),
            "cycle {cycle}: rerun"
        );
        assert_eq!(
            counts(&db),
            expected,
            "cycle {cycle}: after the rerun, all posted exactly once"
        );
        let _ = std::fs::remove_file(&db);
    }
    assert!(
        interrupted * 4 >= cycles,
        "only {interrupted} of {cycles} kills landed mid-batch"
    );
}

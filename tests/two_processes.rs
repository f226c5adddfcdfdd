//! Two processes on one ledger file at once, as in the lobby: a kiosk writing slips while
//! the clerk takes money orders in and runs the posting. For 30 seconds
//! (`LOCKBOX_TWO_PROCESS_S`), no command may fail with a locked database, and everything
//! each one wrote must be there afterwards.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn lockbox(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", "2026-11-23T10:00:00")
        .env("LOCKBOX_USER", "clerk")
        .output()
        .expect("lockbox runs")
}

#[test]
fn a_kiosk_and_a_clerk_share_the_ledger_without_a_locked_database() {
    let seconds: u64 = std::env::var("LOCKBOX_TWO_PROCESS_S")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shared.sqlite");
    assert!(lockbox(&db, &["demo", "--scale", "20"]).status.success());
    let before_slips = count(&db, "SELECT COUNT(*) FROM slip");
    let before_orders = count(&db, "SELECT COUNT(*) FROM money_order");
    let until = Instant::now() + Duration::from_secs(seconds);

    let kiosk_db = db.clone();
    let kiosk = std::thread::spawn(move || {
        let (mut ok, mut failures) = (0, Vec::new());
        while Instant::now() < until {
            let out = lockbox(
                &kiosk_db,
                &[
                    "slip",
                    "new",
                    "--doc",
                    "12345",
                    "--name",
                    "Rivera",
                    "--sender-name",
                    "Carmen Rivera",
                    "--sender-address",
                    "12 Elm St",
                    "--amount",
                    "20.00",
                ],
            );
            if out.status.success() {
                ok += 1;
            } else {
                failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        (ok, failures)
    });
    let clerk_db = db.clone();
    let clerk = std::thread::spawn(move || {
        let (mut ok, mut failures, mut posted) = (0, Vec::new(), false);
        let halfway = until - Duration::from_secs(seconds / 2);
        let mut serial = 0;
        while Instant::now() < until {
            serial += 1;
            let out = if !posted && Instant::now() >= halfway {
                posted = true;
                lockbox(&clerk_db, &["post", "--date", "2026-11-23"])
            } else {
                lockbox(
                    &clerk_db,
                    &[
                        "intake",
                        "--doc",
                        "12345",
                        "--name",
                        "Rivera",
                        "--sender-name",
                        "Carmen Rivera",
                        "--sender-address",
                        "12 Elm St",
                        "--issuer",
                        "USPS",
                        "--serial",
                        &format!("TWO-{serial}"),
                        "--amount",
                        "20.00",
                        "--date",
                        "2026-11-20",
                    ],
                )
            };
            if out.status.success() {
                ok += 1;
            } else {
                failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        (ok, failures, posted)
    });
    let (slips, kiosk_failures) = kiosk.join().expect("kiosk");
    let (clerk_ok, clerk_failures, posted) = clerk.join().expect("clerk");
    assert!(kiosk_failures.is_empty(), "{kiosk_failures:?}");
    assert!(clerk_failures.is_empty(), "{clerk_failures:?}");
    assert!(
        slips > 10 && clerk_ok > 10,
        "both did work: {slips} slips, {clerk_ok} clerk commands"
    );
    assert!(posted || seconds < 2);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM slip") - before_slips,
        slips
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM money_order") - before_orders,
        clerk_ok - i64::from(posted)
    );
    let out = lockbox(&db, &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

/// Many money orders ready for Monday's batch, in a ledger file.
fn ready_ledger(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    use lockbox::domain::Instrument;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("post.sqlite");
    let mut l = lockbox::store::Ledger::open(&db).expect("ledger");
    crate::support::seed(&mut l);
    let now = crate::support::at(crate::support::monday(), 9);
    l.bulk(|tx, audit| {
        for i in 0..n {
            let request = lockbox::domain::IntakeRequest {
                instrument: Instrument::MoneyOrder,
                ..crate::support::by_hand(&format!("P-{i}"), "12.34", "12345", "Rivera")
            }
            .validate(now.date())?;
            lockbox::store::deposits::intake_tx(tx, audit, &request, now, "clerk")?;
        }
        Ok(())
    })
    .expect("taken in");
    (dir, db)
}

fn post(db: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(db)
        .args(["post", "--date", "2026-11-16", "--user", "clerk", "--json"])
        .env("LOCKBOX_NOW", "2026-11-16T16:00:00")
        .output()
        .expect("lockbox runs")
}

/// While a posting runs, a second one refuses and says who runs the first and since when;
/// it posts nothing and does not touch the batch. Once the first is gone (even killed: the
/// lock is the OS's), a run finishes the batch.
#[test]
fn a_second_posting_while_one_runs_refuses_and_names_the_first() {
    let (_dir, db) = ready_ledger(3);
    // Stand in for a posting at work: its lock held, its run recorded.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(format!("{}-posting.lock", db.display()))
        .expect("lock file");
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).expect("locked");
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute(
            "INSERT INTO posting_batch (business_date, cutoff, started_at, started_by, run_started_at, run_by)
             VALUES ('2026-11-16', '2026-11-16 10:02:00', '2026-11-16 10:02:00', 'clerk', '2026-11-16 10:02:00', 'clerk')",
            [],
        )
        .expect("batch");
    let out = post(&db);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("a posting is running since 10:02, by clerk"),
        "{said}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM money_order WHERE status = 'posted'"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM posting_batch WHERE finished_at IS NOT NULL"
        ),
        0
    );
    drop(lock);
    let out = post(&db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["batch_count"].as_i64(), v["resumed"].as_bool()),
        (Some(3), Some(true))
    );
}

/// Two postings of one day started at once: one posts the batch, the other refuses or finds
/// it finished; the batch is finished once, and every figure reported is the batch's.
#[test]
fn two_postings_at_once_finish_the_batch_once() {
    let (_dir, db) = ready_ledger(4_000);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| post(&db));
        let b = s.spawn(|| post(&db));
        (a.join().expect("a"), b.join().expect("b"))
    });
    let posted = count(
        &db,
        "SELECT COUNT(*) FROM money_order WHERE status = 'posted'",
    );
    assert_eq!(posted, 4_000);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE action = 'posting.finish'"
        ),
        1
    );
    let mut posters = 0;
    for out in [&a, &b] {
        if out.status.success() {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            assert_eq!(v["batch_count"].as_i64(), Some(4_000), "{v}");
            if v["posted_now"].as_i64() == Some(4_000) {
                posters += 1;
            }
        } else {
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(said.contains("a posting is running since"), "{said}");
        }
    }
    assert_eq!(posters, 1, "exactly one run posted the batch");
}

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

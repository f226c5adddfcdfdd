//! Backups and restore: a copy taken while a posting runs in another process verifies;
//! the nightly directory keeps the newest copies; a restore refuses a copy that does not
//! verify and leaves the ledger as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource};
use lockbox::store::Ledger;

fn lockbox(db: &Path, now: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", now)
        .env_remove("LOCKBOX_USER")
        .env_remove("LOCKBOX_CONFIG");
    crate::support::authenticate(&mut cmd, args);
    cmd
}

fn run(db: &Path, now: &str, args: &[&str]) -> Output {
    lockbox(db, now, args).output().expect("runs")
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const NOW: &str = "2026-11-23T12:00:00";

/// The demo ledger plus `ready` money orders for Ana Rivera waiting for the posting.
fn ledger_with_work(ready: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("ledger.sqlite");
    let out = run(&db, NOW, &["demo", "--scale", "40"]);
    assert!(out.status.success(), "{}", said(&out));
    let mut l = Ledger::open(&db).expect("open");
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(11, 0, 0))
        .expect("time");
    l.bulk(|tx, audit| {
        for i in 0..ready {
            let request = IntakeRequest {
                instrument: Instrument::MoneyOrder,
                issuer: "USPS".into(),
                serial: format!("BK{i}"),
                amount: "10.00".into(),
                issued_on: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
                source: IntakeSource::ByHand {
                    doc: "00012345".into(),
                    inmate_name: "Rivera".into(),
                    sender_name: "Carmen Rivera".into(),
                    sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
                },
            };
            let valid = request.validate(now.date()).expect("valid");
            lockbox::store::deposits::intake_tx(tx, audit, &valid, now, "clerk")?;
        }
        Ok(())
    })
    .expect("intake");
    (dir, db)
}

/// The names of the copies in a backup directory, oldest name first.
fn copy_names(dir: &Path) -> Vec<String> {
    lockbox::app::backup::copies(dir)
        .expect("copies")
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_backup_taken_while_a_posting_runs_in_another_process_verifies() {
    let (dir, db) = ledger_with_work(30_000);
    let backups = dir.path().join("backups");
    let mut posting = lockbox(
        &db,
        NOW,
        &["post", "--date", "2026-11-23", "--user", "clerk"],
    )
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .expect("posting starts");
    let mut during = 0;
    let mut second = 0;
    loop {
        let running = posting.try_wait().expect("wait").is_none();
        // A new second for each copy's name.
        let now = format!("2026-11-23T13:00:{:02}", second % 60);
        second += 1;
        let out = run(
            &db,
            &now,
            &[
                "--user",
                "system",
                "backup",
                "--dir",
                backups.to_str().expect("utf-8"),
                "--keep",
                "100",
            ],
        );
        assert!(out.status.success(), "{}", said(&out));
        assert!(said(&out).contains("verified"), "{}", said(&out));
        if running {
            during += 1;
        } else {
            break;
        }
    }
    let out = posting.wait_with_output().expect("posting ends");
    assert!(out.status.success(), "{}", said(&out));
    assert!(during >= 1, "a copy was taken while the posting ran");
    // Every copy verifies on its own, and the last one holds the whole posting.
    let copies = lockbox::app::backup::copies(&backups).expect("copies");
    for copy in &copies {
        let scratch = dir.path().join("scratch.sqlite");
        std::fs::copy(copy, &scratch).expect("copy");
        let report = lockbox::app::backup::verify(&scratch, &dir.path().join("audit.key"), false)
            .expect("opens");
        assert!(report.is_ok(), "{}: {report:?}", copy.display());
        std::fs::remove_file(&scratch).expect("rm");
    }
    let last = copies.last().expect("a copy");
    assert_eq!(
        count(
            last,
            "SELECT COUNT(*) FROM money_order WHERE status = 'posted' AND serial LIKE 'BK%'"
        ),
        30_000
    );
}

#[test]
fn the_backup_directory_keeps_the_newest_copies() {
    let (dir, db) = ledger_with_work(0);
    let backups = dir.path().join("nightly");
    for day in 1..=5 {
        let now = format!("2026-11-{:02}T02:30:00", day + 10);
        let out = run(
            &db,
            &now,
            &[
                "--user",
                "system",
                "backup",
                "--dir",
                backups.to_str().expect("utf-8"),
                "--keep",
                "3",
            ],
        );
        assert!(out.status.success(), "{}", said(&out));
    }
    let names = copy_names(&backups);
    assert_eq!(
        names,
        [
            "ledger-20261113-023000.sqlite",
            "ledger-20261114-023000.sqlite",
            "ledger-20261115-023000.sqlite"
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backups)
            .expect("dir")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o750);
    }
    // A clock set back: the new copy has the oldest name, and still it is the one kept.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = run(
        &db,
        "2025-01-01T02:30:00",
        &[
            "--user",
            "system",
            "backup",
            "--dir",
            backups.to_str().expect("utf-8"),
            "--keep",
            "3",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let names = copy_names(&backups);
    assert_eq!(
        names,
        [
            "ledger-20250101-023000.sqlite",
            "ledger-20261114-023000.sqlite",
            "ledger-20261115-023000.sqlite"
        ]
    );
    let out = run(
        &db,
        NOW,
        &[
            "--user",
            "system",
            "backup",
            "--dir",
            backups.to_str().expect("utf-8"),
            "--keep",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
}

#[test]
fn restore_refuses_a_copy_that_does_not_verify_and_takes_one_that_does() {
    let (dir, db) = ledger_with_work(5);
    let good = dir.path().join("good.sqlite");
    let out = run(
        &db,
        NOW,
        &["--user", "system", "backup", good.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", said(&out));
    // After the copy, the ledger moves on: the posting.
    let out = run(
        &db,
        NOW,
        &["post", "--date", "2026-11-23", "--user", "clerk"],
    );
    assert!(out.status.success(), "{}", said(&out));
    let posted = "SELECT COUNT(*) FROM money_order WHERE status = 'posted' AND serial LIKE 'BK%'";
    assert_eq!(count(&db, posted), 5);
    let transfers = count(&db, "SELECT COUNT(*) FROM transfer");

    // A copy whose audit trail was edited.
    let edited = dir.path().join("edited.sqlite");
    std::fs::copy(&good, &edited).expect("copy");
    {
        let c = rusqlite::Connection::open(&edited).expect("open");
        c.execute_batch(
            "DROP TRIGGER IF EXISTS audit_no_update;
             UPDATE audit SET detail = 'nothing to see' WHERE id = 3;",
        )
        .expect("tamper");
    }
    // A copy with bytes overwritten in the middle of the file.
    let damaged = dir.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good).expect("read");
    let middle = bytes.len() / 2;
    for b in bytes.iter_mut().skip(middle).take(8192) {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).expect("write");
    let not_a_ledger = dir.path().join("notes.txt");
    std::fs::write(&not_a_ledger, "not a database").expect("write");
    let edited_before = std::fs::read(&edited).expect("read");
    // A copy whose append-only trigger was dropped (nothing else changed).
    let no_trigger = dir.path().join("no-trigger.sqlite");
    std::fs::copy(&good, &no_trigger).expect("copy");
    rusqlite::Connection::open(&no_trigger)
        .expect("open")
        .execute_batch("DROP TRIGGER transfer_no_delete")
        .expect("drop");

    for bad in [&edited, &damaged, &not_a_ledger, &no_trigger] {
        let out = run(
            &db,
            NOW,
            &[
                "--user",
                "supervisor",
                "restore",
                bad.to_str().expect("utf-8"),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", said(&out));
        assert!(
            said(&out).contains("nothing was restored"),
            "{}",
            said(&out)
        );
        assert_eq!(count(&db, posted), 5, "the ledger is as it was");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM transfer"), transfers);
    }
    assert_eq!(
        std::fs::read(&edited).expect("read"),
        edited_before,
        "a restore never changes the copy it reads"
    );

    // The good copy is older than the ledger: refused, saying what would be lost, until
    // --older says so on purpose.
    let restore = |older: bool, at: &str| {
        let mut args = vec![
            "--user",
            "supervisor",
            "restore",
            good.to_str().expect("utf-8"),
        ];
        if older {
            args.push("--older");
        }
        run(&db, at, &args)
    };
    let out = restore(false, "2026-11-23T14:00:00");
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        said(&out).contains("older than the ledger"),
        "{}",
        said(&out)
    );
    assert!(said(&out).contains("1 posting(s)"), "{}", said(&out));
    assert_eq!(count(&db, posted), 5, "nothing restored");
    let out = restore(true, "2026-11-23T15:00:00");
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(count(&db, posted), 0, "back to before the posting");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE action = 'ledger.restore'"
        ),
        1
    );
    let safety = db.with_extension("before-restore-20261123-150000.sqlite");
    assert_eq!(count(&safety, posted), 5, "the ledger as it was is kept");
    let out = run(&db, NOW, &["check"]);
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn restore_refuses_an_empty_or_foreign_file_and_still_restores_a_broken_ledger() {
    let (dir, db) = ledger_with_work(2);
    let good = dir.path().join("good.sqlite");
    let out = run(
        &db,
        NOW,
        &["--user", "system", "backup", good.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", said(&out));
    let ready = "SELECT COUNT(*) FROM money_order WHERE serial LIKE 'BK%'";
    // An empty file (a copy that failed), and a database of something else.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").expect("write");
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .expect("open")
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hi');")
        .expect("foreign");
    for bad in [&empty, &foreign] {
        let out = run(
            &db,
            NOW,
            &[
                "--user",
                "supervisor",
                "restore",
                bad.to_str().expect("utf-8"),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", said(&out));
        // Said of the file given, not of the scratch copy checked in its place.
        assert!(
            said(&out).contains(&format!("{} is not a lockbox ledger", bad.display())),
            "{}",
            said(&out)
        );
        assert_eq!(count(&db, ready), 2, "the ledger is as it was");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("restore-check"))
            .collect();
        assert!(leftovers.is_empty(), "no scratch copy is left behind");
    }
    assert_eq!(
        std::fs::metadata(&empty).expect("empty").len(),
        0,
        "the copy is untouched"
    );

    // The live ledger's audit chain broken: that is what a restore is for.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 2;",
        )
        .expect("tamper");
    }
    let out = run(
        &db,
        "2026-11-23T16:00:00",
        &[
            "--user",
            "supervisor",
            "restore",
            good.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(run(&db, NOW, &["check"]).status.success());

    // The live ledger not even a database any more.
    std::fs::write(&db, b"garbage garbage garbage").expect("write");
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    let out = run(
        &db,
        "2026-11-23T17:00:00",
        &[
            "--user",
            "supervisor",
            "restore",
            good.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(run(&db, NOW, &["check"]).status.success());
    assert_eq!(count(&db, ready), 2);
    let kept = db.with_extension("before-restore-20261123-170000.sqlite");
    assert_eq!(
        std::fs::read(&kept).expect("kept"),
        b"garbage garbage garbage"
    );
}

/// What killed or failed runs leave never passes for a copy: scratch files of dead runs are
/// cleaned at the next run, unfinished copies never count toward --keep, a failed backup
/// leaves no file, and two restores in the same second keep two safety copies.
#[test]
fn killed_and_failed_runs_leave_nothing_that_counts() {
    let (dir, db) = ledger_with_work(1);
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).expect("dir");
    // What a killed run leaves: a half-written copy and a restore's scratch (pid 4194304+
    // is beyond any Linux pid, so the process is surely gone).
    let partial = backups.join("ledger-20261123-110000.sqlite.partial-4194305");
    std::fs::write(&partial, b"half a copy").expect("write");
    let scratch = db.with_extension("restore-check-4194305");
    std::fs::write(&scratch, vec![0u8; 4096]).expect("write");
    let backup = |at: &str| {
        run(
            &db,
            at,
            &[
                "--user",
                "system",
                "backup",
                "--dir",
                backups.to_str().expect("utf-8"),
                "--keep",
                "1",
            ],
        )
    };
    let out = backup("2026-11-23T12:00:00");
    assert!(out.status.success(), "{}", said(&out));
    assert!(!partial.exists(), "a dead run's partial copy is cleaned");
    assert_eq!(copy_names(&backups).len(), 1, "{:?}", copy_names(&backups));
    let good = lockbox::app::backup::copies(&backups).expect("copies")[0].clone();
    // A failed backup (the ledger does not verify) leaves no file under the name it was
    // given, and the retry is not refused for it.
    let target = dir.path().join("tonight.sqlite");
    {
        let c = crate::support::tamperer(&db);
        c.execute(
            "UPDATE person SET last_name = 'X' WHERE doc = '00012345'",
            [],
        )
        .expect("tamper");
    }
    let out = run(
        &db,
        NOW,
        &[
            "--user",
            "system",
            "backup",
            target.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tonight"))
        .collect();
    assert!(left.is_empty(), "a failed backup left {left:?}");
    // Two restores of the good copy in the same second: two safety copies, none lost.
    for _ in 0..2 {
        let out = run(
            &db,
            "2026-11-23T16:00:00",
            &[
                "--user",
                "supervisor",
                "restore",
                good.to_str().expect("utf-8"),
                "--older",
            ],
        );
        assert!(out.status.success(), "{}", said(&out));
    }
    assert!(!scratch.exists(), "a dead restore's scratch is cleaned");
    let safety: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore-20261123-160000") && n.ends_with(".sqlite"))
        .collect();
    assert_eq!(safety.len(), 2, "{safety:?}");
    let out = run(&db, NOW, &["check"]);
    assert!(out.status.success(), "{}", said(&out));
}

/// A restore onto a new machine: `init` made a ledger and keys of its own, the old keys are
/// copied back (as README says to keep them), and the backup is restored over it.
#[test]
fn a_backup_restores_onto_a_new_machine_with_its_keys_copied_back() {
    let (old, db) = ledger_with_work(1);
    let copy = old.path().join("copy.sqlite");
    let out = run(
        &db,
        NOW,
        &["--user", "system", "backup", copy.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", said(&out));
    let new = tempfile::tempdir().expect("dir");
    let fresh = new.path().join("ledger.sqlite");
    let out = run(&fresh, NOW, &["init"]);
    assert!(out.status.success(), "{}", said(&out));
    for key in ["audit.key", "pin.key"] {
        std::fs::copy(old.path().join(key), new.path().join(key)).expect("copy the key back");
    }
    let out = run(
        &fresh,
        "2026-11-23T18:00:00",
        &[
            "--user",
            "supervisor",
            "restore",
            copy.to_str().expect("utf-8"),
            "--older",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let out = run(&fresh, NOW, &["check"]);
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(
        count(
            &fresh,
            "SELECT COUNT(*) FROM audit WHERE action = 'ledger.restore'"
        ),
        1
    );
}

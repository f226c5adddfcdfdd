//! Monthly statements as the rules say: numbered without gaps, every inmate's for a month
//! in one run (printed or saved, each in the inmate's language), every transaction of the
//! month, with opening and closing balances that chain month to month.

use std::path::Path;
use std::process::{Command, Output};

use lockbox::store::Ledger;

use crate::support::{at, by_hand, day, seed, CLERK};

fn lockbox(db: &Path, now: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", now)
        .env_remove("LOCKBOX_USER");
    crate::support::authenticate(&mut cmd, args);
    cmd.output().expect("lockbox runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Two inmates (Rivera owes restitution; Okafor reads Spanish) with deposits posted in
/// October and November.
fn ledger_with_two_months(db: &Path) {
    let mut l = Ledger::open(db).expect("ledger");
    seed(&mut l);
    crate::support::give_passwords(&mut l, db);
    l.connection()
        .execute(
            "UPDATE person SET language = 'es' WHERE doc = '00000777'",
            [],
        )
        .expect("language");
    for (serial, amount, doc, name, when) in [
        ("S-1", "50.00", "12345", "Rivera", day(2026, 10, 14)),
        ("S-2", "25.00", "777", "Okafor", day(2026, 10, 14)),
        ("S-3", "100.00", "12345", "Rivera", day(2026, 10, 28)),
        ("S-4", "40.00", "12345", "Rivera", day(2026, 11, 17)),
    ] {
        let mut request = by_hand(serial, amount, doc, name);
        request.issued_on = when;
        l.intake(&request, at(when, 9), CLERK).expect("taken in");
        l.post(when, at(when, 16), CLERK, &mut |_| {})
            .expect("posted");
    }
}

fn statement_json(db: &Path, now: &str, doc: &str, month: &str) -> serde_json::Value {
    let out = lockbox(db, now, &["statement", doc, "--month", month, "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn every_inmates_statement_in_one_run_numbered_in_their_language_and_chained() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("statements.sqlite");
    ledger_with_two_months(&db);
    let now = "2026-12-01T05:00:00";
    // A month not over yet is refused, writing nothing.
    let out = lockbox(
        &db,
        now,
        &[
            "statement",
            "--all",
            "--user",
            "system",
            "--month",
            "2026-12",
            "--out",
            dir.path().to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("not over yet"), "{}", text(&out));

    let out_dir = dir.path().join("october");
    let out = lockbox(
        &db,
        now,
        &[
            "statement",
            "--all",
            "--user",
            "system",
            "--month",
            "2026-10",
            "--out",
            out_dir.to_str().expect("utf-8"),
            "--print",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("2 statement(s) for 2026-10: 2 saved"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("2 queued for the desk printer"),
        "{}",
        text(&out)
    );
    // Printed by the same run that numbered them: originals, not duplicates.
    let duplicates: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT COUNT(*) FROM print_job WHERE kind = 'statement' AND duplicate = 1",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(duplicates, 0, "a first issue printed as DUPLICATE");
    let rivera = std::fs::read_to_string(out_dir.join("statement-2026-10-00012345.txt"))
        .expect("Rivera's statement");
    let okafor = std::fs::read_to_string(out_dir.join("statement-2026-10-00000777.txt"))
        .expect("Okafor's statement");
    assert!(
        rivera.contains("MONTHLY STATEMENT") && rivera.contains("Statement number"),
        "{rivera}"
    );
    assert!(okafor.contains("ESTADO DE CUENTA MENSUAL"), "{okafor}");
    assert!(!rivera.contains("DUPLICATE"), "{rivera}");
    // Numbered 1 and 2 in DOC-number order, no gaps.
    let number = |doc: &str, month: &str| statement_json(&db, now, doc, month)["number"].as_i64();
    assert_eq!(
        (number("777", "2026-10"), number("12345", "2026-10")),
        (Some(1), Some(2))
    );
    // November by the timer's words: `last` is the month just ended.
    let out = lockbox(
        &db,
        now,
        &[
            "statement",
            "--all",
            "--user",
            "system",
            "--month",
            "last",
            "--out",
            dir.path().join("november").to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        (number("777", "2026-11"), number("12345", "2026-11")),
        (Some(3), Some(4))
    );
    // Run again: the same numbers, each copy marked DUPLICATE.
    let out = lockbox(
        &db,
        now,
        &[
            "statement",
            "--all",
            "--user",
            "system",
            "--month",
            "2026-10",
            "--out",
            out_dir.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let again =
        std::fs::read_to_string(out_dir.join("statement-2026-10-00012345.txt")).expect("again");
    assert!(again.contains("DUPLICATE"), "{again}");
    assert_eq!(number("12345", "2026-10"), Some(2));
    // Every transaction of the month, and the balances chain month to month.
    let october = statement_json(&db, now, "12345", "2026-10");
    let november = statement_json(&db, now, "12345", "2026-11");
    assert_eq!(october["lines"].as_array().expect("lines").len(), 2);
    assert_eq!(november["lines"].as_array().expect("lines").len(), 1);
    assert_eq!(october["opening_balance"], "0.00");
    assert_eq!(october["closing_balance"], november["opening_balance"]);
    // $150 deposited in October, 20 % to restitution: $120 credited.
    assert_eq!(october["closing_balance"], "120.00");
    assert_eq!(november["closing_balance"], "152.00");
    // A month long before anyone was on file issues nothing.
    let out = lockbox(
        &db,
        now,
        &[
            "statement",
            "--all",
            "--user",
            "system",
            "--month",
            "1999-01",
            "--out",
            dir.path().join("old").to_str().expect("utf-8"),
        ],
    );
    assert!(text(&out).contains("0 statement(s)"), "{}", text(&out));
    // A statement printed before its month is over is a provisional copy, unnumbered.
    let out = lockbox(
        &db,
        "2026-12-15T10:00:00",
        &[
            "statement",
            "12345",
            "--month",
            "2026-12",
            "--print",
            "--user",
            "clerk",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(number("12345", "2026-12"), None);
}

/// Found in review: November's statements went out at 05:00 on December 1st, then
/// November 30th's batch ran at 08:00 and changed them under the same numbers. A month
/// whose statements are issued is closed: its late money orders post with the next
/// business day's batch, and every statement and every chain stays as issued.
#[test]
fn a_month_whose_statements_are_issued_takes_no_more_postings() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("closed.sqlite");
    {
        let mut l = Ledger::open(&db).expect("ledger");
        seed(&mut l);
        crate::support::give_passwords(&mut l, &db);
        let last = day(2026, 11, 30);
        let mut request = by_hand("N-1", "80.00", "12345", "Rivera");
        request.issued_on = last;
        l.intake(&request, at(last, 9), CLERK).expect("taken in");
    }
    let out_dir = dir.path().join("november");
    let out = lockbox(
        &db,
        "2026-12-01T05:00:00",
        &[
            "statement",
            "--all",
            "--user",
            "system",
            "--month",
            "last",
            "--out",
            out_dir.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let before = statement_json(&db, "2026-12-01T05:10:00", "12345", "2026-11");
    let out = lockbox(
        &db,
        "2026-12-01T08:00:00",
        &["post", "--date", "2026-11-30", "--user", "clerk"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("statements are issued"),
        "{}",
        text(&out)
    );
    let out = lockbox(
        &db,
        "2026-12-01T16:00:00",
        &["post", "--date", "2026-12-01", "--user", "clerk"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let after = statement_json(&db, "2026-12-01T16:10:00", "12345", "2026-11");
    assert_eq!(after, before, "November as issued");
    let december = statement_json(&db, "2026-12-01T16:10:00", "12345", "2026-12");
    assert_eq!(december["opening_balance"], before["closing_balance"]);
    assert_eq!(december["lines"].as_array().expect("lines").len(), 1);
}

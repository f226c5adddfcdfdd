//! `lockbox deposits import` and `lockbox watch` from the command line, on a demo ledger:
//! the processor's file judged line by line by DOMAIN.md's rules, exactly once.

use std::path::Path;
use std::process::{Command, Output};

fn lockbox(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", "2026-11-23T12:00:00")
        .env_remove("LOCKBOX_USER");
    crate::support::authenticate(&mut cmd, args);
    cmd.output().expect("lockbox runs")
}

/// `lockbox --user supervisor ARGS`.
fn as_supervisor(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--user", "supervisor"];
    all.extend_from_slice(args);
    lockbox(db, &all)
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const HEADER: &str = "id,received_at,channel,doc,sender_name,sender_address,amount,card\n";

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite");
    let out = lockbox(&db, &["demo", "--scale", "30", "--seed", "3"]);
    assert!(out.status.success(), "{}", said(&out));
    (dir, db)
}

/// `deposits import FILE` as the clerk.
fn import_file(db: &Path, file: &Path) -> Output {
    lockbox(
        db,
        &[
            "--user",
            "clerk",
            "deposits",
            "import",
            file.to_str().expect("path"),
        ],
    )
}

/// Imports `lines` (after the header) as the clerk; the outcomes by id, in file order.
fn import(db: &Path, lines: &str) -> Vec<(String, String, Vec<String>)> {
    let file = db.with_file_name(format!("processor-{}.csv", lines.len()));
    std::fs::write(&file, format!("{HEADER}{lines}")).expect("file");
    let out = lockbox(
        db,
        &[
            "--user",
            "clerk",
            "--json",
            "deposits",
            "import",
            file.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|o| {
            (
                o["id"].as_str().expect("id").to_string(),
                o["outcome"].as_str().expect("outcome").to_string(),
                o["reasons"]
                    .as_array()
                    .expect("reasons")
                    .iter()
                    .map(|r| r.as_str().expect("reason").to_string())
                    .collect(),
            )
        })
        .collect()
}

fn outcome(all: &[(String, String, Vec<String>)], id: &str) -> (String, Vec<String>) {
    let (_, o, r) = all.iter().find(|(i, _, _)| i == id).expect(id);
    (o.clone(), r.clone())
}

fn rows(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("SELECT COUNT(*) FROM electronic_deposit", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn the_card_limit_window_counts_72_hours_back_not_one_second_more() {
    let (_dir, db) = demo();
    let got = import(
        &db,
        "c1,2026-11-20T10:00:00-06:00,card,12345,Ana Diaz,12 Elm St,200.00,fp-1\n\
         c2,2026-11-21T10:00:00-06:00,card,12345,Ana Diaz,12 Elm St,100.00,fp-1\n\
         c3,2026-11-21T11:00:00-06:00,card,12345,Ana Diaz,12 Elm St,0.01,fp-1\n\
         c4,2026-11-23T10:00:00-06:00,card,12345,Ana Diaz,12 Elm St,200.00,fp-1\n\
         c5,2026-11-23T10:00:01-06:00,card,12345,Ana Diaz,12 Elm St,0.01,fp-1\n\
         c6,2026-11-21T12:00:00-06:00,card,54321,Ana Diaz,12 Elm St,300.00,fp-1\n",
    );
    // $200 + $100 = exactly $300.00 in 72 hours: accepted; a cent more: refused.
    assert_eq!(outcome(&got, "c1").0, "accepted");
    assert_eq!(outcome(&got, "c2").0, "accepted");
    assert_eq!(
        outcome(&got, "c3"),
        ("refused".into(), vec!["card_limit".to_string()])
    );
    // Exactly 72 hours after c1: c1 has left the window, c2's $100 is still in it.
    assert_eq!(outcome(&got, "c4").0, "accepted");
    // c2 and c4 make $300.00 a second later: a cent more is refused.
    assert_eq!(outcome(&got, "c5").0, "refused");
    // The limit is per inmate: the same card to another inmate is its own $300.
    assert_ne!(outcome(&got, "c6").0, "refused");
    // In file order.
    let ids: Vec<&str> = got.iter().map(|(i, _, _)| i.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5", "c6"]);
}

#[test]
fn a_file_imported_twice_records_each_line_once() {
    let (_dir, db) = demo();
    let lines = "d1,2026-11-20T10:00:00-06:00,cash,12345,Ana Diaz,12 Elm St,50.00,\n\
                 d2,2026-11-20T11:00:00-06:00,cash,12345,,,50.00,\n";
    let first = import(&db, lines);
    assert_eq!(outcome(&first, "d1").0, "accepted");
    assert_eq!(
        outcome(&first, "d2"),
        ("refused".into(), vec!["anonymous".to_string()])
    );
    assert_eq!(rows(&db), 2);
    let again = import(&db, lines);
    assert!(again.iter().all(|(_, o, _)| o == "duplicate"), "{again:?}");
    assert_eq!(rows(&db), 2, "nothing recorded twice");
}

#[test]
fn the_fourth_inmate_of_a_sender_in_8_days_is_held_and_unknown_inmates_too() {
    let (_dir, db) = demo();
    let got = import(
        &db,
        "v1,2026-11-10T10:00:00Z,cash,12345,Bo Li,1 Oak Ave,20.00,\n\
         v2,2026-11-11T10:00:00Z,cash,54321,BO LI,1 Oak Ave.,20.00,\n\
         v3,2026-11-12T10:00:00Z,cash,54322,Bo Li,1 Oak Ave,20.00,\n\
         v4,2026-11-13T10:00:00Z,cash,54323,Bo Li,1 Oak Ave,20.00,\n\
         v5,2026-11-18T10:00:01Z,cash,54324,Bo Li,1 Oak Ave,20.00,\n\
         v6,2026-11-13T11:00:00Z,cash,99999999,Cy Wu,2 Pine St,20.00,\n\
         v7,2026-11-13T12:00:00Z,cash,12345,Cy Wu,2 Pine St,1000.00,\n",
    );
    for id in ["v1", "v2", "v3"] {
        assert_eq!(outcome(&got, id).0, "accepted", "{id}");
    }
    assert_eq!(
        outcome(&got, "v4"),
        ("held".into(), vec!["sender_many_inmates".to_string()]),
        "the 4th distinct inmate in 8 days (the name folded: one sender)"
    );
    // Eight days after v1 it has left the window: v2, v3, v4 and v5 are four again.
    assert_eq!(outcome(&got, "v5").1, ["sender_many_inmates"]);
    assert_eq!(outcome(&got, "v6").1, ["unknown_inmate"]);
    assert_eq!(outcome(&got, "v7").1, ["high_amount"]);
}

#[test]
fn a_malformed_file_is_refused_whole_with_every_bad_line_named() {
    let (_dir, db) = demo();
    let file = db.with_file_name("bad.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}ok1,2026-11-20T10:00:00-06:00,cash,12345,Ana,Addr,50.00,\n\
             b1,yesterday,cash,12345,Ana,Addr,50.00,\n\
             b2,2026-11-20T10:00:00-06:00,card,12345,Ana,Addr,50.00,\n\
             b3,2026-11-20T10:00:00-06:00,cash,12345,Ana,Addr,-5,\n"
        ),
    )
    .expect("file");
    let out = import_file(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let text = said(&out);
    for needle in [
        "bad.csv:3: received_at \"yesterday\"",
        "bad.csv:4: a card line without a card",
        "bad.csv:5: amount \"-5\"",
        "nothing was imported",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    assert_eq!(rows(&db), 0, "not even the good line");
    // Bytes that are not text.
    std::fs::write(&file, b"\xff\xfe\x00garbage").expect("file");
    let out = import_file(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("not UTF-8"), "{}", said(&out));
}

#[test]
fn a_watched_sender_is_held_refusals_are_listed_for_return_and_only_supervisors_watch() {
    let (_dir, db) = demo();
    let out = lockbox(
        &db,
        &[
            "--user",
            "clerk",
            "watch",
            "add",
            "--card",
            "fp-9",
            "--reason",
            "fraud alert",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a clerk may not: {}",
        said(&out)
    );
    assert!(said(&out).contains("supervisor"), "{}", said(&out));
    let out = as_supervisor(
        &db,
        &["watch", "add", "--card", "fp-9", "--reason", "fraud alert"],
    );
    assert!(out.status.success(), "{}", said(&out));
    let out = as_supervisor(
        &db,
        &[
            "watch",
            "add",
            "--cash-sender",
            "Dee Roe",
            "--address",
            "5 Main St",
            "--reason",
            "known to smuggle",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let got = import(
        &db,
        "w1,2026-11-20T10:00:00-06:00,card,12345,Ana Diaz,12 Elm St,20.00,fp-9\n\
         w2,2026-11-20T10:05:00-06:00,cash,12345,DEE ROE,\"5 Main St.\",20.00,\n\
         w3,2026-11-20T10:10:00-06:00,cash,12345,Ed Poe,9 Elm St,5000.01,\n",
    );
    assert_eq!(outcome(&got, "w1").1, ["watchlist_sender"]);
    assert_eq!(outcome(&got, "w2").1, ["watchlist_sender"]);
    assert_eq!(
        outcome(&got, "w3"),
        ("refused".into(), vec!["cash_limit".to_string()])
    );
    let out = lockbox(&db, &["deposits", "returns", "--date", "2026-11-23"]);
    assert!(out.status.success(), "{}", said(&out));
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "id,received_at,channel,doc,amount,reason",
            "w3,2026-11-20T10:10:00-06:00,cash,00012345,5000.01,cash_limit"
        ]
    );
    // The watchlist, and its changes in the audit trail.
    let out = lockbox(&db, &["--user", "clerk", "--json", "watch", "list"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().expect("list").len(), 2);
    assert_eq!(v[0]["key"], "card:fp-9");
    let out = as_supervisor(&db, &["watch", "remove", "1", "--reason", "cleared"]);
    assert!(out.status.success(), "{}", said(&out));
    let audit: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action IN ('watch.add', 'watch.remove', 'deposits.import')",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audit, 4);
    let out = lockbox(&db, &["check"]);
    assert!(
        out.status.success(),
        "the ledger checks clean: {}",
        said(&out)
    );
}

/// Found by an outside review: `watch add` and `watch allow` stored a card fingerprint or
/// a cash sender with escape sequences in it, or 10,000 characters long, and echoed the
/// escapes to the terminal. They follow the processor file's and the typed fields' rules
/// now, and nothing a command quotes back (a value, a path) reaches the terminal as a
/// control character.
#[test]
fn a_watchlist_entry_with_control_characters_or_no_end_is_refused_and_quotes_drive_no_terminal() {
    let (dir, db) = demo();
    let long = "c".repeat(10_000);
    let cases: [Vec<&str>; 5] = [
        vec![
            "watch",
            "add",
            "--cash-sender",
            "Mal\x1b]0;PWN\x07 Lory",
            "--address",
            "1 St",
        ],
        vec![
            "watch",
            "add",
            "--cash-sender",
            "Mal Lory",
            "--address",
            "1 St\u{9b}2J\u{202e}",
        ],
        vec![
            "watch",
            "allow",
            "--inmate",
            "12345",
            "--card",
            "\x1b[31mRED",
        ],
        vec!["watch", "add", "--card", "fp\u{202e}9"],
        vec!["watch", "add", "--card", &long],
    ];
    let escape_free = |o: &Output| {
        let bytes = [o.stdout.as_slice(), o.stderr.as_slice()].concat();
        let text = String::from_utf8_lossy(&bytes).to_string();
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
    };
    for mut args in cases {
        args.extend(["--reason", "x"]);
        let out = as_supervisor(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", said(&out));
        assert!(escape_free(&out), "{args:?}: {:?}", said(&out));
    }
    let out = lockbox(&db, &["--user", "clerk", "--json", "watch", "list"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(0));
    // A path typed with an escape sequence in it is quoted with a `?` in its place.
    let path = dir.path().join("\x1b[2Jgone.csv");
    let out = import_file(&db, &path);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(escape_free(&out), "{:?}", said(&out));
    assert!(said(&out).contains("?[2Jgone.csv"), "{}", said(&out));
    // And where a command says it wrote (on standard error).
    let written = dir.path().join("\x1b[7mout.csv");
    let out = lockbox(
        &db,
        &["export", "csv", "--out", written.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(escape_free(&out), "{:?}", said(&out));
    assert!(said(&out).contains("?[7mout.csv"), "{}", said(&out));
    // A well-formed cash sender is still taken.
    let out = as_supervisor(
        &db,
        &[
            "watch",
            "add",
            "--cash-sender",
            "Mal Lory",
            "--address",
            "1 Elm St",
            "--reason",
            "x",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn a_supervisor_accepts_or_rejects_a_held_deposit_and_a_rejected_one_goes_back() {
    let (_dir, db) = demo();
    let got = import(
        &db,
        "h1,2026-11-20T10:00:00-06:00,cash,12345,Ed Poe,9 Elm St,1500.00,\n\
         h2,2026-11-20T10:05:00-06:00,cash,12345,Flo Rue,8 Elm St,2500.00,\n",
    );
    assert_eq!(outcome(&got, "h1").1, ["high_amount"]);
    let out = lockbox(&db, &["--user", "clerk", "--json", "deposits", "held"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().expect("list").len(), 2);
    assert_eq!(v[0]["reasons"][0], "high_amount");
    // A clerk may not decide; a reason outside the list is refused; then each is decided.
    let out = lockbox(
        &db,
        &[
            "--user",
            "clerk",
            "deposits",
            "accept",
            "h1",
            "--note",
            "called the sender",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("supervisor"), "{}", said(&out));
    let out = as_supervisor(
        &db,
        &[
            "deposits", "reject", "h2", "--reason", "dislike", "--note", "n",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("suspected_fraud"), "{}", said(&out));
    let out = as_supervisor(
        &db,
        &["deposits", "accept", "h1", "--note", "called the sender"],
    );
    assert!(out.status.success(), "{}", said(&out));
    let out = as_supervisor(
        &db,
        &[
            "deposits",
            "reject",
            "h2",
            "--reason",
            "sender_unverified",
            "--note",
            "no answer",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    // "accepted" is not a reason to reject.
    let out = as_supervisor(
        &db,
        &[
            "deposits", "reject", "h2", "--reason", "accepted", "--note", "n",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    // Decided once: a second decision is refused.
    let out = as_supervisor(&db, &["deposits", "accept", "h2", "--note", "again"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let out = lockbox(&db, &["--user", "clerk", "--json", "deposits", "held"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v.as_array().expect("list").is_empty());
    let out = lockbox(&db, &["deposits", "returns", "--date", "2026-11-23"]);
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        csv.contains(
            "h2,2026-11-20T10:05:00-06:00,cash,00012345,2500.00,rejected_sender_unverified"
        ),
        "{csv}"
    );
    assert!(!csv.contains("h1,"), "{csv}");
}

#[test]
fn an_always_accept_rule_lifts_the_velocity_holds_for_its_pair_only() {
    let (_dir, db) = demo();
    let out = as_supervisor(
        &db,
        &[
            "watch",
            "allow",
            "--card",
            "fp-mom",
            "--inmate",
            "54324",
            "--reason",
            "mother of four, verified",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    let got = import(
        &db,
        "p1,2026-11-20T10:00:00Z,card,12345,Mo Ma,1 Oak,20.00,fp-mom\n\
         p2,2026-11-20T11:00:00Z,card,54321,Mo Ma,1 Oak,20.00,fp-mom\n\
         p3,2026-11-20T12:00:00Z,card,54322,Mo Ma,1 Oak,20.00,fp-mom\n\
         p4,2026-11-20T13:00:00Z,card,54324,Mo Ma,1 Oak,20.00,fp-mom\n\
         p5,2026-11-20T14:00:00Z,card,54323,Mo Ma,1 Oak,20.00,fp-mom\n",
    );
    assert_eq!(outcome(&got, "p4").0, "accepted", "the allowed pair");
    assert_eq!(
        outcome(&got, "p5").1,
        ["sender_many_inmates"],
        "another inmate of the same sender is still held"
    );
}

#[test]
fn a_fraction_of_a_second_counts_and_times_lockbox_cannot_compare_are_bad_lines() {
    let (_dir, db) = demo();
    let got = import(
        &db,
        "f1,2026-11-20T10:00:00.5Z,card,12345,Ana Diaz,12 Elm St,300.00,fp-1\n\
         f2,2026-11-23T10:00:00Z,card,12345,Ana Diaz,12 Elm St,300.00,fp-1\n\
         f3,2026-11-23T10:00:00.5Z,card,12345,Ana Diaz,12 Elm St,300.00,fp-1\n",
    );
    assert_eq!(
        outcome(&got, "f2"),
        ("refused".into(), vec!["card_limit".to_string()]),
        "71:59:59.5 after $300.00"
    );
    assert_eq!(outcome(&got, "f3").0, "accepted", "exactly 72 hours after");
    let file = db.with_file_name("times.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}y1,9999-12-31T20:00:00-05:00,cash,12345,Ana,Addr,5.00,\n\
             y2,1969-12-31T23:59:59Z,cash,12345,Ana,Addr,5.00,\n\
             y3,2026-11-20T10:00:00Z,cash,12345,Ana,Addr,5.00,\n\
             y3,2026-11-20T10:00:00Z,cash,12345,Ana,Addr,6.00,\n\
             y4,2026-11-20T10:00:00Z,cash,12345,Ana,Addr,5.00,\u{202e}\n"
        ),
    )
    .expect("file");
    let out = import_file(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let text = said(&out);
    for needle in [
        "times.csv:2: received_at",
        "times.csv:3: received_at",
        "times.csv:5: the same id as line 4 with other content",
        "times.csv:6: card",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}

#[test]
fn the_8_day_window_lets_the_first_inmate_go_exactly_8_days_later() {
    let (_dir, db) = demo();
    let got = import(
        &db,
        "a1,2026-11-10T10:00:00Z,cash,12345,Sy One,1 Oak,10.00,\n\
         a2,2026-11-11T10:00:00Z,cash,54321,Sy One,1 Oak,10.00,\n\
         a3,2026-11-12T10:00:00Z,cash,54322,Sy One,1 Oak,10.00,\n\
         a4,2026-11-18T10:00:00Z,cash,54323,Sy One,1 Oak,10.00,\n\
         b1,2026-11-10T10:00:00Z,cash,12345,Tu Two,2 Oak,10.00,\n\
         b2,2026-11-11T10:00:00Z,cash,54321,Tu Two,2 Oak,10.00,\n\
         b3,2026-11-12T10:00:00Z,cash,54322,Tu Two,2 Oak,10.00,\n\
         b4,2026-11-18T09:59:59Z,cash,54323,Tu Two,2 Oak,10.00,\n",
    );
    assert_eq!(
        outcome(&got, "a4").0,
        "accepted",
        "exactly 8 days after a1: a1's inmate has left the window"
    );
    assert_eq!(
        outcome(&got, "b4").1,
        ["sender_many_inmates"],
        "a second earlier, the fourth distinct inmate"
    );
}

#[test]
fn the_high_amount_comes_from_the_settings_once_a_supervisor_applies_them() {
    let (_dir, db) = demo();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(&db)
        .args(["--user", "supervisor", "config", "apply"])
        .env("LOCKBOX_NOW", "2026-11-23T12:00:00")
        .env("LOCKBOX_DEPOSITS_HIGH_AMOUNT", "250.00");
    crate::support::authenticate(&mut cmd, &["--user", "supervisor"]);
    let out = cmd.output().expect("lockbox runs");
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("high_amount_cents=25000"),
        "{}",
        said(&out)
    );
    let got = import(
        &db,
        "k1,2026-11-20T10:00:00Z,cash,12345,Ana Diaz,12 Elm St,249.99,\n\
         k2,2026-11-20T11:00:00Z,cash,12345,Ana Diaz,12 Elm St,250.00,\n",
    );
    assert_eq!(outcome(&got, "k1").0, "accepted");
    assert_eq!(outcome(&got, "k2").1, ["high_amount"]);
}

/// `balance DOC --json`: the inmate's trust balance in cents.
fn trust_cents(db: &Path, doc: &str) -> i64 {
    let out = lockbox(db, &["--json", "balance", doc]);
    assert!(out.status.success(), "{}", said(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = v["trust_balance"].as_str().expect("a balance").to_string();
    crate::support::cents_of(&text)
}

/// `accounts --json`: one account's balance in cents, on its normal side.
fn account_cents(db: &Path, name: &str) -> i64 {
    let out = lockbox(db, &["--json", "accounts"]);
    assert!(out.status.success(), "{}", said(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let row = v
        .as_array()
        .expect("a list")
        .iter()
        .find(|a| a["account"] == name)
        .unwrap_or_else(|| panic!("no account {name} in {v}"));
    crate::support::cents_of(row["balance"].as_str().expect("an amount"))
}

fn post(db: &Path, date: &str) -> serde_json::Value {
    let out = lockbox(db, &["--user", "clerk", "--json", "post", "--date", date]);
    assert!(out.status.success(), "{}", said(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn check_passes(db: &Path) {
    let out = lockbox(db, &["check"]);
    assert!(out.status.success(), "check fails: {}", said(&out));
}

#[test]
fn an_accepted_deposit_posts_with_the_next_batch_split_like_a_money_order() {
    let (_dir, db) = demo();
    let before = trust_cents(&db, "00012345");
    let all = import(
        &db,
        "E1,2026-11-23T09:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",50.00,fp-1\n\
         E2,2026-11-23T09:30:00-06:00,cash,00012345,Luis Soto,\"2 Oak St, Columbia, MO 65201\",1500.00,\n",
    );
    assert_eq!(outcome(&all, "E1").0, "accepted");
    assert_eq!(outcome(&all, "E2").0, "held");
    // Accepted is money the processor owes and the inmate is owed, not yet the inmate's.
    assert_eq!(account_cents(&db, "assets:processor:receivable"), 5_000);
    assert_eq!(
        account_cents(&db, "liabilities:deposits:unposted-electronic"),
        5_000
    );
    assert_eq!(trust_cents(&db, "00012345"), before);
    check_passes(&db);
    let posted = post(&db, "2026-11-23");
    assert_eq!(posted["electronic_posted_now"], 1, "{posted}");
    assert_eq!(posted["electronic_posted_now_total"], "50.00", "{posted}");
    // The demo inmate owes restitution at 20 %: $10.00 of it goes there, $40.00 to trust,
    // as a $50.00 money order would (the statement below).
    assert!(trust_cents(&db, "00012345") >= before + 4_000);
    assert_eq!(
        account_cents(&db, "liabilities:deposits:unposted-electronic"),
        0
    );
    let statement = lockbox(
        &db,
        &["--json", "statement", "00012345", "--month", "2026-11"],
    );
    let v: serde_json::Value = serde_json::from_slice(&statement.stdout).expect("json");
    let line = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["electronic_id"] == "E1")
        .unwrap_or_else(|| panic!("the deposit is on the statement: {v}"));
    assert_eq!(line["kind"], "electronic");
    assert_eq!(line["to_obligations"], "10.00");
    assert_eq!(line["credited"], "40.00");
    assert_eq!(
        v["closing_balance"].as_str().map(crate::support::cents_of),
        Some(trust_cents(&db, "00012345"))
    );
    // The held one posts only once a supervisor accepts it, with the next batch.
    let out = as_supervisor(
        &db,
        &["deposits", "accept", "E2", "--note", "called the sender"],
    );
    assert!(out.status.success(), "{}", said(&out));
    let again = post(&db, "2026-11-23");
    assert_eq!(again["already_finished"], true, "{again}");
    let next = lockbox(
        &db,
        &["--user", "clerk", "--json", "post", "--date", "2026-11-24"],
    );
    // 2026-11-24 is after LOCKBOX_NOW: a posting is never dated ahead.
    assert!(!next.status.success());
    check_passes(&db);
}

#[test]
fn a_chargeback_takes_back_a_posted_deposit_and_holds_that_inmates_next_card_deposits() {
    let (_dir, db) = demo();
    let before = trust_cents(&db, "00012345");
    // $4,000.00 cash is held (high amount); accepted, it posts; then charged back.
    import(
        &db,
        "C1,2026-11-20T09:00:00-06:00,cash,00012345,Luis Soto,\"2 Oak St, Columbia, MO 65201\",4000.00,\n",
    );
    let out = as_supervisor(&db, &["deposits", "accept", "C1", "--note", "verified"]);
    assert!(out.status.success(), "{}", said(&out));
    post(&db, "2026-11-23");
    let credited = trust_cents(&db, "00012345") - before;
    assert!(credited > 0 && credited <= 400_000, "credited {credited}");
    let all = import(
        &db,
        "C1,2026-11-23T10:00:00-06:00,chargeback,,,,,\n\
         C2,2026-11-23T11:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",20.00,fp-9\n\
         C3,2026-11-23T11:05:00-06:00,cash,00012345,Carmen Rivera,\"12 Elm St, Jefferson City, MO 65101\",20.00,\n",
    );
    assert_eq!(outcome(&all, "C1").0, "charged_back");
    // The whole $4,000.00 comes out of the trust account, which goes negative.
    assert_eq!(trust_cents(&db, "00012345"), before + credited - 400_000);
    assert!(trust_cents(&db, "00012345") < 0);
    assert_eq!(
        outcome(&all, "C2"),
        (
            "held".to_string(),
            vec!["chargeback_outstanding".to_string()]
        )
    );
    // Only card deposits are held for it.
    assert_eq!(outcome(&all, "C3").0, "accepted");
    // The same chargeback again records nothing; one of a deposit never credited, or not
    // on file, is refused.
    let again = import(
        &db,
        "C1,2026-11-23T10:00:00-06:00,chargeback,,,,,\n\
         NOPE,2026-11-23T10:00:00-06:00,chargeback,,,,,\n",
    );
    assert_eq!(outcome(&again, "C1").0, "duplicate");
    assert_eq!(
        outcome(&again, "NOPE"),
        ("refused".to_string(), vec!["not_on_file".to_string()])
    );
    // The statement shows the deposit and the chargeback; check passes (the negative
    // balance is the chargeback's).
    let statement = lockbox(
        &db,
        &["--json", "statement", "00012345", "--month", "2026-11"],
    );
    let v: serde_json::Value = serde_json::from_slice(&statement.stdout).expect("json");
    let kinds: Vec<&str> = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|l| l["electronic_id"] == "C1")
        .map(|l| l["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["electronic", "chargeback"]);
    assert_eq!(
        v["closing_balance"].as_str().map(crate::support::cents_of),
        Some(trust_cents(&db, "00012345"))
    );
    check_passes(&db);
}

#[test]
fn a_chargeback_before_the_posting_keeps_the_deposit_from_posting() {
    let (_dir, db) = demo();
    import(
        &db,
        "P1,2026-11-23T08:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",75.00,fp-1\n",
    );
    let all = import(
        &db,
        "P1,2026-11-23T09:00:00-06:00,chargeback,00012345,,,75.00,\n",
    );
    assert_eq!(outcome(&all, "P1").0, "charged_back");
    let posted = post(&db, "2026-11-23");
    assert_eq!(posted["electronic_posted_now"], 0, "{posted}");
    assert_eq!(account_cents(&db, "assets:processor:receivable"), 0);
    assert_eq!(
        account_cents(&db, "liabilities:deposits:unposted-electronic"),
        0
    );
    let statement = lockbox(
        &db,
        &["--json", "statement", "00012345", "--month", "2026-11"],
    );
    assert!(
        !String::from_utf8_lossy(&statement.stdout).contains("\"P1\""),
        "never posted, so not on the statement"
    );
    check_passes(&db);
}

#[test]
fn a_settlement_says_balanced_or_the_difference_which_stays_receivable() {
    let (_dir, db) = demo();
    import(
        &db,
        "S1,2026-11-20T09:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",100.00,fp-1\n\
         S2,2026-11-20T23:30:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",25.00,fp-1\n\
         S3,2026-11-21T09:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",500.00,fp-2\n\
         S4,2026-11-21T10:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",40.00,fp-2\n\
         S1,2026-11-21T11:00:00-06:00,chargeback,,,,,\n",
    );
    let settle = |date: &str, total: &str| {
        lockbox(
            &db,
            &[
                "--user", "clerk", "deposits", "settle", "--date", date, "--total", total,
            ],
        )
    };
    // 11-20 (by the processor's own dates): $125.00 accepted.
    let out = settle("2026-11-20", "125.00");
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("BALANCED") && !said(&out).contains("NOT BALANCED"),
        "{}",
        said(&out)
    );
    // 11-21: $40.00 accepted ($500.00 refused), less the $100.00 chargeback: -$60.00; the
    // processor says -$50.00, $10.00 more than expected.
    let out = settle("2026-11-21", "-50.00");
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("NOT BALANCED") && said(&out).contains("$10.00"),
        "{}",
        said(&out)
    );
    // What the processor owes: 125 + 40 - 100 accepted net, less 125 - 50 settled.
    assert_eq!(account_cents(&db, "assets:processor:receivable"), -1_000);
    // Once per day: the same total only reports, another is refused.
    let out = settle("2026-11-21", "-50.00");
    assert!(
        out.status.success() && said(&out).contains("recorded before"),
        "{}",
        said(&out)
    );
    let out = settle("2026-11-21", "-60.00");
    assert!(!out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("settled before"), "{}", said(&out));
    // A day with nothing from the processor settles at zero.
    let out = settle("2026-11-22", "0.00");
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains(": BALANCED"), "{}", said(&out));
    for bad in ["ten", "1.234", "", "0.000"] {
        let out = settle("2026-11-19", bad);
        assert!(!out.status.success(), "{bad}: {}", said(&out));
    }
    let out = settle("2026-11-30", "1.00");
    assert!(!out.status.success(), "a day to come: {}", said(&out));
    check_passes(&db);
}

#[test]
fn the_held_deposits_and_the_watchlist_are_for_staff_only() {
    let (_dir, db) = demo();
    for args in [&["deposits", "held"][..], &["watch", "list"][..]] {
        let out = lockbox(&db, args);
        assert!(
            !out.status.success(),
            "{args:?} without a user: {}",
            said(&out)
        );
        let mut with_clerk = vec!["--user", "clerk"];
        with_clerk.extend_from_slice(args);
        let out = lockbox(&db, &with_clerk);
        assert!(out.status.success(), "{args:?} as a clerk: {}", said(&out));
    }
}

#[test]
fn a_deposit_for_an_inmate_not_on_file_cannot_be_accepted_so_postings_never_stop_at_it() {
    let (_dir, db) = demo();
    let all = import(
        &db,
        "U1,2026-11-23T09:00:00-06:00,card,00099999,Ann Lee,\"1 Oak Ave, Columbia, MO 65201\",20.00,fp-u\n",
    );
    assert_eq!(
        outcome(&all, "U1"),
        ("held".to_string(), vec!["unknown_inmate".to_string()])
    );
    let out = as_supervisor(&db, &["deposits", "accept", "U1", "--note", "looks fine"]);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("No person with this DOC number"),
        "{}",
        said(&out)
    );
    // Still held, and the batch posts.
    let out = lockbox(&db, &["--user", "clerk", "--json", "deposits", "held"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("U1"));
    post(&db, "2026-11-23");
    let out = as_supervisor(
        &db,
        &[
            "deposits",
            "reject",
            "U1",
            "--reason",
            "inmate_restricted",
            "--note",
            "no such inmate",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    check_passes(&db);
}

/// `check` finds electronic deposits whose books were bent behind the ledger's back: a
/// posted deposit made to look unposted (it would post a second time), and one charged
/// back by hand without its chargeback.
#[test]
fn check_finds_an_electronic_deposit_edited_behind_the_ledgers_back() {
    let (_dir, db) = demo();
    import(
        &db,
        "K1,2026-11-23T09:00:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",50.00,fp-1\n\
         K2,2026-11-23T09:05:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",30.00,fp-1\n",
    );
    post(&db, "2026-11-23");
    check_passes(&db);
    let c = crate::support::tamperer(&db);
    c.execute_batch(
        "UPDATE electronic_deposit SET batch_id = NULL WHERE processor_id = 'K1';
         UPDATE electronic_deposit SET charged_back_at = '2026-11-23T10:00:00' WHERE processor_id = 'K2';",
    )
    .expect("tamper");
    drop(c);
    let out = lockbox(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    for found in [
        "a posted electronic deposit whose postings do not add up to its amount, or postings of one not posted: K1",
        "a posted electronic deposit without exactly one receipt: K1",
        "an electronic deposit charged back without its chargeback, or with one it did not have: K2",
        "unposted electronic deposits account holds",
    ] {
        assert!(said(&out).contains(found), "{found}: {}", said(&out));
    }
}

//! The command line as operators and scripts use it: exit codes, JSON, and bad input that
//! writes nothing.

use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-11-23T12:00:00";

fn lockbox(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", NOW)
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

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite");
    let out = lockbox(&db, &["demo", "--scale", "30", "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

fn money_orders(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("SELECT COUNT(*) FROM money_order", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn the_demo_holds_the_known_account_and_checks_clean() {
    let (_dir, db) = demo();
    let out = lockbox(&db, &["--json", "balance", "12345"]);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["doc"], "00012345");
    assert_eq!(v["name"], "RIVERA, Ana");
    assert_eq!(v["obligations"][0]["kind"], "restitution");
    assert_eq!(v["obligations"][0]["percent_bp"], 2000);
    assert!(v["trust_balance"].as_str().is_some_and(|b| b != "0.00"));
    assert!(v["recent"]
        .as_array()
        .is_some_and(|r| !r.is_empty() && r.len() <= 20));
    let check = lockbox(&db, &["check"]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("all checks passed"));
    let verify = lockbox(&db, &["audit", "verify"]);
    assert!(verify.status.success() && text(&verify).contains("intact"));
    // Money orders in every state.
    let c = rusqlite::Connection::open(&db).expect("open");
    for state in ["ready", "held", "posted", "returned"] {
        let n: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM money_order WHERE status = ?1",
                [state],
                |r| r.get(0),
            )
            .expect("n");
        assert!(n > 0, "the demo has {state} money orders");
    }
    // The same seed gives the same ledger.
    let dir2 = tempfile::tempdir().expect("dir");
    let db2 = dir2.path().join("again.sqlite");
    assert!(lockbox(&db2, &["demo", "--scale", "30", "--seed", "3"])
        .status
        .success());
    let a = lockbox(&db, &["export", "csv"]);
    let b = lockbox(&db2, &["export", "csv"]);
    assert_eq!(a.stdout, b.stdout, "deterministic demo");
    // A second demo into a ledger that has data is refused.
    let again = lockbox(&db, &["demo"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
}

/// A demo build of `scale` people at `db` running in the background, and its progress lines
/// (one per step, `demo: N/8 ...`) as it writes them.
fn demo_in_background(
    db: &Path,
    scale: &str,
) -> (
    std::process::Child,
    std::io::Lines<std::io::BufReader<std::process::ChildStderr>>,
) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(db)
        .args(["demo", "--scale", scale])
        .env("LOCKBOX_NOW", NOW)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("lockbox runs");
    let progress = std::io::BufReader::new(child.stderr.take().expect("stderr")).lines();
    (child, progress)
}

/// A demo build is whole or nothing: killed halfway it leaves no ledger at its path (so
/// neither a command nor `cargo run --release` opens half a demo), a second build into the
/// same folder meanwhile is refused instead of writing into the first one's file, and the
/// next build removes what the killed one left and makes a whole demo.
#[test]
fn a_demo_killed_halfway_leaves_no_ledger_and_the_next_build_is_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite");
    // Its progress, one line per step: the first day is posted once the second begins.
    let (mut first, progress) = demo_in_background(&db, "5000");
    let mut said = Vec::new();
    for line in progress {
        let line = line.expect("progress");
        said.push(line.clone());
        if line.contains("demo: 2/8") {
            break;
        }
    }
    assert!(
        said.last().is_some_and(|l| l.contains("demo: 2/8")),
        "{said:?}"
    );
    let other = dir.path().join("other.sqlite");
    let second = lockbox(&other, &["demo", "--scale", "30"]);
    assert_eq!(second.status.code(), Some(1), "{}", text(&second));
    assert!(
        text(&second).contains("another demo is being built"),
        "{}",
        text(&second)
    );
    assert!(!other.exists());
    first.kill().expect("kill");
    first.wait().expect("reaped");
    assert!(!db.exists(), "a killed build left a ledger at its path");
    let check = lockbox(&db, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(text(&check).contains("no ledger at"), "{}", text(&check));
    let left = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".demo-building"))
            .collect()
    };
    assert!(
        !left(dir.path()).is_empty(),
        "the build was not in a scratch file"
    );
    // An anchor with no ledger beside it (as a build stopped between putting the two in
    // place leaves) names nothing the next demo holds: it goes.
    std::fs::write(
        dir.path().join("demo.sqlite-audit.anchor"),
        "99 stale stale\n",
    )
    .expect("stray anchor");
    let again = lockbox(&db, &["demo", "--scale", "30", "--seed", "3"]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(left(dir.path()), Vec::<String>::new());
    let check = lockbox(&db, &["check"]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(
        text(&check).contains("all checks passed"),
        "{}",
        text(&check)
    );
    assert!(money_orders(&db) > 0);
}

/// A ledger `init` makes at the path while a demo is being built for it is never replaced
/// by the demo: the build fails and says why, and leaves nothing of its own behind.
#[test]
fn a_ledger_made_at_the_path_during_a_demo_build_is_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("ledger.sqlite");
    let (mut build, mut progress) = demo_in_background(&db, "3000");
    // The people are in, the money orders' days to come.
    assert!(progress
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("demo: 1/8")));
    let init = lockbox(&db, &["init"]);
    assert!(init.status.success(), "{}", text(&init));
    let said: Vec<String> = progress.map_while(Result::ok).collect();
    let status = build.wait().expect("the build ends");
    assert_eq!(status.code(), Some(1), "{said:?}");
    assert!(
        said.iter()
            .any(|l| l.contains("was made by something else")),
        "{said:?}"
    );
    let c = rusqlite::Connection::open(&db).expect("open");
    let people: i64 = c
        .query_row("SELECT COUNT(*) FROM person", [], |r| r.get(0))
        .expect("people");
    assert_eq!(people, 0, "the demo replaced the ledger init made");
    let check = lockbox(&db, &["check"]);
    assert!(check.status.success(), "{}", text(&check));
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".demo-building"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

#[test]
fn a_demo_beyond_its_largest_scale_is_refused_before_anything_is_made() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("ledger.sqlite");
    // 4,294,967,295 people would fill the memory (16 GB in 20 s) long before the disk.
    for scale in ["1000001", "4294967295", "0"] {
        let out = lockbox(&db, &["demo", "--scale", scale]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(text(&out).contains("1..=1000000"), "{}", text(&out));
    }
    let made: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(made, Vec::<String>::new());
}

/// Found by an outside review: `export journal --out` and `printer render --html` wrote over
/// whatever was at the path they were given, a ledger included. They make new files only.
#[test]
fn an_export_or_a_rendered_page_never_overwrites_a_file() {
    let (dir, db) = demo();
    let precious = dir.path().join("copy.sqlite");
    std::fs::copy(&db, &precious).expect("copy");
    let before = std::fs::read(&precious).expect("read");
    let printed = dir.path().join("printed.bin");
    std::fs::write(&printed, b"\x1b@hello\n").expect("write");
    let target = precious.to_str().expect("utf-8");
    for args in [
        vec!["export", "journal", "--out", target],
        vec!["export", "csv", "--out", target],
        vec![
            "printer",
            "render",
            "--html",
            target,
            printed.to_str().expect("utf-8"),
        ],
    ] {
        let out = lockbox(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("already exists"), "{}", text(&out));
        assert!(
            std::fs::read(&precious).expect("read") == before,
            "{args:?} changed it"
        );
    }
    // What is no regular file (a device, a pipe) is written into, as before.
    let out = lockbox(&db, &["export", "csv", "--out", "/dev/null"]);
    assert!(out.status.success(), "{}", text(&out));
    // To a new name, they write.
    let journal = dir.path().join("journal.txt");
    let out = lockbox(
        &db,
        &[
            "export",
            "journal",
            "--out",
            journal.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::metadata(&journal).expect("journal").len() > 0);
    let page = dir.path().join("page.html");
    let out = lockbox(
        &db,
        &[
            "printer",
            "render",
            "--html",
            page.to_str().expect("utf-8"),
            printed.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read_to_string(&page)
        .expect("page")
        .contains("hello"));
}

/// Found by an outside review: a file printer that could not be written (a folder given by
/// mistake) showed as ready, so the kiosk numbered slips it could not print. It is not
/// connected now, as an unplugged printer is; a file still to be made is ready.
#[test]
fn a_file_printer_that_cannot_be_written_is_not_connected() {
    let (dir, db) = demo();
    let status = |port: &std::path::Path| {
        let out = lockbox(
            &db,
            &[
                "--json",
                "printer",
                "status",
                "--printer",
                &format!("file:{}", port.display()),
            ],
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        (
            out.status.code(),
            v["state"].as_str().unwrap_or_default().to_string(),
        )
    };
    assert_eq!(status(dir.path()), (Some(1), "not_connected".to_string()));
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "").expect("write");
    assert_eq!(
        status(&blocked.join("printer.bin")),
        (Some(1), "not_connected".to_string())
    );
    assert_eq!(
        status(&dir.path().join("new").join("printer.bin")),
        (Some(0), "ready".to_string())
    );
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let (_dir, db) = demo();
    let before = money_orders(&db);
    let base = [
        "intake",
        "--issuer",
        "USPS",
        "--date",
        "2026-11-20",
        "--user",
        "clerk",
        "--doc",
        "12345",
        "--name",
        "Rivera",
        "--sender-name",
        "Carmen Rivera",
        "--sender-address",
        "12 Elm St, Jefferson City, MO 65101",
    ];
    #[track_caller]
    fn case(db: &Path, args: Vec<&str>, words: &str) {
        let out = lockbox(db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(words), "{args:?}: {}", text(&out));
    }
    let with = |extra: &[&'static str]| -> Vec<&str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    case(
        &db,
        with(&["--serial", "X1", "--amount", "12.345"]),
        "at most two digits",
    );
    case(
        &db,
        with(&["--serial", "X1", "--amount", "1000"]),
        "$999.99",
    );
    case(
        &db,
        with(&["--serial", "X1", "--amount", "10", "--instrument", "cash"]),
        "Cash is not accepted",
    );
    case(
        &db,
        with(&["--serial", "X1", "--amount", "10", "--instrument", "gold"]),
        "not money_order",
    );
    case(
        &db,
        vec![
            "intake",
            "--issuer",
            "USPS",
            "--serial",
            "X1",
            "--amount",
            "10",
            "--date",
            "2026-11-20",
            "--slip",
            "1234-5678-0",
            "--user",
            "clerk",
        ],
        "not valid",
    );
    case(
        &db,
        vec![
            "intake",
            "--issuer",
            "USPS",
            "--serial",
            "X1",
            "--amount",
            "10",
            "--date",
            "2026-13-01",
            "--user",
            "clerk",
        ],
        "not a date",
    );
    case(
        &db,
        vec![
            "intake",
            "--issuer",
            "USPS",
            "--serial",
            "X1",
            "--amount",
            "10",
            "--date",
            "2026-11-20",
        ],
        "--user",
    );
    case(&db, vec!["balance", "99999999"], "No person");
    case(&db, vec!["balance", "12a"], "1 to 8 digits");
    case(
        &db,
        vec!["statement", "12345", "--month", "2026-13"],
        "not a month",
    );
    case(
        &db,
        vec!["post", "--date", "2026-12-01", "--user", "clerk"],
        "future date",
    );
    case(
        &db,
        vec!["hold", "release", "1", "--note", "ok", "--user", "clerk"],
        "supervisor",
    );
    case(
        &db,
        vec![
            "slip",
            "new",
            "--doc",
            "12345",
            "--name",
            "Smith",
            "--sender-name",
            "Carmen Rivera",
            "--sender-address",
            "12 Elm St, Jefferson City, MO 65101",
            "--amount",
            "10",
        ],
        "do not match",
    );
    case(
        &db,
        vec![
            "slip",
            "new",
            "--doc",
            "12345",
            "--name",
            "Rivera",
            "--sender-name",
            "C\u{1b}[2J",
            "--sender-address",
            "12 Elm St, Jefferson City, MO 65101",
            "--amount",
            "10",
        ],
        "cannot be printed",
    );
    case(&db, vec!["nonsense"], "unrecognized subcommand");
    assert_eq!(money_orders(&db), before, "nothing was written");
}

#[test]
fn a_clerk_takes_in_holds_and_posts_from_the_command_line() {
    let (_dir, db) = demo();
    let ok = |args: &[&str]| {
        let out = lockbox(&db, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let slip: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "slip",
        "new",
        "--doc",
        "12345",
        "--name",
        "Ana Rivera",
        "--sender-name",
        "Carmen Rivera",
        "--sender-address",
        "12 Elm St, Jefferson City, MO 65101",
        "--amount",
        "$40.00",
        "--lang",
        "es",
    ]))
    .expect("json");
    let number = slip["number"].as_str().expect("slip number").to_string();
    let intake: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "intake",
        "--slip",
        &number,
        "--issuer",
        "USPS",
        "--serial",
        "CLI-1",
        "--amount",
        "40.00",
        "--date",
        "2026-11-23",
        "--user",
        "clerk",
    ]))
    .expect("json");
    assert_eq!(intake["status"]["status"], "ready");
    let dup = lockbox(
        &db,
        &[
            "intake",
            "--slip",
            &number,
            "--issuer",
            "usps",
            "--serial",
            "cli 1",
            "--amount",
            "40",
            "--date",
            "2026-11-23",
            "--user",
            "clerk",
        ],
    );
    assert_eq!(dup.status.code(), Some(2));
    assert!(text(&dup).contains("already taken in"), "{}", text(&dup));
    let held = ok(&[
        "intake",
        "--issuer",
        "USPS",
        "--serial",
        "CLI-2",
        "--amount",
        "15",
        "--date",
        "2026-11-23",
        "--user",
        "clerk",
    ]);
    assert!(
        held.contains("ON HOLD: no inmate has this DOC number"),
        "{held}"
    );
    assert!(ok(&["hold", "list"]).contains("no inmate has this DOC number"));
    let weekend = ok(&["post", "--date", "2026-11-22", "--user", "clerk"]);
    assert!(
        weekend.contains("nothing posted") && weekend.contains("Sunday"),
        "{weekend}"
    );
    let posted: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "post",
        "--date",
        "2026-11-23",
        "--user",
        "clerk",
    ]))
    .expect("json");
    assert_eq!(posted["outcome"], "posted");
    assert!(posted["posted_now"].as_i64().is_some_and(|n| n >= 1));
    let again: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "post",
        "--date",
        "2026-11-23",
        "--user",
        "clerk",
    ]))
    .expect("json");
    assert_eq!(again["already_finished"], true);
    assert_eq!(again["posted_now"], 0);
    let statement: serde_json::Value =
        serde_json::from_str(&ok(&["--json", "statement", "12345", "--month", "2026-11"]))
            .expect("json");
    assert_eq!(
        statement["closing_balance"],
        ok(&["--json", "balance", "12345"])
            .parse::<serde_json::Value>()
            .expect("json")["trust_balance"]
    );
    // A backup while nothing else runs verifies; the journal and CSV export.
    let copy = db.with_file_name("copy.sqlite");
    assert!(ok(&["--user", "system", "backup", copy.to_str().expect("path")]).contains("verified"));
    assert_eq!(
        lockbox(
            &db,
            &["--user", "system", "backup", copy.to_str().expect("path")]
        )
        .status
        .code(),
        Some(2)
    );
    assert!(ok(&["export", "journal"]).contains("liabilities:trust:00012345"));
    assert!(ok(&["export", "csv"]).starts_with("transfer_id,business_date"));
}

#[test]
fn audit_verify_names_the_tampered_row_and_fails() {
    let (_dir, db) = demo();
    let c = rusqlite::Connection::open(&db).expect("open");
    c.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 17;",
    )
    .expect("tamper");
    drop(c);
    let out = lockbox(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("row 17 was edited"), "{}", text(&out));
    let check = lockbox(&db, &["check"]);
    assert_eq!(check.status.code(), Some(1));
}

/// A mistyped `--db` (or an unmounted data disk) must never become a fresh, empty ledger
/// that `check` calls healthy and the kiosk takes deposits into: only `init` and `demo`
/// create one. Every other command refuses, exit 1, and creates no file and no folder.
#[test]
fn only_init_and_demo_create_a_ledger() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("not-mounted").join("ledger.sqlite");
    for args in [
        &["check"][..],
        &["balance", "12345"],
        &[
            "inmate", "add", "12345", "--last", "Rivera", "--first", "Ana",
        ],
        &["post", "--date", "2026-11-23", "--user", "clerk"],
        &["fees", "account", "12345"],
        &["reconcile", "--date", "2026-11-23"],
        &["export", "journal"],
        &["pin", "set", "12345", "--user", "clerk"],
        &["pin", "status", "12345"],
        &["user", "passwd", "clerk"],
        &["restore", "/etc/hostname", "--user", "supervisor"],
        &["statement", "--all", "--month", "2026-10", "--print"],
        &["fees", "assess", "--month", "2026-11", "--user", "system"],
        &["cases", "show", "12345"],
        &["printer", "test"],
        &[
            "statement",
            "--all",
            "--month",
            "2026-10",
            "--out",
            missing
                .parent()
                .expect("parent")
                .join("statements")
                .to_str()
                .expect("utf-8"),
        ],
    ] {
        let out = lockbox(&missing, args);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(
            said.contains(&format!("no ledger at {}", missing.display()))
                && said.contains("`lockbox init` creates one"),
            "{args:?}: {said}"
        );
        assert!(
            !missing.parent().expect("parent").exists(),
            "{args:?} created the folder"
        );
    }
    // A file that is not a lockbox ledger is refused the same way and left as it was.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").expect("write");
    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .expect("open")
        .execute_batch("CREATE TABLE notes (t TEXT)")
        .expect("foreign table");
    for db in [&empty, &foreign] {
        let before = std::fs::read(db).expect("read");
        let out = lockbox(db, &["check"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains("no ledger at"), "{}", text(&out));
        assert_eq!(
            std::fs::read(db).expect("read"),
            before,
            "{} changed",
            db.display()
        );
    }
    // `init` creates it, folder included, and then every command opens it.
    let out = lockbox(&missing, &["init"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = lockbox(&missing, &["check"]);
    assert!(out.status.success(), "{}", text(&out));
}

/// What no clerk could have meant is refused, writing nothing: a posting date before the
/// ledger's first business day, a date of birth in the future, a slip with no kiosk id.
/// A holiday is never renamed silently, and every holiday change is audited with its user.
#[test]
fn impossible_dates_and_ids_are_refused_and_holidays_are_audited() {
    let (_dir, db) = demo();
    let audit = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .expect("open")
            .query_row(
                "SELECT COUNT(*) FROM audit WHERE action <> 'user.sign_in'",
                [],
                |r| r.get(0),
            )
            .expect("count")
    };
    let before = audit(&db);
    for (args, says) in [
        (
            &["post", "--date", "1999-03-01", "--user", "clerk"][..],
            "before the ledger's first business day",
        ),
        (
            &[
                "inmate",
                "add",
                "4321",
                "--last",
                "Lane",
                "--dob",
                "2031-01-01",
                "--user",
                "supervisor",
            ],
            "A date of birth cannot be in the future.",
        ),
        (
            &[
                "slip",
                "new",
                "--doc",
                "00054321",
                "--name",
                "x",
                "--sender-name",
                "Carmen",
                "--sender-address",
                "12 Elm St, Jefferson City, MO 65101",
                "--amount",
                "10.00",
                "--kiosk",
                "",
            ],
            "kiosk",
        ),
    ] {
        let out = lockbox(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{args:?}: {}", text(&out));
    }
    assert_eq!(audit(&db), before, "nothing written");
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "Staff day",
            "--user",
            "supervisor",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "Staff day",
            "--user",
            "supervisor",
        ],
    );
    assert!(text(&out).contains("nothing changed"), "{}", text(&out));
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-28",
            "--name",
            "Other",
            "--user",
            "supervisor",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("already a holiday under another name"),
        "{}",
        text(&out)
    );
    // A name with an escape in it is refused, named as what it is (it was called a note).
    let out = lockbox(
        &db,
        &[
            "holiday",
            "add",
            "2026-12-29",
            "--name",
            "Day\x1b[31m",
            "--user",
            "supervisor",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("holiday's name"), "{}", text(&out));
    let out = lockbox(
        &db,
        &["holiday", "remove", "2026-12-28", "--user", "supervisor"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let c = rusqlite::Connection::open(&db).expect("open");
    let rows: Vec<(String, String)> = c
        .prepare("SELECT action, actor FROM audit WHERE subject = 'holiday:2026-12-28' ORDER BY id")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![
            ("holiday.add".to_string(), "supervisor".to_string()),
            ("holiday.remove".to_string(), "supervisor".to_string())
        ]
    );
}

/// Found in review: a case placed in 2010 charges fee months from 2010, and those dates made
/// 2010 look like the ledger's first business day. The lobby's first is its first money
/// order (or the ledger's first record).
#[test]
fn a_posting_before_the_first_money_order_is_refused_whatever_the_fee_books_hold() {
    let (dir, db) = demo();
    let file = dir.path().join("old.jsonl");
    std::fs::write(
        &file,
        r#"{"doc":"7777","event":"placed","date":"2010-01-04","name":"Old, Case","supervision":"parole"}"#,
    )
    .expect("write");
    let out = lockbox(
        &db,
        &[
            "cases",
            "import",
            file.to_str().expect("utf-8"),
            "--user",
            "supervisor",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = lockbox(&db, &["post", "--date", "2010-05-03", "--user", "clerk"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("before the ledger's first business day"),
        "{}",
        text(&out)
    );
    // A new ledger, before its first money order: a date before it existed is refused too.
    let fresh = dir.path().join("fresh.sqlite");
    assert!(lockbox(&fresh, &["init"]).status.success());
    crate::support::first_supervisor(&fresh);
    assert!(lockbox(
        &fresh,
        &[
            "user",
            "add",
            "clerk",
            "--role",
            "clerk",
            "--user",
            "supervisor"
        ]
    )
    .status
    .success());
    crate::support::give_passwords(
        &mut lockbox::store::Ledger::open_existing(&fresh).expect("open"),
        &fresh,
    );
    let out = lockbox(&fresh, &["post", "--date", "1999-03-01", "--user", "clerk"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// An offender who owes nothing because the case ended or no fee is charged is told that,
/// not when "the next payment can be made".
#[test]
fn a_payment_to_a_closed_or_exempt_case_says_why_nothing_is_owed() {
    let (_dir, db) = demo();
    for (doc, says) in [
        ("54328", "the case is closed"),
        ("54325", "this type of case has no fee"),
        ("54324", "supervision moved to another state"),
    ] {
        let out = lockbox(&db, &["fees", "pay", doc, "10.00", "--user", "clerk"]);
        assert_eq!(out.status.code(), Some(2), "{doc}: {}", text(&out));
        assert!(text(&out).contains(says), "{doc}: {}", text(&out));
        assert!(
            !text(&out).contains("next payment"),
            "{doc}: {}",
            text(&out)
        );
    }
}

//! The fee in the ledger and on the command line: imports all or nothing, the JSON
//! contract, the monthly assessment, PINs and their lockout, the schema migration.

use std::path::Path;
use std::process::{Command, Output};

use chrono::TimeDelta;
use lockbox::domain::{DocNumber, Pin, PinProblem, Rejection};
use lockbox::store::{Ledger, PinCheck, PinKey};

use crate::support::{at, day, ledger, CLERK};

const NOW: &str = "2026-11-23T12:00:00";

fn lockbox(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    lockbox_at(db, NOW, args, stdin)
}

fn lockbox_at(db: &Path, now: &str, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    crate::support::authenticate(&mut cmd, args);
    let mut child = cmd
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", now)
        .env_remove("LOCKBOX_USER")
        .env_remove("LOCKBOX_PIN_KEY")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("lockbox runs");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.unwrap_or("").as_bytes())
            .expect("stdin");
    }
    child.wait_with_output().expect("lockbox ends")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

const GOOD: &str = r#"{"doc":"1234","event":"placed","date":"2026-03-15","name":"Ana Rivera","supervision":"probation"}
{"doc":"1234","event":"payment","date":"2026-04-02","amount":"30.00","instrument":"money_order"}
{"doc":"1234","event":"program_start","date":"2026-06-01","program":"crc"}
{"doc":"1234","event":"program_end","date":"2026-07-20"}
{"doc":"55","event":"placed","date":"2026-01-31","name":"Doe, John","supervision":"parole","fee":"45.00"}
{"doc":"55","event":"waiver","date":"2026-03-01","to":"2026-05-29","amount":"20.00"}
"#;

fn imported() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fees.sqlite");
    assert!(lockbox(&db, &["init"], None).status.success());
    crate::support::first_users(&db);
    let file = dir.path().join("cases.jsonl");
    std::fs::write(&file, GOOD).expect("write");
    let out = lockbox(
        &db,
        &[
            "cases",
            "import",
            file.to_str().expect("utf-8"),
            "--user",
            "supervisor",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

/// Found by an outside review: a case import read a line of any length into memory (a
/// sparse file of 3 GB stopped the process with an allocation failure), a byte-order mark
/// made its first line bad, and a case placed in the year 1 was booked 24,311 months of
/// fees. Files have a size now, a mark is skipped, and dates are those of a case.
#[test]
fn a_case_import_has_a_size_a_byte_order_mark_and_dates_of_a_case() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fees.sqlite");
    assert!(lockbox(&db, &["init"], None).status.success());
    crate::support::first_users(&db);
    let import = |file: &Path| {
        lockbox(
            &db,
            &[
                "cases",
                "import",
                file.to_str().expect("utf-8"),
                "--user",
                "supervisor",
            ],
            None,
        )
    };
    let transfers = || count(&db, "SELECT COUNT(*) FROM transfer");
    // 600 MB with no line break, all but its first bytes a hole in the file.
    let huge = dir.path().join("huge.jsonl");
    {
        let f = std::fs::File::create(&huge).expect("create");
        f.set_len(600 * 1024 * 1024).expect("size");
    }
    let out = import(&huge);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("larger than 512 MB"), "{}", text(&out));
    let ancient = dir.path().join("ancient.jsonl");
    std::fs::write(
        &ancient,
        r#"{"doc":"99019","event":"placed","date":"0001-01-01","name":"Old Case","supervision":"probation"}"#,
    )
    .expect("write");
    let out = import(&ancient);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("not a date of a case"),
        "{}",
        text(&out)
    );
    assert_eq!(transfers(), 0);
    let marked = dir.path().join("marked.jsonl");
    std::fs::write(
        &marked,
        format!(
            "\u{feff}{}\n",
            r#"{"doc":"1234","event":"placed","date":"2026-03-15","name":"Ana Rivera","supervision":"probation"}"#
        ),
    )
    .expect("write");
    let out = import(&marked);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM supervision_case"), 1);
    // A settings file given by mistake is refused by its size, not read whole.
    let out = lockbox(&db, &["--config", "/dev/zero", "check"], None);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("not a settings file"), "{}", text(&out));
}

/// Found by an outside review: `cases show --json` printed text, with Rust's own names for
/// the events. It prints JSON whose events are import lines: read back into a new ledger,
/// they make the same case.
#[test]
fn cases_show_json_gives_the_events_as_import_lines() {
    let (dir, db) = imported();
    let out = lockbox(&db, &["--json", "cases", "show", "55"], None);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["supervision"], "parole");
    assert_eq!(v["fee"], "45.00");
    assert_eq!(
        v["events"][0],
        serde_json::json!({"doc": "00000055", "event": "waiver", "date": "2026-03-01", "to": "2026-05-29", "amount": "20.00"})
    );
    // Back into a new ledger, after the placement the header gives.
    let mut lines = vec![serde_json::json!({
        "doc": v["doc"], "event": "placed", "date": v["placed_on"], "name": v["name"],
        "supervision": v["supervision"], "fee": v["fee"],
    })];
    lines.extend(v["events"].as_array().expect("events").iter().cloned());
    let again = dir.path().join("again.sqlite");
    assert!(lockbox(&again, &["init"], None).status.success());
    crate::support::first_users(&again);
    let file = dir.path().join("again.jsonl");
    let body: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&file, body.join("\n")).expect("write");
    let out = lockbox(
        &again,
        &[
            "cases",
            "import",
            file.to_str().expect("utf-8"),
            "--user",
            "supervisor",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let shown = |db: &Path| lockbox(db, &["--json", "cases", "show", "55"], None).stdout;
    assert_eq!(shown(&again), shown(&db));
    // And as text, readable: no Rust names.
    let out = lockbox(&db, &["cases", "show", "55"], None);
    assert!(
        text(&out).contains("2026-03-01  waiver  to 2026-05-29  amount 20.00"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_import_with_bad_lines_imports_nothing_and_names_every_bad_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fees.sqlite");
    assert!(lockbox(&db, &["init"], None).status.success());
    crate::support::first_users(&db);
    let file = dir.path().join("cases.jsonl");
    let lines = [
        r#"{"doc":"1234","event":"placed","date":"2026-03-15","name":"Ana Rivera","supervision":"probation"}"#,
        // Refused by the rules: more than is owed on its date.
        r#"{"doc":"1234","event":"payment","date":"2026-04-02","amount":"90.00","instrument":"money_order"}"#,
        r#"{"doc":"1234","event":"payment","date":"2026-04-02","amount":"30.00","instrument":"money_order"}"#,
        "this is not JSON",
        r#"{"doc":"1234","event":"waiver","date":"2026-05-01","to":"2026-07-30","amount":"30.00"}"#,
        r#"{"doc":"77","event":"closed","date":"2026-05-01"}"#,
        r#"{"doc":"1234","event":"payment","date":"2026-05-04","amount":"30.00","instrument":"personal_check"}"#,
    ];
    std::fs::write(&file, lines.join("\n")).expect("write");
    let out = lockbox(
        &db,
        &[
            "cases",
            "import",
            file.to_str().expect("utf-8"),
            "--user",
            "supervisor",
        ],
        None,
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("5 bad line(s); nothing was imported"),
        "{said}"
    );
    assert!(
        said.contains("line 2: That is more than what is owed now ($30.00)"),
        "{said}"
    );
    assert!(said.contains("line 4: not a valid event"), "{said}");
    assert!(
        said.contains("line 5: A waiver lasts at most 90 days"),
        "{said}"
    );
    assert!(
        said.contains("line 6: No supervision case has this DOC number."),
        "{said}"
    );
    assert!(
        said.contains("line 7: unknown instrument \"personal_check\""),
        "{said}"
    );
    assert!(
        !said.contains("line 1:") && !said.contains("line 3:"),
        "{said}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM supervision_case"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM person"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM transfer"), 0);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE action NOT LIKE 'user.%'"
        ),
        0
    );
}

#[test]
fn the_fee_quote_prints_the_contracted_json() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("q.sqlite");
    let out = lockbox(&db, &["fees", "quote", "75.01", "--json"], None);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"amount":"75.01","fee":"2.15","total":"77.16"}"#
    );
    let out = lockbox(&db, &["fees", "quote", "20", "--echeck", "--json"], None);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"amount":"20.00","fee":"0.50","total":"20.50"}"#
    );
    let out = lockbox(&db, &["fees", "quote", "-5", "--json"], None);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn the_fee_account_prints_the_contracted_json() {
    let (_dir, db) = imported();
    let out = lockbox(
        &db,
        &["fees", "account", "1234", "--as-of", "2026-08-20", "--json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["doc"], "00001234");
    assert_eq!(v["as_of"], "2026-08-20");
    let months = v["months"].as_array().expect("months");
    let labels: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]
    );
    assert_eq!(
        months[0],
        serde_json::json!({"month":"2026-04","assessed":"30.00","waived":"0.00","exempt":null,"paid":"30.00","delinquent":false})
    );
    assert_eq!(months[2]["assessed"], "0.00");
    assert_eq!(months[2]["exempt"], "program");
    assert_eq!(months[4]["delinquent"], true);
    assert_eq!(v["assessed_total"], "90.00");
    assert_eq!(v["waived_total"], "0.00");
    assert_eq!(v["paid_total"], "30.00");
    assert_eq!(v["balance"], "60.00");
    assert_eq!(v["months_in_arrears"], 2);
    assert_eq!(v["current"], false);
    assert_eq!(v["violation_report_required"], false);
    assert_eq!(v["next_due"], "2026-09-01");

    let out = lockbox(&db, &["fees", "account", "99", "--json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("No supervision case has this DOC number."));
}

/// A month that fell due since the books were last brought up: `fees assess` says it
/// assessed the offenders it charged, by whoever ran it, and a second run says they were
/// already assessed. (Every other command brings the books up to date when it opens the
/// ledger; had `fees assess` let that happen first, it would report "0 assessed" for the
/// charges it had just written.)
#[test]
fn assessing_a_month_that_just_fell_due_reports_the_offenders_it_charged() {
    let (_dir, db) = imported();
    let december = "2026-12-02T09:00:00";
    let run = |user: &str| {
        let out = lockbox_at(
            &db,
            december,
            &[
                "fees", "assess", "--month", "2026-12", "--json", "--user", user,
            ],
            None,
        );
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let first = run("clerk");
    assert_eq!(first["assessed"], 2, "{first}");
    assert_eq!(first["already_assessed"], 0, "{first}");
    // Ana Rivera's $30 and John Doe's $45.
    assert_eq!(first["assessed_total"], "75.00", "{first}");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE action = 'fee.books' AND actor = 'clerk'"
        ),
        1,
        "the charges are the clerk's, who ran the assessment"
    );
    let second = run("clerk");
    assert_eq!(second["assessed"], 0, "{second}");
    assert_eq!(second["already_assessed"], 2, "{second}");
    assert_eq!(second["assessed_total"], "75.00", "{second}");
    // Said in words, the month's total goes with the offenders charged, not with this run.
    let out = lockbox_at(
        &db,
        december,
        &["fees", "assess", "--month", "2026-12", "--user", "clerk"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(
            "2026-12: $75.00 charged to 2 offender(s) (waived $0.00): 0 by this run, 2 before it;"
        ),
        "{}",
        text(&out)
    );
}

#[test]
fn the_monthly_assessment_writes_each_fee_once_and_the_ledger_agrees() {
    let (_dir, db) = imported();
    // The import already put every month due by today in the books: assessing a month
    // again writes nothing new.
    let before = count(&db, "SELECT COUNT(*) FROM transfer");
    for month in ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"] {
        let out = lockbox(
            &db,
            &[
                "fees", "assess", "--month", month, "--json", "--user", "system",
            ],
            None,
        );
        assert!(out.status.success(), "{}", text(&out));
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM transfer"), before);
    let out = lockbox(
        &db,
        &[
            "fees", "assess", "--month", "2026-04", "--json", "--user", "clerk",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["assessed"], 0, "a second run assesses nothing new");
    assert_eq!(v["already_assessed"], 2);
    // June: John Doe owes; Ana Rivera is in a program (exempt).
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM transfer WHERE kind = 'fee_assessment' AND business_date = '2026-06-01'"
        ),
        1
    );
    // John Doe: $45 for February to June, $20 of it waived in March, April and May, no
    // payments: the receivable in the books as of June 30 is the account's balance then.
    let receivable = count(
        &db,
        "SELECT SUM(CASE WHEN t.debit_account = a.id THEN amount_cents ELSE -amount_cents END)
         FROM transfer t JOIN account a ON a.id IN (t.debit_account, t.credit_account)
         WHERE a.name = 'assets:receivable:fees:00000055' AND t.business_date <= '2026-06-30'",
    );
    let out = lockbox(
        &db,
        &["fees", "account", "55", "--as-of", "2026-06-30", "--json"],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["balance"], "165.00");
    assert_eq!(receivable, 16_500);
    let out = lockbox(
        &db,
        &["fees", "assess", "--month", "2026-12", "--user", "clerk"],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a month not yet begun is refused"
    );
    let out = lockbox(&db, &["check"], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = lockbox(&db, &["audit", "verify"], None);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_payment_is_one_money_movement_with_its_audit_row() {
    let (_dir, db) = imported();
    let before = count(
        &db,
        "SELECT COUNT(*) FROM audit WHERE action NOT LIKE 'user.%'",
    );
    let out = lockbox(
        &db,
        &[
            "fees",
            "pay",
            "1234",
            "60.00",
            "--date",
            "2026-11-20",
            "--user",
            "clerk",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE action NOT LIKE 'user.%'"
        ) - before,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT SUM(amount_cents) FROM transfer WHERE kind = 'fee_payment'"
        ),
        9_000
    );
    // The rest is owed, but not more: an advance payment is refused and writes nothing.
    let out = lockbox(
        &db,
        &[
            "fees",
            "pay",
            "1234",
            "999.00",
            "--date",
            "2026-11-20",
            "--user",
            "clerk",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("advance payments are not accepted"),
        "{}",
        text(&out)
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit WHERE action NOT LIKE 'user.%'"
        ) - before,
        1
    );
}

fn key() -> PinKey {
    PinKey::from_bytes([7; 32])
}

fn with_pin() -> Ledger {
    let mut l = ledger();
    let pin = Pin::parse("482913").expect("pin");
    l.set_pin(
        &DocNumber::parse("12345").expect("doc"),
        &pin,
        &key(),
        at(day(2026, 11, 20), 9),
        CLERK,
    )
    .expect("set");
    l
}

#[test]
fn a_pin_is_checked_against_its_hash_and_never_stored() {
    let mut l = with_pin();
    let t = at(day(2026, 11, 20), 10);
    let stored: String = l
        .connection()
        .query_row("SELECT pin_hash FROM offender_pin", [], |r| r.get(0))
        .expect("row");
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=3,p=1$"),
        "{stored}"
    );
    assert!(!stored.contains("482913"));
    assert_eq!(
        l.check_pin("12345", "482913", &key(), t).expect("check"),
        PinCheck::Accepted(DocNumber::parse("12345").expect("doc"))
    );
    assert_eq!(
        l.check_pin("12345", "482914", &key(), t).expect("check"),
        PinCheck::Refused
    );
    // A copy of the database with another key cannot check the PIN: the key is needed.
    let other = PinKey::from_bytes([8; 32]);
    assert_eq!(
        l.check_pin("12345", "482913", &other, t).expect("check"),
        PinCheck::Refused
    );
}

/// `secret` hashed as lockbox hashed before the time cost was raised (t=2), with the key
/// `key()` holds.
fn t2_hash(secret: &[u8]) -> String {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::new_with_secret(
        &[7u8; 32],
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(19 * 1024, 2, 1, None).expect("params"),
    )
    .expect("argon2")
    .hash_password_with_salt(secret, b"somesaltsomesalt")
    .expect("hash")
    .to_string()
}

/// A PIN hashed with older parameters (OWASP's t=2, before the time cost was raised) still
/// verifies, and its next successful check makes it again with today's; a wrong PIN leaves
/// it alone.
#[test]
fn an_older_pin_hash_verifies_and_is_made_again_at_its_next_good_check() {
    let mut l = with_pin();
    let old = t2_hash(b"482913");
    assert!(!PinKey::is_current(&old));
    l.connection()
        .execute("UPDATE offender_pin SET pin_hash = ?1", [&old])
        .expect("an older hash");
    let stored = |l: &Ledger| -> String {
        l.connection()
            .query_row("SELECT pin_hash FROM offender_pin", [], |r| r.get(0))
            .expect("row")
    };
    let t = at(day(2026, 11, 20), 10);
    assert_eq!(
        l.check_pin("12345", "482914", &key(), t).expect("check"),
        PinCheck::Refused
    );
    assert_eq!(stored(&l), old, "a wrong PIN changes nothing");
    assert_eq!(
        l.check_pin("12345", "482913", &key(), t).expect("check"),
        PinCheck::Accepted(DocNumber::parse("12345").expect("doc"))
    );
    let new = stored(&l);
    assert!(new.starts_with("$argon2id$v=19$m=19456,t=3,p=1$"), "{new}");
    assert!(PinKey::is_current(&new));
    assert_eq!(
        l.check_pin("12345", "482913", &key(), t).expect("check"),
        PinCheck::Accepted(DocNumber::parse("12345").expect("doc")),
        "the new hash verifies"
    );
}

/// A clerk's password hashed with older parameters is made again at its next good sign-in.
#[test]
fn an_older_password_hash_is_made_again_at_the_next_good_sign_in() {
    let mut l = ledger();
    let t = at(day(2026, 11, 20), 9);
    l.set_password(CLERK, "clerk-password", &key(), t, CLERK)
        .expect("password");
    let old = t2_hash(b"clerk-password");
    l.connection()
        .execute(
            "UPDATE app_user SET password_hash = ?1 WHERE name = ?2",
            [&old, CLERK],
        )
        .expect("an older hash");
    let stored = |l: &Ledger| -> String {
        l.connection()
            .query_row(
                "SELECT password_hash FROM app_user WHERE name = ?1",
                [CLERK],
                |r| r.get(0),
            )
            .expect("row")
    };
    assert!(!l
        .check_password(CLERK, "wrong", &key(), t, true)
        .expect("check"));
    assert_eq!(stored(&l), old);
    assert!(l
        .check_password(CLERK, "clerk-password", &key(), t, true)
        .expect("check"));
    assert!(PinKey::is_current(&stored(&l)), "{}", stored(&l));
    assert!(l
        .check_password(CLERK, "clerk-password", &key(), t, true)
        .expect("check"));
}

#[test]
fn chosen_pins_are_checked_against_the_block_list() {
    let doc = DocNumber::parse("00482913").expect("doc");
    #[track_caller]
    fn case(doc: &DocNumber, typed: &str, expected: Result<(), PinProblem>) {
        let got = Pin::parse(typed).and_then(|p| p.check_chosen(doc));
        assert_eq!(got, expected, "{typed}");
    }
    case(&doc, "731904", Ok(()));
    case(&doc, "111111", Err(PinProblem::OneDigitRepeated));
    case(&doc, "123456", Err(PinProblem::Run));
    case(&doc, "654321", Err(PinProblem::Run));
    case(&doc, "482913", Err(PinProblem::FromDocNumber));
    case(&doc, "12345", Err(PinProblem::NotSixDigits));
    case(&doc, "12345a", Err(PinProblem::NotSixDigits));
    case(&doc, "１２３４５６", Err(PinProblem::NotSixDigits));
    let mut l = ledger();
    let refused = l.set_pin(
        &DocNumber::parse("12345").expect("doc"),
        &Pin::parse("012345").expect("six digits"),
        &key(),
        at(day(2026, 11, 20), 9),
        CLERK,
    );
    assert!(matches!(
        refused,
        Err(lockbox::store::LedgerError::Rejected(Rejection::Pin(
            PinProblem::Run
        )))
    ));
}

#[test]
fn five_wrong_pins_lock_the_doc_number_for_fifteen_minutes() {
    let mut l = with_pin();
    let doc = DocNumber::parse("12345").expect("doc");
    let t0 = at(day(2026, 11, 20), 10);
    for i in 0..5 {
        let t = t0 + TimeDelta::seconds(i);
        assert_eq!(
            l.check_pin("12345", "000001", &key(), t).expect("check"),
            PinCheck::Refused
        );
    }
    let status = l.pin_status(&doc).expect("status");
    assert_eq!(
        status.locked_until,
        Some(t0 + TimeDelta::seconds(4) + TimeDelta::minutes(15))
    );
    // Locked: even the right PIN gets the same refusal.
    let t = t0 + TimeDelta::minutes(10);
    assert_eq!(
        l.check_pin("12345", "482913", &key(), t).expect("check"),
        PinCheck::Refused
    );
    // Fifteen minutes after the fifth failure the lock is over.
    let t = t0 + TimeDelta::seconds(4) + TimeDelta::minutes(15);
    assert_eq!(
        l.check_pin("12345", "482913", &key(), t).expect("check"),
        PinCheck::Accepted(doc.clone())
    );
    assert_eq!(l.pin_status(&doc).expect("status").failed_attempts, 0);
    // Four failures and a success do not lock.
    for _ in 0..4 {
        l.check_pin("12345", "000001", &key(), t).expect("check");
    }
    l.check_pin("12345", "482913", &key(), t).expect("check");
    l.check_pin("12345", "000001", &key(), t).expect("check");
    assert_eq!(l.pin_status(&doc).expect("status").locked_until, None);
    // Every attempt is in the audit trail, with why it was refused.
    let locked: i64 = l
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = 'pin.check' AND detail LIKE '%locked%'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(
        locked, 2,
        "the locking failure and the attempt while locked"
    );
}

#[test]
fn an_unknown_doc_number_gets_the_same_answer_as_a_wrong_pin() {
    let mut l = with_pin();
    let t = at(day(2026, 11, 20), 10);
    let wrong = l.check_pin("12345", "000001", &key(), t).expect("check");
    let unknown = l.check_pin("99999", "482913", &key(), t).expect("check");
    let no_pin = l.check_pin("777", "482913", &key(), t).expect("check");
    let garbage = l.check_pin("12a", "482913", &key(), t).expect("check");
    assert_eq!(wrong, PinCheck::Refused);
    assert_eq!(unknown, wrong);
    assert_eq!(no_pin, wrong);
    assert_eq!(garbage, wrong);
}

#[test]
fn the_pin_key_file_is_created_private_and_a_bad_one_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("keys").join("pin.key");
    let first = PinKey::load_or_create(&path).expect("created");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The same key comes back: a PIN hashed with the first verifies with the second.
    let second = PinKey::load_or_create(&path).expect("read");
    let pin = Pin::parse("731904").expect("pin");
    let hash = first.hash(&pin).expect("hash");
    assert!(second.verify("731904", &hash).expect("verify"));
    std::fs::write(&path, b"short").expect("write");
    assert!(PinKey::load_or_create(&path).is_err());
}

#[test]
fn pins_from_the_command_line_and_the_demo_offender() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite");
    let out = lockbox(&db, &["demo", "--scale", "10"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        dir.path().join("pin.key").exists(),
        "the key sits beside the demo ledger"
    );
    let out = lockbox(&db, &["pin", "check", "54321"], Some("731904\n"));
    assert!(out.status.success(), "{}", text(&out));
    let out = lockbox(&db, &["fees", "account", "54321", "--json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["months_in_arrears"], 2, "{v}");
    assert!(
        v["months"].as_array().map_or(0, Vec::len) >= 12,
        "placed over a year ago"
    );
    // A random PIN is printed once and works; the old one no longer does.
    let out = lockbox(&db, &["pin", "set", "54321", "--user", "clerk"], None);
    let said = text(&out);
    let pin = said.trim().rsplit(' ').next().unwrap_or("").to_string();
    assert_eq!(pin.len(), 6, "{said}");
    let out = lockbox(&db, &["pin", "check", "54321"], Some(&pin));
    assert!(out.status.success(), "{}", text(&out));
    let out = lockbox(&db, &["pin", "check", "54321"], Some("731904"));
    assert_eq!(out.status.code(), Some(2));
    // A chosen PIN from the block list is refused.
    let out = lockbox(
        &db,
        &["pin", "set", "54321", "--stdin", "--user", "clerk"],
        Some("123456\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("A PIN cannot be a run of digits"),
        "{}",
        text(&out)
    );
    // The reports name the offenders behind on their fee.
    assert_eq!(
        report(&db, "violations"),
        ["00054327"],
        "only the absconder is three or more months behind"
    );
    assert_eq!(report(&db, "ineligible"), ["00054321", "00054327"]);
    assert_eq!(report(&db, "delinquent"), ["00054321", "00054327"]);
}

/// The DOC numbers a fee report lists.
fn report(db: &Path, kind: &str) -> Vec<String> {
    let out = lockbox(db, &["fees", "report", kind, "--json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["doc"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_version_1_ledger_migrates_to_the_fee_schema_and_keeps_its_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v1.sqlite");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        let v1 = &lockbox::store::ledger::migrations()[0];
        c.execute_batch(v1).expect("v1 schema");
        c.execute_batch(
            "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind, business_date, created_at)
             VALUES (1, 2, 2500, 'intake', '2026-11-02', '2026-11-02 10:00:00');
             PRAGMA user_version = 1;",
        )
        .expect("a row");
    }
    let l = Ledger::open(&path).expect("migrates");
    assert_eq!(
        l.schema_version().expect("version"),
        lockbox::store::ledger::SCHEMA_VERSION
    );
    let c = l.connection();
    let (n, debits): (i64, i64) = c
        .query_row(
            "SELECT (SELECT COUNT(*) FROM transfer), debits_cents FROM account WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("rows");
    assert_eq!((n, debits), (1, 2500));
    assert!(
        c.execute("DELETE FROM transfer", []).is_err(),
        "still append-only"
    );
    assert_eq!(
        lockbox::store::ledger::migrations().len() as i64,
        lockbox::store::ledger::SCHEMA_VERSION
    );
}

#[test]
fn once_a_supervisor_has_a_password_only_a_supervisor_sets_passwords() {
    use crate::support::SUPERVISOR;
    let mut l = ledger();
    let t = at(day(2026, 11, 20), 9);
    // The first supervisor's password comes from the command line.
    l.set_password(SUPERVISOR, "first-password", &key(), t, "cli")
        .expect("bootstrap");
    let refused = l.set_password(SUPERVISOR, "taken-over", &key(), t, CLERK);
    assert!(matches!(
        refused,
        Err(lockbox::store::LedgerError::Rejected(
            Rejection::SupervisorRequired
        ))
    ));
    l.set_password(CLERK, "clerk-password", &key(), t, SUPERVISOR)
        .expect("a supervisor sets it");
    assert!(l
        .check_password(SUPERVISOR, "first-password", &key(), t, true)
        .expect("check"));
    assert!(!l
        .check_password(SUPERVISOR, "taken-over", &key(), t, true)
        .expect("check"));
}

#[test]
fn a_visits_slips_are_written_all_or_none() {
    let mut l = ledger();
    let good = crate::support::slip("12345", "Ana Rivera", "20.00");
    let mut bad = good.clone();
    bad.amount = "2000.00".into();
    let t = at(day(2026, 11, 20), 9);
    assert!(l
        .capture_slips(&[good.clone(), bad], t, "kiosk:lobby-1")
        .is_err());
    let slips: i64 = l
        .connection()
        .query_row("SELECT COUNT(*) FROM slip", [], |r| r.get(0))
        .expect("count");
    assert_eq!(slips, 0);
    let captured = l
        .capture_slips(&[good.clone(), good], t, "kiosk:lobby-1")
        .expect("both");
    assert_eq!(captured.len(), 2);
    assert_eq!(captured[0].1.len(), 2, "a slip and a stub queued for each");
}

/// Found: a file whose only bad line did not parse committed the good lines and then said
/// "nothing was imported"; re-importing the corrected file recorded the payments twice.
#[test]
fn an_import_is_all_or_nothing_and_importing_it_again_records_nothing_new() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fees.sqlite");
    assert!(lockbox(&db, &["init"], None).status.success());
    crate::support::first_users(&db);
    let good = [
        r#"{"doc":"1234","event":"placed","date":"2026-03-15","name":"Ana Rivera","supervision":"probation"}"#,
        r#"{"doc":"1234","event":"payment","date":"2026-04-02","amount":"30.00","instrument":"money_order"}"#,
        // Two equal payments on one day are two payments.
        r#"{"doc":"1234","event":"payment","date":"2026-06-02","amount":"15.00","instrument":"card"}"#,
        r#"{"doc":"1234","event":"payment","date":"2026-06-02","amount":"15.00","instrument":"card"}"#,
    ];
    let import = |name: &str, lines: &[&str]| {
        let file = dir.path().join(name);
        std::fs::write(&file, lines.join("\n")).expect("write");
        lockbox(
            &db,
            &[
                "cases",
                "import",
                file.to_str().expect("utf-8"),
                "--json",
                "--user",
                "supervisor",
            ],
            None,
        )
    };
    let mut broken = good.to_vec();
    broken.insert(2, r#"{"doc":"1234","event":"payment","date":"2026-05-0"#);
    let out = import("broken.jsonl", &broken);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("line 3: not a valid event"),
        "{}",
        text(&out)
    );
    for table in [
        "supervision_case",
        "case_event",
        "transfer",
        "audit WHERE action NOT LIKE 'user.%'",
        "case_import",
    ] {
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM {table}")),
            0,
            "{table}: {}",
            text(&out)
        );
    }
    let out = import("fixed.jsonl", &good);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["imported"].as_u64(), v["already_imported"].as_u64()),
        (Some(4), Some(0))
    );
    let paid = || {
        count(
            &db,
            "SELECT SUM(amount_cents) FROM case_event WHERE event = 'payment'",
        )
    };
    assert_eq!(paid(), 6_000);
    let rows = count(&db, "SELECT COUNT(*) FROM transfer");
    // The same file again, and one of its lines alone: nothing new, and it says so.
    let out = import("fixed.jsonl", &good);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["imported"].as_u64(), v["already_imported"].as_u64()),
        (Some(0), Some(4))
    );
    let file = dir.path().join("one.jsonl");
    std::fs::write(&file, good[1]).expect("write");
    let out = lockbox(
        &db,
        &[
            "cases",
            "import",
            file.to_str().expect("utf-8"),
            "--user",
            "supervisor",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(
            "imported 0 event(s); 1 line(s) were already imported and recorded nothing new"
        ),
        "{}",
        text(&out)
    );
    assert_eq!(paid(), 6_000);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM transfer"), rows);
}

/// Found in review: a genuine second $30 payment on the same day, in a later file, was
/// taken for a re-import. A line may carry its sender's id: then the id decides.
#[test]
fn an_import_line_with_an_id_is_idempotent_by_its_id() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fees.sqlite");
    assert!(lockbox(&db, &["init"], None).status.success());
    crate::support::first_users(&db);
    let import = |name: &str, lines: &[&str]| {
        let file = dir.path().join(name);
        std::fs::write(&file, lines.join("\n")).expect("write");
        lockbox(
            &db,
            &[
                "cases",
                "import",
                file.to_str().expect("utf-8"),
                "--json",
                "--user",
                "supervisor",
            ],
            None,
        )
    };
    let placed = r#"{"id":"p-1","doc":"1234","event":"placed","date":"2026-03-15","name":"Ana Rivera","supervision":"probation"}"#;
    let first = r#"{"id":"pay-1","doc":"1234","event":"payment","date":"2026-06-02","amount":"30.00","instrument":"card"}"#;
    let second = r#"{"id":"pay-2","doc":"1234","event":"payment","date":"2026-06-02","amount":"30.00","instrument":"card"}"#;
    assert!(import("a.jsonl", &[placed, first]).status.success());
    let out = import("b.jsonl", &[first, second]);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["imported"].as_u64(), v["already_imported"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        count(
            &db,
            "SELECT SUM(amount_cents) FROM case_event WHERE event = 'payment'"
        ),
        6_000
    );
}

/// Found: a missing PIN key was silently replaced, so every PIN and console password
/// stopped working with no error and the refusals counted toward the lockouts. With hashes
/// in the ledger, a missing key is refused (and not made); a different key is refused; the
/// doctor says which.
#[test]
fn a_missing_or_different_pin_key_is_refused_not_replaced() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("demo.sqlite");
    let key = dir.path().join("pin.key");
    assert!(lockbox(&db, &["demo", "--scale", "5"], None)
        .status
        .success());
    let original = std::fs::read(&key).expect("the demo's key");
    assert!(lockbox(&db, &["pin", "check", "54321"], Some("731904\n"))
        .status
        .success());
    std::fs::remove_file(&key).expect("lose the key");
    let out = lockbox(&db, &["pin", "check", "54321"], Some("731904\n"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("is missing, but the ledger holds"),
        "{}",
        text(&out)
    );
    assert!(!key.exists(), "no new key was made");
    let doctor = lockbox(&db, &["doctor"], None);
    assert!(
        text(&doctor).contains("FAIL  key match"),
        "{}",
        text(&doctor)
    );
    // Another key in its place.
    std::fs::write(&key, [7u8; 32]).expect("a different key");
    let out = lockbox(&db, &["pin", "check", "54321"], Some("731904\n"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("is not the key"), "{}", text(&out));
    let doctor = lockbox(&db, &["doctor"], None);
    assert!(
        text(&doctor).contains("FAIL  key match"),
        "{}",
        text(&doctor)
    );
    // The right key back: everything works again, and nothing counted against the PIN.
    std::fs::write(&key, &original).expect("restored");
    assert!(lockbox(&db, &["pin", "check", "54321"], Some("731904\n"))
        .status
        .success());
    let doctor = lockbox(&db, &["doctor"], None);
    assert!(
        text(&doctor).contains("ok    key match"),
        "{}",
        text(&doctor)
    );
}

/// Found in review: lowering the allowed failures below a count already made locked the
/// account for ever (no lock was set, and no right attempt was evaluated); a lock set by a
/// clock that ran ahead lasted until that clock's date; a key lost before any PIN or
/// password existed could never be replaced.
#[test]
fn a_lowered_allowance_or_a_clock_ahead_locks_for_a_lock_time_only() {
    let mut l = ledger();
    let key = lockbox::store::PinKey::from_bytes([3u8; 32]);
    let doc = DocNumber::parse("12345").expect("doc");
    let t = at(day(2026, 11, 20), 9);
    l.set_pin(&doc, &Pin::parse("482913").expect("pin"), &key, t, CLERK)
        .expect("pin");
    for _ in 0..3 {
        assert_eq!(
            l.check_pin("12345", "111111", &key, t).expect("checked"),
            PinCheck::Refused
        );
    }
    l.set_setting("pin_failures", "3").expect("lowered");
    assert_eq!(
        l.check_pin("12345", "482913", &key, t).expect("checked"),
        PinCheck::Refused
    );
    let later = t + TimeDelta::minutes(16);
    assert_eq!(
        l.check_pin("12345", "482913", &key, later)
            .expect("checked"),
        PinCheck::Accepted(doc.clone()),
        "the lock ended after its 15 minutes"
    );
    // Three wrong PINs with the clock a year ahead, then the true clock: locked 15 minutes.
    let ahead = t + TimeDelta::days(365);
    for _ in 0..3 {
        l.check_pin("12345", "111111", &key, ahead)
            .expect("checked");
    }
    let now = later + TimeDelta::minutes(1);
    assert_eq!(
        l.check_pin("12345", "482913", &key, now).expect("checked"),
        PinCheck::Refused
    );
    assert_eq!(
        l.check_pin("12345", "482913", &key, now + TimeDelta::minutes(16))
            .expect("checked"),
        PinCheck::Accepted(doc)
    );
}

#[test]
fn a_key_lost_before_anything_was_made_with_it_is_replaced() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("fresh.sqlite");
    assert!(lockbox(&db, &["init"], None).status.success());
    std::fs::remove_file(dir.path().join("pin.key")).expect("lost");
    let out = lockbox(&db, &["init"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.path().join("pin.key").exists());
}

/// The calendar a fee account uses is the ledger's as it is now: a holiday added by
/// another process (the supervisor's console), or by this one, moves the reminder date in
/// the very next account, though the calendar is kept between accounts.
#[test]
fn a_holiday_added_anywhere_moves_the_next_fee_accounts_reminder() {
    let (_dir, db) = imported();
    let desk = Ledger::open(&db).expect("open");
    let mut console = Ledger::open(&db).expect("open");
    let doc = DocNumber::parse("55").expect("doc");
    let today = day(2026, 11, 23);
    let remind = |l: &Ledger| {
        l.fee_account(&doc, today)
            .expect("account")
            .remind_by
            .expect("a month in arrears has a reminder date")
    };
    let before = remind(&desk);
    // Twice: the second one comes from what the first one read.
    assert_eq!(remind(&desk), before);
    // A holiday on a working day between the delinquency and the reminder date pushes the
    // reminder one working day later.
    let holiday = before - TimeDelta::days(1);
    let holiday = if holiday
        .format("%u")
        .to_string()
        .parse::<u32>()
        .expect("weekday")
        > 5
    {
        before - TimeDelta::days(3)
    } else {
        holiday
    };
    assert!(console
        .add_holiday(
            holiday,
            "Founders' Day",
            at(today, 9),
            crate::support::SUPERVISOR
        )
        .expect("holiday"));
    let after = remind(&desk);
    assert!(after > before, "{before} then {after}");
    assert_eq!(remind(&console), after);
    // And one added through the same connection.
    let mut desk = desk;
    assert!(desk
        .add_holiday(after, "Second", at(today, 9), crate::support::SUPERVISOR)
        .is_ok());
    assert!(remind(&desk) > after, "{after} then {}", remind(&desk));
}

//! The fee engine and the double-entry books are one truth: for every offender and any
//! date, the receivable `assets:receivable:fees:DOC` in the exported journal equals
//! `fees account DOC --json`'s balance, without anyone running `fees assess`; and
//! `lockbox check` fails when it does not hold.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use rust_decimal::Decimal;

fn lockbox(db: &Path, now: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", now)
        .env_remove("LOCKBOX_USER")
        .env_remove("LOCKBOX_PIN_KEY");
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

fn ok(db: &Path, now: &str, args: &[&str]) -> String {
    let out = lockbox(db, now, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Each account's balance as the journal says, summed by reading the journal's postings
/// (not the ledger's tables), up to and including `until` (YYYY-MM-DD).
fn journal_balances(journal: &str, until: &str) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    let mut date_ok = false;
    for line in journal.lines() {
        if line.starts_with(|c: char| c.is_ascii_digit()) {
            date_ok = line.get(..10).is_some_and(|d| d <= until);
        } else if let Some(posting) = line.strip_prefix("    ") {
            if !date_ok {
                continue;
            }
            let (account, amount) = posting.rsplit_once("  ").expect("posting");
            let amount: Decimal = amount.trim().parse().expect("amount");
            *out.entry(account.trim().to_string())
                .or_insert(Decimal::ZERO) += amount;
        }
    }
    out
}

fn receivable(db: &Path, now: &str, doc: &str, until: &str) -> Decimal {
    let journal = ok(db, now, &["export", "journal"]);
    journal_balances(&journal, until)
        .get(&format!("assets:receivable:fees:{doc}"))
        .copied()
        .unwrap_or(Decimal::ZERO)
}

fn engine(db: &Path, now: &str, doc: &str, as_of: Option<&str>) -> Decimal {
    let mut args = vec!["fees", "account", doc, "--json"];
    if let Some(d) = as_of {
        args.extend(["--as-of", d]);
    }
    let v: serde_json::Value = serde_json::from_str(&ok(db, now, &args)).expect("json");
    v["balance"]
        .as_str()
        .expect("balance")
        .parse()
        .expect("amount")
}

fn import(db: &Path, now: &str, dir: &Path, lines: &[&str]) -> Output {
    let file = dir.join(format!("import-{}.jsonl", lines.len()));
    std::fs::write(&file, lines.join("\n")).expect("write");
    lockbox(
        db,
        now,
        &[
            "cases",
            "import",
            file.to_str().expect("utf-8"),
            "--user",
            "supervisor",
        ],
    )
}

fn fresh() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("books.sqlite");
    ok(&db, "2026-01-05T09:00:00", &["init"]);
    crate::support::first_supervisor(&db);
    (dir, db)
}

/// The defect as found: months charged, then a waiver approved and an exemption recorded
/// after they were charged. The fee desk and the journal must say the same at every step
/// and on every date, and income and waived amounts sit in the contracted accounts.
#[test]
fn the_receivable_in_the_journal_is_the_fee_account_at_every_step_and_date() {
    let (dir, db) = fresh();
    let doc = "00054321";
    let now = "2026-06-10T10:00:00";
    let out = import(
        &db,
        now,
        dir.path(),
        &[
            r#"{"doc":"54321","event":"placed","date":"2026-01-20","name":"Webb, Marcus","supervision":"parole","fee":"30.00"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // February to June charged as the engine says, with no `fees assess`.
    assert_eq!(engine(&db, now, doc, None), Decimal::new(15_000, 2));
    assert_eq!(
        receivable(&db, now, doc, "2026-06-10"),
        Decimal::new(15_000, 2)
    );
    // A payment, then a waiver and a program both backdated over months already charged.
    let out = import(
        &db,
        now,
        dir.path(),
        &[
            r#"{"doc":"54321","event":"payment","date":"2026-06-02","amount":"40.00","instrument":"money_order"}"#,
            r#"{"doc":"54321","event":"waiver","date":"2026-03-01","to":"2026-05-29","amount":"20.00"}"#,
            r#"{"doc":"54321","event":"program_start","date":"2026-05-20","program":"rf"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // $150 charged; June's 1st falls in the program, so June is reversed (-$30); March,
    // April and May are waived $20 each (-$60); $40 paid. May's 1st is before the
    // program began, so May stays charged.
    let expected = Decimal::new(15_000 - 3_000 - 6_000 - 4_000, 2);
    assert_eq!(engine(&db, now, doc, None), expected);
    for (until, as_of) in [
        ("2026-01-31", "2026-01-31"),
        ("2026-02-01", "2026-02-01"),
        ("2026-03-15", "2026-03-15"),
        ("2026-05-31", "2026-05-31"),
        ("2026-06-01", "2026-06-01"),
        ("2026-06-10", "2026-06-10"),
    ] {
        assert_eq!(
            receivable(&db, now, doc, until),
            engine(&db, now, doc, Some(as_of)),
            "as of {as_of}"
        );
    }
    // The program ends; a rescinded waiver and the months after follow without a command.
    let later = "2026-09-03T10:00:00";
    let out = import(
        &db,
        later,
        dir.path(),
        &[r#"{"doc":"54321","event":"program_end","date":"2026-07-15"}"#],
    );
    assert!(out.status.success(), "{}", text(&out));
    let latest = "2026-11-02T08:00:00";
    assert_eq!(
        receivable(&db, latest, doc, "2026-11-02"),
        engine(&db, latest, doc, None)
    );
    // Income and waived amounts are where tools outside look for them.
    let journal = ok(&db, latest, &["export", "journal"]);
    let all = journal_balances(&journal, "9999-12-31");
    let income = -all.get("income:fees").copied().unwrap_or_default();
    let waived = all.get("expenses:fees:waived").copied().unwrap_or_default();
    let v: serde_json::Value =
        serde_json::from_str(&ok(&db, latest, &["fees", "account", doc, "--json"])).expect("json");
    let field = |k: &str| -> Decimal { v[k].as_str().expect(k).parse().expect("amount") };
    assert_eq!(income, field("assessed_total"));
    assert_eq!(waived, field("waived_total"));
    let out = lockbox(&db, latest, &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    hledger_agrees(&journal, doc, engine(&db, latest, doc, None));
}

/// hledger, when installed (CI installs it), reads the same balance from the journal.
fn hledger_agrees(journal: &str, doc: &str, balance: Decimal) {
    if Command::new("hledger").arg("--version").output().is_err() {
        eprintln!("SKIPPED: hledger is not installed; the journal was read by this test only");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("ledger.journal");
    std::fs::write(&file, journal).expect("write");
    let out = Command::new("hledger")
        .args(["-f", file.to_str().expect("utf-8"), "bal", "--flat", "-N"])
        .arg(format!("^assets:receivable:fees:{doc}$"))
        .output()
        .expect("hledger runs");
    let said = String::from_utf8_lossy(&out.stdout);
    let found: Decimal = said
        .split_whitespace()
        .next()
        .map(|n| n.replace(',', ""))
        .and_then(|n| n.parse().ok())
        .unwrap_or(Decimal::ZERO);
    assert_eq!(found, balance, "hledger said {said}");
}

/// Time alone makes a month due: the books follow on the next command, whatever it is.
#[test]
fn a_month_falls_due_in_the_books_without_anyone_running_a_command_for_it() {
    let (dir, db) = fresh();
    let out = import(
        &db,
        "2026-03-02T09:00:00",
        dir.path(),
        &[
            r#"{"doc":"4242","event":"placed","date":"2026-02-10","name":"Ada Stone","supervision":"probation"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        receivable(&db, "2026-03-02T09:00:00", "00004242", "2026-03-02"),
        Decimal::new(3_000, 2)
    );
    // Four months later, the first thing anyone does is export the journal.
    let later = "2026-07-01T07:00:00";
    assert_eq!(
        receivable(&db, later, "00004242", "2026-07-01"),
        Decimal::new(15_000, 2)
    );
    assert_eq!(
        engine(&db, later, "00004242", None),
        Decimal::new(15_000, 2)
    );
    let out = lockbox(&db, later, &["check"]);
    assert!(out.status.success(), "{}", text(&out));
}

/// `check` is a witness: a fee row added or an event recorded behind the ledger's back
/// makes it fail, naming the offender.
#[test]
fn check_fails_when_the_books_and_the_fee_account_disagree() {
    for tamper in [
        // A forged payment transfer: the running totals follow (the trigger), so only the
        // comparison with the engine can see it.
        "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind, business_date, created_at)
         SELECT 5, account_id, 3000, 'fee_payment', '2026-05-04', '2026-05-04 10:00:00'
         FROM supervision_case WHERE doc = '00000077'",
        // An event slipped into the case table: the engine now says less is owed.
        "INSERT INTO case_event (doc, date, event, to_date, amount_cents, recorded_at, recorded_by)
         VALUES ('00000077', '2026-03-01', 'waiver', '2026-05-29', 3000, '2026-05-04 10:00:00', 'x')",
    ] {
        let (dir, db) = fresh();
        let now = "2026-05-04T10:00:00";
        let out = import(
            &db,
            now,
            dir.path(),
            &[r#"{"doc":"77","event":"placed","date":"2026-01-31","name":"Doe, John","supervision":"parole"}"#],
        );
        assert!(out.status.success(), "{}", text(&out));
        let out = lockbox(&db, now, &["check"]);
        assert!(out.status.success(), "{}", text(&out));
        crate::support::tamperer(&db)
            .execute_batch(tamper)
            .expect("tamper");
        let out = lockbox(&db, now, &["check"]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(
            said.contains("fee receivable differs from the fee account: 00000077"),
            "{said}"
        );
    }
}

/// An inmate who owes intervention fees as an offender (14 CSR 80-5.020(1)(I)7): the share
/// of a deposit taken for the fee is a fee payment the engine sees, so the fee desk and
/// the deposits never collect the same debt twice, and the books still agree.
#[test]
fn a_fee_taken_from_deposits_is_a_payment_the_fee_engine_sees() {
    use lockbox::domain::{CaseEvent, DatedEvent, DocNumber, FeeInstrument, Money, ObligationKind};
    use lockbox::store::{CaseLine, Ledger, PostingOutcome};

    use crate::support::{at, by_hand, day, seed, CLERK};
    let mut l = Ledger::open_in_memory().expect("ledger");
    seed(&mut l);
    let doc = DocNumber::parse("777").expect("doc");
    // Ben Okafor (an inmate in the seed) was on parole from July: August to November owed.
    let placed = DatedEvent {
        date: day(2026, 7, 10),
        event: CaseEvent::Placed {
            name: "Okafor, Ben".into(),
            supervision: lockbox::domain::Supervision::Parole,
            fee: Money::from_cents(3_000),
        },
    };
    l.import_case_events(
        &[CaseLine {
            line: 1,
            id: None,
            doc: doc.clone(),
            event: placed,
        }],
        at(day(2026, 11, 16), 8),
        "import",
    )
    .expect("placed");
    l.add_obligation(
        "777",
        ObligationKind::InterventionFee,
        "500.00",
        None,
        at(day(2026, 11, 16), 8),
        "test",
    )
    .expect("obligation");
    let monday = day(2026, 11, 16);
    l.intake(
        &by_hand("F-1", "200.00", "777", "Okafor"),
        at(monday, 9),
        CLERK,
    )
    .expect("ready");
    let preview = l
        .posting_preview(monday, at(monday, 15), 10)
        .expect("preview");
    assert_eq!(preview.to_obligations, Money::from_cents(4_000));
    l.post(monday, at(monday, 16), CLERK, &mut |_| {})
        .expect("posted");
    // $40 (20 %) went to the fee: the engine's balance fell from $120 to $80.
    let account = l.fee_account(&doc, monday).expect("account");
    assert_eq!(account.balance, Money::from_cents(8_000));
    // The inmate's balance shows the fee obligation as the fee receivable holds it.
    let fee = l.balance("777").expect("balance").obligations;
    assert_eq!(
        (fee[0].paid, fee[0].remaining, fee[0].account.as_str()),
        (
            Money::from_cents(4_000),
            Money::from_cents(8_000),
            "assets:receivable:fees:00000777"
        )
    );
    assert_eq!(
        account.last_payment,
        Some((monday, Money::from_cents(4_000)))
    );
    let case = l.supervision_case(&doc).expect("case").expect("a case");
    assert!(case.events().iter().any(|e| matches!(
        e.event,
        CaseEvent::Payment {
            instrument: FeeInstrument::InmateAccount,
            ..
        }
    )));
    // The rest is paid at the fee desk; the next deposit takes nothing for the fee.
    l.record_case_event(
        &doc,
        DatedEvent {
            date: day(2026, 11, 17),
            event: CaseEvent::Payment {
                amount: Money::from_cents(8_000),
                instrument: FeeInstrument::MoneyOrder,
            },
        },
        at(day(2026, 11, 17), 10),
        CLERK,
    )
    .expect("paid");
    let tuesday = day(2026, 11, 17);
    l.intake(
        &by_hand("F-2", "100.00", "777", "Okafor"),
        at(tuesday, 11),
        CLERK,
    )
    .expect("ready");
    match l.post(tuesday, at(tuesday, 16), CLERK, &mut |_| {}) {
        Ok(PostingOutcome::Posted { batch_count, .. }) => assert_eq!(batch_count, 1),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        l.fee_account(&doc, tuesday).expect("account").balance,
        Money::ZERO
    );
    let trust = l.balance("777").expect("balance").trust_balance;
    assert_eq!(trust, Money::from_cents(16_000 + 10_000));
    let report = l.check(tuesday).expect("check");
    assert!(report.is_ok(), "{report:?}");
}

/// Found in review: a posting run a day late, after the offender paid the fee at the desk,
/// refused the whole batch ("advance payments are not accepted"). The deposit takes only
/// what leaves the later payment valid, and everyone's money orders post.
#[test]
fn a_posting_run_late_after_a_desk_payment_still_posts_everyone() {
    use lockbox::domain::{CaseEvent, DatedEvent, DocNumber, FeeInstrument, Money, ObligationKind};
    use lockbox::store::{CaseLine, Ledger, PostingOutcome};

    use crate::support::{at, by_hand, day, seed, CLERK};
    let mut l = Ledger::open_in_memory().expect("ledger");
    seed(&mut l);
    let doc = DocNumber::parse("777").expect("doc");
    let friday = day(2026, 11, 20);
    let monday = day(2026, 11, 23);
    l.import_case_events(
        &[CaseLine {
            line: 1,
            id: None,
            doc: doc.clone(),
            event: DatedEvent {
                date: day(2026, 7, 10),
                event: CaseEvent::Placed {
                    name: "Okafor, Ben".into(),
                    supervision: lockbox::domain::Supervision::Parole,
                    fee: Money::from_cents(3_000),
                },
            },
        }],
        at(friday, 8),
        "import",
    )
    .expect("placed");
    l.add_obligation(
        "777",
        ObligationKind::InterventionFee,
        "500.00",
        None,
        at(friday, 8),
        "test",
    )
    .expect("obligation");
    l.intake(
        &by_hand("G-1", "200.00", "777", "Okafor"),
        at(friday, 9),
        CLERK,
    )
    .expect("ready");
    l.intake(
        &by_hand("G-2", "50.00", "12345", "Rivera"),
        at(friday, 9),
        CLERK,
    )
    .expect("ready");
    // Monday: the whole $120 paid at the desk before Friday's batch runs.
    l.record_case_event(
        &doc,
        DatedEvent {
            date: monday,
            event: CaseEvent::Payment {
                amount: Money::from_cents(12_000),
                instrument: FeeInstrument::MoneyOrder,
            },
        },
        at(monday, 8),
        CLERK,
    )
    .expect("paid at the desk");
    match l.post(friday, at(monday, 9), CLERK, &mut |_| {}) {
        Ok(PostingOutcome::Posted { batch_count, .. }) => assert_eq!(batch_count, 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        l.fee_account(&doc, monday).expect("account").balance,
        Money::ZERO
    );
    assert_eq!(
        l.balance("777").expect("balance").trust_balance,
        Money::from_cents(20_000),
        "nothing taken for a fee already paid"
    );
    let report = l.check(monday).expect("check");
    assert!(report.is_ok(), "{report:?}");
}

/// Found in review: one command run with the clock ahead (a kiosk booting before its clock
/// is set) charged next month for everyone, and a case changed afterwards kept that charge
/// for good. A case's books are now brought to what the engine says as of the true date,
/// months ahead of it included, and the month is charged again when it comes.
#[test]
fn a_clock_that_ran_ahead_does_not_break_the_books() {
    let (dir, db) = fresh();
    let out = import(
        &db,
        "2026-11-02T09:00:00",
        dir.path(),
        &[
            r#"{"doc":"1001","event":"placed","date":"2026-08-10","name":"Lane, Kim","supervision":"probation"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // The clock runs a month ahead for one read-only command.
    ok(&db, "2026-12-01T00:00:05", &["audit", "verify"]);
    // Back on the true date, the offender enters a program from November 25.
    let out = import(
        &db,
        "2026-11-25T10:00:00",
        dir.path(),
        &[
            r#"{"doc":"1001","event":"program_start","date":"2026-11-25","program":"crc"}"#,
            r#"{"doc":"1001","event":"payment","date":"2026-11-25","amount":"10.00","instrument":"money_order"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    for now in [
        "2026-11-25T11:00:00",
        "2026-12-02T09:00:00",
        "2027-01-04T09:00:00",
    ] {
        let date = &now[..10];
        assert_eq!(
            receivable(&db, now, "00001001", date),
            engine(&db, now, "00001001", None),
            "on {date}"
        );
        let out = lockbox(&db, now, &["check"]);
        assert!(out.status.success(), "{now}: {}", text(&out));
    }
}

/// Found in review: `check` compared a case as of the month its books were said to be
/// complete through, a column anyone can edit. Every offender is compared as of today.
#[test]
fn check_does_not_trust_the_month_a_case_says_its_books_are_complete_through() {
    let (dir, db) = fresh();
    let now = "2026-11-20T10:00:00";
    let out = import(
        &db,
        now,
        dir.path(),
        &[
            r#"{"doc":"1002","event":"placed","date":"2026-04-10","name":"Moss, Lee","supervision":"parole"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    crate::support::tamperer(&db)
        .execute_batch(
            "INSERT INTO case_event (doc, date, event, to_date, amount_cents, recorded_at, recorded_by)
             VALUES ('00001002', '2026-06-01', 'waiver', '2026-08-29', 3000, '2026-11-20 10:00:00', 'x');
             UPDATE supervision_case SET books_month = '2026-05' WHERE doc = '00001002';",
        )
        .expect("tamper");
    let out = lockbox(&db, now, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("00001002"), "{}", text(&out));
}

/// Found in review: after a command run with the clock months ahead, the books held fee
/// charges for months not yet due (the receivable read $180 against $60 owed) until the
/// case was next changed. The next command with the right clock reverses them.
#[test]
fn fees_charged_ahead_by_a_wrong_clock_are_reversed_by_the_next_command() {
    let (dir, db) = fresh();
    let out = import(
        &db,
        "2026-11-23T09:00:00",
        dir.path(),
        &[
            r#"{"doc":"54321","event":"placed","date":"2026-09-10","name":"Webb, Marcus","supervision":"parole"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    ok(&db, "2027-03-02T09:00:00", &["audit", "verify"]);
    let now = "2026-11-23T10:00:00";
    let accounts = ok(&db, now, &["--json", "accounts"]);
    let v: serde_json::Value = serde_json::from_str(&accounts).expect("json");
    let receivable = v
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["account"] == "assets:receivable:fees:00054321")
        .expect("the receivable")["balance"]
        .clone();
    assert_eq!(receivable, "60.00", "{accounts}");
    assert_eq!(engine(&db, now, "00054321", None), Decimal::new(6_000, 2));
    assert_eq!(
        receivable_all(&db, now, "00054321"),
        Decimal::new(6_000, 2),
        "the journal, every date included"
    );
}

fn receivable_all(db: &Path, now: &str, doc: &str) -> Decimal {
    receivable(db, now, doc, "9999-12-31")
}

/// The monthly pass over the cases writes one audit entry per chunk of cases, in the
/// chunk's transaction: the DOC numbers it covers, how many cases and months, and what
/// they came to, which is what the cases' own charges in the books add up to.
#[test]
fn the_monthly_pass_audits_each_chunk_of_cases_once_with_what_it_charged() {
    let (dir, db) = fresh();
    let out = import(
        &db,
        "2026-03-02T09:00:00",
        dir.path(),
        &[
            r#"{"doc":"4242","event":"placed","date":"2026-02-10","name":"Ada Stone","supervision":"probation"}"#,
            r#"{"doc":"4243","event":"placed","date":"2026-02-11","name":"Bo Stone","supervision":"probation"}"#,
            r#"{"doc":"4244","event":"placed","date":"2026-02-12","name":"Cy Stone","supervision":"probation"}"#,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // Four months later, the first command of the day brings the books up to July.
    let later = "2026-07-01T07:00:00";
    let out = lockbox(&db, later, &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    let c = rusqlite::Connection::open(&db).expect("open");
    let entries: Vec<(String, String, String)> = c
        .prepare(
            "SELECT actor, subject, detail FROM audit
             WHERE action = 'fee.books' AND at >= '2026-07-01'",
        )
        .expect("audit")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(entries.len(), 1, "{entries:?}");
    let (actor, subject, detail) = &entries[0];
    assert_eq!(actor, "system");
    assert_eq!(subject, "docs:00004242..00004244");
    let detail: serde_json::Value = serde_json::from_str(detail).expect("json");
    assert_eq!(detail["through"], "2026-07");
    assert_eq!(detail["cases"], 3);
    assert_eq!(
        detail["months"], 12,
        "April to July for each of three cases"
    );
    // What the entry says was charged is what the pass wrote to the receivables.
    let charged: i64 = c
        .query_row(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM transfer
             WHERE kind = 'fee_assessment' AND business_date >= '2026-04-01'",
            [],
            |r| r.get(0),
        )
        .expect("sum");
    assert_eq!(charged, 3 * 4 * 3_000);
    assert_eq!(detail["assessed"], "360.00");
    assert_eq!(detail["waived"], "0.00");
    // The same day again: nothing fell due, nothing is audited.
    let out = lockbox(&db, "2026-07-01T09:00:00", &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    let count: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = 'fee.books' AND at >= '2026-07-01'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(count, 1);
}

/// Another process bringing the books up while `fees assess` runs (the console turning
/// into a new month, any command that opens the ledger) charges the cases it reaches
/// first: `fees assess` counts those as already assessed, and as its own only what it
/// charged itself. Each case is charged once whoever charges it.
#[test]
fn fees_assess_counts_as_its_own_only_what_it_charged_itself() {
    use lockbox::domain::{CaseEvent, DatedEvent, DocNumber, Money, Supervision};
    use lockbox::store::{CaseLine, Ledger};

    use crate::support::{at, day};
    // More cases than the monthly pass takes in one transaction (2,000), so that another
    // process can come in between two of its chunks.
    const CASES: usize = 2_300;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("fees.sqlite");
    let mut l = Ledger::open(&path).expect("ledger");
    let lines: Vec<CaseLine> = (0..CASES)
        .map(|i| CaseLine {
            line: i + 1,
            id: None,
            doc: DocNumber::parse(&format!("{}", 30_000_000 + i)).expect("doc"),
            event: DatedEvent {
                date: day(2026, 3, 2),
                event: CaseEvent::Placed {
                    name: format!("Offender {i}"),
                    supervision: Supervision::Probation,
                    fee: Money::from_cents(3_000),
                },
            },
        })
        .collect();
    l.import_case_events(&lines, at(day(2026, 11, 23), 8), "import")
        .expect("import");
    let december = at(day(2026, 12, 2), 9);
    let mut chunks = 0;
    let mut other = None;
    let outcome = l
        .assess_fees_with_progress(day(2026, 12, 1), december, "clerk", &mut |done, _| {
            if done > 0 && chunks == 0 {
                chunks += 1;
                // The first chunk is committed: another process brings the rest up.
                let mut second = Ledger::open(&path).expect("second process");
                other = Some(
                    second
                        .catch_up_fee_books(december, "system", &mut |_, _| {})
                        .expect("the other catch-up"),
                );
            }
        })
        .expect("assess");
    let other = other.expect("the other process ran between two chunks");
    assert_eq!(other.cases, CASES - 2_000, "{other:?}");
    assert_eq!(outcome.assessed, 2_000, "{outcome:?}");
    assert_eq!(outcome.already_assessed, CASES - 2_000, "{outcome:?}");
    assert_eq!(
        outcome.assessed_total,
        Money::from_cents(3_000 * CASES as i64),
        "every case charged once: {outcome:?}"
    );
    let charges = crate::support::count(
        &l,
        "SELECT COUNT(*) FROM transfer WHERE kind = 'fee_assessment' AND business_date = '2026-12-01'",
    );
    assert_eq!(charges, CASES as i64, "one charge per case for December");
}

//! Issue 12's property: over any sequence of intake, holds, releases, returns, postings,
//! fee events, waivers, payments and days passing, after every step the books balance,
//! every offender's fee receivable equals the fee engine's balance, and the reconciliation
//! of every closed day still balances.

use chrono::{Days, NaiveDate};
use lockbox::domain::{
    CaseEvent, DatedEvent, DocNumber, FeeInstrument, Instrument, IntakeRequest, IntakeSource,
    Money, ObligationKind, Program, Supervision,
};
use lockbox::store::{CaseLine, Ledger, Verification};
use proptest::prelude::*;

use crate::support::{at, ledger, CLERK, SUPERVISOR};

/// Rivera (restitution), Okafor (an inmate who also owes intervention fees).
const INMATES: [(&str, &str); 2] = [("00012345", "Rivera"), ("00000777", "Okafor")];
/// Okafor, and Stone (an offender only).
const OFFENDERS: [&str; 2] = ["00000777", "00004242"];

#[derive(Debug, Clone)]
enum Op {
    Intake {
        person: usize,
        cents: i64,
        hold: bool,
    },
    Release {
        pick: usize,
    },
    Return {
        pick: usize,
    },
    Post,
    Days(u64),
    Fee {
        who: usize,
        event: u8,
        cents: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 1..99_999i64, proptest::bool::weighted(0.2))
            .prop_map(|(person, cents, hold)| Op::Intake { person, cents, hold }),
        1 => (0..8usize).prop_map(|pick| Op::Release { pick }),
        1 => (0..8usize).prop_map(|pick| Op::Return { pick }),
        2 => Just(Op::Post),
        2 => (1..20u64).prop_map(Op::Days),
        3 => (0..2usize, 0..9u8, 1..9_000i64).prop_map(|(who, event, cents)| Op::Fee { who, event, cents }),
    ]
}

/// After the test ledger's first record (November 1st): nothing posts before a ledger
/// existed.
fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).expect("date")
}

fn fail(e: impl std::fmt::Debug) -> TestCaseError {
    TestCaseError::fail(format!("{e:?}"))
}

fn setup() -> Result<Ledger, TestCaseError> {
    let mut l = ledger();
    let now = at(start(), 8);
    let place = |doc: &str, name: &str| CaseLine {
        line: 1,
        id: None,
        doc: DocNumber::parse(doc).expect("doc"),
        event: DatedEvent {
            date: NaiveDate::from_ymd_opt(2026, 3, 20).expect("date"),
            event: CaseEvent::Placed {
                name: name.into(),
                supervision: Supervision::Parole,
                fee: Money::from_cents(3_000),
            },
        },
    };
    l.import_case_events(
        &[place("777", "Okafor, Ben"), place("4242", "Stone, Ada")],
        now,
        "import",
    )
    .map_err(fail)?;
    l.add_obligation(
        "777",
        ObligationKind::InterventionFee,
        "900.00",
        None,
        now,
        "test",
    )
    .map_err(fail)?;
    Ok(l)
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut l = setup()?;
    let mut today = start();
    let mut held: Vec<i64> = Vec::new();
    let mut serial = 0u32;
    for op in ops {
        let now = at(today, 10);
        serial += 1;
        match op {
            Op::Intake {
                person,
                cents,
                hold,
            } => {
                let (doc, last) = INMATES[*person];
                let request = IntakeRequest {
                    instrument: Instrument::MoneyOrder,
                    issuer: "USPS".into(),
                    serial: format!("Q{serial}"),
                    amount: Money::from_cents(*cents).to_string(),
                    issued_on: start(),
                    source: IntakeSource::ByHand {
                        doc: doc.into(),
                        inmate_name: last.into(),
                        sender_name: if *hold { String::new() } else { "S".into() },
                        sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
                    },
                };
                let out = l.intake(&request, now, CLERK).map_err(fail)?;
                if *hold {
                    held.push(out.money_order_id);
                }
            }
            Op::Release { pick } | Op::Return { pick } if !held.is_empty() => {
                let id = held.remove(pick % held.len());
                if matches!(op, Op::Release { .. }) {
                    let v = Verification {
                        doc: None,
                        sender_name: Some("S".into()),
                        sender_address: Some("A".into()),
                    };
                    l.release_hold(id, "verified", &v, now, SUPERVISOR)
                        .map_err(fail)?;
                } else {
                    l.return_money_order(id, "no owner", now, SUPERVISOR)
                        .map_err(fail)?;
                }
            }
            Op::Release { .. } | Op::Return { .. } => {}
            Op::Post => {
                l.post(today, at(today, 16), CLERK, &mut |_| {})
                    .map_err(fail)?;
            }
            Op::Days(n) => {
                today = today.checked_add_days(Days::new(*n)).expect("date");
                // What every command and the console do when they open the ledger.
                l.catch_up_fee_books(at(today, 7), "system", &mut |_, _| {})
                    .map_err(fail)?;
            }
            Op::Fee { who, event, cents } => {
                let amount = Money::from_cents(*cents);
                let event = match event {
                    0 => CaseEvent::ProgramStart(Program::Crc),
                    1 => CaseEvent::ProgramEnd,
                    2 => CaseEvent::Confined,
                    3 => CaseEvent::Released,
                    4 => CaseEvent::Waiver {
                        to: today.checked_add_days(Days::new(60)).expect("date"),
                        amount,
                    },
                    5 => CaseEvent::WaiverRescinded,
                    6 => CaseEvent::Absconded,
                    _ => CaseEvent::Payment {
                        amount,
                        instrument: FeeInstrument::MoneyOrder,
                    },
                };
                // The rules may refuse it (an advance payment, a program not begun): then
                // nothing may have been written.
                let doc = DocNumber::parse(OFFENDERS[*who]).expect("doc");
                let _ = l.record_case_event(&doc, DatedEvent { date: today, event }, now, CLERK);
            }
        }
        let report = l.check(today).map_err(fail)?;
        prop_assert!(report.is_ok(), "after {:?} on {}: {:?}", op, today, report);
        for doc in OFFENDERS {
            let d = DocNumber::parse(doc).expect("doc");
            let engine = l.fee_account(&d, today).map_err(fail)?.balance;
            let books: i64 = l
                .connection()
                .query_row(
                    "SELECT COALESCE(SUM(CASE WHEN t.debit_account = c.account_id
                                              THEN t.amount_cents ELSE -t.amount_cents END), 0)
                     FROM transfer t JOIN supervision_case c
                       ON c.account_id IN (t.debit_account, t.credit_account)
                     WHERE c.doc = ?1 AND t.business_date <= ?2",
                    rusqlite::params![doc, today.to_string()],
                    |r| r.get(0),
                )
                .map_err(fail)?;
            prop_assert_eq!(books, engine.cents(), "{} after {:?} on {}", doc, op, today);
        }
        let mut day = start();
        while day < today {
            let r = l.reconciliation(day, today).map_err(fail)?;
            prop_assert!(r.balances(), "{} after {:?}: {:?}", day, op, r);
            day = day.succ_opt().expect("date");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
    #[test]
    fn the_books_and_the_fee_engine_are_one_truth(ops in proptest::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}

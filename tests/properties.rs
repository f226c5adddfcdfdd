//! Any sequence of captures, intakes, holds, releases, returns and postings keeps the books
//! straight: debits equal credits, each money order posts at most once, each balance is
//! the sum of its transfers, and no obligation goes below zero.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource, Money, SlipRequest};
use lockbox::store::{IntakeStatus, Ledger, Verification};
use proptest::prelude::*;

use crate::support::{at, ledger, CLERK, SUPERVISOR};

const PEOPLE: [(&str, &str); 2] = [("00012345", "Rivera"), ("00000777", "Okafor")];
const RIVERA_OWES_CENTS: i64 = 50_000;

#[derive(Debug, Clone)]
enum Op {
    /// A slip at the kiosk, then its money order at the desk.
    SlipAndIntake {
        person: usize,
        cents: i64,
    },
    /// A money order typed by hand, possibly with a problem that holds it.
    ByHand {
        person: usize,
        cents: i64,
        problem: u8,
    },
    Release {
        pick: usize,
        person: usize,
    },
    Return {
        pick: usize,
    },
    /// Post the current business day and move to the next.
    Post,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, 1..100_000i64).prop_map(|(person, cents)| Op::SlipAndIntake { person, cents }),
        3 => (0..2usize, 1..100_000i64, 0..5u8).prop_map(|(person, cents, problem)| Op::ByHand { person, cents, problem }),
        1 => (0..8usize, 0..2usize).prop_map(|(pick, person)| Op::Release { pick, person }),
        1 => (0..8usize).prop_map(|pick| Op::Return { pick }),
        2 => Just(Op::Post),
    ]
}

/// What the model expects of each money order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Ready(usize),
    Held,
    Returned,
    Posted,
}

struct Model {
    orders: BTreeMap<i64, (State, i64)>,
    trust: [i64; 2],
    rivera_paid: i64,
}

/// A money order of `cents` from the lock box, for whoever `source` names.
fn money_order(serial: u32, cents: i64, source: IntakeSource) -> IntakeRequest {
    IntakeRequest {
        instrument: Instrument::MoneyOrder,
        issuer: "USPS".into(),
        serial: format!("P{serial}"),
        amount: Money::from_cents(cents).to_string(),
        issued_on: NaiveDate::from_ymd_opt(2026, 10, 1).expect("date"),
        source,
    }
}

fn business_days() -> Vec<NaiveDate> {
    let mut d = NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
    let mut out = Vec::new();
    while out.len() < 40 {
        if lockbox::domain::BusinessCalendar::default().is_business_day(d) {
            out.push(d);
        }
        d = d.succ_opt().expect("date");
    }
    out
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut l: Ledger = ledger();
    let days = business_days();
    let mut today = 0usize;
    let mut model = Model {
        orders: BTreeMap::new(),
        trust: [0, 0],
        rivera_paid: 0,
    };
    let mut serial = 0u32;
    for op in ops {
        let now = at(days[today], 10);
        serial += 1;
        let amount = |c: i64| Money::from_cents(c).to_string();
        match op {
            Op::SlipAndIntake { person, cents } => {
                let (doc, last) = PEOPLE[*person];
                let s = l
                    .capture_slip(
                        &SlipRequest {
                            doc: doc.into(),
                            inmate_name: last.into(),
                            sender_name: "Sam Sender".into(),
                            sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
                            amount: amount(*cents),
                            language: Default::default(),
                            kiosk_id: "k".into(),
                            large_print: false,
                        },
                        now,
                        "kiosk",
                    )
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                let out = l
                    .intake(
                        &money_order(serial, *cents, IntakeSource::Slip(s.number.to_string())),
                        now,
                        CLERK,
                    )
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert_eq!(out.status, IntakeStatus::Ready);
                model
                    .orders
                    .insert(out.money_order_id, (State::Ready(*person), *cents));
            }
            Op::ByHand {
                person,
                cents,
                problem,
            } => {
                let (doc, last) = PEOPLE[*person];
                let (doc, name, sender) = match problem {
                    0 => ("", last, "S"),
                    1 => (doc, "Nobody", "S"),
                    2 => (doc, last, ""),
                    _ => (doc, last, "S"),
                };
                let out = l
                    .intake(
                        &money_order(
                            serial,
                            *cents,
                            IntakeSource::ByHand {
                                doc: doc.into(),
                                inmate_name: name.into(),
                                sender_name: sender.into(),
                                sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
                            },
                        ),
                        now,
                        CLERK,
                    )
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                let state = if *problem < 3 {
                    State::Held
                } else {
                    State::Ready(*person)
                };
                prop_assert_eq!(
                    matches!(out.status, IntakeStatus::Held(_)),
                    state == State::Held
                );
                model.orders.insert(out.money_order_id, (state, *cents));
            }
            Op::Release { pick, person } => {
                let held: Vec<i64> = model
                    .orders
                    .iter()
                    .filter(|(_, (s, _))| *s == State::Held)
                    .map(|(id, _)| *id)
                    .collect();
                if let Some(id) = held.get(pick % held.len().max(1)) {
                    let v = Verification {
                        doc: Some(PEOPLE[*person].0.into()),
                        sender_name: Some("S".into()),
                        sender_address: Some("A".into()),
                    };
                    l.release_hold(*id, "verified", &v, now, SUPERVISOR)
                        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                    if let Some(o) = model.orders.get_mut(id) {
                        o.0 = State::Ready(*person);
                    }
                }
            }
            Op::Return { pick } => {
                let held: Vec<i64> = model
                    .orders
                    .iter()
                    .filter(|(_, (s, _))| *s == State::Held)
                    .map(|(id, _)| *id)
                    .collect();
                if let Some(id) = held.get(pick % held.len().max(1)) {
                    l.return_money_order(*id, "no owner", now, SUPERVISOR)
                        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                    if let Some(o) = model.orders.get_mut(id) {
                        o.0 = State::Returned;
                    }
                }
            }
            Op::Post => {
                l.post(days[today], at(days[today], 16), CLERK, &mut |_| {})
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                // The model's split, in money-order order, like the batch.
                for (_, (state, cents)) in model.orders.iter_mut() {
                    if let State::Ready(person) = *state {
                        let share = if person == 0 {
                            (*cents * 2_000 / 10_000).min(RIVERA_OWES_CENTS - model.rivera_paid)
                        } else {
                            0
                        };
                        model.rivera_paid += share;
                        model.trust[person] += *cents - share;
                        *state = State::Posted;
                    }
                }
                today += 1;
            }
        }
        let report = l
            .check(crate::support::day(2026, 12, 31))
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(report.is_ok(), "{:?}", report);
    }
    for (i, (doc, _)) in PEOPLE.iter().enumerate() {
        let b = l
            .balance(doc)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(b.trust_balance.cents(), model.trust[i], "trust of {}", doc);
        for o in &b.obligations {
            prop_assert!(o.remaining.cents() >= 0);
            prop_assert_eq!(o.paid.cents(), model.rivera_paid);
        }
    }
    let posted: i64 = l
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM money_order WHERE status = 'posted'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let expected = model
        .orders
        .values()
        .filter(|(s, _)| *s == State::Posted)
        .count() as i64;
    prop_assert_eq!(posted, expected);
    let receipts: i64 = l
        .connection()
        .query_row(
            "SELECT COUNT(DISTINCT money_order_id) FROM receipt",
            [],
            |r| r.get(0),
        )
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(receipts, expected, "one receipt per posted money order");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn the_books_stay_straight(ops in proptest::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}

//! Intervention-fee speed (issue 3). `cargo bench --bench fees`.
//!
//! - an offender's account as of today from ten years of events (criterion, target: median
//!   at most 100 µs);
//! - `fees assess` for a month that fell due since the books were last brought up to date
//!   (the monthly pass), over 100,000 cases in a durable ledger file (printed, target: at
//!   most 5 s); `LOCKBOX_BENCH_CASES` changes the number of cases;
//! - the same account as every real caller gets it, loaded from that ledger with 156
//!   holidays (printed, target: at most 100 µs);
//! - one PIN verification in a release build, warm (criterion and printed, target: between
//!   20 and 50 ms, slow on purpose: DOMAIN.md's Decision).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use chrono::{Days, NaiveDate, NaiveDateTime};
use criterion::{criterion_group, Criterion};
use lockbox::domain::month::{next_month, plus_days};
use lockbox::domain::{
    BusinessCalendar, CaseEvent, DatedEvent, DocNumber, FeeAccount, FeeInstrument, Money, Pin,
    Program, Supervision, SupervisionCase,
};
use lockbox::store::{CaseLine, Ledger, PinKey, Role};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn now() -> NaiveDateTime {
    date(2026, 11, 23).and_hms_opt(12, 0, 0).unwrap()
}

fn calendar() -> BusinessCalendar {
    BusinessCalendar::new((2016..=2026).map(|y| date(y, 1, 1)))
}

/// Ten years on probation: a payment most months, a program stay, a confinement, two
/// waivers: about 130 events.
fn ten_year_case() -> SupervisionCase {
    let cal = calendar();
    let today = now().date();
    let mut case = SupervisionCase::place(
        DocNumber::parse("4242").unwrap(),
        "Long, Case".into(),
        Supervision::Probation,
        Money::from_cents(3_000),
        date(2016, 11, 10),
    )
    .unwrap();
    let mut add = |day: NaiveDate, event: CaseEvent| {
        let _ = case.add_event(DatedEvent { date: day, event }, today, &cal);
    };
    add(date(2018, 3, 5), CaseEvent::ProgramStart(Program::Emp));
    add(date(2018, 9, 20), CaseEvent::ProgramEnd);
    add(date(2020, 2, 3), CaseEvent::Confined);
    add(date(2020, 5, 28), CaseEvent::Released);
    add(
        date(2022, 1, 1),
        CaseEvent::Waiver {
            to: date(2022, 3, 31),
            amount: Money::from_cents(3_000),
        },
    );
    add(
        date(2024, 6, 1),
        CaseEvent::Waiver {
            to: date(2024, 8, 29),
            amount: Money::from_cents(1_500),
        },
    );
    let mut month = date(2016, 12, 1);
    while month <= today {
        // Most months paid on the 10th; every seventh month skipped.
        let pay_on = cal.business_day_on_or_after(plus_days(month, 9));
        if pay_on <= today && month.format("%m").to_string() != "07" {
            add(
                pay_on,
                CaseEvent::Payment {
                    amount: Money::from_cents(3_000),
                    instrument: FeeInstrument::MoneyOrder,
                },
            );
        }
        month = next_month(month);
    }
    case
}

fn account(c: &mut Criterion) {
    let case = ten_year_case();
    let cal = calendar();
    let today = now().date();
    let a = FeeAccount::compute(&case, today, &cal);
    println!(
        "ten-year case: {} events, {} months, balance {}, {} month(s) in arrears",
        case.events().len(),
        a.months.len(),
        a.balance,
        a.months_in_arrears
    );
    c.bench_function("fee account as of today, 10 years of events", |b| {
        b.iter(|| FeeAccount::compute(std::hint::black_box(&case), today, &cal))
    });
}

fn cases() -> usize {
    std::env::var("LOCKBOX_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// `fees assess` over many cases, in a file with the product's durability.
fn assess() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("fees.sqlite")).unwrap();
    let n = cases();
    let started = Instant::now();
    let mut lines = Vec::with_capacity(n * 3);
    for i in 0..n {
        let doc = DocNumber::parse(&format!("{}", 10_000_000 + i)).unwrap();
        let placed = date(2025, 1, 1) + Days::new((i % 300) as u64);
        let line = lines.len() + 1;
        lines.push(CaseLine {
            line,
            id: None,
            doc: doc.clone(),
            event: DatedEvent {
                date: placed,
                event: CaseEvent::Placed {
                    name: format!("Offender {i}"),
                    supervision: if i % 20 == 0 {
                        Supervision::DrugCourt
                    } else {
                        Supervision::Probation
                    },
                    fee: Money::from_cents(3_000),
                },
            },
        });
        if i % 10 == 3 {
            lines.push(CaseLine {
                line: line + 1,
                id: None,
                doc: doc.clone(),
                event: DatedEvent {
                    date: date(2026, 10, 5),
                    event: CaseEvent::ProgramStart(Program::Crc),
                },
            });
        }
        if i % 10 == 5 {
            lines.push(CaseLine {
                line: line + 1,
                id: None,
                doc,
                event: DatedEvent {
                    date: date(2026, 11, 1),
                    event: CaseEvent::Waiver {
                        to: date(2027, 1, 29),
                        amount: Money::from_cents(1_000),
                    },
                },
            });
        }
    }
    l.import_case_events(&lines, now(), "bench").unwrap();
    println!(
        "imported {n} cases ({} events) in {:.1} s",
        lines.len(),
        started.elapsed().as_secs_f64()
    );
    // The import brought the books up to its own day (every write that changes a case
    // does): November is on them already, and `fees assess` for it only reports.
    let started = Instant::now();
    let november = l.assess_fees(date(2026, 11, 1), now(), "bench").unwrap();
    println!(
        "fees assess --month 2026-11 right after the import (the month on the books already): {:.2} s, {} assessed now, {} already assessed",
        started.elapsed().as_secs_f64(),
        november.assessed,
        november.already_assessed
    );
    // A month later: December falls due with time alone, and the first command of the
    // month brings the books up to it, one pass over every case. This is the monthly cost.
    let december_now = date(2026, 12, 23).and_hms_opt(12, 0, 0).unwrap();
    let started = Instant::now();
    let first = l
        .assess_fees(date(2026, 12, 1), december_now, "bench")
        .unwrap();
    let took = started.elapsed().as_secs_f64();
    println!(
        "fees assess --month 2026-12 a month later, over {} cases: {took:.2} s (target: at most 5 s at 100000); {} assessed ${}, waived ${}, {} with nothing due",
        first.cases, first.assessed, first.assessed_total, first.waived_total, first.nothing_due
    );
    assert!(first.assessed > 0, "December was assessed by this run");
    let started = Instant::now();
    let second = l
        .assess_fees(date(2026, 12, 1), december_now, "bench")
        .unwrap();
    println!(
        "the same month again: {:.2} s, {} assessed, {} already assessed",
        started.elapsed().as_secs_f64(),
        second.assessed,
        second.already_assessed
    );
    account_with_load(&mut l);
}

/// What every real caller pays (the kiosk, the fee desk, `fees account`): the ten-year case
/// loaded from that ledger of 100,000 cases, the holiday calendar with 156 holidays loaded,
/// then the account computed. Printed: min, median and max of 2,000 warm calls.
fn account_with_load(l: &mut Ledger) {
    let case = ten_year_case();
    let doc = DocNumber::parse("4242").unwrap();
    let placed = CaseLine {
        line: 1,
        id: None,
        doc: doc.clone(),
        event: DatedEvent {
            date: case.placed_on,
            event: CaseEvent::Placed {
                name: "Long, Case".into(),
                supervision: Supervision::Probation,
                fee: Money::from_cents(3_000),
            },
        },
    };
    let lines: Vec<CaseLine> = std::iter::once(placed)
        .chain(case.events().iter().enumerate().map(|(i, e)| CaseLine {
            line: i + 2,
            id: None,
            doc: doc.clone(),
            event: e.clone(),
        }))
        .collect();
    l.import_case_events(&lines, now(), "bench").unwrap();
    let mut holidays = 0;
    for y in 2016..2028 {
        for (m, d) in [
            (1, 1),
            (1, 19),
            (2, 16),
            (5, 25),
            (6, 19),
            (7, 4),
            (9, 7),
            (10, 12),
            (11, 11),
            (11, 26),
            (11, 27),
            (12, 24),
            (12, 25),
        ] {
            holidays += usize::from(
                l.add_holiday(date(y, m, d), "Holiday", now(), "bench")
                    .unwrap(),
            );
        }
    }
    let today = now().date();
    let events = l.supervision_case(&doc).unwrap().unwrap().events().len();
    for _ in 0..100 {
        l.fee_account(&doc, today).unwrap();
    }
    let mut us: Vec<f64> = (0..2_000)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(l.fee_account(&doc, today).unwrap());
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    us.sort_by(f64::total_cmp);
    // The case's load alone, the part of that which is SQLite's and the row decoding.
    let mut load: Vec<f64> = (0..2_000)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(l.supervision_case(&doc).unwrap());
            started.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    load.sort_by(f64::total_cmp);
    println!(
        "fee account with its load ({events} events, {holidays} holidays, {} cases on file), 2000 warm calls: min {:.0} µs, median {:.0} µs, max {:.0} µs (target: at most 100 µs)",
        cases() + 1,
        us[0],
        us[us.len() / 2],
        us[us.len() - 1]
    );
    println!(
        "of which the case's load (2000 more calls, alone): median {:.0} µs",
        load[load.len() / 2]
    );
}

fn pin(c: &mut Criterion) {
    let mut l = Ledger::open_in_memory().unwrap();
    l.add_user("clerk", Role::Clerk, now(), "bench").unwrap();
    l.add_person(
        &lockbox::store::NewPerson {
            doc: "4242".into(),
            last_name: "Long".into(),
            ..Default::default()
        },
        now(),
        "bench",
    )
    .unwrap();
    let key = PinKey::from_bytes([3; 32]);
    let doc = DocNumber::parse("4242").unwrap();
    l.set_pin(&doc, &Pin::parse("731904").unwrap(), &key, now(), "clerk")
        .unwrap();
    let hash: String = l
        .connection()
        .query_row("SELECT pin_hash FROM offender_pin", [], |r| r.get(0))
        .unwrap();
    // Warm (the first calls fault in the 19 MiB), then each call timed on its own.
    for _ in 0..3 {
        assert!(key.verify("731904", &hash).unwrap());
    }
    let mut ms: Vec<f64> = (0..20)
        .map(|_| {
            let started = Instant::now();
            assert!(key.verify("731904", &hash).unwrap());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    println!(
        "one PIN verification, warm (argon2id m=19 MiB, t={}, p=1), 20 calls: min {:.1} ms, median {:.1} ms, max {:.1} ms (target: 20 to 50 ms)",
        lockbox::store::pins::PASSES,
        ms[0],
        ms[ms.len() / 2],
        ms[ms.len() - 1]
    );
    let mut group = c.benchmark_group("pin");
    group.sample_size(10);
    group.bench_function("verify one PIN", |b| {
        b.iter(|| key.verify("731904", &hash).unwrap())
    });
    group.finish();
}

criterion_group!(benches, account, pin);

fn main() {
    assess();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

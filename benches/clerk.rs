//! Clerk console speed (issue 6). `cargo bench --bench clerk`.
//!
//! On a ledger built by `demo --scale N` (`LOCKBOX_BENCH_SCALE`, default 100000) with
//! `LOCKBOX_BENCH_HOLDS` (default 100000) more money orders on hold:
//! - a scanned slip number to filled-in fields (the query and `update`; target at most 5 ms);
//! - a frame of the holds queue deep in the list: load a page, `update`, draw at 120x40
//!   (target: median at most 5 ms).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use chrono::NaiveDate;
use criterion::{criterion_group, Criterion};
use lockbox::app::clerk::{perform, ClerkWorker};
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource};
use lockbox::store::{Ledger, PinKey};
use lockbox::ui::clerk::{self, Effect, HoldsPage, HoldsQuery, Model, Msg, Screen};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[path = "support/mod.rs"]
mod support;
use support::{env, now};

fn big_ledger(dir: &std::path::Path) -> Ledger {
    let (mut l, _) = support::demo_ledger(&dir.join("desk.sqlite"));
    let holds = env("LOCKBOX_BENCH_HOLDS", 100_000);
    let started = Instant::now();
    l.bulk(|tx, audit| {
        for i in 0..holds {
            let request = IntakeRequest {
                instrument: Instrument::MoneyOrder,
                issuer: "USPS".into(),
                serial: format!("HOLD{i}"),
                amount: "10.00".into(),
                issued_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                source: IntakeSource::ByHand {
                    doc: "99999999".into(),
                    inmate_name: "Nobody".into(),
                    sender_name: "Sender".into(),
                    sender_address: "1 Main St".into(),
                },
            };
            let valid = request.validate(now().date()).unwrap();
            lockbox::store::deposits::intake_tx(tx, audit, &valid, now(), "clerk")?;
        }
        Ok(())
    })
    .unwrap();
    println!(
        "{holds} more money orders on hold in {:.1} s; {} holds open",
        started.elapsed().as_secs_f64(),
        l.held_count(&lockbox::store::HoldsFilter::default())
            .unwrap()
    );
    l
}

/// One frame as the console makes it: the effect performed, its answers through `update`,
/// the screen drawn.
fn frame(
    worker: &mut ClerkWorker,
    model: &mut Model,
    terminal: &mut Terminal<TestBackend>,
    effect: Effect,
) {
    let mut answers = Vec::new();
    perform(worker, effect, now(), &mut |m| answers.push(m));
    for m in answers {
        clerk::update(model, m, Instant::now());
    }
    terminal.draw(|f| clerk::view(model, f)).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = big_ledger(dir.path());
    let slip: i64 = ledger
        .connection()
        .query_row("SELECT MAX(id) / 2 FROM slip", [], |r| r.get(0))
        .unwrap();
    let number = lockbox::domain::SlipNumber::from_sequence(u32::try_from(slip).unwrap())
        .unwrap()
        .to_string();
    let mut worker = ClerkWorker {
        ledger,
        key: PinKey::from_bytes([1; 32]),
        user: "clerk".into(),
        printer: None,
        language: lockbox::domain::Language::En,
    };
    let mut model = Model::new(Instant::now(), now().date());
    model.user = Some(("clerk".into(), false));
    model.screen = Screen::Intake;
    c.bench_function(
        "scan a slip number to filled-in fields (100k ledger)",
        |b| {
            b.iter(|| {
                let mut answers = Vec::new();
                perform(
                    &mut worker,
                    Effect::LookupSlip(number.clone()),
                    now(),
                    &mut |m| answers.push(m),
                );
                for m in answers {
                    clerk::update(&mut model, m, Instant::now());
                }
                assert!(model.intake.slip.is_some());
            })
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    model.screen = Screen::Holds;
    // A money order in the middle of the queue.
    let middle: i64 = worker
        .ledger
        .connection()
        .query_row("SELECT money_order_id FROM hold WHERE resolution IS NULL ORDER BY money_order_id LIMIT 1 OFFSET 50000", [], |r| r.get(0))
        .unwrap_or(0);
    c.bench_function(
        "holds queue frame, a page deep in 100k holds, 120x40",
        |b| {
            b.iter(|| {
                frame(
                    &mut worker,
                    &mut model,
                    &mut terminal,
                    Effect::LoadHolds(HoldsQuery {
                        page: HoldsPage::From(middle),
                        reason: None,
                        search: None,
                        newest_first: false,
                        count: false,
                    }),
                )
            })
        },
    );
    c.bench_function(
        "opening the holds queue: the count of 100k holds and the first page, 120x40",
        |b| {
            b.iter(|| {
                frame(
                    &mut worker,
                    &mut model,
                    &mut terminal,
                    Effect::LoadHolds(HoldsQuery {
                        page: HoldsPage::First,
                        reason: None,
                        search: None,
                        newest_first: false,
                        count: true,
                    }),
                )
            })
        },
    );
    model.holds.newest_first = true;
    c.bench_function(
        "holds queue frame, newest first, a page deep in 100k holds, 120x40",
        |b| {
            b.iter(|| {
                frame(
                    &mut worker,
                    &mut model,
                    &mut terminal,
                    Effect::LoadHolds(HoldsQuery {
                        page: HoldsPage::From(middle),
                        reason: None,
                        search: None,
                        newest_first: true,
                        count: false,
                    }),
                )
            })
        },
    );
    c.bench_function(
        "holds queue searched by a name, counted and its first page, 100k holds, 120x40",
        |b| {
            b.iter(|| {
                frame(
                    &mut worker,
                    &mut model,
                    &mut terminal,
                    Effect::LoadHolds(HoldsQuery {
                        page: HoldsPage::First,
                        reason: None,
                        search: Some("rivera".into()),
                        newest_first: true,
                        count: true,
                    }),
                )
            })
        },
    );
    model.screen = Screen::Statement;
    c.bench_function(
        "an inmate's monthly statement, loaded and drawn (100k ledger), 120x40",
        |b| {
            b.iter(|| {
                frame(
                    &mut worker,
                    &mut model,
                    &mut terminal,
                    Effect::LoadStatement {
                        doc: "00012345".into(),
                        year: 2026,
                        month: 11,
                    },
                )
            })
        },
    );
    let _ = Msg::Tick;
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}

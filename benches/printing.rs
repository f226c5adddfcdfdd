//! Printing speed and size (issue 4). `cargo bench --bench printing`.
//!
//! Prints the bytes of every document and its time on the wire at 9600 and 115200 baud
//! (8N1: ten bits a byte), then criterion's time to render a deposit slip (target: median at
//! most 100 µs) and the biggest document.

#![allow(clippy::unwrap_used, clippy::panic)]

use criterion::{criterion_group, Criterion};
use lockbox::domain::{Language, Money};
use lockbox::print::document::{
    Deduction, PinSlipData, ReceiptData, ReconciliationData, SlipData, StatementData, StatementRow,
    Tally, VoucherData, VoucherMonth,
};
use lockbox::print::{CodePage, Columns, Document};

fn m(cents: i64) -> Money {
    Money::from_cents(cents)
}

fn slip() -> SlipData {
    SlipData {
        number: "1234-5678-9".into(),
        doc: "01234567".into(),
        inmate_name: "MONTGOMERY-ALVAREZ, Bartholomew".into(),
        facility: "Jefferson City Correctional Center".into(),
        sender_name: "María de los Ángeles Peña-Santiago".into(),
        sender_address: "12345 North Meadowbrook Parkway, Apartment 1204, Jefferson City, MO 65101"
            .into(),
        amount: m(99_999),
        kiosk_id: "lobby-1".into(),
        created_at: "2026-11-23 10:42".into(),
        large_print: false,
    }
}

fn documents() -> Vec<(&'static str, Document)> {
    let statement_lines = (1..=20)
        .map(|i| StatementRow {
            date: format!("2026-11-{i:02}"),
            receipt_number: Some(1000 + i),
            kind: "money_order".into(),
            sender_name: "Carmen Rivera".into(),
            deposit: m(5_000),
            to_obligations: m(1_000),
            credited: m(4_000),
            balance: m(4_000 * i),
        })
        .collect();
    vec![
        ("deposit slip", Document::DepositSlip(slip())),
        ("visitor stub", Document::VisitorStub(slip())),
        (
            "posting receipt",
            Document::PostingReceipt(ReceiptData {
                receipt_number: 123_456,
                business_date: "2026-11-24".into(),
                doc: "01234567".into(),
                inmate_name: "MONTGOMERY-ALVAREZ, Bartholomew".into(),
                facility: "Jefferson City Correctional Center".into(),
                sender_name: "María de los Ángeles Peña-Santiago".into(),
                amount: m(99_999),
                deductions: vec![
                    Deduction {
                        kind: "restitution".into(),
                        amount: m(20_000),
                        remaining: m(100_000),
                    },
                    Deduction {
                        kind: "court_cost".into(),
                        amount: m(5_000),
                        remaining: m(0),
                    },
                ],
                credited: m(74_999),
                new_balance: m(123_456),
            }),
        ),
        (
            "payment voucher",
            Document::PaymentVoucher(VoucherData {
                doc: "00054321".into(),
                name: "WEBB, Marcus".into(),
                months: (1..=6)
                    .map(|i| VoucherMonth {
                        month: format!("2026-{i:02}"),
                        amount: m(3_000),
                    })
                    .collect(),
                amount_due: m(18_000),
                pay_by: Some("2026-12-01".into()),
                late_since: None,
                remit_to: vec![
                    "Intervention Fee Unit".into(),
                    "Missouri Department of Corrections".into(),
                    "Jefferson City, MO".into(),
                ],
                code: "V00054321-18000".into(),
                printed_at: "2026-11-23 10:50".into(),
                large_print: false,
            }),
        ),
        (
            "PIN slip",
            Document::PinSlip(PinSlipData {
                doc: "00054321".into(),
                name: "WEBB, Marcus".into(),
                pin: "731904".into(),
                printed_at: "2026-11-23 09:15".into(),
                failures: 5,
                lock_minutes: 15,
            }),
        ),
        (
            "statement (20 deposits)",
            Document::Statement(StatementData {
                number: Some(123_456),
                doc: "01234567".into(),
                name: "MONTGOMERY-ALVAREZ, Bartholomew".into(),
                facility: "Jefferson City Correctional Center".into(),
                month: "2026-11".into(),
                opening_balance: m(0),
                lines: statement_lines,
                total_deposits: m(100_000),
                total_to_obligations: m(20_000),
                closing_balance: m(80_000),
            }),
        ),
        (
            "reconciliation",
            Document::Reconciliation(ReconciliationData {
                business_date: "2026-11-23".into(),
                opening: m(52_000),
                taken_in: Tally {
                    count: 410,
                    amount: m(4_123_450),
                },
                posted: Tally {
                    count: 360,
                    amount: m(3_710_000),
                },
                returned: Tally {
                    count: 10,
                    amount: m(50_000),
                },
                closing: m(415_450),
                // An unbalanced day prints its longest: the difference and the money orders.
                batch: Some(Tally {
                    count: 360,
                    amount: m(3_710_000),
                }),
                closed: false,
                difference_cents: 80_000,
                concerned: vec![101_234, 101_240, 101_255],
                balanced: false,
                audit_head: "9f2c4e1a7b0d3c58e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"
                    .into(),
                printed_at: "2026-11-23 17:05".into(),
            }),
        ),
    ]
}

fn sizes() {
    println!(
        "{:<26} {:>6} {:>6}  {:>9} {:>10}",
        "document (80 mm)", "en B", "es B", "9600 bd", "115200 bd"
    );
    for (name, doc) in documents() {
        let en = doc
            .render(Language::En, CodePage::Cp858, Columns::MM80, false)
            .unwrap()
            .len();
        let es = doc
            .render(Language::Es, CodePage::Cp858, Columns::MM80, false)
            .unwrap()
            .len();
        let worst = en.max(es) as f64;
        println!(
            "{name:<26} {en:>6} {es:>6}  {:>7.2} s {:>8.3} s",
            worst * 10.0 / 9600.0,
            worst * 10.0 / 115_200.0
        );
    }
    println!("(target: a deposit slip at most 1,536 bytes, under 1.6 s at 9600 baud)");
}

fn render(c: &mut Criterion) {
    let docs = documents();
    let slip = &docs[0].1;
    c.bench_function("render a deposit slip", |b| {
        b.iter(|| {
            slip.render(Language::Es, CodePage::Cp858, Columns::MM80, false)
                .unwrap()
        })
    });
    let statement = &docs[5].1;
    c.bench_function("render a statement of 20 deposits", |b| {
        b.iter(|| {
            statement
                .render(Language::Es, CodePage::Cp858, Columns::MM80, false)
                .unwrap()
        })
    });
}

criterion_group!(benches, render);

fn main() {
    sizes();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

//! What the printer prints: every document in English and Spanish at 42 and 48 columns,
//! read back through the decoder as a person reads the paper; the raw bytes of each once;
//! and user text that tries to command the printer.

use lockbox::domain::{Language, Money};
use lockbox::print::document::{
    Deduction, FeeListData, FeeListKind, FeeListRow, PinSlipData, ReceiptData, ReconciliationData,
    SlipData, StatementData, StatementRow, Tally, VoucherData, VoucherMonth,
};
use lockbox::print::{CodePage, Columns, Document, Paper};

fn m(cents: i64) -> Money {
    Money::from_cents(cents)
}

fn slip() -> SlipData {
    SlipData {
        number: "0000-0042-7".into(),
        doc: "00012345".into(),
        inmate_name: "RIVERA, Ana".into(),
        facility: "Jefferson City Correctional Center".into(),
        sender_name: "Lucía Peña".into(),
        sender_address: "12 Elm St, Apt 3, Jefferson City, MO 65101".into(),
        amount: m(15_000),
        kiosk_id: "lobby-1".into(),
        created_at: "2026-11-23 10:42".into(),
        large_print: false,
    }
}

fn documents() -> Vec<(&'static str, Document)> {
    vec![
        ("deposit_slip", Document::DepositSlip(slip())),
        ("visitor_stub", Document::VisitorStub(slip())),
        (
            "posting_receipt",
            Document::PostingReceipt(ReceiptData {
                receipt_number: 1042,
                business_date: "2026-11-24".into(),
                doc: "00012345".into(),
                inmate_name: "RIVERA, Ana".into(),
                facility: "Jefferson City Correctional Center".into(),
                sender_name: "Lucía Peña".into(),
                amount: m(15_000),
                deductions: vec![Deduction {
                    kind: "restitution".into(),
                    amount: m(3_000),
                    remaining: m(147_000),
                }],
                credited: m(12_000),
                new_balance: m(48_250),
            }),
        ),
        (
            "payment_voucher",
            Document::PaymentVoucher(VoucherData {
                doc: "00054321".into(),
                name: "WEBB, Marcus".into(),
                months: vec![
                    VoucherMonth {
                        month: "2026-10".into(),
                        amount: m(3_000),
                    },
                    VoucherMonth {
                        month: "2026-11".into(),
                        amount: m(3_000),
                    },
                ],
                amount_due: m(6_000),
                pay_by: Some("2026-12-01".into()),
                late_since: None,
                remit_to: vec![
                    "Intervention Fee Unit".into(),
                    "Missouri Department of Corrections".into(),
                    "Jefferson City, MO".into(),
                ],
                code: "V00054321-6000".into(),
                printed_at: "2026-11-23 10:50".into(),
                large_print: false,
            }),
        ),
        (
            "pin_slip",
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
            "statement",
            Document::Statement(StatementData {
                number: Some(1_207),
                doc: "00012345".into(),
                name: "RIVERA, Ana".into(),
                facility: "Jefferson City Correctional Center".into(),
                month: "2026-11".into(),
                opening_balance: m(36_250),
                lines: vec![
                    StatementRow {
                        date: "2026-11-17".into(),
                        receipt_number: Some(1001),
                        kind: "money_order".into(),
                        sender_name: "Carmen Rivera".into(),
                        deposit: m(5_000),
                        to_obligations: m(1_000),
                        credited: m(4_000),
                        balance: m(40_250),
                    },
                    StatementRow {
                        date: "2026-11-24".into(),
                        receipt_number: Some(1042),
                        kind: "money_order".into(),
                        sender_name: "Lucía Peña".into(),
                        deposit: m(15_000),
                        to_obligations: m(3_000),
                        credited: m(12_000),
                        balance: m(52_250),
                    },
                ],
                total_deposits: m(20_000),
                total_to_obligations: m(4_000),
                closing_balance: m(52_250),
            }),
        ),
        (
            "reconciliation",
            Document::Reconciliation(ReconciliationData {
                business_date: "2026-11-23".into(),
                opening: m(52_000),
                taken_in: Tally {
                    count: 41,
                    amount: m(412_350),
                },
                posted: Tally {
                    count: 36,
                    amount: m(371_000),
                },
                returned: Tally {
                    count: 1,
                    amount: m(5_000),
                },
                closing: m(88_350),
                batch: Some(Tally {
                    count: 36,
                    amount: m(371_000),
                }),
                closed: true,
                difference_cents: 0,
                concerned: Vec::new(),
                balanced: true,
                audit_head: "9f2c4e1a7b0d3c58e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"
                    .into(),
                printed_at: "2026-11-23 17:05".into(),
            }),
        ),
        (
            "fee_list",
            Document::FeeList(FeeListData {
                kind: FeeListKind::Violations,
                as_of: "2026-11-23".into(),
                rows: vec![
                    FeeListRow {
                        doc: "00054321".into(),
                        name: "WEBB, Marcus".into(),
                        balance: m(12_000),
                        months_in_arrears: 4,
                        remind_by: Some("2026-11-30".into()),
                    },
                    FeeListRow {
                        doc: "00000900".into(),
                        name: "Núñez Ibáñez, María José".into(),
                        balance: m(9_000),
                        months_in_arrears: 3,
                        remind_by: None,
                    },
                ],
                // More than the paper holds: it says how many are left out.
                total: 202,
                printed_at: "2026-11-23 17:10".into(),
            }),
        ),
        (
            "test_page",
            Document::TestPage {
                printed_at: "2026-11-23 08:00".into(),
            },
        ),
    ]
}

fn render(doc: &Document, language: Language, columns: Columns, duplicate: bool) -> Vec<u8> {
    doc.render(language, CodePage::Cp858, columns, duplicate)
        .expect("renders")
}

#[test]
fn every_document_reads_right_on_paper() {
    for (name, doc) in documents() {
        for language in [Language::En, Language::Es] {
            for columns in [Columns::MM58, Columns::MM80] {
                let bytes = render(&doc, language, columns, false);
                let text = Paper::decode(&bytes, CodePage::Cp858).to_text(columns.get());
                for line in text.lines() {
                    assert!(
                        line.chars().count() <= columns.get() * 2,
                        "{name}: {line:?} is wider than the paper"
                    );
                }
                assert!(
                    text.trim_end().ends_with("--- cut ---"),
                    "{name} ends with a cut"
                );
                insta::assert_snapshot!(
                    format!("{name}_{}_{}", language.code(), columns.get()),
                    text
                );
            }
        }
        insta::assert_binary_snapshot!(
            &format!("{name}_bytes.bin"),
            render(&doc, Language::Es, Columns::MM80, false)
        );
    }
}

/// A reconciliation whose batch record alone disagrees with its transfers says so on paper,
/// in the reader's language, instead of a difference of $0.00 with no money order named
/// (found by an outside review).
#[test]
fn a_batch_record_that_disagrees_is_said_on_the_reconciliation() {
    let Some((_, Document::Reconciliation(good))) = documents()
        .into_iter()
        .find(|(name, _)| *name == "reconciliation")
    else {
        panic!("the reconciliation is among the documents");
    };
    let doc = Document::Reconciliation(ReconciliationData {
        batch: Some(Tally {
            count: 36,
            amount: m(371_001),
        }),
        balanced: false,
        ..good
    });
    for (language, says, not) in [
        (
            Language::En,
            "the batch recorded other figures",
            "the difference is",
        ),
        (
            Language::Es,
            "el lote registró otras cifras",
            "la diferencia es",
        ),
    ] {
        let text = Paper::decode(
            &render(&doc, language, Columns::MM80, false),
            CodePage::Cp858,
        )
        .to_text(48)
        .replace('\n', " ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(says), "{text}");
        assert!(!text.contains(not), "{text}");
    }
}

#[test]
fn a_reprint_says_duplicate_in_its_language() {
    let (_, doc) = documents().remove(2);
    for (language, word) in [(Language::En, "DUPLICATE"), (Language::Es, "DUPLICADO")] {
        let text = Paper::decode(
            &render(&doc, language, Columns::MM80, true),
            CodePage::Cp858,
        )
        .to_text(48);
        assert_eq!(text.matches(word).count(), 2, "top and bottom:\n{text}");
        let first = Paper::decode(
            &render(&doc, language, Columns::MM80, false),
            CodePage::Cp858,
        )
        .to_text(48);
        assert!(!first.contains(word));
    }
}

#[test]
fn amounts_are_right_aligned_to_the_paper_edge() {
    let (_, doc) = documents().remove(2);
    for columns in [Columns::MM58, Columns::MM80] {
        let text = Paper::decode(&render(&doc, Language::En, columns, false), CodePage::Cp858)
            .to_text(columns.get());
        let line = text
            .lines()
            .find(|l| l.starts_with("New balance"))
            .expect("new balance line");
        assert!(line.ends_with("$482.50"), "{line}");
        assert_eq!(line.chars().count(), columns.get(), "{line}");
    }
}

/// Bytes that must never come from user text: every control byte but the line feed the
/// layout itself sends.
fn control_bytes_in_text(bytes: &[u8]) -> Vec<u8> {
    // The document's own commands are known; strip them by decoding and look at what the
    // decoder could not place, and at the text itself.
    let paper = Paper::decode(bytes, CodePage::Cp858);
    let mut found = paper.unknown.clone();
    for l in &paper.lines {
        found.extend(
            l.text
                .chars()
                .filter(|c| c.is_control())
                .map(|c| c as u32 as u8),
        );
    }
    found
}

#[test]
fn user_text_cannot_command_the_printer() {
    let hostile = [
        "Ana\x1b@Rivera",                   // ESC @: reset
        "Ana\x1bp\x00\x19\u{fa}",           // ESC p: kick the cash drawer
        "Ana\x1dV\x00",                     // GS V: cut the paper
        "Ana\x10\x04\x01",                  // DLE EOT
        "Ana\x1d!\x77",                     // GS !: huge text
        "Ana\x00\x07\x08\x0c\r\n\t\x7f",    // NUL, BEL, BS, FF, CR, LF, TAB, DEL
        "Ana\u{9b}31m",                     // C1 CSI
        "Zoë Łukasz 李 😀 “quoted” – dash", // letters CP858 lacks
    ];
    for text in hostile {
        let mut data = slip();
        data.sender_name = text.into();
        data.sender_address = text.into();
        let bytes = render(
            &Document::DepositSlip(data.clone()),
            Language::En,
            Columns::MM80,
            false,
        );
        let clean = render(
            &Document::DepositSlip(slip()),
            Language::En,
            Columns::MM80,
            false,
        );
        assert!(control_bytes_in_text(&bytes).is_empty(), "{text:?}");
        // The same commands as a slip with a plain name: nothing added, nothing cut early.
        let cuts = |b: &[u8]| b.windows(2).filter(|w| w == &[0x1d, b'V']).count();
        let kicks = |b: &[u8]| b.windows(2).filter(|w| w == &[0x1b, b'p']).count();
        let resets = |b: &[u8]| b.windows(2).filter(|w| w == &[0x1b, b'@']).count();
        let status = |b: &[u8]| b.windows(2).filter(|w| w == &[0x10, 0x04]).count();
        assert_eq!(cuts(&bytes), cuts(&clean), "{text:?}");
        assert_eq!(kicks(&bytes), 0, "{text:?}");
        assert_eq!(resets(&bytes), resets(&clean), "{text:?}");
        assert_eq!(status(&bytes), 0, "{text:?}");
        assert!(!bytes.contains(&0x00) || clean.contains(&0x00), "{text:?}");
        // No UTF-8 sequence reaches the printer: every high byte is a CP858 letter.
        let paper = Paper::decode(&bytes, CodePage::Cp858).to_text(48);
        assert!(
            !paper.contains('Ã'),
            "UTF-8 bytes read back as CP858 mojibake: {paper}"
        );
    }
    let mut data = slip();
    data.sender_name = "Zoë Łukasz 李 “quoted” – dash".into();
    let text = Paper::decode(
        &render(
            &Document::DepositSlip(data),
            Language::En,
            Columns::MM80,
            false,
        ),
        CodePage::Cp858,
    )
    .to_text(48);
    assert!(
        text.contains("From: Zoë Lukasz ? \"quoted\" - dash"),
        "{text}"
    );
}

#[test]
fn spanish_letters_print_through_the_code_page_not_utf8() {
    let (_, doc) = documents().remove(0);
    let bytes = render(&doc, Language::Es, Columns::MM80, false);
    // "DEPÓSITO": Ó is 0xE0 in CP858.
    assert!(bytes.windows(3).any(|w| w == b"DEP"), "heading present");
    assert!(bytes.contains(&0xE0));
    assert!(!bytes.windows(2).any(|w| w == [0xC3, 0x93]), "no UTF-8 Ó");
    let text = Paper::decode(&bytes, CodePage::Cp858).to_text(48);
    assert!(text.contains("COMPROBANTE DE DEPÓSITO"), "{text}");
    assert!(text.contains("Lucía Peña"), "{text}");
}

#[test]
fn a_deposit_slip_is_small_enough_for_a_slow_serial_line() {
    let (_, doc) = documents().remove(0);
    for language in [Language::En, Language::Es] {
        let bytes = render(&doc, language, Columns::MM80, false);
        assert!(bytes.len() <= 1_536, "{} bytes", bytes.len());
    }
}

#[test]
fn the_html_rendering_shows_the_same_paper() {
    let (_, doc) = documents().remove(0);
    let paper = Paper::decode(
        &render(&doc, Language::En, Columns::MM80, false),
        CodePage::Cp858,
    );
    let html = paper.to_html(48, "slip <0000-0042-7>");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("slip &lt;0000-0042-7&gt;"));
    assert!(html.contains("[QR 0000-0042-7]"));
    assert!(html.contains("class=\"cut\""));
}

#[test]
fn control_bytes_hidden_in_a_qr_code_never_reach_the_terminal() {
    // GS ( k with cn 49, fn 80 (store) holding ESC [ 2 J, then fn 81 (print).
    let data = b"\x1b[2JX";
    let len = (data.len() + 3) as u8;
    let mut bytes = vec![0x1d, b'(', b'k', len, 0, 49, 80, 48];
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(&[0x1d, b'(', b'k', 3, 0, 49, 81, 48]);
    let text = Paper::decode(&bytes, CodePage::Cp858).to_text(48);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("[QR [2JX]"), "{text:?}");
}

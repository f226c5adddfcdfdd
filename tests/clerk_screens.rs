//! Every clerk console screen as a clerk sees it, at 80x24 and 120x40.

use lockbox::domain::Language;
use lockbox::ui::clerk::{self, Msg};
use lockbox::ui::kiosk::Key;

use crate::clerk::Console;
use crate::support::CLERK;

fn text(c: &Console, width: u16, height: u16) -> String {
    crate::support::draw_text(width, height, |f| clerk::view(&c.model, f))
}

type Reach = fn(&mut Console);

fn screens() -> Vec<(&'static str, Reach)> {
    vec![
        ("sign_in", |c| c.typed(CLERK)),
        ("home", |c| c.sign_in(CLERK, "clerk-pass")),
        ("intake_slip", |c| {
            let number = c.visitor_slip("45.00");
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('1'));
            c.send(Msg::Paste(number));
            c.enter();
        }),
        ("intake_held", |c| {
            *c = Console::after_intake(&[("A1", "20.00", "12345", "Smith")]);
            c.key(Key::Char('1'));
        }),
        ("holds_list", |c| {
            *c = Console::after_intake(&[
                ("A1", "20.00", "12345", "Smith"),
                ("A2", "30.00", "99999", "Nobody"),
            ]);
            c.key(Key::Char('2'));
        }),
        ("holds", |c| {
            *c = Console::after_intake(&[
                ("A1", "20.00", "12345", "Smith"),
                ("A2", "30.00", "99999", "Nobody"),
            ]);
            c.key(Key::Char('2'));
            // A clerk is told at once that a release is a supervisor's.
            c.key(Key::Char('r'));
        }),
        ("holds_release_form", |c| {
            *c = Console::after_intake(&[("A2", "30.00", "99999", "Nobody")]);
            c.key(Key::Char('9'));
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('2'));
            c.key(Key::Char('r'));
            for _ in 0..5 {
                c.key(Key::Backspace);
            }
            c.typed("123");
        }),
        ("holds_release_confirm", |c| {
            *c = Console::after_intake(&[("A1", "20.00", "12345", "Smith")]);
            c.key(Key::Char('9'));
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('2'));
            c.key(Key::Char('r'));
            c.enter();
            c.typed("called the sender: her married name");
            c.enter();
        }),
        ("holds_reasons", |c| {
            *c = Console::after_intake(&[("A1", "20.00", "12345", "Smith")]);
            c.key(Key::Char('2'));
            c.key(Key::Char('f'));
            c.key(Key::Down);
        }),
        ("holds_search", |c| {
            *c = Console::after_intake(&[
                ("A1", "20.00", "12345", "Smith"),
                ("A2", "30.00", "99999", "Nobody"),
            ]);
            c.key(Key::Char('2'));
            c.key(Key::Char('/'));
            c.typed("smi");
            c.enter();
        }),
        ("holds_read_failed", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.worker
                .ledger
                .connection()
                .execute_batch("ALTER TABLE hold RENAME TO hold_gone")
                .expect("rename");
            c.key(Key::Char('2'));
        }),
        ("reports_desk_printer_out_of_paper", |c| {
            *c = Console::after_intake(&[("A1", "20.00", "12345", "Rivera")]);
            *c.desk.state.lock().expect("state") = Some(lockbox::domain::PrinterState::PaperOut);
            c.key(Key::Char('5'));
            c.key(Key::Char('p'));
        }),
        ("posting_confirm", |c| {
            *c = Console::after_intake(&[("P1", "50.00", "12345", "Rivera")]);
            c.key(Key::Char('3'));
            c.enter();
        }),
        ("posting_run", |c| {
            *c = Console::after_intake(&[
                ("P1", "50.00", "12345", "Rivera"),
                ("P2", "20.00", "12345", "Rivera"),
            ]);
            c.key(Key::Char('3'));
            c.enter();
            clerk::update(&mut c.model, Msg::Key(Key::Enter), c.t);
            clerk::update(
                &mut c.model,
                Msg::Progress {
                    posted: 1,
                    total: 2,
                },
                c.t,
            );
        }),
        ("fee_desk", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('4'));
            c.typed("543");
        }),
        ("fee_desk_no_case", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('4'));
            c.typed("12");
            c.enter();
        }),
        ("reports", |c| {
            *c = Console::after_intake(&[("Q1", "50.00", "12345", "Rivera")]);
            c.key(Key::Char('5'));
        }),
        ("reprint", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('6'));
            c.typed("7");
        }),
        ("reprint_confirm", |c| {
            let slip = c.visitor_slip("45.00");
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('6'));
            c.typed(&slip);
            c.enter();
        }),
        ("fee_account", fee_account),
        ("fee_desk_names", |c| {
            for (doc, name) in [("54321", "Webb, Marcus"), ("600", "Webb, Alicia")] {
                let doc = lockbox::domain::DocNumber::parse(doc).expect("doc");
                c.place_named(&doc, name, 9);
            }
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('4'));
            c.typed("webb");
            c.enter();
            c.key(Key::Down);
        }),
        ("fee_pay_confirm", |c| {
            fee_account(c);
            c.enter();
        }),
        ("pin_confirm", |c| {
            fee_account(c);
            c.key(Key::Function(4));
        }),
        ("waiver_form", |c| {
            fee_account(c);
            c.key(Key::Function(5));
            c.typed("3");
            c.enter();
            c.typed("1200");
            c.enter();
        }),
        ("waiver_confirm", |c| {
            fee_account(c);
            c.key(Key::Function(5));
            c.typed("3");
            c.enter();
            c.typed("1200");
            for _ in 0..5 {
                c.enter();
            }
        }),
        ("waivers_approve", |c| {
            waiting_request(c);
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('7'));
            c.key(Key::Char('a'));
            c.typed("pay stubs seen");
            c.enter();
        }),
        ("waivers_list", |c| {
            waiting_request(c);
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('7'));
        }),
        ("case_event", |c| {
            fee_account(c);
            c.key(Key::Function(6));
            c.key(Key::Down);
            c.key(Key::Down);
            c.enter();
        }),
        ("statement", |c| {
            *c = Console::after_intake(&[
                ("S1", "50.00", "12345", "Rivera"),
                ("S2", "25.00", "12345", "Rivera"),
            ]);
            c.key(Key::Char('3'));
            c.enter();
            c.enter();
            c.key(Key::Esc);
            c.key(Key::Char('5'));
            c.key(Key::Char('s'));
            c.typed("12345");
            c.enter();
            c.enter();
        }),
        ("report_sorted", |c| {
            // Owing two, four and three months: by name, the order is neither by DOC
            // number nor by balance.
            for (doc, name, month) in [
                ("54321", "Adams, Lee", 9),
                ("99999", "Zamora, Rita", 7),
                ("900", "Moss, Ike", 8),
            ] {
                let doc = lockbox::domain::DocNumber::parse(doc).expect("doc");
                c.place_named(&doc, name, month);
            }
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('5'));
            c.key(Key::Char('d'));
            for _ in 0..3 {
                c.key(Key::Char('o'));
            }
        }),
        ("intake_confirm", |c| {
            let number = c.visitor_slip("45.00");
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('1'));
            c.send(Msg::Paste(number));
            c.enter();
            c.key(Key::Char('1'));
            c.typed("55501");
            c.enter();
        }),
        ("intake_slip_not_on_file", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('1'));
            let unknown = lockbox::domain::SlipNumber::from_sequence(99).expect("number");
            c.typed(&unknown.to_string());
            c.enter();
        }),
        ("intake_discard", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('1'));
            c.key(Key::Discard);
        }),
        ("holds_return_note", |c| {
            *c = Console::after_intake(&[("A2", "30.00", "99999", "Nobody")]);
            c.key(Key::Char('9'));
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('2'));
            c.key(Key::Char('t'));
            c.typed("owner unknown after two calls");
        }),
        ("posting", |c| {
            *c = Console::after_intake(&[
                ("P1", "50.00", "12345", "Rivera"),
                ("P2", "20.00", "12345", "Rivera"),
            ]);
            c.key(Key::Char('3'));
        }),
        ("posted", |c| {
            *c = Console::after_intake(&[("P1", "50.00", "12345", "Rivera")]);
            c.key(Key::Char('3'));
            c.enter();
            c.enter();
        }),
        ("statement_find", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('5'));
            c.key(Key::Char('s'));
            c.typed("rivera");
        }),
        ("waivers_empty", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('7'));
        }),
        ("signed_out", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('9'));
        }),
        ("review_queue", |c| {
            held_deposits(c);
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('8'));
        }),
        ("review_reason", |c| {
            held_deposits(c);
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('8'));
            c.key(Key::Down);
            c.key(Key::Char('x'));
        }),
        ("review_confirm", |c| {
            held_deposits(c);
            c.sign_in(crate::support::SUPERVISOR, "supervisor-pass");
            c.key(Key::Char('8'));
            c.key(Key::Char('a'));
            c.typed("called the sender back");
            c.enter();
        }),
        ("locked", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.t += std::time::Duration::from_secs(901);
            c.send(Msg::Tick);
            c.typed("abc");
        }),
    ]
}

/// Offender 00054321 on the fee desk, three months in arrears.
fn open_account(c: &mut Console) {
    c.place_offender(&lockbox::domain::DocNumber::parse("54321").expect("doc"));
    c.key(Key::Char('4'));
    c.typed("54321");
    c.enter();
}

fn fee_account(c: &mut Console) {
    c.sign_in(CLERK, "clerk-pass");
    open_account(c);
}

/// A waiver request a clerk sent for offender 00054321.
/// Electronic deposits held for review: one waiting four business days, one for an inmate not
/// on file from a sender with two deposits in the window.
fn held_deposits(c: &mut Console) {
    let file = "id,received_at,channel,doc,sender_name,sender_address,amount,card\n\
        PX-1001,2026-11-10T10:00:00-06:00,cash,00012345,Luis Soto,\"2 Oak St, Columbia, MO 65201\",1500.00,\n\
        PX-1002,2026-11-13T09:30:00-06:00,card,00012345,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",60.00,fp-q\n\
        PX-1003,2026-11-16T08:00:00-06:00,card,00099999,Carmen Rivera,\"1 Main St, Jefferson City, MO 65101\",20.00,fp-q\n";
    let lines = lockbox::domain::parse_processor_file(file).expect("well formed");
    c.worker
        .ledger
        .import_electronic(
            &lines,
            crate::support::at(crate::support::monday(), 8),
            CLERK,
        )
        .expect("imported");
}

fn waiting_request(c: &mut Console) {
    use lockbox::domain::{DocNumber, Employment, Income, Money};
    let doc = DocNumber::parse("54321").expect("doc");
    c.place_offender(&doc);
    let now = crate::support::at(crate::support::monday(), 9);
    c.worker
        .ledger
        .request_waiver(
            &lockbox::store::WaiverRequest {
                doc,
                effective: crate::support::day(2026, 12, 1),
                expires: crate::support::day(2027, 2, 28),
                amount: Money::from_cents(3_000),
                persons: 2,
                income: Income::Monthly(Money::from_cents(95_000)),
                employment: Employment::Employed,
                backdate_reason: None,
            },
            now,
            CLERK,
        )
        .expect("request");
}

/// Every screen in English and in Spanish (the language the console is in when the screen
/// shows, as L on the home screen sets it), at 80x24 and 120x40.
#[test]
fn every_console_screen_in_both_languages_at_both_sizes() {
    for (name, reach) in screens() {
        let mut c = Console::new();
        reach(&mut c);
        for lang in [Language::En, Language::Es] {
            c.model.lang = lang;
            let suffix = match lang {
                Language::En => "",
                Language::Es => "_es",
            };
            for (w, h) in [(80, 24), (120, 40)] {
                let shown = text(&c, w, h);
                assert!(!shown.contains('\u{1b}'));
                insta::assert_snapshot!(format!("clerk_{name}{suffix}_{w}x{h}"), shown);
            }
        }
    }
}

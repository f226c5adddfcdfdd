//! Every clerk console screen as a clerk sees it, at 80x24 and 120x40.

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
            c.typed("USPS");
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
            c.key(Key::Char('r'));
            c.typed("called the sender");
        }),
        ("posting_confirm", |c| {
            *c = Console::after_intake(&[("P1", "50.00", "12345", "Rivera")]);
            c.key(Key::Char('3'));
            c.enter();
        }),
        ("posting_run", |c| {
            *c = Console::after_intake(&[("P1", "50.00", "12345", "Rivera")]);
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
            c.typed("12");
            c.enter();
        }),
        ("reports", |c| {
            *c = Console::after_intake(&[("Q1", "50.00", "12345", "Rivera")]);
            c.key(Key::Char('5'));
        }),
        ("reprint_confirm", |c| {
            c.sign_in(CLERK, "clerk-pass");
            c.key(Key::Char('6'));
            c.typed("7");
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

#[test]
fn every_console_screen_at_both_sizes() {
    for (name, reach) in screens() {
        let mut c = Console::new();
        reach(&mut c);
        for (w, h) in [(80, 24), (120, 40)] {
            let shown = text(&c, w, h);
            assert!(!shown.contains('\u{1b}'));
            insta::assert_snapshot!(format!("clerk_{name}_{w}x{h}"), shown);
        }
    }
}

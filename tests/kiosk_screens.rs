//! Every kiosk screen as a person sees it, in English and Spanish, at 80x24 and 120x40.

use lockbox::domain::Language;
use lockbox::print::PrinterState;
use lockbox::ui::kiosk::{self, Key, Msg};

use crate::kiosk::Kiosk;

fn screen_text(k: &Kiosk, width: u16, height: u16) -> String {
    crate::support::draw_text(width, height, |f| {
        kiosk::view(&k.model, f);
    })
}

/// How to reach a screen from a new kiosk.
type Reach = fn(&mut Kiosk);

/// Each screen: its name and how to get there.
fn screens() -> Vec<(&'static str, Reach)> {
    vec![
        ("welcome", |_| {}),
        ("welcome_printer_out", |k| {
            *k.printer.state.lock().expect("state") = Some(PrinterState::PaperOut);
            k.send(Msg::Printer(PrinterState::PaperOut));
            k.enter();
        }),
        ("doc_number", |k| {
            k.enter();
            k.typed("12345");
        }),
        ("last_name", |k| {
            k.enter();
            k.typed("12345");
            k.enter();
            k.typed("Riv");
            k.key(Key::Up);
            k.key(Key::Left);
        }),
        ("name_mismatch", |k| {
            k.enter();
            k.typed("12345");
            k.enter();
            k.typed("Smith");
            k.enter();
        }),
        ("confirm_inmate", |k| {
            k.enter();
            k.typed("12345");
            k.enter();
            k.typed("Rivera");
            k.enter();
        }),
        ("sender_name", |k| {
            k.deposit_to_review();
            k.model.screen = lockbox::ui::kiosk::Screen::SenderName;
        }),
        ("amount_over_limit", |k| {
            k.deposit_to_review();
            k.key(Key::Right);
            k.enter();
            k.typed("1200");
            k.enter();
        }),
        ("review", |k| {
            k.deposit_to_review();
            k.key(Key::Right);
            k.enter();
            k.typed("25.50");
            k.enter();
        }),
        ("printing", |k| {
            k.deposit_to_review();
            kiosk::update(&mut k.model, Msg::Key(Key::Enter), k.t);
        }),
        ("printed", |k| {
            k.deposit_to_review();
            k.enter();
        }),
        ("pin", |k| {
            k.key(Key::Char('2'));
            k.typed("54321");
            k.enter();
            k.typed("7319");
        }),
        ("pin_refused", |k| {
            k.key(Key::Char('2'));
            k.typed("54321");
            k.enter();
            k.typed("000000");
            k.enter();
        }),
        ("account", |k| {
            k.key(Key::Char('2'));
            k.typed("54321");
            k.enter();
            k.typed("731904");
            k.enter();
        }),
        ("voucher_printed", |k| {
            k.key(Key::Char('2'));
            k.typed("54321");
            k.enter();
            k.typed("731904");
            k.enter();
            k.enter();
        }),
        ("technician", |k| {
            k.key(Key::Technician);
            k.typed("clerk");
            k.enter();
            k.typed("secret");
        }),
        ("welcome_printer_not_connected", |k| {
            *k.printer.state.lock().expect("state") = Some(PrinterState::NotConnected);
            k.send(Msg::Printer(PrinterState::NotConnected));
        }),
        ("sender_name_unprintable", |k| {
            k.deposit_to_review();
            k.model.screen = lockbox::ui::kiosk::Screen::SenderName;
            k.typed(" 李");
        }),
        ("street", |k| {
            k.deposit_to_review();
            k.model.screen = lockbox::ui::kiosk::Screen::Street;
        }),
        ("street_refused", |k| {
            k.deposit_to_review();
            k.model.screen = lockbox::ui::kiosk::Screen::Street;
            k.model.visit.street.clear();
            k.typed("-, ?");
            k.enter();
        }),
        ("city_line", |k| {
            k.deposit_to_review();
            k.model.screen = lockbox::ui::kiosk::Screen::CityLine;
        }),
        ("city_line_refused", |k| {
            k.deposit_to_review();
            k.model.screen = lockbox::ui::kiosk::Screen::CityLine;
            k.model.visit.city_line.clear();
            k.typed("Jefferson City");
            k.enter();
        }),
        ("amount", |k| {
            k.deposit_to_review();
            k.key(Key::Char('2'));
        }),
        ("amount_correction", |k| {
            k.deposit_to_review();
            k.key(Key::Esc);
        }),
        ("choose_money_order", |k| {
            k.deposit_to_review();
            for amount in ["20.00", "35.75", "999.99"] {
                k.key(Key::Char('2'));
                k.typed(amount);
                k.enter();
            }
            k.key(Key::Char('3'));
        }),
        ("review_long_names", |k| {
            k.walk_to_sender_name();
            k.typed("María de los Ángeles Guadalupe Hernández-Villanueva de la Cruz");
            k.enter();
            k.typed("12345 North Martin Luther King Junior Memorial Boulevard Apartment 1204");
            k.enter();
            k.typed("North Little Rock Township Heights, AR 72114-1234");
            k.enter();
            for amount in ["50.00", "999.99", "12.34", "100.00", "5.00", "75.25"] {
                if amount != "50.00" {
                    k.key(Key::Char('2'));
                }
                k.typed(amount);
                k.enter();
            }
        }),
        ("review_start_over_asks", |k| {
            k.deposit_to_review();
            k.key(Key::Char('4'));
        }),
        ("review_printer_stopped", |k| {
            k.deposit_to_review();
            *k.printer.state.lock().expect("state") = Some(PrinterState::CoverOpen);
            k.enter();
        }),
        ("printed_at_the_clerk", |k| {
            k.deposit_to_review();
            k.key(Key::Char('2'));
            k.typed("25.00");
            k.enter();
            *k.printer.paper_for.lock().expect("paper") = Some(2);
            k.enter();
        }),
        ("printer_back", |k| {
            k.deposit_to_review();
            *k.printer.paper_for.lock().expect("paper") = Some(0);
            k.enter();
            *k.printer.paper_for.lock().expect("paper") = None;
            *k.printer.state.lock().expect("state") = None;
            k.wait(11);
        }),
        ("idle_warning", |k| {
            k.enter();
            k.typed("123");
            k.wait(53);
        }),
        // Large print (issue 19): the 0 key at the welcome screen.
        ("large_welcome", |k| {
            k.key(Key::Char('0'));
        }),
        ("large_doc", |k| {
            k.key(Key::Char('0'));
            k.enter();
            k.typed("12345");
        }),
        ("large_last_name", |k| {
            k.key(Key::Char('0'));
            k.enter();
            k.typed("12345");
            k.enter();
            k.typed("Rivera");
        }),
        ("large_pin", |k| {
            k.key(Key::Char('0'));
            k.key(Key::Char('2'));
            k.typed("54321");
            k.enter();
            k.typed("7319");
        }),
        ("large_review", |k| {
            k.key(Key::Char('0'));
            k.deposit_to_review();
            k.key(Key::Char('2'));
            k.typed("25.50");
            k.enter();
        }),
    ]
}

#[test]
fn every_screen_in_both_languages_at_both_sizes() {
    for (name, reach) in screens() {
        for language in [Language::En, Language::Es] {
            let mut k = Kiosk::new();
            k.model.language = language;
            reach(&mut k);
            k.model.language = language;
            for (w, h) in [(80, 24), (120, 40)] {
                let text = screen_text(&k, w, h);
                assert!(
                    !text.contains('\u{1b}'),
                    "{name}: no escape reaches the screen"
                );
                insta::assert_snapshot!(format!("kiosk_{name}_{}_{w}x{h}", language.code()), text);
            }
        }
    }
}

/// Each demo offender's situation, as the fee screen says it (the demo's DOC numbers).
#[test]
fn every_offenders_situation_in_both_languages_at_both_sizes() {
    for (doc, _) in lockbox::app::demo_fees::DEMO_OFFENDERS {
        for language in [Language::En, Language::Es] {
            let mut k = crate::kiosk::demo_kiosk();
            k.model.language = language;
            k.open_account_of(doc);
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(
                    format!("kiosk_account_{doc}_{}_{w}x{h}", language.code()),
                    screen_text(&k, w, h)
                );
            }
        }
    }
}

#[test]
fn below_80_by_24_the_kiosk_says_the_screen_is_too_small() {
    let k = Kiosk::new();
    let text = screen_text(&k, 79, 24);
    assert!(text.contains("Screen too small"), "{text}");
    let text = screen_text(&k, 80, 23);
    assert!(text.contains("Screen too small"), "{text}");
    insta::assert_snapshot!("kiosk_too_small_60x20", screen_text(&k, 60, 20));
}

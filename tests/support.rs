//! Shared helpers: a ledger with two users and a few people, and fixed times.

use chrono::{NaiveDate, NaiveDateTime};
use lockbox::domain::{Instrument, IntakeRequest, IntakeSource, ObligationKind, SlipRequest};
use lockbox::store::{Ledger, NewPerson, Role};

pub const CLERK: &str = "clerk";
pub const SUPERVISOR: &str = "supervisor";

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn at(d: NaiveDate, h: u32) -> NaiveDateTime {
    d.and_hms_opt(h, 0, 0).expect("valid test time")
}

/// Monday 2026-11-16, a business day.
pub fn monday() -> NaiveDate {
    day(2026, 11, 16)
}

/// A ledger with a clerk, a supervisor, Ana Rivera (00012345, restitution $500 at 20 %)
/// and Ben Okafor (00000777, no obligations).
pub fn ledger() -> Ledger {
    let mut l = Ledger::open_in_memory().expect("ledger opens");
    seed(&mut l);
    l
}

pub fn seed(l: &mut Ledger) {
    let t = at(day(2026, 11, 1), 8);
    l.add_user(CLERK, Role::Clerk, t, "test").expect("clerk");
    l.add_user(SUPERVISOR, Role::Supervisor, t, "test")
        .expect("supervisor");
    for (doc, last, first) in [("00012345", "Rivera", "Ana"), ("777", "Okafor", "Ben")] {
        l.add_person(
            &NewPerson {
                doc: doc.into(),
                last_name: last.into(),
                first_name: first.into(),
                facility: "Algoa Correctional Center".into(),
                birth_date: None,
                language: Default::default(),
            },
            t,
            "test",
        )
        .expect("person");
    }
    l.add_obligation(
        "12345",
        ObligationKind::Restitution,
        "500.00",
        None,
        t,
        "test",
    )
    .expect("obligation");
}

pub fn slip(doc: &str, name: &str, amount: &str) -> SlipRequest {
    SlipRequest {
        doc: doc.into(),
        inmate_name: name.into(),
        sender_name: "Carmen Rivera".into(),
        sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
        amount: amount.into(),
        language: Default::default(),
        kiosk_id: "lobby-1".into(),
    }
}

pub fn by_hand(serial: &str, amount: &str, doc: &str, name: &str) -> IntakeRequest {
    IntakeRequest {
        instrument: Instrument::MoneyOrder,
        issuer: "USPS".into(),
        serial: serial.into(),
        amount: amount.into(),
        issued_on: day(2026, 10, 1),
        source: IntakeSource::ByHand {
            doc: doc.into(),
            inmate_name: name.into(),
            sender_name: "Carmen Rivera".into(),
            sender_address: "12 Elm St, Jefferson City, MO 65101".into(),
        },
    }
}

pub fn with_slip(serial: &str, amount: &str, slip_number: &str) -> IntakeRequest {
    IntakeRequest {
        source: IntakeSource::Slip(slip_number.into()),
        ..by_hand(serial, amount, "", "")
    }
}

/// What a screen shows, drawn at `width` x `height`: one line per row, trailing spaces cut.
pub fn draw_text(width: u16, height: u16, draw: impl FnOnce(&mut ratatui::Frame<'_>)) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal.draw(draw).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

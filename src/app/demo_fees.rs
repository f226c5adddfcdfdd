//! The demo's offenders under supervision: one known offender two months behind, one in
//! each exemption, one with a waiver in force, an absconder and a closed case. Dates are
//! counted back from the demo's today, so the story holds whenever the demo is built.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::command::CommandError;
use crate::domain::month::{first_of_month, minus_days, plus_days};
use crate::domain::{
    BusinessCalendar, CaseEvent, DatedEvent, DocNumber, FeeAccount, FeeInstrument, Pin, Program,
    Supervision, SupervisionCase, FEE_DEFAULT,
};
use crate::store::{CaseLine, ImportError, Ledger, PinKey};
use crate::strings;

/// The offender every demo holds: on probation for more than a year, two months behind.
pub const DEMO_OFFENDER_DOC: &str = "00054321";
pub const DEMO_OFFENDER_NAME: &str = "Webb, Marcus";
/// Every demo offender's kiosk PIN.
pub const DEMO_PIN: &str = "731904";

/// The demo's offenders, for the README and the screens: DOC number and what they show.
pub const DEMO_OFFENDERS: &[(&str, &str)] = &[
    (DEMO_OFFENDER_DOC, "probation, two months in arrears"),
    (
        "00054322",
        "in a community release center (program exemption)",
    ),
    (
        "00054323",
        "confined for more than 30 days (confinement exemption)",
    ),
    ("00054324", "transferred to another state (interstate)"),
    ("00054325", "drug court (exempt case type)"),
    ("00054326", "waiver in force, paid up"),
    ("00054327", "absconded, three or more months behind"),
    ("00054328", "case closed, paid up"),
];

fn months_ago(today: NaiveDate, months: u32, day: u32) -> NaiveDate {
    let first = first_of_month(today)
        .checked_sub_months(Months::new(months))
        .unwrap_or(today);
    first.with_day(day).unwrap_or(first)
}

fn placed(doc: &str, name: &str, supervision: Supervision, on: NaiveDate) -> (String, DatedEvent) {
    (
        doc.to_string(),
        DatedEvent {
            date: on,
            event: CaseEvent::Placed {
                name: name.to_string(),
                supervision,
                fee: FEE_DEFAULT,
            },
        },
    )
}

fn event(doc: &str, date: NaiveDate, event: CaseEvent) -> (String, DatedEvent) {
    (doc.to_string(), DatedEvent { date, event })
}

/// Payments, one per month on its 10th working-day-or-later, for every assessed month
/// that is delinquent as of `today`, leaving the newest `leave_unpaid` of them unpaid.
fn pay_up(
    case: &mut SupervisionCase,
    today: NaiveDate,
    leave_unpaid: usize,
    calendar: &BusinessCalendar,
    out: &mut Vec<(String, DatedEvent)>,
) {
    let account = FeeAccount::compute(case, today, calendar);
    let owing: Vec<_> = account
        .months
        .iter()
        .filter(|m| m.delinquent)
        .copied()
        .collect();
    let pay = owing.len().saturating_sub(leave_unpaid);
    for m in owing.iter().take(pay) {
        let day = calendar.business_day_on_or_after(plus_days(m.month, 9));
        let e = DatedEvent {
            date: day,
            event: CaseEvent::Payment {
                amount: m.unpaid(),
                instrument: FeeInstrument::MoneyOrder,
            },
        };
        if case.add_event(e.clone(), today, calendar).is_ok() {
            out.push((case.doc.to_string(), e));
        }
    }
}

/// Adds the demo's supervision cases in one all-or-nothing import.
pub fn add_cases(ledger: &mut Ledger, now: NaiveDateTime) -> Result<(), CommandError> {
    let today = now.date();
    let calendar = ledger.calendar()?;
    let mut lines: Vec<(String, DatedEvent)> = Vec::new();
    let with_payments = |doc: &str,
                         name: &str,
                         supervision: Supervision,
                         on: NaiveDate,
                         events: Vec<(NaiveDate, CaseEvent)>,
                         leave_unpaid: usize,
                         lines: &mut Vec<(String, DatedEvent)>|
     -> Result<(), CommandError> {
        let doc_number = DocNumber::parse(doc)?;
        let mut case =
            SupervisionCase::place(doc_number, name.to_string(), supervision, FEE_DEFAULT, on)?;
        lines.push(placed(doc, name, supervision, on));
        for (date, e) in events {
            case.add_event(
                DatedEvent {
                    date,
                    event: e.clone(),
                },
                today,
                &calendar,
            )?;
            lines.push(event(doc, date, e));
        }
        pay_up(&mut case, today, leave_unpaid, &calendar, lines);
        Ok(())
    };
    with_payments(
        DEMO_OFFENDER_DOC,
        DEMO_OFFENDER_NAME,
        Supervision::Probation,
        months_ago(today, 14, 9),
        vec![],
        2,
        &mut lines,
    )?;
    with_payments(
        "00054322",
        "Okafor, Grace",
        Supervision::Parole,
        months_ago(today, 8, 3),
        vec![(
            months_ago(today, 3, 20),
            CaseEvent::ProgramStart(Program::Crc),
        )],
        0,
        &mut lines,
    )?;
    with_payments(
        "00054323",
        "Lindqvist, Erik",
        Supervision::Probation,
        months_ago(today, 10, 12),
        vec![(minus_days(today, 70), CaseEvent::Confined)],
        0,
        &mut lines,
    )?;
    with_payments(
        "00054324",
        "Tran, Linh",
        Supervision::ConditionalRelease,
        months_ago(today, 12, 5),
        vec![(months_ago(today, 2, 14), CaseEvent::InterstateDeparted)],
        0,
        &mut lines,
    )?;
    with_payments(
        "00054325",
        "Baker, Hollis",
        Supervision::DrugCourt,
        months_ago(today, 6, 22),
        vec![],
        0,
        &mut lines,
    )?;
    let waiver_from = months_ago(today, 1, 1);
    with_payments(
        "00054326",
        "Moreno, Lucía",
        Supervision::Probation,
        months_ago(today, 9, 17),
        vec![(
            waiver_from,
            CaseEvent::Waiver {
                to: plus_days(waiver_from, 89),
                amount: FEE_DEFAULT,
            },
        )],
        0,
        &mut lines,
    )?;
    with_payments(
        "00054327",
        "Price, Dale",
        Supervision::Parole,
        months_ago(today, 9, 2),
        vec![(months_ago(today, 4, 8), CaseEvent::Absconded)],
        4,
        &mut lines,
    )?;
    with_payments(
        "00054328",
        "Nakamura, Kenji",
        Supervision::Probation,
        months_ago(today, 15, 11),
        vec![(months_ago(today, 2, 25), CaseEvent::Closed)],
        0,
        &mut lines,
    )?;
    let lines: Vec<CaseLine> = lines
        .into_iter()
        .enumerate()
        .map(|(i, (doc, event))| {
            Ok(CaseLine {
                line: i + 1,
                id: None,
                doc: DocNumber::parse(&doc)?,
                event,
            })
        })
        .collect::<Result<_, crate::domain::Rejection>>()?;
    match ledger.import_case_events(&lines, now, "demo") {
        Ok(_) => Ok(()),
        Err(ImportError::BadLines(bad)) => Err(CommandError::Failed(format!(
            "the demo's cases were refused: {}",
            bad.iter()
                .map(|(n, r)| format!(
                    "line {n}: {}",
                    strings::rejection(crate::domain::Language::En, *r)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        Err(ImportError::Ledger(e)) => Err(e.into()),
    }
}

/// The demo users' passwords (the kiosk's demo line says how to leave with them).
pub const DEMO_PASSWORDS: &[(&str, &str)] =
    &[("clerk", "demo-clerk"), ("supervisor", "demo-supervisor")];

/// Gives every demo offender the demo PIN and the demo users their passwords, hashed with
/// this ledger's key.
pub fn set_pins(ledger: &mut Ledger, key: &PinKey, now: NaiveDateTime) -> Result<(), CommandError> {
    for (user, password) in DEMO_PASSWORDS {
        ledger.set_password(user, password, key, now, "demo")?;
    }
    let pin = Pin::parse(DEMO_PIN).map_err(crate::domain::Rejection::Pin)?;
    for (doc, _) in DEMO_OFFENDERS {
        ledger.set_pin(
            &DocNumber::parse(doc)?,
            &pin,
            key,
            now,
            super::demo::DEMO_SUPERVISOR,
        )?;
    }
    Ok(())
}

//! The intervention fee (14 CSR 80-5 and DOMAIN.md's decisions): one line per case, each
//! naming the rule it checks.

use chrono::NaiveDate;
use lockbox::domain::{
    check_waiver_eligibility, BusinessCalendar, CaseEvent, DatedEvent, DocNumber, Employment,
    FeeAccount, FeeInstrument, FeeQuote, Income, Money, Program, Rejection, Supervision,
    SupervisionCase,
};

use crate::support::day;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn m(text: &str) -> Money {
    Money::parse_amount(text).expect("test amount")
}

/// Business days with two of Missouri's 2026 holidays (New Year's Day, Independence Day
/// observed on Friday July 3).
fn calendar() -> BusinessCalendar {
    BusinessCalendar::new([day(2026, 1, 1), day(2026, 7, 3)])
}

fn pay(amount: &str) -> CaseEvent {
    CaseEvent::Payment {
        amount: m(amount),
        instrument: FeeInstrument::MoneyOrder,
    }
}

fn waiver(to: &str, amount: &str) -> CaseEvent {
    CaseEvent::Waiver {
        to: d(to),
        amount: m(amount),
    }
}

fn open(supervision: Supervision, placed: &str) -> SupervisionCase {
    SupervisionCase::place(
        DocNumber::parse("1234").expect("doc"),
        "Test, Tess".into(),
        supervision,
        m("30.00"),
        d(placed),
    )
    .expect("placement")
}

/// A case with `events` added through the rules (each must be accepted).
#[track_caller]
fn build(supervision: Supervision, placed: &str, events: &[(&str, CaseEvent)]) -> SupervisionCase {
    let mut c = open(supervision, placed);
    for (date, event) in events {
        if let Err(r) = c.add_event(
            DatedEvent {
                date: d(date),
                event: event.clone(),
            },
            d("2030-01-01"),
            &calendar(),
        ) {
            panic!("event {date} {event:?} refused: {r:?}");
        }
    }
    c
}

/// Each month as `MM:assessed[-waived][+paid][!]`, `!` when delinquent, or `MM:why` when
/// exempt.
fn months(a: &FeeAccount) -> String {
    a.months
        .iter()
        .map(|x| {
            let mm = x.month.format("%m");
            match x.exempt {
                Some(e) => format!("{mm}:{}", e.code()),
                None => {
                    let mut s = format!("{mm}:{}", x.assessed);
                    if x.waived.is_positive() {
                        s.push_str(&format!("-{}", x.waived));
                    }
                    if x.paid.is_positive() {
                        s.push_str(&format!("+{}", x.paid));
                    }
                    if x.delinquent {
                        s.push('!');
                    }
                    s
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[track_caller]
fn case_typed(
    rule: &str,
    supervision: Supervision,
    placed: &str,
    events: &[(&str, CaseEvent)],
    as_of: &str,
    expected: &str,
) {
    let c = build(supervision, placed, events);
    let a = FeeAccount::compute(&c, d(as_of), &calendar());
    assert_eq!(months(&a), expected, "rule: {rule}");
}

#[track_caller]
fn case(rule: &str, placed: &str, events: &[(&str, CaseEvent)], as_of: &str, expected: &str) {
    case_typed(
        rule,
        Supervision::Probation,
        placed,
        events,
        as_of,
        expected,
    );
}

#[test]
fn months_assessed_exempt_waived_paid_and_delinquent() {
    use CaseEvent::*;
    let crc = || ProgramStart(Program::Crc);
    case(
        "first due: placed on the 1st, the next month is the first due",
        "2026-03-01",
        &[],
        "2026-04-10",
        "04:30.00",
    );
    case(
        "first due: placed on the last day of a month, the next month is due",
        "2026-03-31",
        &[],
        "2026-04-10",
        "04:30.00",
    );
    case(
        "first due: nothing is due in the month of placement",
        "2026-03-31",
        &[],
        "2026-03-31",
        "",
    );
    case(
        "delinquent: unpaid on the 15th is not yet delinquent",
        "2026-03-10",
        &[],
        "2026-04-15",
        "04:30.00",
    );
    case(
        "delinquent: unpaid from the 16th on is delinquent",
        "2026-03-10",
        &[],
        "2026-04-16",
        "04:30.00!",
    );
    case(
        "delinquent: a month fully paid is never delinquent",
        "2026-03-10",
        &[("2026-04-02", pay("30.00"))],
        "2026-05-20",
        "04:30.00+30.00 05:30.00!",
    );
    case(
        "payments: applied to the oldest month first",
        "2026-03-10",
        &[("2026-05-04", pay("45.00"))],
        "2026-05-20",
        "04:30.00+30.00 05:30.00+15.00!",
    );
    case(
        "program: a month whose 1st lies in [start, release] is exempt",
        "2026-01-10",
        &[("2026-03-15", crc()), ("2026-05-20", ProgramEnd)],
        "2026-06-20",
        "02:30.00! 03:30.00! 04:program 05:program 06:30.00!",
    );
    case(
        "program: starting on the 1st exempts that month",
        "2026-01-10",
        &[("2026-03-01", crc())],
        "2026-03-20",
        "02:30.00! 03:program",
    );
    case(
        "program: ending on the 1st still exempts that month; fees resume the next 1st",
        "2026-01-10",
        &[("2026-02-20", crc()), ("2026-04-01", ProgramEnd)],
        "2026-05-20",
        "02:30.00! 03:program 04:program 05:30.00!",
    );
    case(
        "program: an open program runs on",
        "2026-01-10",
        &[("2026-02-20", ProgramStart(Program::Emp))],
        "2026-05-20",
        "02:30.00! 03:program 04:program 05:program",
    );
    case(
        "confinement: 29 days reaches no 31st day, nothing suspended",
        "2026-01-10",
        &[("2026-03-03", Confined), ("2026-03-31", Released)],
        "2026-04-20",
        "02:30.00! 03:30.00! 04:30.00!",
    );
    case(
        "confinement: 30 days reaches no 31st day, nothing suspended",
        "2026-01-10",
        &[("2026-03-03", Confined), ("2026-04-01", Released)],
        "2026-04-20",
        "02:30.00! 03:30.00! 04:30.00!",
    );
    case(
        "confinement: 31 days, the 1st on the 31st day is suspended",
        "2026-01-10",
        &[("2026-03-02", Confined), ("2026-04-01", Released)],
        "2026-05-20",
        "02:30.00! 03:30.00! 04:confinement 05:30.00!",
    );
    case(
        "confinement: starting on the 1st, that 1st is day 1 and is assessed",
        "2026-01-10",
        &[("2026-03-01", Confined), ("2026-05-10", Released)],
        "2026-06-20",
        "02:30.00! 03:30.00! 04:confinement 05:confinement 06:30.00!",
    );
    case(
        "confinement: released on the 1st, that month is still suspended",
        "2026-01-10",
        &[("2026-01-20", Confined), ("2026-04-01", Released)],
        "2026-05-20",
        "02:30.00! 03:confinement 04:confinement 05:30.00!",
    );
    case(
        "confinement: without a release date it runs on",
        "2026-01-10",
        &[("2026-02-10", Confined)],
        "2026-05-20",
        "02:30.00! 03:30.00! 04:confinement 05:confinement",
    );
    case(
        "interstate: departing on the 1st, that month is still assessed",
        "2026-01-10",
        &[("2026-03-01", InterstateDeparted)],
        "2026-05-20",
        "02:30.00! 03:30.00! 04:interstate 05:interstate",
    );
    case(
        "interstate: no month whose 1st falls after departure",
        "2026-01-10",
        &[("2026-03-02", InterstateDeparted)],
        "2026-05-20",
        "02:30.00! 03:30.00! 04:interstate 05:interstate",
    );
    case(
        "closing month: closed on the 1st, that month is assessed and none after",
        "2026-01-10",
        &[("2026-04-01", Closed)],
        "2026-06-20",
        "02:30.00! 03:30.00! 04:30.00!",
    );
    case(
        "closing month: closed late in the month, that month is assessed",
        "2026-01-10",
        &[("2026-04-30", Closed)],
        "2026-06-20",
        "02:30.00! 03:30.00! 04:30.00!",
    );
    case(
        "closing month: the final month is delinquent from its 16th too",
        "2026-01-10",
        &[
            ("2026-02-03", pay("30.00")),
            ("2026-03-02", pay("30.00")),
            ("2026-04-10", Closed),
        ],
        "2026-04-16",
        "02:30.00+30.00 03:30.00+30.00 04:30.00!",
    );
    case(
        "absconding: an absconder keeps accruing fees until the case is closed",
        "2026-01-10",
        &[("2026-02-20", Absconded)],
        "2026-05-20",
        "02:30.00! 03:30.00! 04:30.00! 05:30.00!",
    );
    case(
        "absconding: closing stops the accrual",
        "2026-01-10",
        &[("2026-02-20", Absconded), ("2026-03-20", Closed)],
        "2026-05-20",
        "02:30.00! 03:30.00!",
    );
    case(
        "waiver: exactly 90 days covers the months whose 1st lies within it",
        "2026-01-10",
        &[("2026-02-01", waiver("2026-05-01", "30.00"))],
        "2026-06-20",
        "02:30.00-30.00 03:30.00-30.00 04:30.00-30.00 05:30.00-30.00 06:30.00!",
    );
    case(
        "waiver: a partial waiver leaves the rest owing",
        "2026-01-10",
        &[("2026-02-01", waiver("2026-04-01", "20.00"))],
        "2026-03-20",
        "02:30.00-20.00! 03:30.00-20.00!",
    );
    case(
        "waiver: rescinding stops it covering months from that date on",
        "2026-01-10",
        &[
            ("2026-02-01", waiver("2026-04-30", "30.00")),
            ("2026-03-01", WaiverRescinded),
        ],
        "2026-04-20",
        "02:30.00-30.00 03:30.00! 04:30.00!",
    );
    case(
        "waiver: one starting on the 2nd does not cover that month",
        "2026-01-10",
        &[("2026-02-02", waiver("2026-04-30", "30.00"))],
        "2026-03-20",
        "02:30.00! 03:30.00-30.00",
    );
    case(
        "exemption order: interstate is shown before program",
        "2026-01-10",
        &[("2026-02-10", crc()), ("2026-02-12", InterstateDeparted)],
        "2026-03-20",
        "02:30.00! 03:interstate",
    );
    case(
        "exemption order: program is shown before confinement",
        "2026-01-10",
        &[("2026-01-20", crc()), ("2026-01-20", Confined)],
        "2026-03-20",
        "02:program 03:program",
    );
    case(
        "as of: events after the as-of date do not count",
        "2026-01-10",
        &[("2026-03-20", Closed)],
        "2026-03-10",
        "02:30.00! 03:30.00",
    );
    case_typed(
        "case type: pre-trial is exempt",
        Supervision::Pretrial,
        "2026-01-10",
        &[],
        "2026-03-20",
        "02:case_type 03:case_type",
    );
    case_typed(
        "case type: drug court is exempt",
        Supervision::DrugCourt,
        "2026-01-10",
        &[],
        "2026-02-20",
        "02:case_type",
    );
    case_typed(
        "case type: deferred prosecution is exempt",
        Supervision::DeferredProsecution,
        "2026-01-10",
        &[],
        "2026-02-20",
        "02:case_type",
    );
    case_typed(
        "case type: parole pays",
        Supervision::Parole,
        "2026-01-10",
        &[],
        "2026-02-20",
        "02:30.00!",
    );
    case_typed(
        "case type: conditional release pays",
        Supervision::ConditionalRelease,
        "2026-01-10",
        &[],
        "2026-02-20",
        "02:30.00!",
    );
    case_typed(
        "exemption order: case type is shown before interstate",
        Supervision::DrugCourt,
        "2026-01-10",
        &[("2026-02-10", InterstateDeparted)],
        "2026-03-20",
        "02:case_type 03:case_type",
    );
}

#[track_caller]
fn refused(
    rule: &str,
    placed: &str,
    before: &[(&str, CaseEvent)],
    bad: (&str, CaseEvent),
    expected: Rejection,
) {
    let mut c = build(Supervision::Probation, placed, before);
    let kept = c.clone();
    let got = c.add_event(
        DatedEvent {
            date: d(bad.0),
            event: bad.1,
        },
        d("2026-12-31"),
        &calendar(),
    );
    assert_eq!(got, Err(expected), "rule: {rule}");
    assert_eq!(
        c, kept,
        "rule: {rule}: a refused event leaves the case as it was"
    );
}

#[test]
fn events_the_rules_refuse() {
    use CaseEvent::*;
    refused(
        "waiver: 91 days counting both ends is refused",
        "2026-01-10",
        &[],
        ("2026-02-01", waiver("2026-05-02", "30.00")),
        Rejection::WaiverOver90Days,
    );
    refused(
        "waiver: January 1 to April 1 is 91 days",
        "2025-12-10",
        &[],
        ("2026-01-01", waiver("2026-04-01", "30.00")),
        Rejection::WaiverOver90Days,
    );
    refused(
        "waiver: cannot end before it starts",
        "2026-01-10",
        &[],
        ("2026-02-01", waiver("2026-01-31", "30.00")),
        Rejection::WaiverEndsBeforeStart,
    );
    refused(
        "waiver: cannot waive more than the fee",
        "2026-01-10",
        &[],
        ("2026-02-01", waiver("2026-03-01", "30.01")),
        Rejection::WaiverOverFee,
    );
    refused(
        "waiver: rescinding needs one in force",
        "2026-01-10",
        &[],
        ("2026-02-01", WaiverRescinded),
        Rejection::NoWaiverInForce,
    );
    refused(
        "no advance payments: a payment on the last day of the prior month",
        "2026-01-10",
        &[("2026-02-02", pay("30.00"))],
        ("2026-02-28", pay("30.00")),
        Rejection::PaymentInAdvance {
            opens_on: d("2026-03-02"),
        },
    );
    refused(
        "no advance payments: before the first working day (Sunday the 1st)",
        "2026-09-10",
        &[("2026-10-01", pay("30.00"))],
        ("2026-11-01", pay("30.00")),
        Rejection::PaymentInAdvance {
            opens_on: d("2026-11-02"),
        },
    );
    refused(
        "no advance payments: the 1st is a holiday, the 2nd is the first working day",
        "2025-12-10",
        &[],
        ("2026-01-01", pay("30.00")),
        Rejection::PaymentInAdvance {
            opens_on: d("2026-01-02"),
        },
    );
    refused(
        "no advance payments: more than is owed on the date",
        "2026-01-10",
        &[],
        ("2026-03-05", pay("60.01")),
        Rejection::PaymentOverOwed { owed: m("60.00") },
    );
    refused(
        "no advance payments: nothing is owed before the first due month",
        "2026-01-10",
        &[],
        ("2026-01-20", pay("30.00")),
        Rejection::PaymentInAdvance {
            opens_on: d("2026-02-02"),
        },
    );
    refused(
        "events: none before placement",
        "2026-01-10",
        &[],
        ("2026-01-09", Absconded),
        Rejection::EventBeforePlacement,
    );
    refused(
        "events: none in the future",
        "2026-01-10",
        &[],
        ("2027-01-01", Absconded),
        Rejection::EventInFuture,
    );
    refused(
        "closing: nothing but payments after closing",
        "2026-01-10",
        &[("2026-03-01", Closed)],
        ("2026-03-05", Confined),
        Rejection::CaseClosed,
    );
    refused(
        "program: an end needs a start",
        "2026-01-10",
        &[],
        ("2026-03-05", ProgramEnd),
        Rejection::NotInProgram,
    );
    refused(
        "confinement: a release needs a confinement",
        "2026-01-10",
        &[],
        ("2026-03-05", Released),
        Rejection::NotConfined,
    );
    refused(
        "a backdated waiver that would make a recorded payment an advance payment",
        "2026-01-10",
        &[("2026-02-03", pay("30.00"))],
        ("2026-02-01", waiver("2026-03-31", "30.00")),
        Rejection::PaymentInAdvance {
            opens_on: d("2026-03-02"),
        },
    );
}

#[test]
fn payments_after_closing_pay_the_arrears() {
    let c = build(
        Supervision::Probation,
        "2026-01-10",
        &[
            ("2026-03-10", CaseEvent::Closed),
            ("2026-05-04", pay("60.00")),
        ],
    );
    let a = FeeAccount::compute(&c, d("2026-06-20"), &calendar());
    assert_eq!(months(&a), "02:30.00+30.00 03:30.00+30.00");
    assert_eq!(a.balance, Money::ZERO);
    assert_eq!(a.next_due, None, "a closed case has no next due date");
}

#[test]
fn the_fee_in_force_is_at_most_sixty_dollars() {
    let doc = DocNumber::parse("1").expect("doc");
    let place = |fee: &str| {
        SupervisionCase::place(
            doc.clone(),
            "A".into(),
            Supervision::Parole,
            m(fee),
            d("2026-01-01"),
        )
        .map(|c| c.fee)
    };
    assert_eq!(place("60.00"), Ok(m("60.00")));
    assert_eq!(place("60.01"), Err(Rejection::FeeAboveMaximum));
}

#[test]
fn arrears_violation_reports_next_due_and_reminders() {
    // Placed in January; February and March paid, April to June unpaid.
    let c = build(
        Supervision::Probation,
        "2026-01-10",
        &[("2026-03-02", pay("60.00"))],
    );
    let cal = calendar();
    let at = |date: &str| FeeAccount::compute(&c, d(date), &cal);

    let a = at("2026-05-15");
    assert_eq!(
        (a.months_in_arrears, a.current, a.violation_report_required),
        (1, false, false),
        "one month in arrears: April"
    );
    assert_eq!(a.delinquent_from, Some(d("2026-04-16")));
    assert_eq!(a.next_due, Some(d("2026-06-01")));
    // April became delinquent on Thursday the 16th; ten working days later is the 30th.
    assert_eq!(at("2026-04-20").remind_by, Some(d("2026-04-30")));

    let a = at("2026-06-16");
    assert_eq!(
        (a.months_in_arrears, a.violation_report_required),
        (3, true),
        "three months in arrears require a violation report"
    );
    assert_eq!(a.balance, m("90.00"));
    // The newest non-payment, June, became delinquent on Tuesday the 16th; ten working
    // days later (17, 18, 19, 22, 23, 24, 25, 26, 29, 30) is the 30th.
    assert_eq!(a.remind_by, Some(d("2026-06-30")));
    // Early July: the reminder for June skips the weekend but not a holiday in June.
    let a = at("2026-07-10");
    assert_eq!(
        a.remind_by,
        Some(d("2026-06-30")),
        "July is not yet delinquent"
    );
}

#[test]
fn what_the_kiosk_shows_about_waivers_and_exemptions() {
    let c = build(
        Supervision::Probation,
        "2026-01-10",
        &[("2026-03-01", waiver("2026-05-29", "30.00"))],
    );
    let a = FeeAccount::compute(&c, d("2026-04-10"), &calendar());
    assert_eq!(a.waiver_in_force, Some((m("30.00"), d("2026-05-29"))));
    let c = build(
        Supervision::Probation,
        "2026-01-10",
        &[("2026-03-10", CaseEvent::ProgramStart(Program::Rf))],
    );
    let a = FeeAccount::compute(&c, d("2026-04-10"), &calendar());
    assert_eq!(
        a.exemption_in_force,
        Some(lockbox::domain::Exemption::Program)
    );
    assert_eq!(
        a.next_due, None,
        "an open program exempts the next month too"
    );
}

#[test]
fn card_fee_quote_at_every_tier_boundary() {
    #[track_caller]
    fn quote(amount: &str, instrument: FeeInstrument, fee: &str, total: &str) {
        let q = FeeQuote::new(m(amount), instrument);
        assert_eq!(
            (q.fee.to_string(), q.total.to_string()),
            (fee.into(), total.into()),
            "{amount} by {instrument:?}"
        );
    }
    use FeeInstrument::{Card, Echeck, MoneyOrder};
    quote("0.01", Card, "1.25", "1.26");
    quote("50.00", Card, "1.25", "51.25");
    quote("50.01", Card, "1.75", "51.76");
    quote("75.00", Card, "1.75", "76.75");
    quote("75.01", Card, "2.15", "77.16");
    quote("100.00", Card, "2.15", "102.15");
    quote("100.01", Card, "2.15", "102.16");
    // 2.15 % rounded half-up to the cent: 116.28 × 0.0215 = 2.50002 → 2.50;
    // 130.00 × 0.0215 = 2.795 → 2.80 (half-up); 130.22 × 0.0215 = 2.79973 → 2.80.
    quote("116.28", Card, "2.50", "118.78");
    quote("130.00", Card, "2.80", "132.80");
    quote("130.22", Card, "2.80", "133.02");
    quote("1000.00", Card, "21.50", "1021.50");
    quote("500.00", Echeck, "0.50", "500.50");
    quote("30.00", MoneyOrder, "0.00", "30.00");
}

#[test]
fn waiver_eligibility_by_household_income() {
    #[track_caller]
    fn check(
        persons: u32,
        income: Income,
        employment: Employment,
        eligible: bool,
        threshold: &str,
    ) {
        let e = check_waiver_eligibility(persons, income, employment).expect("checkable");
        assert_eq!(
            (e.eligible, e.threshold.to_string()),
            (eligible, threshold.to_string()),
            "{persons} persons, {income:?}, {employment:?}"
        );
    }
    use Employment::*;
    check(1, Income::Monthly(m("798.00")), Employed, true, "798.00");
    check(1, Income::Monthly(m("798.01")), Employed, false, "798.00");
    check(4, Income::Monthly(m("1613.00")), Employed, true, "1613.00");
    check(8, Income::Monthly(m("2699.00")), Employed, true, "2699.00");
    check(9, Income::Monthly(m("2971.00")), Employed, true, "2971.00");
    check(
        10,
        Income::Monthly(m("3243.01")),
        Employed,
        false,
        "3243.00",
    );
    // $9.50 an hour × 168 = $1,596.00 a month: under the limit for 4, over it for 3.
    check(4, Income::Hourly(m("9.50")), Employed, true, "1613.00");
    check(3, Income::Hourly(m("9.50")), Employed, false, "1341.00");
    check(
        2,
        Income::Monthly(m("0.01")),
        UnemployedCapable,
        false,
        "1069.00",
    );
    check(
        2,
        Income::Monthly(m("0.01")),
        UnemployedIncapable,
        true,
        "1069.00",
    );
    assert!(check_waiver_eligibility(0, Income::Monthly(m("1.00")), Employed).is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn event_strategy() -> impl Strategy<Value = (u32, u8, u32)> {
        // (days after placement, kind, amount in cents)
        (0u32..900, 0u8..10, 1u32..9_000)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn balances_add_up_and_never_go_negative(
            events in proptest::collection::vec(event_strategy(), 0..40),
            as_of_days in 0u32..1_000,
        ) {
            let placed = d("2025-01-17");
            let mut c = open(Supervision::Probation, "2025-01-17");
            let cal = calendar();
            for (after, kind, cents) in events {
                let date = placed + chrono::Days::new(u64::from(after));
                let amount = Money::from_cents(i64::from(cents));
                let event = match kind {
                    0..=3 => CaseEvent::Payment { amount, instrument: FeeInstrument::Card },
                    4 => CaseEvent::ProgramStart(Program::Crc),
                    5 => CaseEvent::ProgramEnd,
                    6 => CaseEvent::Confined,
                    7 => CaseEvent::Released,
                    8 => CaseEvent::Waiver { to: date + chrono::Days::new(u64::from(cents % 120)), amount: Money::from_cents(i64::from(cents % 3_000 + 1)) },
                    _ => CaseEvent::WaiverRescinded,
                };
                // Refused events are simply not recorded.
                let _ = c.add_event(DatedEvent { date, event }, d("2030-01-01"), &cal);
            }
            let as_of = placed + chrono::Days::new(u64::from(as_of_days));
            let a = FeeAccount::compute(&c, as_of, &cal);
            prop_assert_eq!(a.balance.cents(), a.assessed_total.cents() - a.waived_total.cents() - a.paid_total.cents());
            prop_assert!(a.balance.cents() >= 0, "balance {} went negative", a.balance);
            let assessed = a.months.iter().filter(|x| x.assessed.is_positive()).count();
            prop_assert!(a.months_in_arrears as usize <= assessed);
            prop_assert_eq!(a.current, a.months_in_arrears == 0);
            for x in &a.months {
                prop_assert!(x.waived <= x.assessed);
                prop_assert!(x.unpaid().cents() >= 0);
            }
        }
    }
}

#[test]
fn a_waiver_that_has_not_begun_can_be_rescinded_and_does_not_block_closing() {
    use CaseEvent::*;
    // Recorded in March for April to June; rescinded on March 20, before it began.
    case(
        "waiver: rescinding before the effective date voids it",
        "2026-01-10",
        &[
            ("2026-04-01", waiver("2026-06-29", "30.00")),
            ("2026-03-20", WaiverRescinded),
        ],
        "2026-05-20",
        "02:30.00! 03:30.00! 04:30.00! 05:30.00!",
    );
    case(
        "closing: a future waiver does not stop the case from closing",
        "2026-01-10",
        &[
            ("2026-04-01", waiver("2026-06-29", "30.00")),
            ("2026-03-20", Closed),
        ],
        "2026-05-20",
        "02:30.00! 03:30.00!",
    );
    refused(
        "waiver: nothing to rescind when no waiver is in force or coming",
        "2026-01-10",
        &[("2026-02-01", waiver("2026-02-20", "30.00"))],
        ("2026-03-20", WaiverRescinded),
        Rejection::NoWaiverInForce,
    );
}

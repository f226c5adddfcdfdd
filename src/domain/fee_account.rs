use chrono::NaiveDate;

use super::month::{first_of_month, next_month, plus_days};
use super::{BusinessCalendar, CaseEvent, DocNumber, Exemption, Money, SupervisionCase};

/// A month becomes delinquent this many days after its 1st (on the 16th).
const DELINQUENT_AFTER_DAYS: u64 = 15;
/// Confinement suspends the fee from its 31st day.
const CONFINEMENT_SUSPENDS_AFTER_DAYS: u64 = 30;
/// The officer reminds the offender within this many working days of a non-payment.
const REMINDER_WORKING_DAYS: usize = 10;
/// Months in arrears that require a violation report.
pub const VIOLATION_REPORT_MONTHS: u32 = 3;

/// One month of an offender's fee account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeMonth {
    /// The 1st of the month.
    pub month: NaiveDate,
    pub assessed: Money,
    pub waived: Money,
    /// Why the month is not assessed, when it is not.
    pub exempt: Option<Exemption>,
    /// What payments, applied oldest month first, paid of this month.
    pub paid: Money,
    /// Past its 15th and not fully paid.
    pub delinquent: bool,
}

impl FeeMonth {
    /// What is still owed for this month.
    pub fn unpaid(&self) -> Money {
        Money::from_cents(self.assessed.cents() - self.waived.cents() - self.paid.cents())
    }

    /// The first day this month counts as delinquent if unpaid.
    pub fn delinquent_on(&self) -> NaiveDate {
        plus_days(self.month, DELINQUENT_AFTER_DAYS)
    }
}

/// An offender's intervention-fee account as of a date: a pure function of the case, the
/// date and the business calendar (for working days). Only events up to the date count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeAccount {
    pub doc: DocNumber,
    pub as_of: NaiveDate,
    /// Every month from the first due month to the as-of month (or the closing month).
    pub months: Vec<FeeMonth>,
    pub assessed_total: Money,
    pub waived_total: Money,
    pub paid_total: Money,
    /// assessed - waived - paid.
    pub balance: Money,
    pub months_in_arrears: u32,
    pub current: bool,
    pub violation_report_required: bool,
    /// The next 1st on which a fee falls due, if one will (none once the case is closed,
    /// after an interstate departure, for an exempt case type, or while an open program or
    /// confinement exempts it).
    pub next_due: Option<NaiveDate>,
    /// The date the oldest month still owing is (or was) delinquent from.
    pub delinquent_from: Option<NaiveDate>,
    /// The date by which the officer must remind the offender of the newest non-payment:
    /// ten working days after that month became delinquent.
    pub remind_by: Option<NaiveDate>,
    /// The waiver covering the as-of date: amount per month and last day.
    pub waiver_in_force: Option<(Money, NaiveDate)>,
    /// What exempts the offender as of the date, if anything does.
    pub exemption_in_force: Option<Exemption>,
    pub closed_on: Option<NaiveDate>,
    pub absconded: bool,
    /// The last payment up to the date: its date and amount.
    pub last_payment: Option<(NaiveDate, Money)>,
}

/// A date range, both ends included; `to: None` runs on.
#[derive(Clone, Copy)]
struct Span {
    from: NaiveDate,
    to: Option<NaiveDate>,
}

impl Span {
    fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// What the events up to a date say, gathered once.
struct Facts {
    programs: Vec<Span>,
    confinements: Vec<Span>,
    departed: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    absconded: bool,
    waivers: Vec<(Span, i64)>,
    payments: Vec<(NaiveDate, i64)>,
}

impl Facts {
    fn gather(case: &SupervisionCase, as_of: NaiveDate) -> Facts {
        let mut f = Facts {
            programs: Vec::new(),
            confinements: Vec::new(),
            departed: None,
            closed: None,
            absconded: false,
            waivers: Vec::new(),
            payments: Vec::new(),
        };
        let mut pending_void: Option<NaiveDate> = None;
        for e in case.events().iter().take_while(|e| e.date <= as_of) {
            match &e.event {
                CaseEvent::Placed { .. } => {}
                CaseEvent::ProgramStart(_) => f.programs.push(Span {
                    from: e.date,
                    to: None,
                }),
                CaseEvent::ProgramEnd => close_last(&mut f.programs, e.date),
                // Suspended from the 31st day of confinement.
                CaseEvent::Confined => f.confinements.push(Span {
                    from: plus_days(e.date, CONFINEMENT_SUSPENDS_AFTER_DAYS),
                    to: None,
                }),
                CaseEvent::Released => close_last(&mut f.confinements, e.date),
                CaseEvent::InterstateDeparted => {
                    f.departed.get_or_insert(e.date);
                }
                CaseEvent::Absconded => f.absconded = true,
                CaseEvent::Closed => {
                    f.closed.get_or_insert(e.date);
                }
                CaseEvent::Waiver { to, amount } => {
                    // Rescinded before it began: it covers nothing.
                    let to = if pending_void.take_if(|r| *r < e.date).is_some() {
                        super::month::minus_days(e.date, 1)
                    } else {
                        *to
                    };
                    f.waivers.push((
                        Span {
                            from: e.date,
                            to: Some(to),
                        },
                        amount.cents(),
                    ));
                }
                CaseEvent::WaiverRescinded => {
                    let day = e.date;
                    match f.waivers.iter_mut().rev().find(|(s, _)| s.covers(day)) {
                        Some((span, _)) => span.to = Some(super::month::minus_days(day, 1)),
                        // No waiver in force: it rescinds the next one, not yet begun.
                        None => pending_void = Some(day),
                    }
                }
                CaseEvent::Payment { amount, .. } => f.payments.push((e.date, amount.cents())),
            }
        }
        f
    }

    /// Why a day (the 1st of a month) is not assessed, first reason first.
    fn exemption(&self, case: &SupervisionCase, day: NaiveDate) -> Option<Exemption> {
        if case.supervision.is_exempt() {
            Some(Exemption::CaseType)
        } else if self.departed.is_some_and(|d| day > d) {
            Some(Exemption::Interstate)
        } else if self.programs.iter().any(|s| s.covers(day)) {
            Some(Exemption::Program)
        } else if self.confinements.iter().any(|s| s.covers(day)) {
            Some(Exemption::Confinement)
        } else {
            None
        }
    }

    fn waived_cents(&self, day: NaiveDate) -> i64 {
        self.waivers
            .iter()
            .filter(|(s, _)| s.covers(day))
            .map(|(_, cents)| *cents)
            .max()
            .unwrap_or(0)
    }
}

fn close_last(spans: &mut [Span], day: NaiveDate) {
    if let Some(open) = spans.iter_mut().rev().find(|s| s.to.is_none()) {
        open.to = Some(day);
    }
}

impl FeeAccount {
    /// The account of `case` as of `as_of`.
    pub fn compute(
        case: &SupervisionCase,
        as_of: NaiveDate,
        calendar: &BusinessCalendar,
    ) -> FeeAccount {
        let facts = Facts::gather(case, as_of);
        // The first month whose 1st falls strictly after the placement date.
        let first_due = next_month(case.placed_on);
        let mut last = first_of_month(as_of);
        if let Some(closed) = facts.closed {
            last = last.min(first_of_month(closed));
        }
        let fee = case.fee.cents();
        let mut months = Vec::new();
        let mut month = first_due;
        while month <= last && as_of >= case.placed_on {
            let exempt = facts.exemption(case, month);
            let assessed = if exempt.is_some() { 0 } else { fee };
            let waived = facts.waived_cents(month).min(assessed);
            months.push(FeeMonth {
                month,
                assessed: Money::from_cents(assessed),
                waived: Money::from_cents(waived),
                exempt,
                paid: Money::ZERO,
                delinquent: false,
            });
            let next = next_month(month);
            if next <= month {
                break;
            }
            month = next;
        }

        // Payments apply to the oldest month still owing.
        let mut paid_total = 0;
        let mut oldest = 0;
        let mut last_payment = None;
        for (date, cents) in &facts.payments {
            paid_total += cents;
            last_payment = Some((*date, Money::from_cents(*cents)));
            let mut left = *cents;
            while left > 0 {
                let Some(m) = months.get_mut(oldest) else {
                    break;
                };
                let owed = m.unpaid().cents();
                let take = owed.min(left);
                m.paid = Money::from_cents(m.paid.cents() + take);
                left -= take;
                if m.unpaid().cents() <= 0 {
                    oldest += 1;
                }
            }
        }

        let mut assessed_total = 0;
        let mut waived_total = 0;
        let mut months_in_arrears = 0;
        let mut delinquent_from = None;
        let mut newest_delinquent = None;
        for m in &mut months {
            assessed_total += m.assessed.cents();
            waived_total += m.waived.cents();
            let owing = m.unpaid().is_positive();
            m.delinquent = owing && as_of >= m.delinquent_on();
            if owing && delinquent_from.is_none() {
                delinquent_from = Some(m.delinquent_on());
            }
            if m.delinquent {
                months_in_arrears += 1;
                newest_delinquent = Some(m.delinquent_on());
            }
        }
        let remind_by = newest_delinquent
            .map(|d| (0..REMINDER_WORKING_DAYS).fold(d, |day, _| calendar.next_business_day(day)));

        let exemption_in_force = facts.exemption(case, as_of);
        let next_due =
            if facts.closed.is_some() || facts.departed.is_some() || case.supervision.is_exempt() {
                None
            } else {
                let candidate = next_month(as_of).max(first_due);
                facts
                    .exemption(case, candidate)
                    .is_none()
                    .then_some(candidate)
            };
        let waiver_in_force = facts
            .waivers
            .iter()
            .rev()
            .find(|(s, _)| s.covers(as_of))
            .and_then(|(s, cents)| s.to.map(|to| (Money::from_cents(*cents), to)));

        FeeAccount {
            doc: case.doc.clone(),
            as_of,
            months,
            assessed_total: Money::from_cents(assessed_total),
            waived_total: Money::from_cents(waived_total),
            paid_total: Money::from_cents(paid_total),
            balance: Money::from_cents(assessed_total - waived_total - paid_total),
            months_in_arrears,
            current: months_in_arrears == 0,
            violation_report_required: months_in_arrears >= VIOLATION_REPORT_MONTHS,
            next_due,
            delinquent_from,
            remind_by,
            waiver_in_force,
            exemption_in_force,
            closed_on: facts.closed,
            absconded: facts.absconded,
            last_payment,
        }
    }

    /// What may be paid on `date`: the unpaid amounts of the months whose first working
    /// day has come (no advance payments).
    pub fn payable_on(&self, date: NaiveDate, calendar: &BusinessCalendar) -> Money {
        let cents = self
            .months
            .iter()
            .filter(|m| calendar.business_day_on_or_after(m.month) <= date)
            .map(|m| m.unpaid().cents().max(0))
            .sum();
        Money::from_cents(cents)
    }

    /// The month of `month`'s line, if it is listed.
    pub fn month(&self, month: NaiveDate) -> Option<&FeeMonth> {
        self.months
            .binary_search_by_key(&month, |m| m.month)
            .ok()
            .and_then(|i| self.months.get(i))
    }
}

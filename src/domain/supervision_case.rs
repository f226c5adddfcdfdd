use chrono::NaiveDate;

use super::month::{first_of_month, next_month};
use super::{
    BusinessCalendar, CaseEvent, DatedEvent, DocNumber, FeeAccount, Money, Rejection, Supervision,
};

/// The highest monthly fee the rule allows.
pub const FEE_MAXIMUM: Money = Money::from_cents_const(6_000);
/// The standard directive's fee, the default.
pub const FEE_DEFAULT: Money = Money::from_cents_const(3_000);
/// The longest waiver, both its first and last day counted.
pub const WAIVER_MAX_DAYS: i64 = 90;
/// The most events one case may hold: ten years of monthly payments several times over.
pub const CASE_EVENTS_MAX: usize = 5_000;

/// One offender's supervision case: placement and every dated event after it, in date
/// order (events of one day in the order they were recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionCase {
    pub doc: DocNumber,
    pub name: String,
    pub supervision: Supervision,
    pub placed_on: NaiveDate,
    pub fee: Money,
    events: Vec<DatedEvent>,
}

impl SupervisionCase {
    /// Opens a case; a fee above $60.00 (or of nothing) is refused.
    pub fn place(
        doc: DocNumber,
        name: String,
        supervision: Supervision,
        fee: Money,
        placed_on: NaiveDate,
    ) -> Result<SupervisionCase, Rejection> {
        if fee > FEE_MAXIMUM {
            return Err(Rejection::FeeAboveMaximum);
        }
        if !fee.is_positive() {
            return Err(Rejection::FeeNotPositive);
        }
        Ok(SupervisionCase {
            doc,
            name,
            supervision,
            placed_on,
            fee,
            events: Vec::new(),
        })
    }

    /// The events after placement, in date order.
    pub fn events(&self) -> &[DatedEvent] {
        &self.events
    }

    /// Adds an event already known to be valid (loading from the ledger), keeping date order.
    pub fn push_trusted(&mut self, event: DatedEvent) {
        let at = self.events.partition_point(|e| e.date <= event.date);
        self.events.insert(at, event);
    }

    /// Adds an event if the rules allow it; otherwise the case is left as it was.
    ///
    /// `today` bounds what can be recorded: nothing but a waiver's effective date may lie
    /// in the future.
    pub fn add_event(
        &mut self,
        event: DatedEvent,
        today: NaiveDate,
        calendar: &BusinessCalendar,
    ) -> Result<(), Rejection> {
        if matches!(event.event, CaseEvent::Placed { .. }) {
            return Err(Rejection::CaseAlreadyPlaced);
        }
        if event.date < self.placed_on {
            return Err(Rejection::EventBeforePlacement);
        }
        if event.date > today && !matches!(event.event, CaseEvent::Waiver { .. }) {
            return Err(Rejection::EventInFuture);
        }
        if self.events.len() >= CASE_EVENTS_MAX {
            return Err(Rejection::CaseTooManyEvents);
        }
        let appended = self
            .events
            .last()
            .is_none_or(|last| last.date <= event.date);
        let at = self.events.partition_point(|e| e.date <= event.date);
        self.events.insert(at, event);
        let checked = self.check_sequence().and_then(|()| {
            if appended {
                // Nothing later depends on it: only the new event's own payment check.
                self.check_payment_at(at, calendar)
            } else {
                self.check_all_payments(calendar)
            }
        });
        if checked.is_err() {
            self.events.remove(at);
        }
        checked
    }

    /// The order rules: a program ends only after it starts, a release follows a
    /// confinement, nothing but a payment after closing, waivers of at most 90 days.
    fn check_sequence(&self) -> Result<(), Rejection> {
        let mut in_program = false;
        let mut confined = false;
        let mut departed = false;
        let mut closed = false;
        let mut waivers: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        // A rescission of a waiver that had not started yet (see `WaiverRescinded`).
        let mut pending_void: Option<NaiveDate> = None;
        for (i, e) in self.events.iter().enumerate() {
            // After closing: payments of the arrears, and waivers that cover nothing more
            // (a future waiver recorded before the close, and its rescission).
            if closed
                && !matches!(
                    e.event,
                    CaseEvent::Payment { .. }
                        | CaseEvent::Waiver { .. }
                        | CaseEvent::WaiverRescinded
                )
            {
                return Err(Rejection::CaseClosed);
            }
            match &e.event {
                CaseEvent::Placed { .. } => return Err(Rejection::CaseAlreadyPlaced),
                CaseEvent::ProgramStart(_) if in_program => {
                    return Err(Rejection::AlreadyInProgram)
                }
                CaseEvent::ProgramStart(_) => in_program = true,
                CaseEvent::ProgramEnd if !in_program => return Err(Rejection::NotInProgram),
                CaseEvent::ProgramEnd => in_program = false,
                CaseEvent::Confined if confined => return Err(Rejection::AlreadyConfined),
                CaseEvent::Confined => confined = true,
                CaseEvent::Released if !confined => return Err(Rejection::NotConfined),
                CaseEvent::Released => confined = false,
                CaseEvent::InterstateDeparted if departed => {
                    return Err(Rejection::AlreadyDeparted)
                }
                CaseEvent::InterstateDeparted => departed = true,
                CaseEvent::Absconded => {}
                CaseEvent::Closed => closed = true,
                CaseEvent::Waiver { to, amount } => {
                    if let Some(first) = waiver_terms_problems(e.date, *to, *amount, self.fee)
                        .into_iter()
                        .next()
                    {
                        return Err(first);
                    }
                    if pending_void.take_if(|r| *r < e.date).is_some() {
                        // Rescinded before it began: it covers nothing.
                        waivers.push((e.date, super::month::minus_days(e.date, 1)));
                    } else {
                        waivers.push((e.date, *to));
                    }
                }
                CaseEvent::WaiverRescinded => {
                    let in_force = waivers
                        .iter_mut()
                        .rev()
                        .find(|(from, to)| *from <= e.date && e.date <= *to);
                    // The officer may rescind at any time, also a waiver approved to start
                    // later (dated by its effective date, it sorts after the rescission).
                    let upcoming = self
                        .events
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .any(|x| matches!(x.event, CaseEvent::Waiver { .. }) && x.date > e.date);
                    match in_force {
                        // It stops covering from the rescinding date on.
                        Some(w) => w.1 = super::month::minus_days(e.date, 1),
                        None if upcoming && pending_void.is_none() => pending_void = Some(e.date),
                        None => return Err(Rejection::NoWaiverInForce),
                    }
                }
                CaseEvent::Payment { .. } => {}
            }
        }
        Ok(())
    }

    fn check_all_payments(&self, calendar: &BusinessCalendar) -> Result<(), Rejection> {
        for (i, e) in self.events.iter().enumerate() {
            if matches!(e.event, CaseEvent::Payment { .. }) {
                self.check_payment_at(i, calendar)?;
            }
        }
        Ok(())
    }

    /// No advance payments: the payment at `index` may not be more than what was owed on
    /// its date, counting only months whose first working day had come, after every event
    /// before it.
    fn check_payment_at(&self, index: usize, calendar: &BusinessCalendar) -> Result<(), Rejection> {
        let Some(DatedEvent {
            date,
            event: CaseEvent::Payment { amount, .. },
        }) = self.events.get(index)
        else {
            return Ok(());
        };
        let before = SupervisionCase {
            events: self.events.get(..index).unwrap_or_default().to_vec(),
            ..self.clone_header()
        };
        let account = FeeAccount::compute(&before, *date, calendar);
        let owed = account.payable_on(*date, calendar);
        // Nothing owed and nothing coming: say why, not when the next payment opens.
        if owed.is_zero() && account.balance.is_zero() {
            if account.closed_on.is_some() {
                return Err(Rejection::NothingOwedCaseClosed);
            }
            if let Some(exemption) = account.exemption_in_force {
                return Err(Rejection::NothingOwedExempt(exemption));
            }
        }
        if owed.is_zero() {
            let this_month = first_of_month(*date);
            let opens = if calendar.business_day_on_or_after(this_month) > *date {
                calendar.business_day_on_or_after(this_month)
            } else {
                calendar.business_day_on_or_after(next_month(*date))
            };
            return Err(Rejection::PaymentInAdvance { opens_on: opens });
        }
        if *amount > owed {
            return Err(Rejection::PaymentOverOwed { owed });
        }
        Ok(())
    }

    fn clone_header(&self) -> SupervisionCase {
        SupervisionCase {
            doc: self.doc.clone(),
            name: self.name.clone(),
            supervision: self.supervision,
            placed_on: self.placed_on,
            fee: self.fee,
            events: Vec::new(),
        }
    }

    /// The payment that would settle what is owed on `date`, or why none can be taken.
    pub fn check_payment(
        &self,
        date: NaiveDate,
        amount: Money,
        calendar: &BusinessCalendar,
    ) -> Result<(), Rejection> {
        let mut probe = self.clone();
        probe.add_event(
            DatedEvent {
                date,
                event: CaseEvent::Payment {
                    amount,
                    instrument: super::FeeInstrument::MoneyOrder,
                },
            },
            date,
            calendar,
        )
    }
}

/// What is wrong with a waiver's terms, every problem in the order a form shows them: its
/// last day before its first, more than 90 days (both counted), an amount that is not a
/// part of the monthly `fee`.
pub fn waiver_terms_problems(
    from: NaiveDate,
    to: NaiveDate,
    amount: Money,
    fee: Money,
) -> Vec<Rejection> {
    let mut problems = Vec::new();
    if to < from {
        problems.push(Rejection::WaiverEndsBeforeStart);
    } else if (to - from).num_days() + 1 > WAIVER_MAX_DAYS {
        problems.push(Rejection::WaiverOver90Days);
    }
    if !amount.is_positive() || amount > fee {
        problems.push(Rejection::WaiverOverFee);
    }
    problems
}

use chrono::NaiveDate;

use super::{FeeInstrument, Money, Program, Supervision};

/// Something that happened to a supervision case, as the officer or the clerk records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseEvent {
    /// The case begins: the offender is placed under supervision, with the monthly fee in
    /// force.
    Placed {
        name: String,
        supervision: Supervision,
        fee: Money,
    },
    ProgramStart(Program),
    ProgramEnd,
    Confined,
    Released,
    InterstateDeparted,
    /// An absconder keeps accruing fees until the case is closed; recorded for the record.
    Absconded,
    Closed,
    /// A waiver from its event date (the effective date) to `to`, both days included,
    /// waiving `amount` of each month's fee.
    Waiver {
        to: NaiveDate,
        amount: Money,
    },
    /// Ends the waiver in force on the event's date: it covers no month from that day on.
    WaiverRescinded,
    Payment {
        amount: Money,
        instrument: FeeInstrument,
    },
}

impl CaseEvent {
    /// The name used in imports, the database and the audit trail.
    pub fn code(&self) -> &'static str {
        match self {
            CaseEvent::Placed { .. } => "placed",
            CaseEvent::ProgramStart(_) => "program_start",
            CaseEvent::ProgramEnd => "program_end",
            CaseEvent::Confined => "confined",
            CaseEvent::Released => "released",
            CaseEvent::InterstateDeparted => "interstate_departed",
            CaseEvent::Absconded => "absconded",
            CaseEvent::Closed => "closed",
            CaseEvent::Waiver { .. } => "waiver",
            CaseEvent::WaiverRescinded => "waiver_rescinded",
            CaseEvent::Payment { .. } => "payment",
        }
    }
}

/// A case event with its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedEvent {
    pub date: NaiveDate,
    pub event: CaseEvent,
}

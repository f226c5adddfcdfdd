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

/// The parts an event after placement is made of, as stored or imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventParts {
    pub program: Option<Program>,
    pub to: Option<NaiveDate>,
    pub amount: Option<Money>,
    pub instrument: Option<FeeInstrument>,
}

/// Why parts do not make an event: the name is not an event after placement, or a part the
/// event needs is missing (named as in imports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventPartsError {
    UnknownEvent,
    Missing(&'static str),
}

impl CaseEvent {
    /// The event named `code` (not `placed`) from its parts; one reading shared by the
    /// import and the ledger.
    pub fn from_parts(code: &str, parts: EventParts) -> Result<CaseEvent, EventPartsError> {
        fn need<T>(v: Option<T>, name: &'static str) -> Result<T, EventPartsError> {
            v.ok_or(EventPartsError::Missing(name))
        }
        Ok(match code {
            "program_start" => CaseEvent::ProgramStart(need(parts.program, "program")?),
            "program_end" => CaseEvent::ProgramEnd,
            "confined" => CaseEvent::Confined,
            "released" => CaseEvent::Released,
            "interstate_departed" => CaseEvent::InterstateDeparted,
            "absconded" => CaseEvent::Absconded,
            "closed" => CaseEvent::Closed,
            "waiver" => CaseEvent::Waiver {
                to: need(parts.to, "to")?,
                amount: need(parts.amount, "amount")?,
            },
            "waiver_rescinded" => CaseEvent::WaiverRescinded,
            "payment" => CaseEvent::Payment {
                amount: need(parts.amount, "amount")?,
                instrument: need(parts.instrument, "instrument")?,
            },
            _ => return Err(EventPartsError::UnknownEvent),
        })
    }

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

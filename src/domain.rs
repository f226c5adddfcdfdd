//! The pure rules of lockbox: no I/O, no clock, no database. Today's date and the current
//! time always come in as arguments, so every rule can be tested with made-up dates.

pub mod business_calendar;
pub mod doc_number;
pub mod field;
pub mod hold_reason;
pub mod instrument;
pub mod intake_request;
pub mod language;
pub mod money;
pub mod money_error;
pub mod name_match;
pub mod obligation_kind;
pub mod rejection;
pub mod slip_number;
pub mod slip_request;
pub mod split;
pub mod text;

pub use business_calendar::{BusinessCalendar, NotBusinessDay};
pub use doc_number::DocNumber;
pub use field::Field;
pub use hold_reason::{HoldReason, OwnerFacts};
pub use instrument::Instrument;
pub use intake_request::{IntakeRequest, IntakeSource, ValidIntake, ValidIntakeSource};
pub use language::Language;
pub use money::Money;
pub use money_error::MoneyError;
pub use obligation_kind::ObligationKind;
pub use rejection::Rejection;
pub use slip_number::SlipNumber;
pub use slip_request::{SlipRequest, ValidSlip, MONEY_ORDER_LIMIT};
pub use split::{split_deposit, ObligationDue, Split};

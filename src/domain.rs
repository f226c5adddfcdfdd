//! The pure rules of lockbox: no I/O, no clock, no database. Today's date and the current
//! time always come in as arguments, so every rule can be tested with made-up dates.

pub mod business_calendar;
pub mod case_event;
pub mod central_change;
pub mod central_cursor;
pub mod code_page;
pub mod convenience_fee;
pub mod deposit_channel;
pub mod doc_number;
pub mod document_kind;
pub mod exemption;
pub mod fee_account;
pub mod fee_instrument;
pub mod field;
pub mod fold;
pub mod hold_reason;
pub mod instrument;
pub mod intake_request;
pub mod issuer;
pub mod language;
pub mod limits;
pub mod money;
pub mod money_error;
pub mod month;
pub mod moved_obligation;
pub mod name_match;
pub mod obligation_kind;
pub mod pin;
pub mod postal_address;
pub mod printer_state;
pub mod processor_line;
pub mod program;
pub mod rejection;
pub mod review_decision;
pub mod screening;
pub mod site_id;
pub mod slip_number;
pub mod slip_request;
pub mod split;
pub mod supervision;
pub mod supervision_case;
pub mod text;
pub mod waiver_eligibility;

pub use business_calendar::{BusinessCalendar, NotBusinessDay};
pub use case_event::{CaseEvent, DatedEvent, EventParts, EventPartsError};
pub use central_change::CentralChange;
pub use central_cursor::CentralCursor;
pub use code_page::CodePage;
pub use convenience_fee::{convenience_fee, FeeQuote};
pub use deposit_channel::DepositChannel;
pub use doc_number::DocNumber;
pub use document_kind::DocumentKind;
pub use exemption::Exemption;
pub use fee_account::{FeeAccount, FeeMonth};
pub use fee_instrument::FeeInstrument;
pub use field::Field;
pub use fold::fold_key;
pub use hold_reason::{HoldReason, IntakeScreen, OwnerFacts};
pub use instrument::Instrument;
pub use intake_request::{IntakeRequest, IntakeSource, ValidIntake, ValidIntakeSource};
pub use issuer::Issuer;
pub use language::Language;
pub use limits::Limits;
pub use money::Money;
pub use money_error::MoneyError;
pub use moved_obligation::MovedObligation;
pub use obligation_kind::ObligationKind;
pub use pin::{Pin, PinProblem};
pub use printer_state::PrinterState;
pub use processor_line::{
    parse_processor_file, LineFault, LineProblem, ProcessorLine, PROCESSOR_HEADER,
};
pub use program::Program;
pub use rejection::Rejection;
pub use review_decision::{review_urgent, RejectReason};
pub use screening::{pair_key, screen, sender_key, Refusal, ScreenHold, Screening, ScreeningFacts};
pub use site_id::{site_id_ok, SYNC_STALE_MINUTES};
pub use slip_number::SlipNumber;
pub use slip_request::{SlipRequest, ValidSlip, MONEY_ORDER_LIMIT};
pub use split::{split_deposit, ObligationDue, Split};
pub use supervision::Supervision;
pub use supervision_case::{waiver_terms_problems, SupervisionCase, FEE_DEFAULT, FEE_MAXIMUM};
pub use waiver_eligibility::{
    check_waiver_eligibility, monthly_threshold, Eligibility, Employment, HouseholdError, Income,
};

use chrono::NaiveDate;

use crate::domain::{Exemption, FeeMonth, FeeQuote, Language, Money, SlipRequest};

/// What the kiosk needs done off the UI thread; each comes back as a `Msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ask the printer how it is (`Msg::Printer`).
    CheckPrinter,
    /// Does this DOC number go with this last name? (`Msg::InmateChecked`)
    MatchInmate { doc: String, last_name: String },
    /// Write the slips (with their print jobs) to the ledger (`Msg::SlipsCaptured`).
    CaptureSlips { slips: Vec<SlipRequest> },
    /// Print the kiosk's queued jobs (`Msg::Printed` or `Msg::PrintStuck`).
    PrintQueued,
    /// Print again the visit's slips that did not print (the visitor is still there).
    PrintAgain,
    /// The PIN check, slow on purpose (`Msg::PinChecked`).
    CheckPin { doc: String, pin: String },
    /// Queue and print a payment voucher (`Msg::VoucherQueued`).
    PrintVoucher {
        doc: String,
        language: Language,
        /// Names and amounts double height (the visitor chose large print).
        large_print: bool,
    },
    /// A clerk's credentials to close the kiosk (`Msg::ClerkChecked`).
    CheckClerk { user: String, password: String },
    /// Say this aloud (speech mode): what is still queued or being said is dropped first,
    /// so the visitor always hears the screen in front of them. Performed by the speaker,
    /// never by the worker (a PIN check must not hold up a voice, nor a voice a PIN check).
    Speak(super::Utterance),
    /// Leave the kiosk.
    Quit,
}

impl Effect {
    /// What is asked, without what was typed: for the logs (a PIN, a password or a
    /// visitor's name never goes there).
    pub fn kind(&self) -> &'static str {
        match self {
            Effect::CheckPrinter => "check_printer",
            Effect::MatchInmate { .. } => "match_inmate",
            Effect::CaptureSlips { .. } => "capture_slips",
            Effect::PrintQueued => "print_queued",
            Effect::PrintAgain => "print_again",
            Effect::CheckPin { .. } => "check_pin",
            Effect::PrintVoucher { .. } => "print_voucher",
            Effect::CheckClerk { .. } => "check_clerk",
            Effect::Speak(_) => "speak",
            Effect::Quit => "quit",
        }
    }
}

/// The inmate shown to confirm, once the DOC number and last name match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InmateView {
    pub name: String,
    pub facility: String,
    /// The state moved them to another site (`facility` is theirs there): money for them
    /// goes there, and this kiosk makes no slip for them.
    pub moved: bool,
}

/// What the fee screen shows of an offender's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView {
    pub doc: String,
    pub name: String,
    pub balance: Money,
    pub months_in_arrears: u32,
    pub current: bool,
    pub waiver: Option<(Money, NaiveDate)>,
    pub exemption: Option<Exemption>,
    pub next_due: Option<NaiveDate>,
    pub delinquent_from: Option<NaiveDate>,
    /// The case's closing date, if it is closed.
    pub closed_on: Option<NaiveDate>,
    /// The offender absconded: told to contact their officer.
    pub absconded: bool,
    /// The last twelve months, newest first.
    pub months: Vec<FeeMonth>,
    /// What paying the balance by card costs, when something is owed.
    pub card_quote: Option<FeeQuote>,
}

use crate::domain::{Money, Rejection};
use crate::ui::kiosk::Key;

use super::effect::{
    DeskPrinterView, DocumentView, FeeReport, FeeReportRow, FeeView, HeldView, InmateOnFile,
    IntakeResult, PostResult, PostingView, Read, ReconView, SlipView, StatementView, WaiverView,
};

/// Everything that can happen to the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(Key),
    /// A scanner types a slip number and Enter at once; pasted text too.
    Paste(String),
    Tick,
    /// The date changed (a console left open past midnight works on the new day).
    Today(chrono::NaiveDate),
    /// The sign-in's answer: the user's role (`true` for a supervisor) or a refusal
    /// (`Ok(None)`); `Err` when the ledger could not be asked.
    SignedIn(Result<Option<bool>, Rejection>),
    /// A read the screen waits for failed: nothing of it is shown as if it were empty.
    ReadFailed(Read),
    SlipFound(Result<Option<SlipView>, Rejection>),
    IntakeDone(IntakeResult),
    Holds {
        rows: Vec<HeldView>,
        /// How many are open, when counted.
        total: Option<i64>,
    },
    HoldResolved(Result<(), Rejection>),
    /// Whose DOC number the release form's is (`None`: no inmate has it).
    InmateOnFile(Result<Option<InmateOnFile>, Rejection>),
    Preview(PostingView),
    Progress {
        posted: usize,
        total: usize,
    },
    Posted(PostResult),
    Reconciliation(ReconView),
    ReconciliationQueued(Result<(), Rejection>),
    FeeAccount(Result<FeeView, Rejection>),
    /// The payment recorded and the new balance (`Ok(None)`: recorded, the balance could
    /// not be read), or why it was refused (nothing recorded).
    FeePaid(Result<Option<Money>, Rejection>),
    /// The document asked for by its number (`None`: none of that kind has it).
    DocumentFound(Result<Option<DocumentView>, Rejection>),
    Reprinted(Result<i64, Rejection>),
    /// Issuers seen most lately, the most first.
    Issuers(Vec<String>),
    /// Kiosk slips that did not print (their numbers): a visitor was sent to the desk.
    KioskSlips(Vec<String>),
    /// The site's sync (`None`: a site on its own, never synced).
    CentralSync(Option<super::effect::CentralSyncView>),
    /// The desk printer's state, after printing what waited.
    DeskPrinter(DeskPrinterView),
    /// `Ok`: the PIN slip printed. `Err(true)`: the PIN was set but the printer failed (issue
    /// another); `Err(false)`: refused, nothing changed.
    PinIssued(Result<(), bool>),
    Discarded(Result<(), Rejection>),
    /// A fee report: its first rows and how many offenders it lists.
    FeeReport {
        report: FeeReport,
        rows: Vec<FeeReportRow>,
        total: usize,
    },
    /// The request's number, or why it was refused.
    WaiverRequested(Result<i64, Rejection>),
    Waivers {
        rows: Vec<WaiverView>,
        total: i64,
    },
    WaiverDecided(Result<(), Rejection>),
    Review {
        rows: Vec<super::effect::ReviewView>,
        total: i64,
    },
    ElectronicDecided(Result<(), Rejection>),
    CaseEventRecorded(Result<(), Rejection>),
    Statement(Result<StatementView, Rejection>),
    StatementQueued(Result<(), Rejection>),
    /// Inmates found by name: DOC number and name.
    Inmates(Vec<(String, String)>),
    FeeReportQueued(Result<(), Rejection>),
    /// Offenders found by name: DOC number and name.
    Offenders(Vec<(String, String)>),
}

use chrono::NaiveDate;

use crate::domain::{
    DatedEvent, Employment, FeeInstrument, HoldReason, IntakeRequest, Money, NotBusinessDay,
    Rejection,
};

/// What the console needs done off the UI thread; each comes back as a `Msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    SignIn {
        user: String,
        password: String,
    },
    /// The clerk signed out: the worker acts for no one until the next sign-in.
    SignOut,
    LookupSlip(String),
    Intake(IntakeRequest),
    /// A page of the holds queue.
    LoadHolds(HoldsQuery),
    /// Whose DOC number it is, for a release: compared with the name written on the
    /// money order.
    LookupInmate {
        doc: String,
        written_name: String,
    },
    /// A release with what verification found (`None` keeps what intake recorded).
    Release {
        money_order: i64,
        note: String,
        doc: Option<String>,
        sender_name: Option<String>,
        sender_address: Option<String>,
    },
    Return {
        money_order: i64,
        note: String,
    },
    /// What the posting of this business day would post now.
    PreviewPosting {
        date: NaiveDate,
    },
    Post {
        date: NaiveDate,
        /// What the clerk confirmed (the preview's count and total): a posting that would
        /// post anything else does not run, and says so.
        expected: Option<(i64, Money)>,
    },
    LoadReconciliation {
        date: NaiveDate,
    },
    PrintReconciliation {
        date: NaiveDate,
    },
    LoadFeeAccount {
        doc: String,
    },
    /// Offenders whose name holds the typed words.
    FindOffenders {
        text: String,
    },
    FeePayment {
        doc: String,
        amount: Money,
        instrument: FeeInstrument,
        date: NaiveDate,
    },
    /// The original of a printed document, by the number on its paper.
    FindDocument {
        kind: crate::domain::DocumentKind,
        number: String,
    },
    Reprint {
        job: i64,
    },
    LoadFeeReport(FeeReport, ReportSort),
    /// The officers' list on screen, in its order, to the desk printer.
    PrintFeeReport(FeeReport, ReportSort),
    /// Send a waiver request for a supervisor's decision.
    RequestWaiver {
        doc: String,
        form: WaiverForm,
    },
    LoadWaivers,
    /// The held electronic deposits, for the review queue.
    LoadReview,
    /// A supervisor's decision on a held electronic deposit (by the processor's id).
    DecideElectronic {
        id: String,
        decision: super::model::ReviewAction,
        note: String,
    },
    DecideWaiver {
        id: i64,
        approve: bool,
        note: String,
    },
    RecordCaseEvent {
        doc: String,
        event: DatedEvent,
    },
    /// Inmates whose name holds the typed words, for a statement.
    FindInmates {
        text: String,
    },
    LoadStatement {
        doc: String,
        year: i32,
        month: u32,
    },
    PrintStatement {
        doc: String,
        year: i32,
        month: u32,
    },
    /// Record a non-money-order item from the lock box (not accepted), with the amount and
    /// the slip typed in the form: the slip can then match no money order.
    Discard {
        item: DiscardedItem,
        amount: String,
        slip: String,
    },
    /// A new random PIN, printed once on the desk printer (never stored or queued).
    IssuePin {
        doc: String,
    },
    /// The issuers the ledger has seen most lately, to offer at intake.
    LoadIssuers,
    /// Print what waits for the desk printer now, and say the printer's state (the
    /// console prints its own paper: no spool process needs to run for it).
    PrintDesk,
    /// The console's language changed: what it prints from now on is in it too.
    Language(crate::domain::Language),
    Quit,
}

/// A read of the ledger whose answer fills a screen. When it fails the screen says so and
/// offers to try again: an empty queue or list would say "there is nothing", which is not
/// what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Holds,
    Preview,
    Reconciliation,
    FeeReport(FeeReport),
    Offenders,
    Waivers,
    Review,
}

/// A printed document found by its number, to be named at the reprint's confirm step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentView {
    pub job: i64,
    pub kind: crate::domain::DocumentKind,
    pub number: String,
    pub created_at: String,
}

/// The site's sync with the central server, as the console's header shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CentralSyncView {
    /// Minutes since entries were last applied centrally (`None`: never).
    pub minutes_since: Option<i64>,
    /// Entries waiting to go.
    pub waiting: i64,
}

/// The desk printer as the console shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskPrinterView {
    pub state: crate::domain::PrinterState,
    /// Documents not printed yet (`None`: the queue could not be counted).
    pub waiting: Option<i64>,
}

/// A count and a total of the reconciliation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TallyView {
    pub count: i64,
    pub amount: Money,
}

/// The day's reconciliation on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconView {
    pub opening: Money,
    pub taken_in: TallyView,
    pub posted: TallyView,
    pub returned: TallyView,
    pub closing: Money,
    /// What the day's batch recorded, once it finished.
    pub batch: Option<TallyView>,
    pub closed: bool,
    pub balances: bool,
    pub difference: Money,
    pub concerned: Vec<i64>,
    pub audit_head: String,
}

/// One inmate's part of the next posting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingRow {
    pub doc: String,
    pub name: String,
    pub count: i64,
    pub total: Money,
    pub to_obligations: Money,
    pub to_trust: Money,
}

/// What the next posting will post, before it runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingView {
    /// Money orders and electronic deposits together (`electronic` of them the latter).
    pub count: i64,
    pub electronic: i64,
    pub total: Money,
    pub to_obligations: Money,
    pub to_trust: Money,
    /// How many inmates it credits; `rows` holds the first of them.
    pub inmates: usize,
    pub rows: Vec<PostingRow>,
    /// The day's posting already ran.
    pub already_posted: bool,
    /// Ready money orders left for the next business day's posting.
    pub waiting: i64,
}

/// A waiver request as the clerk typed it, checked for shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverForm {
    pub effective: NaiveDate,
    pub expires: NaiveDate,
    pub amount: Money,
    pub persons: u32,
    pub monthly_income: Money,
    pub employment: Employment,
    /// A supervisor's reason for a waiver starting before today.
    pub backdate_reason: Option<String>,
}

/// A waiver request waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverView {
    pub id: i64,
    pub doc: String,
    pub name: String,
    pub effective: NaiveDate,
    pub expires: NaiveDate,
    pub amount: Money,
    pub persons: u32,
    pub monthly_income: Money,
    pub threshold: Money,
    pub requested_by: String,
    /// The day it was requested (a waiver starting before it was backdated, with a
    /// supervisor's reason in the audit trail).
    pub requested_on: NaiveDate,
}

/// What a statement's line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementRowKind {
    Deposit,
    /// The processor took an electronic deposit back: its amounts are negative.
    Chargeback,
    /// The balance sent to the site the person was moved to (negative; `sender` is that
    /// site's id).
    MovedOut,
    /// A balance from the site the person came from (`sender` is that site's id).
    MovedIn,
}

/// One deposit on a statement, or a balance moved between sites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    pub date: String,
    /// None for a balance moved between sites.
    pub receipt: Option<i64>,
    pub kind: StatementRowKind,
    pub sender: String,
    pub deposit: Money,
    pub to_obligations: Money,
    pub credited: Money,
    pub balance: Money,
}

/// An inmate's monthly statement on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementView {
    pub doc: String,
    pub name: String,
    pub month: String,
    pub opening: Money,
    pub closing: Money,
    pub total_deposits: Money,
    pub total_to_obligations: Money,
    pub rows: Vec<StatementRow>,
}

/// The order of a fee report's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportSort {
    /// The largest balance first.
    #[default]
    Balance,
    /// The most months in arrears first.
    Months,
    /// By DOC number.
    Doc,
    /// By name.
    Name,
}

impl ReportSort {
    pub fn next(self) -> ReportSort {
        match self {
            ReportSort::Balance => ReportSort::Months,
            ReportSort::Months => ReportSort::Doc,
            ReportSort::Doc => ReportSort::Name,
            ReportSort::Name => ReportSort::Balance,
        }
    }
}

/// An offender's account at the fee desk, as the fee engine computes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeView {
    pub doc: String,
    pub name: String,
    /// The monthly fee of the case.
    pub fee: Money,
    pub next_due: Option<NaiveDate>,
    pub delinquent_from: Option<NaiveDate>,
    /// The waiver covering today: amount a month and its last day.
    pub waiver: Option<(Money, NaiveDate)>,
    pub closed_on: Option<NaiveDate>,
    pub balance: Money,
    /// What may be paid today (no advance payments).
    pub payable: Money,
    pub months_in_arrears: u32,
    pub current: bool,
}

/// A page of the holds queue: which page, of one hold reason or of all, what was searched
/// for, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldsQuery {
    pub page: HoldsPage,
    pub reason: Option<HoldReason>,
    /// A DOC number, a name, a serial or a slip number.
    pub search: Option<String>,
    pub newest_first: bool,
    /// Count the open holds too: a count of 100,000 rows costs more than the page, so it is
    /// taken when the queue opens, its filter changes or a hold is resolved, not per page.
    pub count: bool,
}

/// Which page of the holds queue to load, by money-order number (a key, not an offset: a
/// page deep in a long queue costs the same as the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldsPage {
    /// The first page, whichever the order.
    First,
    /// From the money order with this number on, in the queue's order.
    From(i64),
    /// The page that ends just before this money order.
    Before(i64),
}

/// A slip on file as a scan fills it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipView {
    pub doc: String,
    pub inmate_name: String,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: Money,
    pub already_used: bool,
}

/// Where a money order stands after intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeResult {
    Ready(Money),
    Held(Money, HoldReason),
    Refused(Rejection),
}

/// One row of the holds queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldView {
    pub money_order: i64,
    pub amount: Money,
    pub issuer: String,
    pub serial: String,
    pub doc: String,
    pub name: String,
    pub reason: HoldReason,
    /// The amount on its slip, when it came with one on file.
    pub slip_amount: Option<Money>,
    pub since: String,
    pub sender: String,
    pub address: String,
    /// The slip number it came with (on file, or as typed), if any.
    pub slip: String,
}

/// The inmate a DOC number belongs to, for a release's confirm step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InmateOnFile {
    pub doc: String,
    pub name: String,
    pub facility: String,
    /// The name written on the money order is this inmate's last name.
    pub name_matches: bool,
}

/// What the daily posting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostResult {
    NotBusinessDay(NotBusinessDay),
    Posted {
        /// Money orders, and electronic deposits, this run posted; the total is of both.
        count: i64,
        electronic: i64,
        total: Money,
        already: bool,
    },
    Refused(Rejection),
    /// The money orders ready changed between the confirm and the run (a money order taken
    /// in meanwhile, another posting): nothing was posted; these are the figures now.
    Changed {
        count: i64,
        total: Money,
    },
}

/// The officers' lists of offenders behind on the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeReport {
    /// Any month in arrears (not eligible for minimum supervision, interstate transfer or
    /// early discharge).
    Delinquent,
    /// A reminder still due: the newest non-payment's ten working days have not passed.
    Reminders,
    /// Three or more months in arrears: a violation report is required.
    Violations,
}

/// One offender on a fee report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeReportRow {
    pub doc: String,
    pub name: String,
    pub balance: Money,
    pub months_in_arrears: u32,
    pub remind_by: Option<NaiveDate>,
}

/// What was found in the lock box that is not a money order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardedItem {
    Cash,
    PersonalCheck,
    PersonalItem,
}

impl DiscardedItem {
    pub fn code(self) -> &'static str {
        match self {
            DiscardedItem::Cash => "cash",
            DiscardedItem::PersonalCheck => "personal_check",
            DiscardedItem::PersonalItem => "personal_item",
        }
    }
}

/// A held electronic deposit in the review queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewView {
    /// The processor's transaction id.
    pub id: String,
    pub received_at: String,
    /// `card` or `cash`.
    pub channel: String,
    pub doc: String,
    /// The inmate's name on file (`None`: no such inmate).
    pub inmate: Option<String>,
    pub sender_name: String,
    pub sender_address: String,
    pub amount: Money,
    /// Why it is held, in DOMAIN.md's order.
    pub reasons: Vec<crate::domain::ScreenHold>,
    pub age_business_days: u32,
    pub urgent: bool,
    /// The sender's deposits in the 8 days ending at this one: count, inmates, total.
    pub sender_window: (i64, i64, Money),
    /// The inmate's: count, senders, total.
    pub inmate_window: (i64, i64, Money),
    /// The sender's latest deposits in the window: when, to whom, how much, what became.
    pub sender_history: Vec<(String, String, Money, String)>,
}

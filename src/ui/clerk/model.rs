use std::time::Instant;

use chrono::NaiveDate;

use crate::domain::{Language, Money, Rejection};

use super::effect::{IntakeResult, PostResult, Read};

pub use super::intake::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldAction {
    Release,
    Return,
}

/// A supervisor's decision on a waiver request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverAction {
    Approve,
    Reject,
}

/// A supervisor's decision on a held electronic deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    Accept,
    Reject(crate::domain::RejectReason),
}

pub use super::case_event::DeskEvent;
pub use super::waiver_form::WaiverField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    SignIn {
        password: bool,
    },
    Home,
    Intake,
    IntakeConfirm,
    /// F2: which kind of item is being discarded (one key records it).
    Discard,
    Holds,
    /// A return's note.
    HoldNote(HoldAction),
    /// The release form: what the hold lacks, and the note.
    HoldRelease,
    HoldConfirm(HoldAction),
    Posting,
    PostingConfirm,
    PostingRun,
    /// Find an offender by DOC number or by scanning a payment voucher.
    FeeDesk,
    FeePayConfirm,
    PinConfirm,
    /// A waiver request for the offender on the fee desk, then its confirm step.
    WaiverForm,
    WaiverConfirm,
    /// Waiver requests waiting for a supervisor.
    Waivers,
    WaiverNote(WaiverAction),
    WaiverDecide(WaiverAction),
    /// Electronic deposits held for a supervisor's review; a rejection's reason, its note,
    /// the confirm step.
    Review,
    ReviewReason,
    ReviewNote(ReviewAction),
    ReviewConfirm(ReviewAction),
    /// A case event for the offender on the fee desk, then its confirm step.
    CaseEvent,
    CaseEventConfirm,
    Reports,
    /// An inmate's monthly statement: DOC number and month, then the statement.
    Statement,
    Reprint,
    ReprintConfirm,
}

/// A line under the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    SignInRefused,
    Rejected(Rejection),
    Intake(IntakeResult),
    Posted(PostResult),
    HoldResolved(HoldAction),
    NothingSelected,
    /// A payment recorded, and the balance after it (`None`: it could not be read).
    FeePaid(Option<Money>),
    ReconciliationQueued,
    Reprinted(i64),
    PinPrinted,
    PinNotPrinted,
    PinRefused,
    Discarded,
    WaiverSent(i64),
    WaiverDecided(WaiverAction),
    ElectronicDecided(ReviewAction),
    ReviewSupervisorOnly,
    CaseEventRecorded,
    StatementQueued,
    FeeReportQueued,
    /// Approving or rejecting a waiver takes a supervisor: refused before anything is typed.
    SupervisorOnly,
    /// A clerk pressed R or T in the holds queue: said before any note is typed.
    HoldsSupervisorOnly,
    /// A scanned slip number that no slip has: nothing written yet.
    SlipNotOnFile,
    /// Back at the sign-in after a sign-out.
    SignedOut,
    /// No offender's name holds what was typed.
    NoOffenderFound,
    /// No inmate's name holds what was typed.
    NoInmateFound,
    /// No document of this kind has the number typed.
    DocumentNotFound(crate::domain::DocumentKind),
    /// What the screen needs could not be read from the ledger.
    ReadFailed(Read),
    /// A letter typed into an amount: refused there, never taken as a command.
    NotAnAmount,
    /// A letter typed into a field of digits.
    DigitsOnly,
}

/// The session's running tally of intake.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u32,
    pub total: Money,
    pub holds: u32,
    /// Items that were not money orders, recorded as discarded.
    pub discarded: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub screen: Screen,
    /// Who is signed in, and whether a supervisor.
    pub user: Option<(String, bool)>,
    pub sign_user: String,
    pub sign_password: String,
    /// Locked after 15 minutes idle: the screen's work stays, the password is asked again.
    pub locked: bool,
    /// The intake form.
    pub intake: super::intake::Intake,
    pub tally: Tally,
    /// The holds queue's screens.
    pub holds: super::holds::Holds,
    pub selected: usize,
    /// The daily posting's screen.
    pub posting: super::posting::Posting,
    pub notice: Option<Notice>,
    /// The read this screen shows failed: it says so instead of showing an empty list, and
    /// Enter tries again.
    pub failed: Option<Read>,
    pub waiting: bool,
    pub last_input: Instant,
    pub today: NaiveDate,
    pub quit: bool,
    /// The fee desk.
    pub fee: super::fee_desk::FeeDesk,
    /// The reconciliation and the officers' lists.
    pub reports: super::reports::Reports,
    /// Kiosk slips that did not print, for the clerk to print at the desk.
    pub kiosk_slips: Vec<String>,
    /// The site's sync with the central server, once asked (`None`: a site on its own).
    pub central: Option<super::effect::CentralSyncView>,
    /// The desk printer, once the console has asked it.
    pub desk: Option<super::effect::DeskPrinterView>,
    /// The reprint screen.
    pub reprint: super::reprint::Reprint,
    /// Keys typed while an effect ran, replayed when it ends.
    pub pending_keys: Vec<crate::ui::kiosk::Key>,
    /// The console's language (L on the home screen switches it).
    pub lang: Language,
    /// The waiver request being typed.
    pub waiver: super::waiver_form::WaiverDraft,
    /// The waiver requests waiting for a supervisor.
    pub waivers: super::waivers::Waivers,
    pub review: super::review::Review,
    /// The case event being recorded.
    pub event: super::case_event::CaseEventDraft,
    /// An inmate's statement.
    pub statement: super::statement::Statement,
    /// How long without input before the console locks (`clerk.idle_lock_minutes`).
    pub idle_lock_after: std::time::Duration,
    /// The password lockout told at the sign-in, from the ledger's settings.
    pub limits: crate::domain::Limits,
}

impl Model {
    pub fn new(now: Instant, today: NaiveDate) -> Model {
        Model {
            screen: Screen::SignIn { password: false },
            user: None,
            sign_user: String::new(),
            sign_password: String::new(),
            locked: false,
            intake: super::intake::Intake::new(today),
            tally: Tally::default(),
            holds: Default::default(),
            selected: 0,
            posting: Default::default(),
            notice: None,
            failed: None,
            waiting: false,
            last_input: now,
            today,
            quit: false,
            fee: Default::default(),
            reports: Default::default(),
            reprint: Default::default(),
            central: None,
            desk: None,
            kiosk_slips: Vec::new(),
            pending_keys: Vec::new(),
            lang: Language::En,
            waiver: Default::default(),
            waivers: Default::default(),
            review: Default::default(),
            event: super::case_event::CaseEventDraft::new(today),
            statement: Default::default(),
            idle_lock_after: super::update::IDLE_LOCK_AFTER,
            limits: crate::domain::Limits::default(),
        }
    }
}

/// Goes to `screen`: the last screen's notice and failed read go with it.
pub fn go(model: &mut Model, screen: Screen) {
    model.screen = screen;
    model.notice = None;
    model.failed = None;
}

/// Whether a supervisor is signed in.
pub fn supervisor(model: &Model) -> bool {
    model.user.as_ref().is_some_and(|(_, s)| *s)
}

/// Appends what of `text` is printable to `value`, up to `max` characters in all: the one
/// limit every typed field of the console keeps.
pub fn push_limited(value: &mut String, text: &str, max: usize) {
    for c in text.chars().filter(|c| !c.is_control()) {
        if value.chars().count() >= max {
            break;
        }
        value.push(c);
    }
}

/// A date as typed, `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, Rejection> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Rejection::DateInvalid)
}

/// What of `text` a field takes; a character it refuses is said at once (`refused`), so a
/// letter in an amount never vanishes silently nor becomes a command.
#[must_use]
pub fn keep(model: &mut Model, text: &str, allowed: fn(char) -> bool, refused: Notice) -> String {
    let kept: String = text.chars().filter(|c| allowed(*c)).collect();
    if kept.chars().count() < text.chars().filter(|c| !c.is_control()).count() {
        model.notice = Some(refused);
    } else if matches!(model.notice, Some(Notice::NotAnAmount | Notice::DigitsOnly)) {
        model.notice = None;
    }
    kept
}

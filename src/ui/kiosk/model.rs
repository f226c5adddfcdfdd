use std::time::Instant;

use crate::domain::PrinterState;
use crate::domain::{Language, Money, Rejection};

use super::effect::{AccountView, InmateView};

/// Why a visit is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Deposit,
    Fee,
}

/// Which of the technician's two fields is being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TechField {
    User,
    Password,
}

/// The screen the kiosk shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Doc(Purpose),
    LastName,
    Confirm,
    SenderName,
    Street,
    CityLine,
    Amount,
    Review,
    /// Which money order to change or remove (from the review, when there are several).
    ChooseMoneyOrder,
    Printing,
    Printed,
    Pin,
    Account,
    Technician(TechField),
}

/// A line under the input saying what went wrong or what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    DigitsOnly,
    ControlRemoved,
    TooLong,
    NotMatched,
    /// The inmate was moved to another facility (the visit's `inmate` says which).
    MovedAway,
    Rejected(Rejection),
    NotAccepted,
    CannotPrint,
    PrintProblem(PrinterState),
    TechRefused,
    VoucherPrinted,
    /// The slips could not be written (nothing was written: Print can be pressed again).
    SlipsNotSaved,
    VoucherNotPrinted,
    /// The ledger could not be asked: said as such, never as "no match" or an empty account.
    LookupFailed,
    /// An eleventh money order: ten is the most a visit takes.
    TenAtMost,
    /// Nothing is owed: no voucher to print.
    NoVoucher,
    /// A character the slip's printer cannot print (it would come out as `?`): left out.
    CannotPrintChar(char),
    /// The printer is ready again while slips wait: they can be printed here.
    PrinterBack,
    /// The printer cannot print a voucher now (it said why): nothing was queued.
    VoucherCannotPrint(PrinterState),
    /// The slips did not print though the printer says it is ready (its port failed).
    SlipsNotPrinted,
    /// Start over was pressed once: pressed again, the money orders typed are discarded.
    StartOverAsk,
}

/// Everything typed during one visit; wiped when the visit ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visit {
    pub doc: String,
    pub last_name: String,
    pub inmate: Option<InmateView>,
    pub sender_name: String,
    pub street: String,
    pub city_line: String,
    pub amount: String,
    pub amounts: Vec<Money>,
    pub pin: String,
    pub account: Option<AccountView>,
    pub slips: Vec<String>,
    /// The money order being corrected (back from the review): Enter replaces it, an empty
    /// amount removes it, Esc keeps it as it was.
    pub editing: Option<usize>,
    /// Slips saved whose paper did not come out (the printer stopped): the visitor may
    /// print them again here once the printer is ready, or is sent to the clerk with their
    /// numbers; never told to put a slip they do not have in the lock box.
    pub unprinted: Vec<String>,
    pub tech_user: String,
    pub tech_password: String,
}

/// The kiosk's whole state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub language: Language,
    pub screen: Screen,
    pub visit: Visit,
    pub printer: PrinterState,
    pub last_input: Instant,
    /// Seconds left before the visit is wiped, while the warning shows.
    pub countdown: Option<u64>,
    /// An effect is running: the screen shows a spinner; keys typed meanwhile wait.
    pub waiting: bool,
    /// Keys and pastes typed while `waiting`, for when the answer comes, and the screen
    /// they were typed at (they go to no other).
    pub pending_keys: Vec<super::Msg>,
    pub pending_screen: Option<Screen>,
    pub spinner: usize,
    pub notice: Option<Notice>,
    /// The on-screen keyboard's highlighted key (row, column).
    pub cursor: (usize, usize),
    /// The highlighted item of the screen's menu.
    pub menu: usize,
    /// How far the fee activity list is scrolled.
    pub scroll: usize,
    pub demo: bool,
    pub quit: bool,
    pub last_printer_check: Option<Instant>,
    /// Printed on each slip.
    pub kiosk_id: String,
    /// How long a visit may sit idle before it ends (`kiosk.idle_timeout_s`); a warning
    /// counts down the last 10 seconds.
    pub idle_reset_after: std::time::Duration,
    /// The languages offered (`kiosk.languages`), the first being the one each visit
    /// starts in.
    pub languages: Vec<Language>,
    /// The facility's name (`kiosk.facility`), after the welcome screen's title.
    pub facility: String,
    /// The PIN lockout told to offenders, from the ledger's settings.
    pub limits: crate::domain::Limits,
    /// Speech mode (issue 19): every screen read aloud. On for this visit only, started by
    /// the star key, unless `speech_always`.
    pub speech: bool,
    /// Every visit starts in speech mode (`kiosk.speech_out`, for tests and recordings).
    pub speech_always: bool,
    /// The visitor's volume level (`utterance::VOLUME_LEVELS`), back to the default when
    /// the visit ends.
    pub volume: u8,
    /// Large print (issue 19): the 0 key on the welcome screen, for this visit.
    pub large: bool,
    /// A voice is there (an engine, and a sound card or `kiosk.speech_out`): without one
    /// the star key does nothing and the welcome screen does not offer it.
    pub speech_available: bool,
}

impl Model {
    pub fn new(now: Instant, demo: bool) -> Model {
        Model {
            language: Language::En,
            screen: Screen::Welcome,
            visit: Visit::default(),
            printer: PrinterState::Ready,
            last_input: now,
            countdown: None,
            waiting: false,
            pending_keys: Vec::new(),
            pending_screen: None,
            spinner: 0,
            notice: None,
            cursor: super::input::OK_CURSOR,
            menu: 0,
            scroll: 0,
            demo,
            quit: false,
            last_printer_check: None,
            kiosk_id: "kiosk".into(),
            idle_reset_after: super::update::IDLE_RESET_AFTER,
            languages: vec![Language::En, Language::Es],
            facility: String::new(),
            limits: crate::domain::Limits::default(),
            speech: false,
            speech_always: false,
            volume: super::utterance::DEFAULT_VOLUME,
            large: false,
            speech_available: true,
        }
    }

    /// Ends the visit: back to the welcome screen, in English, with everything typed wiped.
    pub fn reset(&mut self, now: Instant) {
        let printer = self.printer;
        let demo = self.demo;
        let kiosk_id = std::mem::take(&mut self.kiosk_id);
        let checked = self.last_printer_check;
        let idle = self.idle_reset_after;
        let languages = std::mem::take(&mut self.languages);
        let facility = std::mem::take(&mut self.facility);
        let limits = self.limits;
        let speech_always = self.speech_always;
        let speech_available = self.speech_available;
        *self = Model::new(now, demo);
        self.speech_available = speech_available;
        // Speech, its volume and large print end with the visit, unless every visit speaks.
        self.speech_always = speech_always;
        self.speech = speech_always;
        self.idle_reset_after = idle;
        self.limits = limits;
        self.facility = facility;
        self.language = languages.first().copied().unwrap_or(Language::En);
        if !languages.is_empty() {
            self.languages = languages;
        }
        self.printer = printer;
        self.kiosk_id = kiosk_id;
        self.last_printer_check = checked;
    }

    /// Whether anything of a visit is on screen (the idle timer only runs then). Speech or
    /// large print turned on at the welcome screen is the start of a visit: left alone, it
    /// ends like one, never staying on for the next person.
    pub fn in_visit(&self) -> bool {
        self.screen != Screen::Welcome
            || self.visit != Visit::default()
            || self.large
            || (self.speech && !self.speech_always)
            || self.volume != super::utterance::DEFAULT_VOLUME
    }
}

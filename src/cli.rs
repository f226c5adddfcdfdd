//! The command line's shape: every subcommand, flag and default. `app::command` runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// lockbox: deposits to inmate accounts and intervention fees, over one local ledger.
///
/// With no command it opens the demo: a demo ledger in ./lockbox-demo/.
#[derive(Debug, Parser)]
#[command(name = "lockbox", version, about, long_about = None)]
pub struct Cli {
    /// The ledger file. Default: $LOCKBOX_DB, else $XDG_DATA_HOME/lockbox/ledger.sqlite
    /// (~/.local/share/lockbox/ledger.sqlite).
    #[arg(long, global = true, env = "LOCKBOX_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The settings file. Default: $LOCKBOX_CONFIG, else /etc/lockbox/lockbox.toml when it
    /// exists, else the built-in defaults. A flag (or its variable) wins over the file, and
    /// `LOCKBOX_<SECTION>_<KEY>` variables win over the file too.
    #[arg(long, global = true, env = "LOCKBOX_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print data as JSON (amounts are strings with two decimals).
    #[arg(long, global = true)]
    pub json: bool,

    /// The secret key file for PIN hashes, created with mode 0600 on first use. Default:
    /// $LOCKBOX_PIN_KEY, else `pin.key` beside the ledger file (keep it out of backups of
    /// the database).
    #[arg(long, global = true, env = "LOCKBOX_PIN_KEY", value_name = "PATH")]
    pub pin_key: Option<PathBuf>,

    /// Who runs a command that changes the ledger: a clerk or supervisor on file, or
    /// `system` for the scheduled jobs (only as the account that owns the ledger). See the
    /// role matrix in README.
    #[arg(long, global = true, env = "LOCKBOX_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// The user's password, on the first line of this file (readable by its owner only),
    /// when standard input is not a terminal; on a terminal it is asked for.
    #[arg(
        long,
        global = true,
        env = "LOCKBOX_PASSWORD_FILE",
        value_name = "PATH"
    )]
    pub password_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the ledger (or migrate it to this version) and say where it is.
    Init,
    /// Build a deterministic demo ledger in an empty database.
    Demo(DemoArgs),
    /// People on file.
    #[command(subcommand)]
    Inmate(InmateCommand),
    /// Fines, court costs, restitution and fees an inmate owes.
    #[command(subcommand)]
    Obligation(ObligationCommand),
    /// Clerk-console users.
    #[command(subcommand)]
    User(UserCommand),
    /// State holidays (no posting on these dates).
    #[command(subcommand)]
    Holiday(HolidayCommand),
    /// Deposit slips.
    #[command(subcommand)]
    Slip(SlipCommand),
    /// Take in one item from the lock box.
    Intake(IntakeArgs),
    /// Record cash, a personal check or a personal item found in the lock box: not
    /// accepted, no money moves, but it is on record with its amount and the slip it came
    /// with, and that slip can no longer be matched to a money order.
    Found {
        /// cash, personal_check or personal_item.
        kind: String,
        /// The amount (required for cash and a personal check).
        #[arg(long, default_value = "")]
        amount: String,
        /// The slip number it came with, if any.
        #[arg(long, default_value = "")]
        slip: String,
    },
    /// Money orders on hold.
    #[command(subcommand)]
    Hold(HoldCommand),
    /// Electronic deposits (card and walk-in cash) from the payment processor's daily file.
    #[command(subcommand)]
    Deposits(DepositsCommand),
    /// The watchlists: senders and inmates whose electronic deposits are held for review.
    #[command(subcommand)]
    Watch(WatchCommand),
    /// Run the business-day posting batch.
    Post(PostArgs),
    /// An inmate's trust balance, obligations and last 20 transactions.
    Balance {
        /// The inmate's DOC number.
        doc: String,
    },
    /// An inmate's monthly statement.
    ///
    /// Numbered without gaps when first issued (printed or saved); `--all` issues every
    /// inmate's statement for a month that is over, in one run (a timer runs it on the 1st
    /// with `--month last`).
    Statement {
        /// The inmate's DOC number; or --all.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        doc: Option<String>,
        /// The month, as YYYY-MM, or `last` for the month before this one.
        #[arg(long)]
        month: String,
        /// Every inmate's statement (with --print or --out).
        #[arg(long)]
        all: bool,
        /// Queue it for the printer instead of showing it.
        #[arg(long)]
        print: bool,
        /// Save each as text in this folder: statement-YYYY-MM-DOC.txt.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The language: en or es. Default: each inmate's own.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Every ledger account and its balance.
    Accounts,
    /// Export the ledger.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Copy the ledger with SQLite's online backup (safe while others write) and verify the
    /// copy (integrity, invariants, audit chain); exit 1 if it does not verify.
    Backup {
        /// Where to write the copy; must not exist yet. Or give --dir.
        #[arg(required_unless_present = "dir", conflicts_with = "dir")]
        path: Option<PathBuf>,
        /// Write `ledger-YYYYMMDD-HHMMSS.sqlite` into this directory and keep the newest
        /// --keep copies (the nightly timer uses /var/backups/lockbox).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// How many copies --dir keeps.
        #[arg(long, default_value_t = crate::app::backup::KEEP_DEFAULT)]
        keep: usize,
    },
    /// Replace the ledger with a backup copy, if the copy verifies; the ledger as it was is
    /// saved beside it first, and the restore is audited.
    Restore {
        /// The backup copy.
        path: PathBuf,
        /// Restore a copy older than the ledger, losing what was recorded since (the
        /// command says what).
        #[arg(long)]
        older: bool,
    },
    /// Integrity check, ledger invariants and the audit chain.
    Check,
    /// Checks everything a technician would, one line each: the settings, the ledger (schema,
    /// integrity, invariants, audit chain), the clock, the printer, free disk and the PIN key
    /// file's permissions. Exit 1 if any fails. Changes nothing.
    Doctor,
    /// The end-of-day reconciliation of the lock box: opening + money orders taken in -
    /// posted by the day's batch - returned = closing, each from its own source, tied to the
    /// batch; exit 1 (UNBALANCED, the difference in cents, the money orders concerned) if
    /// any source disagrees.
    Reconcile {
        /// The business day, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Queue it for the desk printer too.
        #[arg(long)]
        print: bool,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Supervision cases and their events.
    #[command(subcommand)]
    Cases(CasesCommand),
    /// The intervention fee: quotes, accounts, payments, the monthly assessment, reports.
    #[command(subcommand)]
    Fees(FeesCommand),
    /// The state's central PostgreSQL server, which every site's ledger synchronises with.
    #[command(subcommand)]
    Central(CentralCommand),
    /// Push this site's outbox to the central server, each entry applied there once; runs
    /// on (a service), or with --once pushes what is waiting and exits.
    Sync {
        #[command(flatten)]
        to: CentralUrl,
        /// Push what is waiting, then exit (non-zero if it could not).
        #[arg(long)]
        once: bool,
        /// Entries applied in one central transaction (1 to 10000).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u16).range(1..=10000))]
        batch: u16,
        /// Read the central change log again from its start (after the central server was
        /// restored or replaced: what was applied before is recognised and not applied twice).
        #[arg(long)]
        reread: bool,
        /// Seconds a round may take before it is given up and tried again on a new
        /// connection (a link that stalls without closing must not stop the sync for good).
        #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u16).range(1..=3600))]
        round_timeout: u16,
    },
    /// Offenders' kiosk PINs.
    #[command(subcommand)]
    Pin(PinCommand),
    /// The configuration file, lockbox.toml.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The receipt printer: status, test page, the spool, reprints, reading printed bytes.
    Printer(PrinterArgs),
    /// The clerk console, full screen: lock-box intake, holds, the daily posting.
    Clerk,
    /// The lobby kiosk, full screen (a technician's F12 and a clerk's password leave it).
    Kiosk(KioskArgs),
}

#[derive(Debug, Args)]
pub struct PrinterArgs {
    #[command(flatten)]
    pub options: PrinterOptions,
    #[command(subcommand)]
    pub command: PrinterCommand,
}

/// Where the printer is and how it prints.
#[derive(Debug, Args, Clone)]
pub struct PrinterOptions {
    /// The printer: a serial device (/dev/lockbox-printer, /dev/ttyUSB0) or `file:PATH` for
    /// the simulated printer. Default: $LOCKBOX_PRINTER, else `file:printer.bin` beside the
    /// ledger (its readable rendering goes to `printer.txt` beside it).
    #[arg(long, global = true, env = "LOCKBOX_PRINTER", value_name = "PORT")]
    pub printer: Option<String>,
    /// Serial speed. Default: the config file's printer.baud, else 9600.
    #[arg(long, global = true, env = "LOCKBOX_PRINTER_BAUD")]
    pub baud: Option<u32>,
    /// Serial flow control: none, hardware (RTS/CTS) or software (XON/XOFF). Default: the
    /// config file's printer.flow_control, else hardware.
    #[arg(long, global = true, env = "LOCKBOX_PRINTER_FLOW")]
    pub flow: Option<String>,
    /// Paper width in characters: 42 (58 mm) or 48 (80 mm). Default: the config file's
    /// printer.paper_columns, else 48.
    #[arg(long, global = true, env = "LOCKBOX_PAPER_COLUMNS")]
    pub columns: Option<usize>,
    /// The printer's code page. Default: the config file's printer.code_page, else CP858.
    #[arg(long, global = true, env = "LOCKBOX_CODE_PAGE")]
    pub code_page: Option<String>,
}

impl Default for PrinterOptions {
    fn default() -> Self {
        PrinterOptions::from_config(&crate::app::config::Config::default())
    }
}

impl PrinterOptions {
    /// The settings of the config's [printer] section.
    pub fn from_config(c: &crate::app::config::Config) -> PrinterOptions {
        PrinterOptions {
            printer: c.printer_port.clone(),
            baud: Some(c.printer_baud),
            flow: Some(c.printer_flow_control.clone()),
            columns: Some(c.paper_columns),
            code_page: Some(c.code_page.clone()),
        }
    }

    /// These options, with what they leave unsaid taken from the config.
    pub fn or_config(&self, c: &crate::app::config::Config) -> PrinterOptions {
        let file = PrinterOptions::from_config(c);
        PrinterOptions {
            printer: self.printer.clone().or(file.printer),
            baud: self.baud.or(file.baud),
            flow: self.flow.clone().or(file.flow),
            columns: self.columns.or(file.columns),
            code_page: self.code_page.clone().or(file.code_page),
        }
    }
}

#[derive(Debug, Args)]
pub struct KioskArgs {
    #[command(flatten)]
    pub printer: PrinterOptions,
    /// This kiosk's name, printed on each slip. Default: the config file's kiosk.id, else
    /// lobby-1.
    #[arg(long, env = "LOCKBOX_KIOSK_ID")]
    pub kiosk_id: Option<String>,
    /// Write what speech mode says to DIR (NNNNNN.wav and its text NNNNNN.txt) instead of
    /// playing it, and start every visit in speech mode. Default: the config file's
    /// kiosk.speech_out; without either, speech plays on kiosk.audio.
    #[arg(long, value_name = "DIR")]
    pub speech_out: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PrinterCommand {
    /// Ask the printer how it is (DLE EOT); exit 1 if it cannot print.
    Status,
    /// Print a test page with every letter the receipts use.
    Test {
        /// en or es.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Print the queued jobs in order; with --once, stop when the queue is empty or the
    /// printer cannot print.
    Spool {
        #[arg(long)]
        once: bool,
        /// Print only the jobs for this printer: `desk` (the clerk's: receipts, statements,
        /// reprints) or `kiosk:ID` (a kiosk's slips and vouchers). Default: every job.
        #[arg(long = "for", value_name = "DESTINATION")]
        destination: Option<String>,
    },
    /// Queue a copy of a printed job, marked DUPLICATE.
    Reprint { job: i64 },
    /// The newest print jobs.
    Queue {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Read printed bytes back as the paper shows them (text, or HTML with --html).
    Render {
        file: PathBuf,
        #[arg(long)]
        html: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check a config file: every problem at once, each with its line; exit 2 if any.
    Check {
        /// Default: $LOCKBOX_CONFIG, else /etc/lockbox/lockbox.toml.
        #[arg(env = "LOCKBOX_CONFIG")]
        path: Option<PathBuf>,
    },
    /// Write the shared settings of the settings file (--config) and the LOCKBOX_ variables
    /// into the ledger: the monthly fee, the obligation percentage, the lockout limits and
    /// holidays. A supervisor's act, audited; nothing else changes them.
    Apply,
}

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// Import case events from a JSON-lines file ("-" for stdin), all or nothing: if any
    /// line is bad, nothing is imported and every bad line is listed by number.
    Import { file: PathBuf },
    /// Show a case and its events.
    Show { doc: String },
}

#[derive(Debug, Subcommand)]
pub enum FeesCommand {
    /// What a payment costs by card (or eCheck) on the payment site.
    Quote {
        amount: String,
        #[arg(long)]
        echeck: bool,
    },
    /// An offender's fee account as of a date.
    Account {
        doc: String,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Record a fee payment (money order or cashier's check at the desk).
    Pay {
        doc: String,
        amount: String,
        /// money_order, cashiers_check, card or echeck.
        #[arg(long, default_value = "money_order")]
        instrument: String,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// Write one month's fee to every offender's fee account (run twice, nothing new).
    Assess {
        /// YYYY-MM.
        #[arg(long)]
        month: String,
    },
    /// Queue an offender's payment voucher for the printer.
    Voucher {
        doc: String,
        /// en or es.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Check a waiver request's income test.
    WaiverCheck {
        /// Persons in the family unit living in the household.
        #[arg(long)]
        persons: u32,
        /// Verified monthly household income.
        #[arg(
            long,
            conflicts_with = "hourly_wage",
            required_unless_present = "hourly_wage"
        )]
        monthly_income: Option<String>,
        /// An hourly wage (counted as 168 hours a month).
        #[arg(long)]
        hourly_wage: Option<String>,
        /// employed, unemployed (capable of work) or unable_to_work.
        #[arg(long, default_value = "employed")]
        employment: String,
    },
    /// Lists for the officers: delinquent, reminders, violations, ineligible.
    Report {
        /// delinquent, reminders, violations or ineligible.
        kind: String,
        /// YYYY-MM-DD; default today.
        #[arg(long)]
        as_of: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PinCommand {
    /// Issue a random PIN (printed once) or, with --stdin, set the PIN read from stdin.
    Set {
        doc: String,
        #[arg(long)]
        stdin: bool,
    },
    /// Check a PIN read from stdin as the kiosk does (counts toward the lockout).
    Check { doc: String },
    /// Whether a PIN is set, failures in a row and any lock.
    Status { doc: String },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many people; about 10 transfers each. At most 1,000,000 (about 13 GB of
    /// ledger and ten minutes), ten times the benchmarks' ledger.
    #[arg(long, default_value_t = 40,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::app::demo::MAX_SCALE)))]
    pub scale: u32,
    /// The seed of the generated names and amounts.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum InmateCommand {
    /// Add a person and open their trust account.
    Add {
        doc: String,
        #[arg(long)]
        last: String,
        #[arg(long, default_value = "")]
        first: String,
        #[arg(long, default_value = "")]
        facility: String,
        /// Date of birth, YYYY-MM-DD.
        #[arg(long)]
        dob: Option<String>,
        /// The language of their receipts and statements: en or es.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Show a person on file.
    Show { doc: String },
}

#[derive(Debug, Subcommand)]
pub enum ObligationCommand {
    /// Add an obligation: fine, court_cost, restitution or intervention_fee.
    Add {
        doc: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        amount: String,
        /// Share of each deposit, in percent (default: the configured 20 %).
        #[arg(long)]
        percent: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a clerk or supervisor.
    Add {
        name: String,
        /// clerk or supervisor.
        #[arg(long)]
        role: String,
    },
    /// Set a user's password, read from stdin (8 to 128 characters).
    Passwd { name: String },
    /// Stop a user from signing in (the account and its history stay); --enable undoes it.
    Disable {
        name: String,
        #[arg(long)]
        enable: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HolidayCommand {
    /// Add a holiday, YYYY-MM-DD (audited; an existing holiday is never renamed).
    Add {
        date: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Make a holiday a working day again (audited).
    Remove { date: String },
    /// List the holidays.
    List,
}

#[derive(Debug, Subcommand)]
pub enum SlipCommand {
    /// Capture a deposit slip (as the kiosk does) and queue it for printing.
    New {
        #[arg(long)]
        doc: String,
        /// The inmate's name as the visitor types it (must contain the last name on file).
        #[arg(long)]
        name: String,
        #[arg(long)]
        sender_name: String,
        #[arg(long)]
        sender_address: String,
        #[arg(long)]
        amount: String,
        /// en or es.
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long, default_value = "cli")]
        kiosk: String,
    },
}

#[derive(Debug, Args)]
pub struct IntakeArgs {
    /// The slip number printed on the deposit slip.
    #[arg(long, conflicts_with_all = ["doc", "name", "sender_name", "sender_address"])]
    pub slip: Option<String>,
    /// Without a slip: the inmate's DOC number as written.
    #[arg(long, default_value = "")]
    pub doc: String,
    #[arg(long, default_value = "")]
    pub name: String,
    #[arg(long, default_value = "")]
    pub sender_name: String,
    #[arg(long, default_value = "")]
    pub sender_address: String,
    #[arg(long)]
    pub issuer: String,
    #[arg(long)]
    pub serial: String,
    #[arg(long)]
    pub amount: String,
    /// The date on the money order, YYYY-MM-DD.
    #[arg(long)]
    pub date: String,
    /// money_order, personal_check or cash.
    #[arg(long, default_value = "money_order")]
    pub instrument: String,
}

#[derive(Debug, Subcommand)]
pub enum DepositsCommand {
    /// Import the processor's daily file (CSV: id,received_at,channel,doc,sender_name,
    /// sender_address,amount,card): every line accepted, held or refused by the screening
    /// rules, in one transaction; a malformed file is refused whole, every bad line named.
    /// A line imported before is reported `duplicate` and records nothing.
    Import { file: PathBuf },
    /// The lines refused on a date (as the processor dated them), as CSV, for return to
    /// the processor.
    Returns {
        #[arg(long)]
        date: String,
    },
    /// The held deposits waiting for a supervisor's review, with their reasons.
    Held,
    /// Record the processor's settlement of a day and compare it with the day's accepted
    /// deposits less chargebacks (by the processor's own dates): BALANCED, or the
    /// difference, which stays in the books as a processor receivable. Once per day.
    Settle {
        #[arg(long)]
        date: String,
        /// What the processor says it paid for the day (dollars and cents; a day whose
        /// chargebacks outweigh its deposits is negative, written with a leading minus).
        #[arg(long, allow_hyphen_values = true)]
        total: String,
    },
    /// Accept a held deposit (a supervisor): it posts with the next business-day batch.
    Accept {
        /// The processor's transaction id.
        id: String,
        #[arg(long)]
        note: String,
    },
    /// Reject a held deposit (a supervisor): it is listed for return to the processor.
    Reject {
        /// The processor's transaction id.
        id: String,
        /// suspected_fraud, sender_unverified, inmate_restricted or policy.
        #[arg(long)]
        reason: String,
        #[arg(long)]
        note: String,
    },
}

/// Whom a watchlist entry names: an inmate, or a sender.
#[derive(Debug, Args)]
pub struct WatchTarget {
    /// An inmate, by DOC number.
    #[arg(long, conflicts_with_all = ["card", "cash_sender"], required_unless_present_any = ["card", "cash_sender"])]
    pub inmate: Option<String>,
    #[command(flatten)]
    pub sender: SenderArgs,
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Put a sender or an inmate on the watchlist (a supervisor, with a reason): their
    /// electronic deposits are held for review.
    Add {
        #[command(flatten)]
        whom: WatchTarget,
        #[arg(long)]
        reason: String,
    },
    /// Always accept this sender's deposits to this inmate from the velocity rules
    /// (sender_many_inmates, inmate_many_senders): a supervisor, with a reason.
    Allow {
        /// The inmate, by DOC number.
        #[arg(long)]
        inmate: String,
        /// The sender (one is required).
        #[command(flatten)]
        sender: SenderArgs,
        #[arg(long)]
        reason: String,
    },
    /// Take an entry off the watchlist (a supervisor, with a reason).
    Remove {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// The watchlist in force.
    List,
}

#[derive(Debug, Subcommand)]
pub enum HoldCommand {
    /// List the money orders on hold.
    List,
    /// Release a held money order after verification (supervisors).
    Release {
        money_order: i64,
        #[arg(long)]
        note: String,
        /// The inmate's DOC number, when verification found it.
        #[arg(long)]
        doc: Option<String>,
        /// The sender's name, when verification found it.
        #[arg(long)]
        sender_name: Option<String>,
        /// The sender's address, when verification found it (a hold for want of the
        /// address is released only with one).
        #[arg(long)]
        sender_address: Option<String>,
    },
    /// Return a held money order to its sender (supervisors).
    Return {
        money_order: i64,
        #[arg(long)]
        note: String,
    },
}

#[derive(Debug, Args)]
pub struct PostArgs {
    /// The business day, YYYY-MM-DD.
    #[arg(long)]
    pub date: String,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A plain-text accounting journal that hledger reads.
    Journal {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Every transfer as CSV.
    Csv {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain and its seals, and name the first edited, forged, deleted or
    /// reordered row; and that the chain still holds the last entry anchored beside the
    /// ledger.
    Verify {
        /// A head hash noted elsewhere (printed on a day's reconciliation): the chain must
        /// still hold that entry.
        #[arg(long, value_name = "HASH")]
        anchor: Option<String>,
    },
}

/// A sender of electronic deposits, as the watchlist's commands name one.
#[derive(Debug, clap::Args)]
pub struct SenderArgs {
    /// A card sender, by the processor's card fingerprint.
    #[arg(long, conflicts_with = "cash_sender")]
    pub card: Option<String>,
    /// A walk-in cash sender, by name (with --address).
    #[arg(long, requires = "address")]
    pub cash_sender: Option<String>,
    /// The cash sender's address.
    #[arg(long, requires = "cash_sender")]
    pub address: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CentralCommand {
    /// Create the central schema, or upgrade it to this lockbox's version, in one
    /// transaction (run again, it changes nothing).
    Init {
        #[command(flatten)]
        to: CentralUrl,
    },
    /// The statewide books: each site's inmates' trust total and transfers, and the sum.
    Report {
        #[command(flatten)]
        to: CentralUrl,
    },
    /// Put a sender or an inmate on every site's watchlist (the state's): each site adds it
    /// at its next sync, and screens by it from then on.
    Watch {
        #[command(flatten)]
        to: CentralUrl,
        #[command(flatten)]
        whom: WatchTarget,
        #[arg(long)]
        reason: String,
        /// Take the state's entry off every site's list instead (an entry a site's own
        /// supervisor added stays).
        #[arg(long)]
        remove: bool,
    },
    /// Register a person with the state, at a site: every site learns them at its next sync
    /// (the site serves them; the others know they are elsewhere).
    Person {
        #[command(flatten)]
        to: CentralUrl,
        /// The person's DOC number.
        #[arg(long)]
        doc: String,
        #[arg(long)]
        last_name: String,
        #[arg(long, default_value = "")]
        first_name: String,
        /// The language of their receipts and statements: en or es.
        #[arg(long, default_value = "en")]
        language: String,
        /// The site they are at (it must have synced once).
        #[arg(long)]
        site: String,
        /// The facility there.
        #[arg(long)]
        facility: String,
    },
    /// Add a fine, court cost or restitution to a person the state registered (`central
    /// person`): the site they are at adds it at its next sync, and splits their deposits
    /// to it from then on; moved, it goes with them.
    Obligation {
        #[command(flatten)]
        to: CentralUrl,
        /// The person's DOC number.
        #[arg(long)]
        doc: String,
        /// fine, court_cost or restitution.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        amount: String,
        /// Share of each deposit, in percent (default: the site's configured share).
        #[arg(long)]
        percent: Option<String>,
    },
    /// Move a person to another site: every site learns it at its next sync; the old one
    /// refuses new slips for them and holds their money orders waiting to be posted.
    Move {
        #[command(flatten)]
        to: CentralUrl,
        /// The person's DOC number.
        #[arg(long)]
        doc: String,
        /// The site they are moved to (it must have synced once).
        #[arg(long)]
        site: String,
        /// The facility there, as slips and receipts name it.
        #[arg(long)]
        facility: String,
    },
}

/// Where the central server is. Its password is never shown, not even by `--help` from the
/// service's environment.
#[derive(Debug, Args)]
pub struct CentralUrl {
    /// The central server: postgres://USER:PASSWORD@HOST:PORT/DATABASE.
    #[arg(
        long,
        env = "LOCKBOX_CENTRAL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub central: String,
}

//! Runs one command-line command against the ledger and prints its result.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};

use super::{clock, demo};
use crate::cli::{Cli, Command, UserCommand};
use crate::domain::Language;
use crate::store::{ExportError, Ledger, LedgerError, Role};
use crate::strings;

/// Exit status for a bad input: nothing was written.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status for a failure of the machine or a check that found problems.
pub const EXIT_FAILED: u8 = 1;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum CommandError {
    /// The input was wrong; the message says what. Exit 2, nothing written.
    BadInput(String),
    /// Something outside the input failed (disk, database, a failed check). Exit 1.
    Failed(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::BadInput(m) | CommandError::Failed(m) => f.write_str(m),
        }
    }
}

impl From<LedgerError> for CommandError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Rejected(r) => CommandError::BadInput(strings::rejection(Language::En, r)),
            other => CommandError::Failed(other.to_string()),
        }
    }
}

impl From<crate::domain::Rejection> for CommandError {
    fn from(r: crate::domain::Rejection) -> Self {
        LedgerError::Rejected(r).into()
    }
}

impl From<ExportError> for CommandError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Ledger(l) => l.into(),
            ExportError::Io(io) => CommandError::Failed(format!("could not write: {io}")),
        }
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        CommandError::Failed(format!("could not write: {e}"))
    }
}

pub(crate) type Outcome = Result<(), CommandError>;

/// What a command runs with, settled by `dispatch` before it runs: the ledger's path, who
/// acts (authenticated), the settings, and whether the settings were given at all.
pub(crate) struct Run {
    pub path: PathBuf,
    pub json: bool,
    pub actor: String,
    pub config: super::config::Config,
    pub pin_key: Option<PathBuf>,
    pub policy: crate::store::Policy,
    pub policy_given: bool,
    /// `--db` and `--pin-key` as given (the demo goes only there or to the defaults).
    pub db_flag: Option<PathBuf>,
    pub pin_key_flag: Option<PathBuf>,
    /// `--config` as given, and the settings as read (the doctor reports their problems).
    pub config_flag: Option<PathBuf>,
    pub loaded: Result<(super::config::Config, Option<PathBuf>), super::config::ConfigErrors>,
}

/// A command routed to a group that does not run it: a mistake in `dispatch`, said as one
/// rather than a crash.
pub(crate) fn not_in_group(command: &Command) -> CommandError {
    CommandError::Failed(format!("lockbox cannot run this command here: {command:?}"))
}

/// Runs the parsed command line; prints errors to stderr and returns the exit status.
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // An error may quote a path or a value as it was typed: shown without its control
        // characters.
        Err(CommandError::BadInput(message)) => {
            tell!("lockbox: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(CommandError::Failed(message)) => {
            tell!("lockbox: {message}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// The default ledger path: `$XDG_DATA_HOME/lockbox/ledger.sqlite`, else
/// `~/.local/share/lockbox/ledger.sqlite`.
pub fn default_db_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("lockbox").join("ledger.sqlite")
}

/// Where `cargo run --release` keeps the demo ledger: `./lockbox-demo/ledger.sqlite`.
pub fn demo_db_path() -> PathBuf {
    PathBuf::from("lockbox-demo").join("ledger.sqlite")
}

/// Opens the existing ledger at `path`; refuses (exit 1) and creates nothing when there is
/// none. Only `init` and `demo` create a ledger, through `create`.
///
/// The fee books are brought up to this month first when a month fell due since they last
/// were (`Ledger::catch_up_fee_books`): nobody has to remember to run `fees assess`. A
/// catch-up that cannot write (a read-only copy) is logged, and the command goes on.
pub(crate) fn open(path: &Path) -> Result<Ledger, CommandError> {
    let mut ledger = open_as_it_is(path)?;
    let now = now()?;
    if let Err(e) = ledger.catch_up_fee_books(now, "system", &mut |_, _| {}) {
        tracing::warn!("the fee books could not be brought up to date: {e}");
    }
    Ok(ledger)
}

/// `open` without bringing the fee books up to date: for `fees assess`, which does that
/// itself, so that it can tell the charges it writes from those written before it, and
/// writes them as the user who ran it.
pub(crate) fn open_as_it_is(path: &Path) -> Result<Ledger, CommandError> {
    Ledger::open_existing(path).map_err(|e| match e {
        LedgerError::NoLedger(_) => CommandError::Failed(e.to_string()),
        other => CommandError::Failed(format!("cannot open {}: {other}", path.display())),
    })
}

/// Creates (or opens and migrates) the ledger at `path`, with its folder: `init` and `demo`.
pub(crate) fn create(path: &Path) -> Result<Ledger, CommandError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CommandError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    Ledger::open(path)
        .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", path.display())))
}

pub(crate) fn now() -> Result<NaiveDateTime, CommandError> {
    clock::now().map_err(CommandError::BadInput)
}

pub(crate) fn date(text: &str, what: &str) -> Result<NaiveDate, CommandError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        CommandError::BadInput(format!("{what} {text:?} is not a date like 2026-11-20"))
    })
}

/// One line of compact JSON, as the fee commands' contract shows it.
pub(crate) fn print_json_line(value: &impl serde::Serialize) -> Outcome {
    let text = serde_json::to_string(value).map_err(|e| CommandError::Failed(e.to_string()))?;
    write_json(&text)
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Outcome {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| CommandError::Failed(e.to_string()))?;
    write_json(&text)
}

/// JSON on standard output, its strings' invisible and control characters escaped (not
/// replaced, as `say!` does with text): the data stays whole, the terminal untouched.
fn write_json(text: &str) -> Outcome {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        crate::domain::text::json_for_terminal(text)
    );
    Ok(())
}

/// Every problem of the settings, one line each, as `file:line: message`.
pub(crate) fn config_lines((source, problems): &super::config::ConfigErrors) -> Vec<String> {
    problems
        .iter()
        .map(|p| match p.line {
            0 => format!("{source}: {}", p.message),
            n => format!("{source}:{n}: {}", p.message),
        })
        .collect()
}

fn config_errors(errors: super::config::ConfigErrors) -> CommandError {
    let lines = config_lines(&errors);
    CommandError::BadInput(format!(
        "the settings have {} problem(s); nothing was done:\n{}",
        lines.len(),
        lines.join("\n")
    ))
}

/// The role matrix (`access`) for this command: the name it acts as, once the user is
/// known, enabled, of the right role and authenticated. Nothing is written before this,
/// except the audit row of a refusal.
fn authorize(
    user: Option<&str>,
    password_file: Option<&Path>,
    command: &Command,
    path: &Path,
    pin_key: Option<&Path>,
) -> Result<String, CommandError> {
    use super::access::Access;
    let (what, need) = super::access::access(command);
    match need {
        Access::Setup => return Ok("setup".into()),
        Access::Anyone => return Ok("cli".into()),
        Access::Service if super::access::runs_as_owner_of(path) => {
            return Ok(super::access::SYSTEM_ACTOR.into())
        }
        Access::Service => {
            // Said, and audited when the ledger opens (a refusal writes only its audit row).
            let message = format!("refused: {what} needs {}. Nothing was written.", need.who());
            if let Ok(mut ledger) = Ledger::open_existing(path) {
                if let Err(e) = ledger.record_refusal("", what, "not_service_account", now()?) {
                    tracing::warn!("the refusal could not be audited: {e}");
                }
            }
            return Err(CommandError::BadInput(message));
        }
        Access::Staff | Access::StaffOrSystem | Access::Supervisor => {}
    }
    let key = pin_key
        .map(Path::to_path_buf)
        .unwrap_or_else(|| super::fee_commands::default_pin_key(path));
    let credentials = super::access::Credentials {
        user,
        password_file,
    };
    // A live ledger that opens but writes nothing (its schema changed behind lockbox's
    // back, its audit key lost) is, for a restore, as broken as one that does not open.
    let opened = Ledger::open_existing(path).and_then(|l| match l.write_problem() {
        Some(problem) if matches!(command, Command::Restore { .. }) => {
            Err(LedgerError::Key(problem))
        }
        _ => Ok(l),
    });
    let mut ledger = match (opened, command) {
        (Ok(ledger), _) => ledger,
        // A live ledger too broken to open is what a restore is for: its supervisor signs
        // in against the copy (a scratch copy of it, so the backup itself never changes).
        // Only the service account may: whoever else could write the file could make the
        // copy say anything.
        (Err(_), Command::Restore { .. })
            if path.is_file() && !super::access::runs_as_owner_of(path) =>
        {
            return Err(CommandError::BadInput(format!(
                "refused: the ledger at {} does not open, and a restore over it is made only by the account that owns it (the service account). Nothing was written.",
                path.display()
            )))
        }
        (Err(_), Command::Restore { path: copy, .. }) if path.is_file() => {
            return super::backup::with_scratch_copy(copy, path, &mut |ledger| {
                super::access::authenticate(ledger, &key, path, need, what, &credentials, now()?)
            })
        }
        (Err(LedgerError::NoLedger(p)), _) => {
            return Err(CommandError::Failed(LedgerError::NoLedger(p).to_string()))
        }
        (Err(other), _) => {
            return Err(CommandError::Failed(format!(
                "cannot open {}: {other}",
                path.display()
            )))
        }
    };
    // The first supervisor (and their password) needs no one's sign-in, only while no
    // supervisor can sign in.
    if super::access::bootstrap_open(&ledger)? {
        let first = match command {
            Command::User(UserCommand::Add { role, .. }) => role.trim() == "supervisor",
            Command::User(UserCommand::Passwd { name }) => ledger
                .find_user(name)?
                .is_some_and(|u| u.role == Role::Supervisor),
            _ => false,
        };
        if first {
            return Ok("setup".into());
        }
    }
    super::access::authenticate(&mut ledger, &key, path, need, what, &credentials, now()?)
}

fn dispatch(cli: Cli) -> Outcome {
    let json = cli.json;
    let Some(command) = cli.command else {
        // The demo is self-contained: the machine's settings do not apply to it.
        return demo::open_demo(cli.db.unwrap_or_else(demo_db_path), cli.pin_key);
    };
    // `config check` reads the file itself; everything else runs with the settings.
    let loaded = match &command {
        Command::Config(crate::cli::ConfigCommand::Check { .. }) => {
            Ok((super::config::Config::default(), None))
        }
        _ => super::config::Config::for_run(cli.config.as_deref()),
    };
    // The doctor reports bad settings among its findings instead of stopping.
    let (config, config_file) = match (&command, &loaded) {
        (Command::Doctor, Err(_)) => (super::config::Config::default(), None),
        _ => loaded.clone().map_err(config_errors)?,
    };
    let pin_key = cli.pin_key.clone().or(config.pin_key.clone());
    let path = cli
        .db
        .clone()
        .or(config.database.clone())
        .unwrap_or_else(default_db_path);
    let actor = authorize(
        cli.user.as_deref(),
        cli.password_file.as_deref(),
        &command,
        &path,
        pin_key.as_deref(),
    )?;
    // The business settings live in the ledger, shared by every process on it. A settings
    // file (or a variable) that says otherwise changes nothing by itself: `init` writes them
    // into a new ledger, and after that only a supervisor's `config apply` does. Other
    // commands say that they differ.
    let policy = config.policy();
    let policy_given = config_file.is_some() || policy != crate::store::Policy::default();
    if policy_given
        && !matches!(
            command,
            Command::Config(_)
                | Command::Demo(_)
                | Command::Doctor
                | Command::Restore { .. }
                | Command::Init
        )
        && path.is_file()
    {
        if let Ok(ledger) = Ledger::open_existing(&path) {
            // Holidays only ever go in (one removed by hand may stay in the file): not
            // worth a warning on every command.
            let differ: Vec<String> = ledger
                .policy_differences(&policy)
                .unwrap_or_default()
                .into_iter()
                .filter(|d| !d.starts_with("holiday="))
                .collect();
            if !differ.is_empty() {
                tell!(
                    "lockbox: the settings differ from the ledger's ({}); the ledger's apply until a supervisor runs `lockbox config apply`",
                    differ.join(", ")
                );
            }
        }
    }
    let run = Run {
        path,
        json,
        actor,
        config,
        pin_key,
        policy,
        policy_given,
        db_flag: cli.db.clone(),
        pin_key_flag: cli.pin_key.clone(),
        config_flag: cli.config.clone(),
        loaded,
    };
    match command {
        Command::Backup { .. }
        | Command::Config(_)
        | Command::Demo(_)
        | Command::Doctor
        | Command::Holiday(_)
        | Command::Init
        | Command::Restore { .. }
        | Command::User(_) => super::setup_commands::run(run, command),
        Command::Found { .. }
        | Command::Hold(_)
        | Command::Inmate(_)
        | Command::Intake(_)
        | Command::Obligation(_)
        | Command::Post(_)
        | Command::Slip(_) => super::deposit_commands::run(run, command),
        Command::Deposits(c) => {
            super::electronic_commands::deposits(&run.path, c, run.json, &run.actor)
        }
        Command::Watch(c) => super::electronic_commands::watch(&run.path, c, run.json, &run.actor),
        Command::Accounts
        | Command::Audit(_)
        | Command::Balance { .. }
        | Command::Check
        | Command::Export(_)
        | Command::Reconcile { .. }
        | Command::Statement { .. } => super::books_commands::run(run, command),
        Command::Clerk | Command::Kiosk(_) | Command::Pin(_) | Command::Printer(_) => {
            super::screen_commands::run(run, command)
        }
        Command::Cases(c) => super::fee_commands::cases(&run.path, c, run.json, &run.actor),
        Command::Central(c) => super::central_commands::run(c, run.json),
        Command::Sync {
            to,
            once,
            batch,
            reread,
            round_timeout,
        } => super::central_commands::sync(
            &run.path,
            &run.config.site_id,
            &to.central,
            super::central_commands::SyncOptions {
                once,
                batch: usize::from(batch),
                reread,
                round_timeout: std::time::Duration::from_secs(u64::from(round_timeout)),
            },
            run.json,
        ),
        Command::Fees(c) => super::fee_commands::fees(
            &run.path,
            c,
            run.json,
            &run.actor,
            &run.config.district_office,
        ),
    }
}

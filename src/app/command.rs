//! Runs one command-line command against the ledger and prints its result.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};

use super::{clock, demo};
use crate::cli::{
    AuditCommand, Cli, Command, ExportCommand, HoldCommand, HolidayCommand, InmateCommand,
    IntakeArgs, ObligationCommand, SlipCommand, UserCommand,
};
use crate::domain::{
    DocNumber, Instrument, IntakeRequest, IntakeSource, Language, ObligationKind, SlipRequest,
};
use crate::store::{
    ExportError, IntakeStatus, Ledger, LedgerError, NewPerson, PostingOutcome, Role, Verification,
};
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

/// Runs the parsed command line; prints errors to stderr and returns the exit status.
pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CommandError::BadInput(message)) => {
            eprintln!("lockbox: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(CommandError::Failed(message)) => {
            eprintln!("lockbox: {message}");
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
    let mut ledger = Ledger::open_existing(path).map_err(|e| match e {
        LedgerError::NoLedger(_) => CommandError::Failed(e.to_string()),
        other => CommandError::Failed(format!("cannot open {}: {other}", path.display())),
    })?;
    let now = now()?;
    if let Err(e) = ledger.catch_up_fee_books(now, "system", &mut |_, _| {}) {
        tracing::warn!("the fee books could not be brought up to date: {e}");
    }
    Ok(ledger)
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

/// A statement's month: YYYY-MM, or `last` for the month before today's.
fn statement_month(text: &str) -> Result<(i32, u32), CommandError> {
    if text.trim() == "last" {
        use chrono::Datelike;
        let today = now()?.date();
        let last = crate::domain::month::first_of_month(today)
            .pred_opt()
            .unwrap_or(today);
        return Ok((last.year(), last.month()));
    }
    month(text)
}

fn language_of(text: &str) -> Result<Language, CommandError> {
    Language::parse(text)
        .ok_or_else(|| CommandError::BadInput(format!("language {text:?} is not en or es")))
}

/// Writes one statement as its paper reads (48 columns) to `dir`.
fn save_statement(
    dir: &Path,
    s: &crate::store::Statement,
    language: Language,
    duplicate: bool,
) -> Result<(), CommandError> {
    use crate::print::document::Document;
    let payload = serde_json::to_string(s).map_err(|e| CommandError::Failed(e.to_string()))?;
    let bytes = Document::from_job("statement", &payload)
        .map_err(|e| CommandError::Failed(e.to_string()))?
        .render(
            language,
            crate::print::code_page::CodePage::default(),
            crate::print::sheet::Columns::MM80,
            duplicate,
        )
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    let text =
        crate::print::decode::Paper::decode(&bytes, crate::print::code_page::CodePage::default())
            .to_text(48);
    let file = dir.join(format!("statement-{}-{}.txt", s.month, s.doc));
    std::fs::write(&file, text)
        .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", file.display())))
}

fn month(text: &str) -> Result<(i32, u32), CommandError> {
    let bad = || CommandError::BadInput(format!("month {text:?} is not a month like 2026-11"));
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if y.to_string().len() != 4
        || !(1..=12).contains(&m)
        || NaiveDate::from_ymd_opt(y, m, 1).is_none()
    {
        return Err(bad());
    }
    Ok((y, m))
}

/// One line of compact JSON, as the fee commands' contract shows it.
pub(crate) fn print_json_line(value: &impl serde::Serialize) -> Outcome {
    let text = serde_json::to_string(value).map_err(|e| CommandError::Failed(e.to_string()))?;
    say!("{text}");
    Ok(())
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Outcome {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| CommandError::Failed(e.to_string()))?;
    say!("{text}");
    Ok(())
}

/// Every problem of the settings, one line each, as `file:line: message`.
fn config_lines((source, problems): &super::config::ConfigErrors) -> Vec<String> {
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
                eprintln!(
                    "lockbox: the settings differ from the ledger's ({}); the ledger's apply until a supervisor runs `lockbox config apply`",
                    differ.join(", ")
                );
            }
        }
    }
    match command {
        Command::Init => {
            // The settings go into a new ledger only: on one that exists, `init` migrates
            // it and changes no shared setting (that is `config apply`, a supervisor's).
            let new = !path.exists();
            let mut ledger = create(&path)?;
            if policy_given && new {
                let changed = ledger.apply_policy(&policy, now()?, &actor)?;
                if !changed.is_empty() {
                    eprintln!(
                        "lockbox: settings written into the ledger: {}",
                        changed.join(", ")
                    );
                }
            }
            // An upgrade's ledger has its fee books brought up to this month at once.
            ledger.catch_up_fee_books(now()?, "system", &mut |_, _| {})?;
            let version = ledger.schema_version()?;
            // The PIN key too, so that a fresh install has it (mode 0600) before any PIN.
            let key = pin_key
                .clone()
                .unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            ledger
                .pin_key(&key)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            if json {
                print_json(
                    &serde_json::json!({"db": path, "schema_version": version, "pin_key": key}),
                )
            } else {
                say!(
                    "ledger ready at {} (schema version {version}); PIN key {}",
                    path.display(),
                    key.display()
                );
                Ok(())
            }
        }
        Command::Demo(args) => {
            // A demo never goes into the ledger the settings name (the machine's real one):
            // only into --db, or the default path.
            let path = cli.db.clone().unwrap_or_else(default_db_path);
            // Only into a new file: a demo's people and money never go into a ledger that
            // is there already (it may be a real one).
            if path.exists() {
                return Err(CommandError::BadInput(format!(
                    "{} exists: a demo is built only into a new file",
                    path.display()
                )));
            }
            let mut ledger = create(&path)?;
            let now = now()?;
            let mut bar: Option<super::progress::Progress> = None;
            let summary = demo::build(
                &mut ledger,
                args.scale,
                args.seed,
                now,
                &mut |done, total, what| {
                    bar.get_or_insert_with(|| super::progress::Progress::new("demo", total as u64))
                        .set(done as u64, what);
                },
            )?;
            if let Some(bar) = bar {
                bar.finish("built");
            }
            let key = cli
                .pin_key
                .clone()
                .unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            let key = ledger
                .pin_key(&key)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            super::demo_fees::set_pins(&mut ledger, &key, now)?;
            if json {
                print_json(&summary)
            } else {
                say!("{summary}");
                Ok(())
            }
        }
        Command::Inmate(c) => inmate(&path, c, json, &actor),
        Command::Obligation(ObligationCommand::Add {
            doc,
            kind,
            amount,
            percent,
        }) => {
            let kind = ObligationKind::parse(&kind).ok_or_else(|| {
                CommandError::BadInput(format!(
                    "kind {kind:?} is not one of fine, court_cost, restitution, intervention_fee"
                ))
            })?;
            let percent_bp = percent.map(|p| percent_to_bp(&p)).transpose()?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            let id = ledger.add_obligation(&doc, kind, &amount, percent_bp, now()?, &u)?;
            if json {
                print_json(&serde_json::json!({"obligation": id}))
            } else {
                say!("obligation {id} added");
                Ok(())
            }
        }
        Command::User(UserCommand::Passwd { name }) => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| CommandError::BadInput(format!("cannot read the password: {e}")))?;
            let password = password.trim_end_matches(['\r', '\n']);
            // The ledger first: a mistyped path must not leave a new key file behind.
            let mut ledger = open(&path)?;
            let key = pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            let key = ledger
                .pin_key(&key)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            ledger.set_password(&name, password, &key, now()?, &actor)?;
            say!("password set for {name}");
            Ok(())
        }
        Command::User(UserCommand::Disable { name, enable }) => {
            let mut ledger = open(&path)?;
            ledger.set_user_disabled(&name, !enable, now()?, &actor)?;
            say!(
                "user {name} {}",
                if enable { "enabled" } else { "disabled" }
            );
            Ok(())
        }
        Command::User(UserCommand::Add { name, role }) => {
            let role = Role::parse(&role).ok_or_else(|| {
                CommandError::BadInput(format!("role {role:?} is not clerk or supervisor"))
            })?;
            let mut ledger = open(&path)?;
            let user = ledger.add_user(&name, role, now()?, &actor)?;
            if json {
                print_json(&user)
            } else {
                say!("user {} added as {}", user.name, user.role.code());
                Ok(())
            }
        }
        Command::Holiday(HolidayCommand::Add { date: d, name }) => {
            let d = date(&d, "holiday")?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            if ledger.add_holiday(d, &name, now()?, &u)? {
                say!("holiday {d} added");
            } else {
                say!("{d} is already that holiday; nothing changed");
            }
            Ok(())
        }
        Command::Holiday(HolidayCommand::Remove { date: d }) => {
            let d = date(&d, "holiday")?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            if ledger.remove_holiday(d, now()?, &u)? {
                say!("{d} is a working day again");
                Ok(())
            } else {
                Err(CommandError::BadInput(format!("{d} is not a holiday")))
            }
        }
        Command::Holiday(HolidayCommand::List) => {
            let ledger = open(&path)?;
            let list = ledger.holidays()?;
            if json {
                print_json(
                    &list
                        .iter()
                        .map(|(d, n)| serde_json::json!({"date": d, "name": n}))
                        .collect::<Vec<_>>(),
                )
            } else {
                for (d, n) in list {
                    say!("{d}  {n}");
                }
                Ok(())
            }
        }
        Command::Slip(SlipCommand::New {
            doc,
            name,
            sender_name,
            sender_address,
            amount,
            lang,
            kiosk,
        }) => {
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let request = SlipRequest {
                doc,
                inmate_name: name,
                sender_name,
                sender_address,
                amount,
                language,
                kiosk_id: kiosk.clone(),
            };
            let mut ledger = open(&path)?;
            let slip = ledger.capture_slip(&request, now()?, &format!("kiosk:{kiosk}"))?;
            if json {
                print_json(&slip)
            } else {
                say!(
                    "slip {} for {} {} ({}): {} from {}",
                    slip.number,
                    slip.doc,
                    slip.inmate_name,
                    slip.facility,
                    slip.amount.with_dollar_sign(),
                    slip.sender_name
                );
                Ok(())
            }
        }
        Command::Intake(args) => intake(&path, args, json, &actor),
        Command::Found { kind, amount, slip } => {
            let item = crate::store::FoundItem::parse(&kind).ok_or_else(|| {
                CommandError::BadInput(format!(
                    "{kind:?} is not cash, personal_check or personal_item"
                ))
            })?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            let id = ledger.record_found_item(item, &amount, &slip, now()?, &u)?;
            if json {
                print_json(&serde_json::json!({"found_item": id}))
            } else {
                say!("found item {id} recorded: not accepted, no money moved");
                Ok(())
            }
        }
        Command::Hold(c) => hold(&path, c, json, &actor),
        Command::Post(args) => {
            let day = date(&args.date, "posting date")?;
            let u = actor.to_string();
            let mut ledger = open(&path)?;
            let outcome = match ledger.post(day, now()?, &u, &mut |p| {
                if !json && p.total > 0 {
                    eprintln!("posted {} of {}", p.posted, p.total);
                }
            }) {
                Err(LedgerError::Rejected(crate::domain::Rejection::PostingRunning)) => {
                    let (since, by) = ledger.posting_running()?.unwrap_or_default();
                    return Err(CommandError::Failed(format!(
                        "a posting is running since {}, by {by}; nothing was posted by this run: wait for it to finish",
                        since.get(11..16).unwrap_or(&since)
                    )));
                }
                other => other?,
            };
            if json {
                return print_json(&outcome);
            }
            match outcome {
                PostingOutcome::NotABusinessDay { date, reason } => say!(
                    "nothing posted for {date}: {}",
                    strings::not_business_day(Language::En, reason)
                ),
                PostingOutcome::Posted {
                    date,
                    batch_count,
                    batch_total,
                    already_finished: true,
                    ..
                } => say!(
                    "the batch of {date} was already posted ({batch_count} money orders, {}); nothing new posted",
                    batch_total.with_dollar_sign(),
                ),
                PostingOutcome::Posted {
                    date,
                    posted_now,
                    posted_now_total,
                    batch_count,
                    batch_total,
                    resumed,
                    ..
                } => say!(
                    "posted {posted_now} money orders ({}) for {date}{}; batch total {batch_count} ({})",
                    posted_now_total.with_dollar_sign(),
                    if resumed { ", finishing an interrupted batch" } else { "" },
                    batch_total.with_dollar_sign()
                ),
            }
            Ok(())
        }
        Command::Balance { doc } => {
            let ledger = open(&path)?;
            let b = ledger.balance(&doc)?;
            if json {
                return print_json(&b);
            }
            say!("{}  {}  {}", b.doc, b.name, b.facility);
            say!("trust balance  {:>12}", b.trust_balance.with_dollar_sign());
            for o in &b.obligations {
                say!(
                    "obligation {} {:<16} owed {:>12} paid {:>12} remaining {:>12}",
                    o.id,
                    o.kind,
                    o.amount.with_dollar_sign(),
                    o.paid.with_dollar_sign(),
                    o.remaining.with_dollar_sign()
                );
            }
            for p in &b.pending {
                say!(
                    "pending money order {} {:>12} ({})",
                    p.money_order_id,
                    p.amount.with_dollar_sign(),
                    p.status
                );
            }
            say!("last {} transactions:", b.recent.len());
            for a in &b.recent {
                say!(
                    "  {}  {:<16} {:>12}  {}",
                    a.business_date,
                    a.kind,
                    a.amount.with_dollar_sign(),
                    a.account
                );
            }
            Ok(())
        }
        Command::Statement {
            all: true,
            month: m,
            print,
            out,
            lang,
            ..
        } => {
            let (y, m) = statement_month(&m)?;
            let forced = lang.as_deref().map(language_of).transpose()?;
            if !print && out.is_none() {
                return Err(CommandError::BadInput(
                    "say where the statements go: --print, --out DIR, or both".into(),
                ));
            }
            let now = now()?;
            let mut ledger = open(&path)?;
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir).map_err(|e| {
                    CommandError::Failed(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            let mut to_print = Vec::new();
            let mut saved = 0usize;
            let mut failed: Option<CommandError> = None;
            let count = ledger.issue_all_statements(y, m, now, &actor, &mut |s, own, again| {
                let language = forced.unwrap_or(own);
                if let Some(dir) = &out {
                    if let Err(e) = save_statement(dir, s, language, again) {
                        failed.get_or_insert(e);
                        return Ok(());
                    }
                    saved += 1;
                }
                if print {
                    to_print.push((s.clone(), language, again));
                }
                Ok(())
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
            // Queued as issued: a first issue is an original, not a DUPLICATE.
            for (statement, language, again) in &to_print {
                ledger.queue_issued_statement(statement, *language, *again, now, &actor)?;
            }
            say!(
                "{count} statement(s) for {y:04}-{m:02}: {saved} saved{}, {} queued for the desk printer",
                out.as_ref()
                    .map_or(String::new(), |d| format!(" in {}", d.display())),
                to_print.len()
            );
            Ok(())
        }
        Command::Statement {
            doc: Some(doc),
            month: m,
            print: true,
            lang,
            ..
        } => {
            let (y, m) = statement_month(&m)?;
            let mut ledger = open(&path)?;
            let language = match lang.as_deref() {
                Some(l) => language_of(l)?,
                None => ledger
                    .find_person(&DocNumber::parse(&doc).map_err(LedgerError::from)?)?
                    .map(|p| p.language)
                    .unwrap_or_default(),
            };
            let id = ledger.queue_statement(&doc, y, m, language, now()?, &actor)?;
            say!("statement queued as print job {id}");
            Ok(())
        }
        Command::Statement { doc, month: m, .. } => {
            let (y, m) = statement_month(&m)?;
            let doc = doc.unwrap_or_default();
            let ledger = open(&path)?;
            let s = ledger.statement(&doc, y, m)?;
            if json {
                return print_json(&s);
            }
            say!(
                "statement {}{}  {} {}  {}",
                s.month,
                s.number.map_or(String::new(), |n| format!(" number {n}")),
                s.doc,
                s.name,
                s.facility
            );
            say!(
                "opening balance {:>12}",
                s.opening_balance.with_dollar_sign()
            );
            for l in &s.lines {
                say!(
                    "{}  receipt {:>6}  deposit {:>10}  obligations {:>10}  credited {:>10}  balance {:>10}  from {}",
                    l.date,
                    l.receipt_number,
                    l.deposit.with_dollar_sign(),
                    l.to_obligations.with_dollar_sign(),
                    l.credited.with_dollar_sign(),
                    l.balance.with_dollar_sign(),
                    crate::domain::text::printable(&l.sender_name)
                );
            }
            say!(
                "closing balance {:>12}",
                s.closing_balance.with_dollar_sign()
            );
            Ok(())
        }
        Command::Accounts => {
            let ledger = open(&path)?;
            let list = ledger.accounts()?;
            if json {
                print_json(
                    &list
                        .iter()
                        .map(|(n, b)| serde_json::json!({"account": n, "balance": b}))
                        .collect::<Vec<_>>(),
                )
            } else {
                for (n, b) in list {
                    say!("{:>14}  {n}", b.with_dollar_sign());
                }
                Ok(())
            }
        }
        Command::Export(c) => {
            let ledger = open(&path)?;
            let (out, journal) = match c {
                ExportCommand::Journal { out } => (out, true),
                ExportCommand::Csv { out } => (out, false),
            };
            let sink: Box<dyn Write> = match &out {
                Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
                    |e| CommandError::Failed(format!("cannot create {}: {e}", p.display())),
                )?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let mut counted = super::progress::LineCounter::new(sink, "export");
            let n = if journal {
                ledger.export_journal(&mut counted)?
            } else {
                ledger.export_csv(&mut counted)?
            };
            counted.flush()?;
            counted.finish();
            if let Some(p) = out {
                eprintln!("{n} transfers written to {}", p.display());
            }
            Ok(())
        }
        Command::Audit(AuditCommand::Verify { anchor }) => {
            let ledger = open(&path)?;
            let verdict = ledger.verify_audit()?;
            let anchors = ledger.anchor_problems(anchor.as_deref())?;
            if json {
                print_json(&serde_json::json!({
                    "rows": verdict.rows,
                    "head_hash": verdict.head_hash,
                    "problem": verdict.problem,
                    "anchor_problems": anchors,
                }))?;
            } else if let Some(problem) = &verdict.problem {
                say!("audit chain BROKEN: {}", describe_audit_problem(problem));
            } else {
                say!(
                    "audit chain intact: {} rows, head {}",
                    verdict.rows,
                    verdict.head_hash
                );
            }
            if !json {
                for a in &anchors {
                    say!("audit chain BROKEN: {a}");
                }
            }
            if verdict.is_intact() && anchors.is_empty() {
                Ok(())
            } else {
                Err(CommandError::Failed(
                    "the audit trail has been altered".into(),
                ))
            }
        }
        Command::Backup {
            path: dest,
            dir,
            keep,
        } => {
            let ledger = open(&path)?;
            match (dest, dir) {
                (_, Some(dir)) => {
                    let done = super::backup::backup_into_dir(&ledger, &dir, keep, now()?)?;
                    say!(
                        "backup written to {} ({} bytes) and verified",
                        done.copy.display(),
                        done.bytes
                    );
                    for old in &done.removed {
                        say!("removed the old copy {}", old.display());
                    }
                }
                (Some(dest), None) => {
                    super::backup::backup_to_file(&ledger, &dest)?;
                    say!("backup written to {} and verified", dest.display());
                }
                (None, None) => {
                    return Err(CommandError::BadInput("give a file, or --dir DIR".into()))
                }
            }
            Ok(())
        }
        Command::Restore { path: copy, older } => {
            // Restores over a ledger that is there (even a broken one), never into a path
            // that holds nothing: that would be a mistyped path.
            if !path.is_file() {
                return Err(CommandError::Failed(format!(
                    "no ledger at {}: `lockbox init` creates one, then restore over it",
                    path.display()
                )));
            }
            let safety = super::backup::restore(&path, &copy, now()?, &actor, older)?;
            say!(
                "restored {} from {}; the ledger as it was is in {}",
                path.display(),
                copy.display(),
                safety.display()
            );
            Ok(())
        }
        Command::Doctor => {
            let printer = super::printer_commands::PrinterSetup::from_args(
                &path,
                &crate::cli::PrinterOptions::from_config(&config),
            )
            .ok();
            let findings = super::doctor::examine(super::doctor::Patient {
                config: loaded.map_err(|e| config_lines(&e).join("; ")),
                db: &path,
                pin_key: &pin_key
                    .clone()
                    .unwrap_or_else(|| super::fee_commands::default_pin_key(&path)),
                printer,
                now: now()?,
            });
            if json {
                print_json(&findings)?;
            } else {
                for f in &findings {
                    say!(
                        "{:<5} {:<12} {}",
                        if f.ok { "ok" } else { "FAIL" },
                        f.check,
                        f.says
                    );
                }
            }
            let failed = findings.iter().filter(|f| !f.ok).count();
            if failed == 0 {
                Ok(())
            } else {
                Err(CommandError::Failed(format!("{failed} check(s) failed")))
            }
        }
        Command::Check => {
            // The fee books are brought up to this month first (as by any command), so every
            // offender is compared as of today.
            let ledger = open(&path)?;
            let report = ledger.check(now()?.date())?;
            if json {
                print_json(&report)?;
            } else {
                say!("integrity check: {}", report.integrity);
                for v in &report.violations {
                    say!("invariant broken: {v}");
                }
                match &report.audit.problem {
                    None => say!("audit chain intact: {} rows", report.audit.rows),
                    Some(p) => say!("audit chain BROKEN: {}", describe_audit_problem(p)),
                }
                if report.is_ok() {
                    say!("all checks passed");
                }
            }
            if report.is_ok() {
                Ok(())
            } else {
                Err(CommandError::Failed(
                    "the ledger check found problems".into(),
                ))
            }
        }
        Command::Reconcile {
            date: d,
            print,
            lang,
        } => {
            let day = date(&d, "--date")?;
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let mut ledger = open(&path)?;
            let now = now()?;
            let r = ledger.reconciliation(day, now.date())?;
            if print {
                ledger.queue_reconciliation(day, language, now)?;
            }
            if json {
                print_json(&r)?;
            } else {
                let row = |label: &str, count: Option<i64>, amount: crate::domain::Money| {
                    say!(
                        "{label:<34} {:>6} {:>14}",
                        count.map_or(String::new(), |c| c.to_string()),
                        amount.with_dollar_sign()
                    )
                };
                say!("business day {}", r.business_date);
                row("opening (taken in, not posted)", None, r.opening);
                row(
                    "money orders taken in",
                    Some(r.taken_in.count),
                    r.taken_in.amount,
                );
                row(
                    "posted by the day's batch",
                    Some(r.posted.count),
                    r.posted.amount,
                );
                row(
                    "returned to their senders",
                    Some(r.returned.count),
                    r.returned.amount,
                );
                row("closing (taken in, not posted)", None, r.closing);
                if let Some(b) = r.batch {
                    row("what the batch recorded", Some(b.count), b.amount);
                }
                say!("audit chain head {}", r.audit_head);
                if !r.closed {
                    say!("the day is not closed: these figures may still change");
                }
                if r.balances() {
                    say!("BALANCED");
                } else {
                    say!(
                        "UNBALANCED by {} cents ({}); money orders concerned: {}",
                        r.difference_cents,
                        crate::domain::Money::from_cents(r.difference_cents).with_dollar_sign(),
                        if r.concerned.is_empty() {
                            "none found by amount".to_string()
                        } else {
                            r.concerned
                                .iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    );
                }
            }
            if r.balances() {
                Ok(())
            } else {
                Err(CommandError::Failed(
                    "the reconciliation does not balance".into(),
                ))
            }
        }
        Command::Config(crate::cli::ConfigCommand::Check { path: file }) => {
            let file = file
                .or(cli.config)
                .unwrap_or_else(|| PathBuf::from(super::config::DEFAULT_CONFIG_PATH));
            match super::config::Config::load(&file) {
                Ok(_) => {
                    say!("{}: no problems", file.display());
                    Ok(())
                }
                Err(problems) => {
                    for p in &problems {
                        say!("{}: {p}", file.display());
                    }
                    Err(CommandError::BadInput(format!(
                        "{} problem(s) in {}",
                        problems.len(),
                        file.display()
                    )))
                }
            }
        }
        Command::Config(crate::cli::ConfigCommand::Apply) => {
            let mut ledger = open(&path)?;
            let changed = ledger.apply_policy(&policy, now()?, &actor)?;
            if json {
                return print_json(&serde_json::json!({ "changed": changed }));
            }
            if changed.is_empty() {
                say!("the ledger already has these settings; nothing changed");
            } else {
                say!("settings written into the ledger: {}", changed.join(", "));
            }
            Ok(())
        }
        Command::Cases(c) => super::fee_commands::cases(&path, c, json, &actor),
        Command::Fees(c) => super::fee_commands::fees(&path, c, json, &actor),
        Command::Printer(mut args) => {
            // The desk's jobs go to the desk's printer unless a port is named.
            let for_desk = matches!(
                &args.command,
                crate::cli::PrinterCommand::Spool { destination: Some(d), .. } if d == "desk"
            );
            if for_desk && args.options.printer.is_none() {
                args.options.printer = desk_printer(&config, &path).printer;
            }
            args.options = args.options.or_config(&config);
            super::printer_commands::printer(&path, args, json, &actor)
        }
        Command::Clerk => {
            open(&path)?;
            let options = desk_printer(&config, &path);
            super::clerk::run(super::clerk::ClerkSetup {
                pin_key: pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path)),
                printer: super::printer_commands::PrinterSetup::from_args(&path, &options)?,
                idle_lock: std::time::Duration::from_secs(config.clerk_idle_lock_minutes * 60),
                db: path,
            })
        }
        Command::Kiosk(args) => {
            if args
                .kiosk_id
                .as_deref()
                .is_some_and(|k| k.trim().is_empty())
            {
                return Err(CommandError::BadInput(
                    "the kiosk id is empty; every slip names its kiosk".into(),
                ));
            }
            let printer = super::printer_commands::PrinterSetup::from_args(
                &path,
                &args.printer.or_config(&config),
            )?;
            open(&path)?;
            super::kiosk::run(super::kiosk::KioskSetup {
                pin_key: pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path)),
                db: path,
                printer,
                kiosk_id: args.kiosk_id.unwrap_or(config.kiosk_id),
                idle_timeout: std::time::Duration::from_secs(config.kiosk_idle_timeout_s),
                languages: config.languages.clone(),
                facility: config.facility.clone(),
                demo: false,
            })
        }
        Command::Pin(c) => {
            let key = pin_key.unwrap_or_else(|| super::fee_commands::default_pin_key(&path));
            super::fee_commands::pin(&path, &key, c, json, &actor)
        }
    }
}

/// The clerk's desk printer: `printer.desk_port`, else a simulated one beside the ledger
/// (`desk-printer.bin`, readable in `desk-printer.txt`). Never the kiosk's port: two
/// programs must not share one serial line.
fn desk_printer(config: &super::config::Config, db: &Path) -> crate::cli::PrinterOptions {
    let mut options = crate::cli::PrinterOptions::from_config(config);
    options.printer = Some(config.desk_printer_port.clone().unwrap_or_else(|| {
        let (bytes, _) = super::printer_commands::simulated_printer(db);
        format!(
            "file:{}",
            bytes.with_file_name("desk-printer.bin").display()
        )
    }));
    options
}

fn describe_audit_problem(p: &crate::store::AuditProblem) -> String {
    use crate::store::AuditProblem;
    match p {
        AuditProblem::Edited { id } => format!("row {id} was edited"),
        AuditProblem::Forged { id } => {
            format!("row {id} does not carry the audit key's seal (written or rewritten without the key)")
        }
        AuditProblem::BrokenLink { id } => {
            format!("row {id} does not follow the row before it (a row was deleted or rows reordered)")
        }
        AuditProblem::Gap { id, expected } => {
            format!("row {id} comes where row {expected} should be (rows were deleted)")
        }
        AuditProblem::Truncated { last_id, expected } => format!(
            "the chain ends at row {last_id} but {expected} rows were written (rows at the end were deleted)"
        ),
    }
}

fn percent_to_bp(text: &str) -> Result<u32, CommandError> {
    let bad = || {
        CommandError::BadInput(format!(
            "percent {text:?} is not a number from 0 to 100 with at most two decimals"
        ))
    };
    let t = text.trim().trim_end_matches('%');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        || whole.len() > 3
    {
        return Err(bad());
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = whole * 100 + frac;
    if bp > 10_000 {
        return Err(bad());
    }
    Ok(bp)
}

fn inmate(path: &Path, c: InmateCommand, json: bool, actor: &str) -> Outcome {
    match c {
        InmateCommand::Add {
            doc,
            last,
            first,
            facility,
            dob,
            lang,
        } => {
            let birth_date = dob.map(|d| date(&d, "date of birth")).transpose()?;
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let u = actor.to_string();
            let mut ledger = open(path)?;
            let p = ledger.add_person(
                &NewPerson {
                    doc,
                    last_name: last,
                    first_name: first,
                    facility,
                    birth_date,
                    language,
                },
                now()?,
                &u,
            )?;
            if json {
                print_json(&p)
            } else {
                say!("{} {} added", p.doc, p.display_name());
                Ok(())
            }
        }
        InmateCommand::Show { doc } => {
            let d = DocNumber::parse(&doc).map_err(LedgerError::from)?;
            let ledger = open(path)?;
            let p = ledger.find_person(&d)?.ok_or(LedgerError::Rejected(
                crate::domain::Rejection::InmateNotFound,
            ))?;
            if json {
                print_json(&p)
            } else {
                say!("{}  {}  {}", p.doc, p.display_name(), p.facility);
                Ok(())
            }
        }
    }
}

fn intake(path: &Path, a: IntakeArgs, json: bool, actor: &str) -> Outcome {
    let instrument = Instrument::parse(&a.instrument).ok_or_else(|| {
        CommandError::BadInput(format!(
            "instrument {:?} is not money_order, personal_check or cash",
            a.instrument
        ))
    })?;
    let issued_on = date(&a.date, "money order date")?;
    let source = match a.slip {
        Some(s) => IntakeSource::Slip(s),
        None => IntakeSource::ByHand {
            doc: a.doc,
            inmate_name: a.name,
            sender_name: a.sender_name,
            sender_address: a.sender_address,
        },
    };
    let request = IntakeRequest {
        instrument,
        issuer: a.issuer,
        serial: a.serial,
        amount: a.amount,
        issued_on,
        source,
    };
    let u = actor.to_string();
    let mut ledger = open(path)?;
    let outcome = ledger.intake(&request, now()?, &u)?;
    if json {
        return print_json(&outcome);
    }
    match outcome.status {
        IntakeStatus::Ready => say!(
            "money order {} taken in: {} for {}, ready for the next business-day posting",
            outcome.money_order_id,
            outcome.amount.with_dollar_sign(),
            outcome.doc.unwrap_or_default()
        ),
        IntakeStatus::Held(reason) => say!(
            "money order {} taken in and ON HOLD: {}",
            outcome.money_order_id,
            strings::hold_reason_in_full(Language::En, reason, outcome.slip_amount, outcome.amount)
        ),
    }
    Ok(())
}

fn hold(path: &Path, c: HoldCommand, json: bool, actor: &str) -> Outcome {
    match c {
        HoldCommand::List => {
            let ledger = open(path)?;
            let list = ledger.held_money_orders()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                say!("no money orders on hold");
            }
            for h in list {
                say!(
                    "{:>6}  {:>10}  {}  since {}  ({} {})",
                    h.money_order_id,
                    h.amount.with_dollar_sign(),
                    strings::hold_reason_in_full(Language::En, h.reason, h.slip_amount, h.amount),
                    h.held_since,
                    crate::domain::text::printable(&h.issuer),
                    crate::domain::text::printable(&h.serial)
                );
            }
            Ok(())
        }
        HoldCommand::Release {
            money_order,
            note,
            doc,
            sender_name,
            sender_address,
        } => {
            let u = actor.to_string();
            let mut ledger = open(path)?;
            ledger.release_hold(
                money_order,
                &note,
                &Verification {
                    doc,
                    sender_name,
                    sender_address,
                },
                now()?,
                &u,
            )?;
            say!("money order {money_order} released: it posts with the next business-day batch");
            Ok(())
        }
        HoldCommand::Return { money_order, note } => {
            let u = actor.to_string();
            let mut ledger = open(path)?;
            ledger.return_money_order(money_order, &note, now()?, &u)?;
            say!("money order {money_order} marked returned to its sender");
            Ok(())
        }
    }
}

//! Who may run which command: the role matrix, in one place, checked before anything is
//! written.
//!
//! `--user` alone is only a claim: a command that writes authenticates the user with their
//! password (asked on the terminal, or read from `--password-file`), and a wrong password
//! counts toward that user's lockout. The scheduled jobs run as the built-in `system`
//! actor, which is no one's password: it is accepted only from the account that owns the
//! ledger file (the service account), and only for those jobs.

use std::io::IsTerminal;
use std::path::Path;

use chrono::NaiveDateTime;

use super::command::CommandError;
use crate::cli::{
    CasesCommand, CentralCommand, Command, ConfigCommand, DepositsCommand, FeesCommand,
    HoldCommand, HolidayCommand, InmateCommand, ObligationCommand, PinCommand, PrinterCommand,
    SlipCommand, UserCommand, WatchCommand,
};
use crate::store::{Ledger, Role};

/// The name of the built-in actor of the scheduled jobs.
pub const SYSTEM_ACTOR: &str = "system";

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only, or writes nothing a person answers for (the kiosk's own work, a PIN
    /// check that counts toward the lockout, the print spool): no user.
    Anyone,
    /// A clerk or a supervisor.
    Staff,
    /// A clerk, a supervisor, or the `system` actor (a scheduled job).
    StaffOrSystem,
    /// A supervisor only.
    Supervisor,
    /// Creating the ledger (`init`, `demo`): whoever may create the file.
    Setup,
    /// The account that owns the ledger file (the service account), as `system`, with no
    /// sign-in: the sync service, which books what the state decides (a moved person's
    /// balance in or out, the state's obligations).
    Service,
}

impl Access {
    /// The README's role matrix, as words: who may run it.
    pub fn who(self) -> &'static str {
        match self {
            Access::Anyone | Access::Setup => "anyone",
            Access::Staff => "a clerk or a supervisor",
            Access::StaffOrSystem => "a clerk, a supervisor or the system's scheduled job",
            Access::Supervisor => "a supervisor",
            Access::Service => "the account that owns the ledger (the service account)",
        }
    }
}

/// The role matrix: which command needs whom, and its name as the audit trail records a
/// refusal. Every command is here; the few arms that cover several subcommands
/// (`Fees(_)`, `Statement { .. }`, `Reconcile { .. }`, the printer's) cover only reading
/// ones, and a new subcommand that writes must get an arm of its own above them.
pub fn access(command: &Command) -> (&'static str, Access) {
    use Access::*;
    match command {
        Command::Init => ("init", Setup),
        Command::Demo(_) => ("demo", Setup),
        Command::Inmate(InmateCommand::Add { .. }) => ("inmate add", Staff),
        Command::Inmate(InmateCommand::Show { .. }) => ("inmate show", Anyone),
        Command::Obligation(ObligationCommand::Add { .. }) => ("obligation add", Supervisor),
        Command::User(UserCommand::Add { .. }) => ("user add", Supervisor),
        Command::User(UserCommand::Passwd { .. }) => ("user passwd", Supervisor),
        Command::User(UserCommand::Disable { .. }) => ("user disable", Supervisor),
        Command::Holiday(HolidayCommand::Add { .. }) => ("holiday add", Supervisor),
        Command::Holiday(HolidayCommand::Remove { .. }) => ("holiday remove", Supervisor),
        Command::Holiday(HolidayCommand::List) => ("holiday list", Anyone),
        // What a visitor does at the kiosk, with the kiosk as its actor: no money moves.
        Command::Slip(SlipCommand::New { .. }) => ("slip new", Anyone),
        Command::Intake(_) => ("intake", Staff),
        Command::Found { .. } => ("found", Staff),
        Command::Hold(HoldCommand::List) => ("hold list", Anyone),
        Command::Hold(HoldCommand::Release { .. }) => ("hold release", Supervisor),
        Command::Hold(HoldCommand::Return { .. }) => ("hold return", Supervisor),
        Command::Post(_) => ("post", Staff),
        // The processor's daily file is imported by a clerk or the scheduled job.
        Command::Deposits(DepositsCommand::Import { .. }) => ("deposits import", StaffOrSystem),
        Command::Deposits(DepositsCommand::Returns { .. }) => ("deposits returns", Anyone),
        // The held deposits and the watchlist name senders and say why they are watched:
        // staff only.
        Command::Deposits(DepositsCommand::Held) => ("deposits held", Staff),
        Command::Deposits(DepositsCommand::Settle { .. }) => ("deposits settle", StaffOrSystem),
        Command::Deposits(DepositsCommand::Accept { .. }) => ("deposits accept", Supervisor),
        Command::Deposits(DepositsCommand::Reject { .. }) => ("deposits reject", Supervisor),
        Command::Watch(WatchCommand::Allow { .. }) => ("watch allow", Supervisor),
        Command::Watch(WatchCommand::Add { .. }) => ("watch add", Supervisor),
        Command::Watch(WatchCommand::Remove { .. }) => ("watch remove", Supervisor),
        Command::Watch(WatchCommand::List) => ("watch list", Staff),
        Command::Balance { .. } => ("balance", Anyone),
        Command::Accounts => ("accounts", Anyone),
        Command::Export(_) => ("export", Anyone),
        Command::Audit(_) => ("audit verify", Anyone),
        Command::Statement { all: true, .. } => ("statement --all", StaffOrSystem),
        Command::Statement { print: true, .. } => ("statement --print", Staff),
        Command::Statement { .. } => ("statement", Anyone),
        Command::Backup { .. } => ("backup", StaffOrSystem),
        Command::Restore { .. } => ("restore", Supervisor),
        Command::Check => ("check", Anyone),
        Command::Doctor => ("doctor", Anyone),
        Command::Reconcile { print: true, .. } => ("reconcile --print", Staff),
        Command::Reconcile { .. } => ("reconcile", Anyone),
        Command::Cases(CasesCommand::Import { .. }) => ("cases import", Supervisor),
        Command::Cases(CasesCommand::Show { .. }) => ("cases show", Anyone),
        Command::Fees(FeesCommand::Pay { .. }) => ("fees pay", Staff),
        Command::Fees(FeesCommand::Voucher { .. }) => ("fees voucher", Staff),
        Command::Fees(FeesCommand::Assess { .. }) => ("fees assess", StaffOrSystem),
        Command::Fees(_) => ("fees", Anyone),
        // The central server signs its users in itself (the URL's user and password); no
        // site ledger is involved.
        Command::Central(CentralCommand::Init { .. }) => ("central init", Setup),
        Command::Central(CentralCommand::Report { .. }) => ("central report", Setup),
        Command::Central(CentralCommand::Move { .. }) => ("central move", Setup),
        Command::Central(CentralCommand::Obligation { .. }) => ("central obligation", Setup),
        Command::Central(CentralCommand::Person { .. }) => ("central person", Setup),
        Command::Central(CentralCommand::Watch { .. }) => ("central watch", Setup),
        // The service account's: it books what the state decides (moved people's
        // balances, the state's obligations), as `system`.
        Command::Sync { .. } => ("sync", Service),
        Command::Pin(PinCommand::Set { .. }) => ("pin set", Staff),
        // The kiosk's own check: it counts toward the offender's lockout, like the kiosk.
        Command::Pin(PinCommand::Check { .. }) => ("pin check", Anyone),
        Command::Pin(PinCommand::Status { .. }) => ("pin status", Anyone),
        Command::Config(ConfigCommand::Apply) => ("config apply", Supervisor),
        Command::Config(ConfigCommand::Check { .. }) => ("config check", Anyone),
        Command::Printer(p) => match p.command {
            PrinterCommand::Reprint { .. } => ("printer reprint", Staff),
            // The desk's spool is a service (`--user system`): it marks the jobs it prints.
            PrinterCommand::Spool { .. } => ("printer spool", StaffOrSystem),
            PrinterCommand::Status
            | PrinterCommand::Test { .. }
            | PrinterCommand::Queue { .. }
            | PrinterCommand::Render { .. } => ("printer", Anyone),
        },
        // The console signs its users in on its own screen; the kiosk serves visitors.
        Command::Clerk => ("clerk", Anyone),
        Command::Kiosk(_) => ("kiosk", Anyone),
    }
}

/// Why a command was refused before it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NoUser,
    UnknownUser,
    Disabled,
    WrongRole(Role),
    WrongPassword,
    Locked,
    NoPassword,
    SystemNotAllowed,
    SystemNotServiceAccount,
}

impl Refusal {
    /// The word the audit trail records.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NoUser => "no_user",
            Refusal::UnknownUser => "unknown_user",
            Refusal::Disabled => "disabled",
            Refusal::WrongRole(_) => "wrong_role",
            Refusal::WrongPassword => "wrong_password",
            Refusal::Locked => "locked",
            Refusal::NoPassword => "no_password",
            Refusal::SystemNotAllowed => "system_not_allowed",
            Refusal::SystemNotServiceAccount => "system_not_service_account",
        }
    }
}

/// Where the password comes from.
pub struct Credentials<'a> {
    pub user: Option<&'a str>,
    pub password_file: Option<&'a Path>,
}

/// The first supervisor of a ledger may be made (and given a password) without anyone
/// signing in, only while no supervisor can sign in: that is how a new ledger gets its
/// first user, and it closes for good once one exists.
pub fn bootstrap_open(ledger: &Ledger) -> Result<bool, CommandError> {
    Ok(!ledger.has_supervisor_with_password()?)
}

/// Checks that the claimed user may run a command needing `need`, authenticating them;
/// returns the name to act as. Every refusal is audited, and is a bad input (exit 2) with
/// nothing written but its audit row.
pub fn authenticate(
    ledger: &mut Ledger,
    key_path: &Path,
    db: &Path,
    need: Access,
    what: &str,
    credentials: &Credentials<'_>,
    now: NaiveDateTime,
) -> Result<String, CommandError> {
    let claimed = credentials
        .user
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    let refuse = |ledger: &mut Ledger, name: &str, why: Refusal| -> CommandError {
        if let Err(e) = ledger.record_refusal(name, what, why.code(), now) {
            tracing::warn!("the refusal could not be audited: {e}");
        }
        CommandError::BadInput(refusal_message(name, what, need, &why))
    };
    let Some(name) = claimed else {
        return Err(refuse(ledger, "", Refusal::NoUser));
    };
    if name == SYSTEM_ACTOR {
        if need != Access::StaffOrSystem {
            return Err(refuse(ledger, &name, Refusal::SystemNotAllowed));
        }
        if !runs_as_owner_of(db) {
            return Err(refuse(ledger, &name, Refusal::SystemNotServiceAccount));
        }
        return Ok(name);
    }
    let Some(user) = ledger.find_user(&name)? else {
        // Still costs the attacker a password read and a hash, like a wrong password.
        let _ = read_password(credentials, &name);
        return Err(refuse(ledger, &name, Refusal::UnknownUser));
    };
    if user.disabled {
        return Err(refuse(ledger, &name, Refusal::Disabled));
    }
    if need == Access::Supervisor && user.role != Role::Supervisor {
        // Said before any password is typed or anything is confirmed.
        return Err(refuse(ledger, &name, Refusal::WrongRole(user.role)));
    }
    let password = read_password(credentials, &name)?;
    let key = ledger
        .pin_key(key_path)
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    // The sign-in itself is audited (and counted toward the lockout); a refusal is also
    // audited as the command refused, like every other refusal.
    let why = match ledger.authenticate_user(&name, &password, &key, now)? {
        crate::store::SignIn::Accepted => return Ok(name),
        crate::store::SignIn::Locked => Refusal::Locked,
        crate::store::SignIn::NoPassword => Refusal::NoPassword,
        crate::store::SignIn::Refused => Refusal::WrongPassword,
    };
    Err(refuse(ledger, &name, why))
}

fn refusal_message(name: &str, what: &str, need: Access, why: &Refusal) -> String {
    let shown: String = name.chars().filter(|c| !c.is_control()).take(32).collect();
    let reason = match why {
        Refusal::NoUser => {
            "say who you are: --user NAME or LOCKBOX_USER=NAME (and the password)".to_string()
        }
        Refusal::UnknownUser => format!("{shown:?} is not a user on file"),
        Refusal::Disabled => format!("user {shown} is disabled"),
        Refusal::WrongRole(role) => format!("user {shown} is a {}", role.code()),
        Refusal::WrongPassword => format!("wrong password for {shown}"),
        Refusal::Locked => format!(
            "user {shown} is locked after too many wrong passwords: wait, or ask a supervisor"
        ),
        Refusal::NoPassword => {
            format!("user {shown} has no password yet: a supervisor sets one with `lockbox user passwd {shown}`")
        }
        Refusal::SystemNotAllowed => {
            "the system actor runs only the scheduled jobs (fees assess, statement --all, backup, printer spool)"
                .to_string()
        }
        Refusal::SystemNotServiceAccount => {
            "the system actor runs only as the account that owns the ledger (the service account)"
                .to_string()
        }
    };
    format!(
        "refused: {what} needs {}; {reason}. Nothing was written.",
        need.who()
    )
}

/// The user's password: from the terminal when standard input is one, else from the
/// password file's first line. A file anyone else can read is refused, as is an empty one.
fn read_password(credentials: &Credentials<'_>, name: &str) -> Result<String, CommandError> {
    if let Some(path) = credentials.password_file {
        return read_password_file(path);
    }
    if std::io::stdin().is_terminal() {
        return super::terminal_input::ask_secret(&format!("password for {name}: "));
    }
    Err(CommandError::BadInput(
        "no password: give --password-file PATH (or LOCKBOX_PASSWORD_FILE) when standard input is not a terminal".into(),
    ))
}

/// The first line of a password file, which must be readable by its owner only.
pub fn read_password_file(path: &Path) -> Result<String, CommandError> {
    let bad = |m: String| CommandError::BadInput(m);
    match crate::store::key_file_too_open(path) {
        Ok(false) => {}
        Ok(true) => {
            return Err(bad(format!(
                "the password file {} can be read by others: chmod 600 it",
                path.display()
            )))
        }
        Err(e) => {
            return Err(bad(format!(
                "cannot read the password file {}: {e}",
                path.display()
            )))
        }
    }
    // The file whose permissions were checked above (`-` too is a file's name here), at
    // most 64 KB (a password is its first line); a byte-order mark is not part of it.
    let text = super::input_file::read_text(
        path,
        super::input_file::Dash::File,
        64 * 1024,
        "a password file",
    )?;
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(bad(format!(
            "the password file {} is empty",
            path.display()
        )));
    }
    Ok(line.to_string())
}

/// Whether this process runs as the owner of the ledger file: the service account.
pub(crate) fn runs_as_owner_of(db: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    std::fs::metadata(db).is_ok_and(|m| m.uid() == me)
}

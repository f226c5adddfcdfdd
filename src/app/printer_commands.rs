//! `lockbox printer ...`: the printer from the command line.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::command::{now, open, print_json, CommandError, Outcome};
use super::spool::{self, SpoolConfig, SpoolStep};
use crate::cli::{PrinterArgs, PrinterCommand, PrinterOptions};
use crate::domain::Language;
use crate::print::{
    CodePage, Columns, Document, FileTransport, Paper, SerialDriver, SerialTransport, Transport,
};

/// The simulated printer's files beside the ledger: raw bytes and their readable text.
pub fn simulated_printer(db: &Path) -> (PathBuf, PathBuf) {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    (dir.join("printer.bin"), dir.join("printer.txt"))
}

/// A printer opened for each use and closed after. The desk printer is shared by two
/// programs, the desk spool (receipts, statements) and the clerk console (PIN slips); a
/// serial port can be open in one program at a time, so neither holds it between jobs. An
/// open that finds the port busy waits a moment and tries again.
pub struct OnDemand {
    pub setup: PrinterSetup,
}

/// How long `OnDemand` waits for a busy port, in tries 200 ms apart.
const BUSY_TRIES: u32 = 15;
/// The most `printer render` reads: a year of a busy lobby's slips, and more.
const RENDER_BYTES_MAX: u64 = 256 * 1024 * 1024;

impl OnDemand {
    fn open(&self) -> Result<Box<dyn crate::print::Transport>, crate::print::TransportError> {
        let mut last = String::new();
        for _ in 0..BUSY_TRIES {
            match self.setup.open() {
                Ok(t) => return Ok(t),
                Err(e) => last = e.to_string(),
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        Err(crate::print::TransportError::Io(last))
    }
}

impl crate::print::Transport for OnDemand {
    fn send(&mut self, bytes: &[u8]) -> Result<(), crate::print::TransportError> {
        self.open()?.send(bytes)
    }

    fn status(&mut self) -> crate::print::PrinterState {
        match self.open() {
            Ok(mut t) => t.status(),
            Err(_) => crate::print::PrinterState::NotConnected,
        }
    }

    fn describe(&self) -> String {
        self.setup.port.clone()
    }
}

/// The kiosk's printer, kept open while it answers and opened again when it can be: a port
/// missing or held by another program at start (or gone later) is "not connected", and the
/// next look tries it again, so the kiosk starts and plugging the printer in brings it back.
pub struct Reconnecting {
    pub setup: PrinterSetup,
    open: Option<Box<dyn crate::print::Transport>>,
}

impl Reconnecting {
    pub fn new(setup: PrinterSetup) -> Reconnecting {
        Reconnecting { setup, open: None }
    }

    fn port(&mut self) -> Option<&mut Box<dyn crate::print::Transport>> {
        if self.open.is_none() {
            match self.setup.open() {
                Ok(t) => self.open = Some(t),
                Err(e) => {
                    tracing::warn!(port = %self.setup.port, error = %e, "printer port not open")
                }
            }
        }
        self.open.as_mut()
    }
}

impl crate::print::Transport for Reconnecting {
    fn send(&mut self, bytes: &[u8]) -> Result<(), crate::print::TransportError> {
        let Some(port) = self.port() else {
            return Err(crate::print::TransportError::Io(format!(
                "the printer port {} is not connected",
                self.setup.port
            )));
        };
        let sent = port.send(bytes);
        if sent.is_err() {
            // Opened afresh next time: an unplugged and replugged printer is a new port.
            self.open = None;
        }
        sent
    }

    fn status(&mut self) -> crate::print::PrinterState {
        let Some(port) = self.port() else {
            return crate::print::PrinterState::NotConnected;
        };
        let state = port.status();
        if state == crate::print::PrinterState::NoAnswer {
            self.open = None;
        }
        state
    }

    fn describe(&self) -> String {
        self.setup.port.clone()
    }
}

/// The printer settings, checked.
#[derive(Clone)]
pub struct PrinterSetup {
    pub port: String,
    pub baud: u32,
    pub flow: serialport::FlowControl,
    pub page: CodePage,
    pub columns: Columns,
}

impl PrinterSetup {
    pub fn from_args(db: &Path, args: &PrinterOptions) -> Result<PrinterSetup, CommandError> {
        let args = args.or_config(&crate::app::config::Config::default());
        let (columns, code_page, flow) = (
            args.columns.unwrap_or(48),
            args.code_page.clone().unwrap_or_default(),
            args.flow.clone().unwrap_or_default(),
        );
        let columns = Columns::new(columns).ok_or_else(|| {
            CommandError::BadInput(format!(
                "--columns {columns} is not 42 (58 mm) or 48 (80 mm)"
            ))
        })?;
        let page = CodePage::parse(&code_page).ok_or_else(|| {
            CommandError::BadInput(format!(
                "code page {code_page:?} is not one lockbox knows (CP858)"
            ))
        })?;
        let flow = match flow.as_str() {
            "none" => serialport::FlowControl::None,
            "hardware" => serialport::FlowControl::Hardware,
            "software" => serialport::FlowControl::Software,
            other => {
                return Err(CommandError::BadInput(format!(
                    "--flow {other:?} is not none, hardware or software"
                )))
            }
        };
        let port = args
            .printer
            .clone()
            .unwrap_or_else(|| format!("file:{}", simulated_printer(db).0.display()));
        Ok(PrinterSetup {
            port,
            baud: args.baud.unwrap_or(9600),
            flow,
            page,
            columns,
        })
    }

    /// Opens the printer: a serial port, or the simulated printer's files.
    pub fn open(&self) -> Result<Box<dyn Transport>, CommandError> {
        if let Some(path) = self.port.strip_prefix("file:") {
            let bytes_path = PathBuf::from(path);
            let text_path = bytes_path.with_extension("txt");
            return Ok(Box::new(FileTransport {
                bytes_path,
                text_path: Some(text_path),
                page: self.page,
                columns: self.columns.get(),
            }));
        }
        let driver = SerialDriver::open(&self.port, self.baud, self.flow)
            .map_err(|e| CommandError::Failed(e.to_string()))?;
        Ok(Box::new(SerialTransport::new(driver)))
    }

    pub fn spool_config(&self) -> SpoolConfig {
        SpoolConfig {
            page: self.page,
            columns: self.columns,
            ..SpoolConfig::default()
        }
    }
}

pub fn printer(db: &Path, args: PrinterArgs, json: bool, actor: &str) -> Outcome {
    // The simulated printer lives beside the ledger: with no ledger there (a mistyped path,
    // an unmounted disk), nothing is created there either. `render` reads a file only.
    if args.options.printer.is_none() && !matches!(args.command, PrinterCommand::Render { .. }) {
        super::command::open(db)?;
    }
    let setup = PrinterSetup::from_args(db, &args.options)?;
    match args.command {
        PrinterCommand::Status => {
            let mut p = setup.open()?;
            let state = p.status();
            if json {
                print_json(&serde_json::json!({"printer": p.describe(), "state": state}))?;
            } else {
                say!("{}: {}", p.describe(), state.code());
            }
            if state.can_print() {
                Ok(())
            } else {
                Err(CommandError::Failed(format!(
                    "the printer cannot print: {}",
                    state.code()
                )))
            }
        }
        PrinterCommand::Test { lang } => {
            let language = Language::parse(&lang).ok_or_else(|| {
                CommandError::BadInput(format!("language {lang:?} is not en or es"))
            })?;
            let mut p = setup.open()?;
            let state = p.status();
            if !state.can_print() {
                return Err(CommandError::Failed(format!(
                    "the printer cannot print: {}",
                    state.code()
                )));
            }
            let printed_at = now()?.format("%Y-%m-%d %H:%M").to_string();
            let bytes = Document::TestPage { printed_at }
                .render(language, setup.page, setup.columns, false)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            p.send(&bytes)
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            say!("test page sent to {} ({} bytes)", p.describe(), bytes.len());
            Ok(())
        }
        PrinterCommand::Spool { once, destination } => {
            let mut ledger = open(db)?;
            // The desk's printer is shared with the clerk console: held only while printing.
            let mut p: Box<dyn crate::print::Transport> = if destination.as_deref() == Some("desk")
            {
                Box::new(OnDemand {
                    setup: setup.clone(),
                })
            } else {
                setup.open()?
            };
            let stop = AtomicBool::new(false);
            let clock = || super::clock::now().unwrap_or_default();
            let mut printed = 0;
            let config = SpoolConfig {
                filter: crate::store::JobFilter {
                    destination,
                    ids: Vec::new(),
                },
                ..setup.spool_config()
            };
            spool::run(
                &mut ledger,
                p.as_mut(),
                &config,
                &stop,
                once,
                &clock,
                &mut |s| match s {
                    SpoolStep::Printed { job } => {
                        printed += 1;
                        tell!("printed job {job}");
                    }
                    SpoolStep::Waiting(state) => tell!("printer {}: jobs wait", state.code()),
                    SpoolStep::Retry { job, after } => {
                        tell!("job {job} will be tried again in {} ms", after.as_millis())
                    }
                    SpoolStep::Failed { job } => {
                        tell!("job {job} FAILED: see `lockbox printer queue`")
                    }
                    SpoolStep::Idle => {}
                },
            )?;
            say!("{printed} job(s) printed on {}", p.describe());
            Ok(())
        }
        PrinterCommand::Reprint { job } => {
            let u = actor.to_string();
            let mut ledger = open(db)?;
            let id = ledger.reprint(job, now()?, &u)?;
            say!("job {id} queued: a DUPLICATE of job {job}");
            Ok(())
        }
        PrinterCommand::Queue { limit } => {
            let ledger = open(db)?;
            let rows = ledger.print_jobs(limit.min(1_000), None)?;
            if json {
                return print_json(&rows);
            }
            for r in rows {
                say!(
                    "{:>6}  {:<8} {:<16} {:<18} tries {}{}{}",
                    r.id,
                    r.status,
                    r.kind,
                    r.subject,
                    r.attempts,
                    if r.duplicate { "  DUPLICATE" } else { "" },
                    r.last_error.map(|e| format!("  ({e})")).unwrap_or_default()
                );
            }
            Ok(())
        }
        PrinterCommand::Render { file, html } => {
            let bytes = super::input_file::read_bytes(
                &file,
                super::input_file::Dash::File,
                RENDER_BYTES_MAX,
                "what a receipt printer was sent",
            )?;
            let paper = Paper::decode(&bytes, setup.page);
            if let Some(out) = html {
                super::input_file::write_new(
                    &out,
                    paper
                        .to_html(setup.columns.get(), &file.display().to_string())
                        .as_bytes(),
                )?;
                say!("wrote {}", out.display());
            } else {
                let text = paper.to_text(setup.columns.get());
                for line in text.lines() {
                    say!("{line}");
                }
            }
            if !paper.unknown.is_empty() {
                tell!(
                    "{} byte(s) were not lockbox's commands or text",
                    paper.unknown.len()
                );
            }
            Ok(())
        }
    }
}

//! Where the bytes go: a serial port (the kiosk's printer), a file (the demo's simulated
//! printer, with a readable copy beside it), or memory (tests).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serialport::SerialPort;

use super::decode::Paper;
use super::status::{state_from_answers, DLE_EOT};
use super::{CodePage, PrinterState};

/// The longest the status check may take, all three questions together.
pub const STATUS_BUDGET: Duration = Duration::from_millis(500);

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("the printer port failed: {0}")]
    Io(String),
}

/// A printer lockbox can talk to.
pub trait Transport: Send {
    /// Sends a whole document.
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError>;
    /// Asks the printer how it is (at most `STATUS_BUDGET`).
    fn status(&mut self) -> PrinterState;
    /// Where it prints, for messages.
    fn describe(&self) -> String;
}

/// The `escpos` driver over lockbox's own serial port handle (the crate's serial feature
/// would bring libudev back in).
#[derive(Clone)]
pub struct SerialDriver {
    port: Arc<Mutex<Box<dyn SerialPort>>>,
    name: String,
}

impl SerialDriver {
    pub fn new(port: Box<dyn SerialPort>) -> SerialDriver {
        let name = port.name().unwrap_or_else(|| "serial".into());
        SerialDriver {
            port: Arc::new(Mutex::new(port)),
            name,
        }
    }

    /// Opens `path` at `baud` with hardware (RTS/CTS), software (XON/XOFF) or no flow control.
    pub fn open(
        path: &str,
        baud: u32,
        flow: serialport::FlowControl,
    ) -> Result<SerialDriver, TransportError> {
        let port = serialport::new(path, baud)
            .flow_control(flow)
            .timeout(Duration::from_millis(150))
            .open()
            .map_err(|e| TransportError::Io(format!("{path}: {e}")))?;
        Ok(SerialDriver::new(port))
    }

    fn with_port<T>(
        &self,
        f: impl FnOnce(&mut Box<dyn SerialPort>) -> std::io::Result<T>,
    ) -> escpos::errors::Result<T> {
        let mut port = self
            .port
            .lock()
            .map_err(|_| escpos::errors::PrinterError::Io("serial port lock poisoned".into()))?;
        f(&mut port).map_err(|e| escpos::errors::PrinterError::Io(e.to_string()))
    }
}

impl escpos::driver::Driver for SerialDriver {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.with_port(|p| p.write_all(data))
    }

    fn read(&self, buf: &mut [u8]) -> escpos::errors::Result<usize> {
        self.with_port(|p| match p.read(buf) {
            Ok(n) => Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => Ok(0),
            Err(e) => Err(e),
        })
    }

    fn flush(&self) -> escpos::errors::Result<()> {
        self.with_port(|p| p.flush())
    }
}

/// The kiosk's printer on a serial port.
pub struct SerialTransport {
    driver: SerialDriver,
}

impl SerialTransport {
    pub fn new(driver: SerialDriver) -> SerialTransport {
        SerialTransport { driver }
    }

    /// One status question; the answer byte, if one came before `deadline`.
    fn ask(&mut self, n: u8, deadline: Instant) -> Option<u8> {
        use escpos::driver::Driver;
        let _ = self.driver.with_port(|p| {
            p.clear(serialport::ClearBuffer::Input)
                .map_err(std::io::Error::from)
        });
        self.driver.write(&[DLE_EOT[0], DLE_EOT[1], n]).ok()?;
        let mut byte = [0u8; 1];
        while Instant::now() < deadline {
            match self.driver.read(&mut byte) {
                Ok(1) => return Some(byte[0]),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    }
}

impl Transport for SerialTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        use escpos::driver::Driver;
        self.driver
            .write(bytes)
            .and_then(|()| self.driver.flush())
            .map_err(|e| TransportError::Io(e.to_string()))
    }

    fn status(&mut self) -> PrinterState {
        let deadline = Instant::now() + STATUS_BUDGET;
        let Some(printer) = self.ask(1, deadline) else {
            return PrinterState::NoAnswer;
        };
        let cause = self.ask(2, deadline);
        let paper = self.ask(4, deadline);
        state_from_answers(Some(printer), cause, paper)
    }

    fn describe(&self) -> String {
        format!("serial port {}", self.driver.name)
    }
}

/// The simulated printer: raw bytes appended to one file and what they print, as text, to
/// another. Ready when both can be written: a file that cannot (a folder given by mistake,
/// a read-only file or folder) is a printer not connected, as an unplugged one would be,
/// so that the kiosk makes no slip number it cannot print.
pub struct FileTransport {
    pub bytes_path: PathBuf,
    pub text_path: Option<PathBuf>,
    pub page: CodePage,
    pub columns: usize,
}

impl Transport for FileTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let append = |path: &PathBuf, data: &[u8]| -> std::io::Result<()> {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            f.write_all(data)?;
            // A regular file is synced so a printed job is on disk; a pipe cannot be.
            if f.metadata()?.is_file() {
                f.sync_all()?;
            }
            Ok(())
        };
        append(&self.bytes_path, bytes)
            .map_err(|e| TransportError::Io(format!("{}: {e}", self.bytes_path.display())))?;
        if let Some(text) = &self.text_path {
            let paper = Paper::decode(bytes, self.page).to_text(self.columns);
            append(text, paper.as_bytes())
                .map_err(|e| TransportError::Io(format!("{}: {e}", text.display())))?;
        }
        Ok(())
    }

    fn status(&mut self) -> PrinterState {
        let writable = std::iter::once(&self.bytes_path)
            .chain(self.text_path.as_ref())
            .all(|p| can_append(p));
        if writable {
            PrinterState::Ready
        } else {
            PrinterState::NotConnected
        }
    }

    fn describe(&self) -> String {
        format!("file {}", self.bytes_path.display())
    }
}

/// Whether `path` can be appended to as `send` does: the file itself, when it is there (and
/// not a folder); else the nearest folder above it that is there, where `send` makes the
/// rest. Nothing is created or written.
fn can_append(path: &std::path::Path) -> bool {
    use rustix::fs::{access, Access};
    match std::fs::metadata(path) {
        Ok(m) => !m.is_dir() && access(path, Access::WRITE_OK).is_ok(),
        Err(_) => path
            .ancestors()
            .skip(1)
            .map(|d| {
                if d.as_os_str().is_empty() {
                    std::path::Path::new(".")
                } else {
                    d
                }
            })
            .find(|d| d.exists())
            .is_some_and(|d| d.is_dir() && access(d, Access::WRITE_OK | Access::EXEC_OK).is_ok()),
    }
}

/// A printer in memory whose state a test sets.
#[derive(Clone, Default)]
pub struct MemoryTransport {
    pub printed: Arc<Mutex<Vec<Vec<u8>>>>,
    pub state: Arc<Mutex<Option<PrinterState>>>,
    /// How many more documents the paper holds; at none left the printer is out of paper
    /// (`None`: a roll that never ends).
    pub paper_for: Arc<Mutex<Option<usize>>>,
}

impl Transport for MemoryTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        if let Ok(mut left) = self.paper_for.lock() {
            match *left {
                Some(0) => {
                    if let Ok(mut s) = self.state.lock() {
                        *s = Some(PrinterState::PaperOut);
                    }
                }
                Some(n) => *left = Some(n - 1),
                None => {}
            }
        }
        let state = self.status();
        if !state.can_print() {
            return Err(TransportError::Io(format!("printer {}", state.code())));
        }
        self.printed
            .lock()
            .map_err(|_| TransportError::Io("poisoned".into()))?
            .push(bytes.to_vec());
        Ok(())
    }

    fn status(&mut self) -> PrinterState {
        self.state
            .lock()
            .ok()
            .and_then(|s| *s)
            .unwrap_or(PrinterState::Ready)
    }

    fn describe(&self) -> String {
        "memory".into()
    }
}

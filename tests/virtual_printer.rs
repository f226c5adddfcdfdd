//! A virtual ESC/POS printer on a pseudo-terminal: a thread on the far end reads the bytes
//! and answers DLE EOT like a real printer, with faults a test switches on. The spool's
//! tests drive it in-process; the kiosk's pty test hands the near end's path to the real
//! binary as its serial port.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockbox::print::status::answers_for;
use lockbox::print::{CodePage, Paper, PrinterState};
use serialport::{SerialPort, TTYPort};

/// What the virtual printer is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Answers DLE EOT with this state and prints nothing.
    State(PrinterState),
    /// Answers nothing and prints nothing (switched off).
    Silent,
    /// Takes this many bytes of the next document, then is unplugged (silent).
    UnplugAfter(usize),
}

pub struct VirtualPrinter {
    fault: Arc<Mutex<Fault>>,
    /// Whole documents printed, in order.
    printed: Arc<Mutex<Vec<Vec<u8>>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

pub const CUT: [u8; 4] = [0x1d, b'V', b'A', 0];

impl VirtualPrinter {
    pub fn start(mut far: TTYPort) -> VirtualPrinter {
        let fault = Arc::new(Mutex::new(Fault::None));
        let printed = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (f, p, s) = (fault.clone(), printed.clone(), stop.clone());
        far.set_timeout(Duration::from_millis(20)).expect("timeout");
        let thread = std::thread::spawn(move || {
            let mut pending: Vec<u8> = Vec::new();
            let mut doc: Vec<u8> = Vec::new();
            let mut taken_since_fault = 0usize;
            let mut buf = [0u8; 512];
            while !s.load(Ordering::Relaxed) {
                // A read timeout is just a quiet moment.
                let n: usize = far.read(&mut buf).unwrap_or_default();
                pending.extend_from_slice(&buf[..n]);
                let mut i = 0;
                while i < pending.len() {
                    let fault = *f.lock().expect("fault");
                    // DLE EOT n: a real-time status question.
                    if pending[i] == 0x10 && pending.get(i + 1) == Some(&0x04) {
                        let Some(&q) = pending.get(i + 2) else { break };
                        let state = match fault {
                            Fault::None | Fault::UnplugAfter(_) => Some(PrinterState::Ready),
                            Fault::State(s) => Some(s),
                            Fault::Silent => None,
                        };
                        if let Some(answers) = state.and_then(answers_for) {
                            let byte = match q {
                                1 => answers[0],
                                2 => answers[1],
                                _ => answers[2],
                            };
                            let _ = far.write_all(&[byte]);
                        }
                        i += 3;
                        continue;
                    }
                    match fault {
                        Fault::None => doc.push(pending[i]),
                        Fault::UnplugAfter(limit) => {
                            taken_since_fault += 1;
                            if taken_since_fault >= limit {
                                // The cable comes out: the half document never finishes.
                                doc.clear();
                                *f.lock().expect("fault") = Fault::Silent;
                            } else {
                                doc.push(pending[i]);
                            }
                        }
                        // Paper low still prints; not ready prints nothing.
                        Fault::State(s) if s.can_print() => doc.push(pending[i]),
                        Fault::State(_) | Fault::Silent => {}
                    }
                    if doc.ends_with(&CUT) {
                        p.lock().expect("printed").push(std::mem::take(&mut doc));
                    }
                    i += 1;
                }
                pending.drain(..i.min(pending.len()));
                if matches!(*f.lock().expect("fault"), Fault::None) {
                    taken_since_fault = 0;
                }
            }
        });
        VirtualPrinter {
            fault,
            printed,
            stop,
            thread: Some(thread),
        }
    }

    pub fn set(&self, fault: Fault) {
        *self.fault.lock().expect("fault") = fault;
    }

    /// Waits (at most 5 s, then fails the test) until `n` documents came out: the pseudo-terminal delivers on
    /// its own time.
    pub fn wait_for(&self, n: usize) {
        for _ in 0..500 {
            if self.printed.lock().expect("printed").len() >= n {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("{n} documents never came out: {:?}", self.printed());
    }

    /// The slip number on each printed document, in order (`kind:number`).
    pub fn printed(&self) -> Vec<String> {
        self.printed
            .lock()
            .expect("printed")
            .iter()
            .map(|bytes| {
                let text = Paper::decode(bytes, CodePage::Cp858).to_text(48);
                let kind = if text.contains("DEPOSIT SLIP") {
                    "slip"
                } else {
                    "stub"
                };
                // The slip shows its number in its QR code, the stub in a line of text.
                let number = match text.split_once("[QR ") {
                    Some((_, rest)) => rest.split(']').next().unwrap_or("?").to_string(),
                    None => text
                        .split_whitespace()
                        .find(|w| w.len() == 11 && w.chars().nth(4) == Some('-'))
                        .unwrap_or("?")
                        .to_string(),
                };
                format!("{kind}:{number}")
            })
            .collect()
    }
}

impl VirtualPrinter {
    /// Each printed document's size in bytes, in order.
    pub fn sizes(&self) -> Vec<usize> {
        self.printed
            .lock()
            .expect("printed")
            .iter()
            .map(Vec::len)
            .collect()
    }

    /// Whether each printed document is marked DUPLICATE, in order.
    pub fn duplicates(&self) -> Vec<bool> {
        self.printed
            .lock()
            .expect("printed")
            .iter()
            .map(|bytes| {
                Paper::decode(bytes, CodePage::Cp858)
                    .to_text(48)
                    .contains("DUPLICATE")
            })
            .collect()
    }
}

impl Drop for VirtualPrinter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A virtual printer whose port another process opens by path: the printer holds the
/// master side; the path is the slave's (`/dev/pts/N`), closed here so the process that
/// opens it has it to itself.
pub fn on_a_path() -> (VirtualPrinter, String) {
    let (master, slave) = TTYPort::pair().expect("a pseudo-terminal pair");
    let path = slave.name().expect("the slave's path");
    drop(slave);
    (VirtualPrinter::start(master), path)
}

//! The real binary in a pseudo-terminal, read through a terminal emulator: what the
//! end-to-end tests of the kiosk and the console drive.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};

pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, as written (what the emulator does not show: the
    /// requests it made of the terminal).
    raw: Arc<Mutex<Vec<u8>>>,
    keys: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Pty {
    /// Starts `lockbox --db DB ARGS...` on a `cols` x `rows` terminal.
    pub fn spawn(db: &Path, args: &[&str], cols: u16, rows: u16) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lockbox"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(args);
        cmd.env("LOCKBOX_NOW", "2026-11-23T10:00:00");
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).expect("lockbox starts");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("columns"),
            0,
        )));
        let feed = parser.clone();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let written = raw.clone();
        let mut reader = pty.master.try_clone_reader().expect("reader");
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().expect("parser").process(&buf[..n]);
                written.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
        });
        let keys = pty.master.take_writer().expect("writer");
        Pty {
            parser,
            raw,
            keys,
            child,
        }
    }

    /// How many times the program wrote `bytes`.
    pub fn wrote(&self, bytes: &[u8]) -> usize {
        let raw = self.raw.lock().expect("raw");
        raw.windows(bytes.len()).filter(|w| *w == bytes).count()
    }

    pub fn text(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until `needle` is on screen (at most 20 s), or fails showing the screen.
    #[track_caller]
    pub fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "{needle:?} never appeared; the screen shows:\n{}",
            self.text()
        );
    }

    /// Types keys, then gives the program a moment.
    pub fn press(&mut self, text: &str) {
        self.keys.write_all(text.as_bytes()).expect("keys");
        self.keys.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Waits for the program to end (at most 20 s) and says whether it succeeded.
    #[track_caller]
    pub fn exit_success(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.success();
            }
            assert!(
                Instant::now() < deadline,
                "it did not close:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

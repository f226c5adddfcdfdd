//! The real kiosk binary in a pseudo-terminal, driven by keys alone, read through a
//! terminal emulator: a deposit visit ends with the slip in the simulated printer's output,
//! and a clerk's credentials close the kiosk.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

const ROWS: u16 = 24;
const COLS: u16 = 80;

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until `needle` is on screen (at most 20 s), or fails showing the screen.
    #[track_caller]
    fn wait_for(&self, needle: &str) {
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
}

fn lockbox(db: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", "2026-11-23T10:00:00")
        .output()
        .expect("lockbox runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_deposit_visit_with_keys_only_prints_its_slip() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kiosk.sqlite");
    lockbox(&db, &["demo", "--scale", "5"]);
    let printer = dir.path().join("printer.bin");

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db");
    cmd.arg(&db);
    cmd.args(["kiosk", "--printer"]);
    cmd.arg(format!("file:{}", printer.display()));
    cmd.env("LOCKBOX_NOW", "2026-11-23T10:00:00");
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("kiosk starts");
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(ROWS).expect("rows"),
        std::num::NonZeroU16::new(COLS).expect("columns"),
        0,
    )));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let feed = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().expect("parser").process(&buf[..n]);
        }
    });
    let mut keys = pty.master.take_writer().expect("writer");
    let screen = Screen { parser };
    let mut press = |text: &str| {
        keys.write_all(text.as_bytes()).expect("keys");
        keys.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(120));
    };

    screen.wait_for("Send money to an inmate");
    // Ctrl-C does nothing at a kiosk.
    press("\u{3}");
    press("\r");
    screen.wait_for("Type the inmate's DOC number");
    press("12345\r");
    screen.wait_for("LAST NAME");
    press("Rivera\r");
    screen.wait_for("Is this the person");
    assert!(screen.text().contains("RIVERA, Ana"), "{}", screen.text());
    press("\r");
    screen.wait_for("YOUR full name");
    press("Carmen Rivera\r");
    screen.wait_for("YOUR street address");
    press("12 Elm St\r");
    screen.wait_for("city, state and ZIP");
    press("Jefferson City, MO 65101\r");
    screen.wait_for("amount of the money order");
    press("50.00\r");
    screen.wait_for("Check everything before printing");
    press("\r");
    screen.wait_for("Put each slip WITH its money order");
    let text = screen.text();
    let number = text
        .split("slip numbers: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a slip number on screen")
        .to_string();
    let printed = std::fs::read_to_string(dir.path().join("printer.txt")).expect("printed text");
    assert!(printed.contains("DEPOSIT SLIP"), "{printed}");
    assert!(printed.contains(&format!("[QR {number}]")), "{printed}");
    assert!(printed.contains("VISITOR'S STUB"), "{printed}");
    assert!(printed.contains("$50.00"), "{printed}");

    // Done, then the technician's key and a clerk's password close the kiosk.
    press("\r");
    screen.wait_for("Send money to an inmate");
    press("\u{1b}[24~");
    screen.wait_for("Technician");
    press("clerk\r");
    press("demo-clerk\r");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the kiosk did not close:\n{}",
            screen.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
}

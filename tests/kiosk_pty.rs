//! The real kiosk binary in a pseudo-terminal, driven by keys alone, read through a
//! terminal emulator: a deposit visit ends with the slip in the simulated printer's output,
//! and a clerk's credentials close the kiosk.

use std::path::Path;

use crate::pty::Pty;

const ROWS: u16 = 24;
const COLS: u16 = 80;

fn lockbox(db: &Path, args: &[&str]) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lockbox"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("LOCKBOX_NOW", "2026-11-23T10:00:00");
    crate::support::authenticate(&mut cmd, args);
    let out = cmd.output().expect("lockbox runs");
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

    let mut kiosk = Pty::spawn(
        &db,
        &["kiosk", "--printer", &format!("file:{}", printer.display())],
        COLS,
        ROWS,
    );
    kiosk.wait_for("Send money to an inmate");
    // Ctrl-C does nothing at a kiosk.
    kiosk.press("\u{3}");
    kiosk.press("\r");
    kiosk.wait_for("Type the inmate's DOC number");
    kiosk.press("12345\r");
    kiosk.wait_for("LAST NAME");
    kiosk.press("Rivera\r");
    kiosk.wait_for("Is this the person");
    assert!(kiosk.text().contains("RIVERA, Ana"), "{}", kiosk.text());
    kiosk.press("\r");
    kiosk.wait_for("YOUR full name");
    kiosk.press("Carmen Rivera\r");
    kiosk.wait_for("YOUR street address");
    kiosk.press("12 Elm St\r");
    kiosk.wait_for("city, state and ZIP");
    kiosk.press("Jefferson City, MO 65101\r");
    kiosk.wait_for("amount of the money order");
    kiosk.press("50.00\r");
    kiosk.wait_for("Check everything before printing");
    kiosk.press("\r");
    kiosk.wait_for("Put each slip WITH its money order");
    let text = kiosk.text();
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
    kiosk.press("\r");
    kiosk.wait_for("Send money to an inmate");
    kiosk.press("\u{1b}[24~");
    kiosk.wait_for("Technician");
    kiosk.press("clerk\r");
    kiosk.press("demo-clerk\r");
    assert!(kiosk.exit_success());
}

/// The printer's port is missing (unplugged, or another program holds it): the kiosk opens
/// anyway, says the printer is not connected, starts no slip, still looks up a fee.
#[test]
fn a_kiosk_whose_printer_is_not_connected_opens_and_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kiosk.sqlite");
    lockbox(&db, &["demo", "--scale", "5"]);
    let mut kiosk = Pty::spawn(
        &db,
        &["kiosk", "--printer", "/dev/lockbox-no-such-printer"],
        COLS,
        ROWS,
    );
    kiosk.wait_for("Send money to an inmate");
    kiosk.wait_for("PRINTER NOT CONNECTED");
    kiosk.press("\r");
    kiosk.wait_for("PRINTER NOT CONNECTED");
    assert!(
        !kiosk.text().contains("Type the inmate's DOC number"),
        "no slip is started:\n{}",
        kiosk.text()
    );
    // The fee lookup still works.
    kiosk.press("2");
    kiosk.wait_for("DOC number");
    kiosk.press("54321\r");
    kiosk.wait_for("PIN");
    kiosk.press("731904\r");
    kiosk.wait_for("WEBB, Marcus");
    kiosk.press("\u{1b}[24~");
    kiosk.wait_for("Technician");
    kiosk.press("clerk\r");
    kiosk.press("demo-clerk\r");
    assert!(kiosk.exit_success());
}

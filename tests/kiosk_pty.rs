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

/// A demo ledger in a new directory, and the kiosk on it printing to a simulated printer
/// there (with `extra` arguments), at the welcome screen.
fn demo_kiosk(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, Pty) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kiosk.sqlite");
    lockbox(&db, &["demo", "--scale", "5"]);
    let printer = format!("file:{}", dir.path().join("printer.bin").display());
    let mut args = vec!["kiosk", "--printer", printer.as_str()];
    args.extend_from_slice(extra);
    let kiosk = Pty::spawn(&db, &args, COLS, ROWS);
    kiosk.wait_for("Send money to an inmate");
    (dir, db, kiosk)
}

/// F12, then the demo clerk's credentials: the kiosk closes, successfully.
fn close(kiosk: &mut Pty) {
    kiosk.press("\u{1b}[24~");
    kiosk.wait_for("Technician");
    kiosk.press("clerk\r");
    kiosk.press("demo-clerk\r");
    assert!(kiosk.exit_success());
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
    to_the_review(&mut kiosk, &["50.00"]);
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

/// Deposit slips in the ledger (every one the kiosk made).
fn slips_in(db: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("ledger");
    conn.query_row("SELECT COUNT(*) FROM slip", [], |r| r.get(0))
        .expect("count")
}

/// From the welcome screen to the review, with the given money orders.
fn to_the_review(kiosk: &mut Pty, amounts: &[&str]) {
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
    for (i, amount) in amounts.iter().enumerate() {
        if i > 0 {
            kiosk.press("2");
        }
        kiosk.wait_for("amount of the money order");
        kiosk.press(&format!("{amount}\r"));
        kiosk.wait_for("Check everything before printing");
    }
}

/// The kiosk's printer is a serial port (a pseudo-terminal) whose far end answers DLE EOT
/// like a real printer. Each way it can fail between the review and Print makes no slip and
/// says why; paper back in, Print prints. Then the printer dies in the middle of a job: the
/// visitor is told which slips did not print, and prints them once it is back. Every slip
/// comes out, none as two originals.
#[test]
fn a_serial_printer_that_fails_between_the_review_and_print_and_dies_mid_job() {
    use crate::virtual_printer::{self, Fault};
    use lockbox::print::PrinterState;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kiosk.sqlite");
    lockbox(&db, &["demo", "--scale", "5"]);
    let (printer, port) = virtual_printer::on_a_path();
    let mut kiosk = Pty::spawn(
        &db,
        &["kiosk", "--printer", &port, "--flow", "none"],
        COLS,
        ROWS,
    );
    kiosk.wait_for("Printer ready");
    let before = slips_in(&db);
    to_the_review(&mut kiosk, &["50.00"]);
    for (fault, says) in [
        (Fault::State(PrinterState::PaperOut), "PRINTER OUT OF PAPER"),
        (Fault::State(PrinterState::CoverOpen), "PRINTER COVER OPEN"),
        (Fault::State(PrinterState::Offline), "PRINTER OFFLINE"),
        (Fault::Silent, "PRINTER NOT ANSWERING"),
    ] {
        printer.set(fault);
        kiosk.press("1");
        kiosk.wait_for(says);
        kiosk.wait_for("deposit slips cannot be made");
        assert!(
            kiosk.text().contains("Check everything before printing"),
            "{says}: still on the review\n{}",
            kiosk.text()
        );
        assert_eq!(slips_in(&db), before, "{says}: no slip made");
    }
    assert!(printer.printed().is_empty());
    // Paper back in: Print asks the printer again, and prints.
    printer.set(Fault::None);
    kiosk.press("1");
    kiosk.wait_for("Put each slip WITH its money order");
    printer.wait_for(2);
    assert_eq!(slips_in(&db), before + 1);
    let first = printer.printed();
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first[0].starts_with("slip:") && first[1].starts_with("stub:"));
    kiosk.press("\r");
    kiosk.wait_for("Send money to an inmate");

    // Three money orders; the cable comes out in the middle of the second slip.
    to_the_review(&mut kiosk, &["20.00", "30.00", "40.00"]);
    let sizes = printer.sizes();
    // A slip, QR code and all, is small enough for a 9600-baud port: about a second.
    assert!(sizes[0] < 1_100, "a slip of {} bytes", sizes[0]);
    printer.set(Fault::UnplugAfter(sizes[0] + sizes[1] + sizes[0] / 2));
    kiosk.press("1");
    kiosk.wait_for("Please see the clerk");
    assert_eq!(slips_in(&db), before + 4);
    let shown = kiosk.text();
    assert!(
        !shown.contains("Put each slip WITH"),
        "no slip to put in the box:\n{shown}"
    );
    // The first slip and its stub came out before the cable did; the screen names the two
    // slips still to print, and only those.
    let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let named: Vec<String> = flat
        .split("print your slips for you: ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .expect("the slips named")
        .split(", ")
        .map(str::to_string)
        .collect();
    let came_out = printer.printed();
    assert_eq!(came_out.len(), 4, "{came_out:?}");
    assert_eq!(named.len(), 2, "{flat}");
    assert!(
        !named.iter().any(|n| came_out[2].ends_with(n.as_str())),
        "the slip that printed is not named: {named:?} {came_out:?}"
    );
    // Back: at the next look the visitor still here is told, and key 1 prints the rest.
    printer.set(Fault::None);
    kiosk.wait_for("The printer is ready again: press 1");
    kiosk.press("1");
    kiosk.wait_for("Put each slip WITH its money order");
    let text = kiosk.text();
    let numbers: Vec<String> = text
        .split("slip numbers: ")
        .nth(1)
        .expect("the slip numbers")
        .split_whitespace()
        .take(3)
        .map(str::to_string)
        .collect();
    printer.wait_for(2 + 6);
    let printed = printer.printed();
    let duplicates = printer.duplicates();
    assert_eq!(numbers.len(), 3);
    for number in &numbers {
        for kind in ["slip", "stub"] {
            let copies = |original: bool| {
                printed
                    .iter()
                    .zip(&duplicates)
                    .filter(|(p, duplicate)| {
                        **p == format!("{kind}:{number}") && **duplicate != original
                    })
                    .count()
            };
            assert!(
                copies(true) + copies(false) >= 1,
                "{kind} {number} never silently lost: {printed:?}"
            );
            assert!(
                copies(true) <= 1,
                "{kind} {number}: never two originals: {printed:?}"
            );
        }
    }
    kiosk.press("\r");
    kiosk.press("\u{1b}[24~");
    kiosk.wait_for("Technician");
    kiosk.press("clerk\r");
    kiosk.press("demo-clerk\r");
    assert!(kiosk.exit_success());
}

/// The samples of a 16-bit PCM WAV file (espeak-ng's own: mono, 22,050 Hz), read from
/// its `data` chunk.
fn wav_samples(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).expect("wav");
    assert_eq!(&bytes[..4], b"RIFF", "{}", path.display());
    assert_eq!(&bytes[8..12], b"WAVE", "{}", path.display());
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4")) as usize;
        let body = at + 8;
        if id == b"data" {
            let end = (body + len).min(bytes.len());
            return bytes[body..end]
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect();
        }
        at = body + len + (len % 2);
    }
    panic!("no data chunk in {}", path.display());
}

fn rms(samples: &[i16]) -> f64 {
    let sum: f64 = samples.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    (sum / samples.len().max(1) as f64).sqrt() / f64::from(i16::MAX)
}

/// Waits until one of the utterances written to `dir` holds `needle`, and returns it.
#[track_caller]
fn said(dir: &Path, needle: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mut texts: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        texts.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == "txt"));
        texts.sort();
        for p in texts.iter().rev() {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{needle:?} was never said; said: {texts:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
}

/// Issue 19's contract: `kiosk --speech-out DIR` speaks every visit from its start into
/// numbered WAV files with their texts beside them. A whole visit in Spanish: the texts
/// name the inmate confirmed, each amount and the total, the sound is not silence, and a
/// fee visit's PIN is in no text.
#[test]
fn a_whole_visit_in_spanish_is_spoken_into_wav_files_and_the_pin_is_not() {
    let engine = std::process::Command::new("espeak-ng")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        engine || std::env::var_os("LOCKBOX_REQUIRE_ESPEAK").is_none(),
        "espeak-ng is not installed (apt-get install espeak-ng)"
    );
    if !engine {
        eprintln!("espeak-ng is not installed: the texts are checked, not the sound");
    }
    let out_dir = tempfile::tempdir().expect("dir");
    let out = out_dir.path().join("speech");
    let (_dir, _db, mut kiosk) = demo_kiosk(&["--speech-out", out.to_str().expect("path")]);
    said(&out, "Press 1: Send money to an inmate.");
    kiosk.press("3");
    kiosk.wait_for("Enviar dinero");
    said(&out, "Pulse 1: Enviar dinero a un recluso.");
    kiosk.press("1");
    kiosk.wait_for("número DOC del recluso");
    kiosk.press("12345\r");
    kiosk.wait_for("APELLIDO");
    kiosk.press("Rivera\r");
    kiosk.wait_for("RIVERA, Ana");
    let confirm = said(&out, "Número del DOC 1 2 3 4 5");
    assert!(confirm.contains("RIVERA, Ana"), "{confirm}");
    kiosk.press("\r");
    kiosk.wait_for("nombre completo");
    kiosk.press("Carmen Rivera\r");
    kiosk.wait_for("SU dirección");
    kiosk.press("12 Elm St\r");
    kiosk.wait_for("código postal");
    kiosk.press("Jefferson City, MO 65101\r");
    kiosk.wait_for("monto del giro");
    kiosk.press("50.00\r");
    kiosk.wait_for("Revise todo");
    kiosk.press("2");
    kiosk.wait_for("monto del giro");
    kiosk.press("25.50\r");
    kiosk.wait_for("$75.50");
    let review = said(&out, "Total: 75 dólares con 50 centavos.");
    for needle in [
        "Giro 1: 50 dólares.",
        "Giro 2: 25 dólares con 50 centavos.",
        "RIVERA, Ana",
        "Carmen Rivera",
    ] {
        assert!(review.contains(needle), "{needle:?} in {review}");
    }
    kiosk.press("1");
    kiosk.wait_for("JUNTO con su giro");
    said(&out, "Sus números de comprobante");
    kiosk.press("\r");
    // The next visit: a fee account, by DOC number and PIN.
    kiosk.wait_for("Send money to an inmate");
    kiosk.press("2");
    kiosk.wait_for("YOUR DOC number");
    kiosk.press("54321\r");
    kiosk.wait_for("PIN");
    kiosk.press("731904\r");
    kiosk.wait_for("WEBB, Marcus");
    said(&out, "WEBB, Marcus");
    close(&mut kiosk);

    let mut texts = 0;
    let mut loudest = 0.0f64;
    for entry in std::fs::read_dir(&out).expect("speech out") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if let Some(stem) = name.strip_suffix(".txt") {
            texts += 1;
            assert!(
                stem.len() == 6 && stem.bytes().all(|b| b.is_ascii_digit()),
                "{name}"
            );
            let text = std::fs::read_to_string(&path).expect("text");
            for secret in ["731904", "7 3 1 9 0 4", "demo-clerk", "d e m o"] {
                assert!(!text.contains(secret), "{secret:?} said in {name}: {text}");
            }
            if engine {
                let wav = path.with_extension("wav");
                let samples = wav_samples(&wav);
                assert!(!samples.is_empty(), "{}", wav.display());
                let level = rms(&samples);
                // A word of speech is far above silence (0) and a dither's hiss.
                assert!(level > 0.01, "{} is silent: RMS {level}", wav.display());
                loudest = loudest.max(level);
            }
        }
    }
    assert!(texts >= 20, "{texts} utterances");
    if engine {
        assert!(loudest > 0.03, "RMS at most {loudest}");
    }
}

/// Issue 19: where the terminal reports held keys (the kitty keyboard protocol, its event
/// types), a held key types once and repeats only after 2 seconds held. The keys are sent
/// as such a terminal sends them.
#[test]
fn a_held_key_types_once_and_repeats_only_after_two_seconds() {
    let (_dir, _db, mut kiosk) = demo_kiosk(&[]);
    // Enter, pressed and let go.
    kiosk.press("\u{1b}[13u\u{1b}[13;1:3u");
    kiosk.wait_for("Type the inmate's DOC number");
    // 7 pressed, then held: its repeats in the first 2 seconds type nothing.
    let started = std::time::Instant::now();
    kiosk.press("\u{1b}[55u");
    for _ in 0..6 {
        kiosk.press("\u{1b}[55;1:2u");
    }
    assert!(started.elapsed() < std::time::Duration::from_millis(1_900));
    kiosk.wait_for("7_");
    assert!(!kiosk.text().contains("77"), "{}", kiosk.text());
    // Still held after 2 seconds: now it repeats.
    // (Half a second to spare: the kiosk times the press when its reader reads it.)
    std::thread::sleep(std::time::Duration::from_millis(2_500).saturating_sub(started.elapsed()));
    kiosk.press("\u{1b}[55;1:2u");
    kiosk.wait_for("77_");
    // Let go; another key's repeat whose press was not seen waits its own 2 seconds.
    kiosk.press("\u{1b}[55;1:3u");
    kiosk.press("\u{1b}[56;1:2u");
    kiosk.press("\u{1b}[56;1:2u");
    assert!(kiosk.text().contains("77_"), "{}", kiosk.text());
    // A key pressed again (not held) types each time.
    kiosk.press("\u{1b}[57u\u{1b}[57;1:3u\u{1b}[57u\u{1b}[57;1:3u");
    kiosk.wait_for("7799_");
    // The terminal was asked to report held keys (the kitty protocol's flags 15) for the
    // digits; it is given its keys back where names are typed.
    assert_eq!(kiosk.wrote(b"\x1b[>15u"), 1);
    assert_eq!(kiosk.wrote(b"\x1b[<1u"), 0);
    kiosk.press("\r");
    kiosk.wait_for("LAST NAME");
    assert_eq!(kiosk.wrote(b"\x1b[<1u"), 1);
    close(&mut kiosk);
}

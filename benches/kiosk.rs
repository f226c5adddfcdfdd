//! Kiosk speed (issue 5). `cargo bench --bench kiosk`.
//!
//! - criterion: drawing each screen at 120x40 (target: median at most 1 ms) and a keypress
//!   through `update` to a finished frame (target: at most 16 ms);
//! - the release binary in a pseudo-terminal on a ledger built by `demo --scale N`
//!   (`LOCKBOX_BENCH_SCALE`, default 100000): time from start to the first frame (target:
//!   at most 200 ms) and resident memory (target: at most 50 MB); Enter on the PIN screen to
//!   the account's frame, through the worker, beside the worker's own time for the job from
//!   the kiosk's log (target: the rest at most 5 ms); then idle at the welcome
//!   screen for `LOCKBOX_BENCH_IDLE_S` seconds (default 60): CPU used (target: under 1 %
//!   of one core).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, Criterion};
use lockbox::domain::{FeeAccount, FeeInstrument, FeeQuote, Language, Money};
use lockbox::ui::kiosk::{self, AccountView, InmateView, Key, Model, Msg, Purpose, Screen};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn model(screen: Screen, language: Language) -> Model {
    let mut m = Model::new(Instant::now(), true);
    m.language = language;
    m.screen = screen;
    m.visit.doc = "12345".into();
    m.visit.last_name = "Rivera".into();
    m.visit.inmate = Some(InmateView {
        moved: false,
        name: "RIVERA, Ana".into(),
        facility: "Jefferson City Correctional Center".into(),
    });
    m.visit.sender_name = "Carmen Rivera".into();
    m.visit.street = "12 Elm St".into();
    m.visit.city_line = "Jefferson City, MO 65101".into();
    m.visit.amounts = vec![Money::from_cents(5_000), Money::from_cents(2_550)];
    m.visit.slips = vec!["0000-0001-3".into(), "0000-0002-1".into()];
    let months = (1..=12)
        .map(|i| lockbox::domain::FeeMonth {
            month: NaiveDate::from_ymd_opt(2026, i, 1).unwrap(),
            assessed: Money::from_cents(3_000),
            waived: Money::ZERO,
            exempt: None,
            paid: Money::ZERO,
            delinquent: true,
        })
        .collect();
    m.visit.account = Some(AccountView {
        doc: "00054321".into(),
        name: "WEBB, Marcus".into(),
        balance: Money::from_cents(36_000),
        months_in_arrears: 12,
        current: false,
        waiver: None,
        exemption: None,
        next_due: NaiveDate::from_ymd_opt(2026, 12, 1),
        delinquent_from: NaiveDate::from_ymd_opt(2026, 1, 16),
        closed_on: None,
        absconded: false,
        months,
        card_quote: Some(FeeQuote::new(
            Money::from_cents(36_000),
            FeeInstrument::Card,
        )),
    });
    let _ = std::any::type_name::<FeeAccount>();
    m
}

fn render(c: &mut Criterion) {
    let screens = [
        ("welcome", Screen::Welcome),
        ("doc", Screen::Doc(Purpose::Deposit)),
        ("last name + keyboard", Screen::LastName),
        ("review", Screen::Review),
        ("printed", Screen::Printed),
        ("account", Screen::Account),
    ];
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut group = c.benchmark_group("draw a screen at 120x40");
    for (name, screen) in screens {
        let m = model(screen, Language::Es);
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| {
                        kiosk::view(&m, f);
                    })
                    .unwrap();
            })
        });
    }
    group.finish();
    let mut m = model(Screen::LastName, Language::En);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("keypress to finished frame (name screen)", |b| {
        b.iter(|| {
            kiosk::update(&mut m, Msg::Key(Key::Char('x')), Instant::now());
            kiosk::update(&mut m, Msg::Key(Key::Backspace), Instant::now());
            terminal
                .draw(|f| {
                    kiosk::view(&m, f);
                })
                .unwrap();
        })
    });
}

fn ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15; after the ")" they are the 12th and 13th.
    fields
        .get(11)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        + fields
            .get(12)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn binary() -> std::path::PathBuf {
    // benches run from target/release/deps; the binary is one level up.
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("lockbox")
}

fn in_a_terminal(db: &Path, dir: &Path) {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let bin = binary();
    if !bin.exists() {
        println!("(build the release binary first: cargo build --release; skipping the terminal figures)");
        return;
    }
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    // The kiosk's log (each worker job's own time, at debug level) goes to a file: its
    // terminal is the screen.
    let log = dir.join("kiosk.log");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", "log=$1; shift; exec \"$@\" 2>>\"$log\"", "sh"]);
    cmd.arg(&log);
    cmd.arg(&bin);
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["kiosk", "--printer"]);
    cmd.arg(format!("file:{}", dir.join("printer.bin").display()));
    cmd.env("TERM", "xterm-256color");
    cmd.env("LOCKBOX_LOG", "debug");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let pid = child.process_id().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(40).unwrap(),
        std::num::NonZeroU16::new(120).unwrap(),
        0,
    )));
    let first_frame = Arc::new(Mutex::new(None::<Duration>));
    let (feed, seen) = (parser.clone(), first_frame.clone());
    let mut reader = pty.master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut p = feed.lock().unwrap();
            p.process(&buf[..n]);
            if p.screen().contents().contains("Send money to an inmate") {
                seen.lock().unwrap().get_or_insert(started.elapsed());
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while first_frame.lock().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    let first = first_frame.lock().unwrap().unwrap_or(Duration::MAX);
    std::thread::sleep(Duration::from_millis(500));
    println!(
        "start to first frame: {:.0} ms (target: at most 200 ms); resident memory {:.1} MB (target: at most 50 MB)",
        first.as_secs_f64() * 1000.0,
        rss_kib(pid) as f64 / 1024.0
    );
    // Enter on the PIN screen to the account's frame, through the real worker and the
    // real loop (the PIN check itself is slow on purpose: `cargo bench --bench fees`).
    let mut writer = pty.master.take_writer().unwrap();
    let mut send = |bytes: &[u8]| {
        use std::io::Write;
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    };
    let shows = |text: &str| parser.lock().unwrap().screen().contents().contains(text);
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !shows(text) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
        shows(text)
    };
    // The PIN checks the log holds so far, and the worker's own time for the last one.
    let pin_jobs = || -> (usize, Option<f64>) {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let mut jobs = text
            .lines()
            .filter(|l| l.contains("worker job done") && l.contains("check_pin"));
        let count = jobs.clone().count();
        let last_ms = jobs.next_back().and_then(|line| {
            let micros: f64 = line
                .split("micros=")
                .nth(1)?
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()?;
            Some(micros / 1000.0)
        });
        (count, last_ms)
    };
    let mut enter_ms = Vec::new();
    let mut work_ms = Vec::new();
    let mut loop_ms = Vec::new();
    for _ in 0..7 {
        send(b"2");
        send(b"54321\r");
        if !wait_for("Type your 6-digit PIN") {
            break;
        }
        send(b"731904");
        std::thread::sleep(Duration::from_millis(300));
        let pressed = Instant::now();
        send(b"\r");
        if !wait_for("The last 12 months") {
            break;
        }
        let shown = pressed.elapsed().as_secs_f64() * 1000.0;
        enter_ms.push(shown);
        // The log line is written as the reply is sent: it may come a moment after.
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut work = None;
        while work.is_none() && Instant::now() < deadline {
            work = match pin_jobs() {
                (count, last) if count >= enter_ms.len() => last,
                _ => None,
            };
            if work.is_none() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        if let Some(work) = work {
            work_ms.push(work);
            loop_ms.push(shown - work);
        }
        // Back to the welcome screen for the next round.
        send(b"\x1b");
        std::thread::sleep(Duration::from_millis(300));
        let _ = wait_for("Send money to an inmate");
    }
    let spread = |mut v: Vec<f64>| -> String {
        v.sort_by(f64::total_cmp);
        match (v.first(), v.get(v.len() / 2), v.last()) {
            (Some(min), Some(median), Some(max)) => {
                format!("min {min:.1} ms, median {median:.1} ms, max {max:.1} ms")
            }
            _ => "none measured".to_string(),
        }
    };
    if enter_ms.is_empty() {
        println!("Enter on the PIN screen: the account never showed");
    } else {
        println!(
            "Enter on the PIN screen to the account's frame, {} rounds: {}",
            enter_ms.len(),
            spread(enter_ms)
        );
        println!(
            "  of which the worker's job (the PIN check with its two durable writes, then the account read), from the kiosk's log: {}",
            spread(work_ms)
        );
        println!(
            "  the rest (the key to the worker, its answer to the frame, the frame to this terminal): {} (target: at most 5 ms)",
            spread(loop_ms)
        );
    }
    let idle: u64 = std::env::var("LOCKBOX_BENCH_IDLE_S")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let before = ticks(pid);
    std::thread::sleep(Duration::from_secs(idle));
    let used = ticks(pid) - before;
    // Kernel clock ticks are 1/100 s on Linux.
    let cpu_s = used as f64 / 100.0;
    println!(
        "idle at the welcome screen for {idle} s: {cpu_s:.2} s of CPU = {:.2} % of one core (target: under 1 %)",
        cpu_s / idle as f64 * 100.0
    );
    let _ = child.kill();
}

fn terminal_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.sqlite");
    let scale: u32 = std::env::var("LOCKBOX_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let out = std::process::Command::new(binary())
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", &scale.to_string()])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            println!("demo --scale {scale} built in {:.1} s", started.elapsed().as_secs_f64());
            in_a_terminal(&db, dir.path());
        }
        _ => println!("(build the release binary first: cargo build --release; skipping the terminal figures)"),
    }
}

criterion_group!(benches, render);

fn main() {
    terminal_figures();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

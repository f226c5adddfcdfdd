//! The kiosk's voice (issue 19). `cargo build --release && cargo bench --bench speech`.
//!
//! Prints, each the median of `LOCKBOX_BENCH_RUNS` (default 20) tries:
//! - `update` of a key in speech mode to its utterance (the pure part, on the UI thread);
//! - `espeak-ng --stdout` from its start to its first byte of sound, for a key's echo and
//!   for the longest screen (the review): when a player could begin to play;
//! - the release binary in a pseudo-terminal with `--speech-out`: a key written to the
//!   terminal to its utterance's `.txt` on disk (the whole WAV synthesised and renamed
//!   first: an upper bound on the start of speech), for a digit's echo and for Enter
//!   opening the next screen (target for both: at most 300 ms);
//! - the CPU that speaking takes: espeak-ng's CPU time for the review's utterance against
//!   the length of the sound it makes;
//! - what the kiosk does without a sound device: how long its start-up check of
//!   `kiosk.audio` takes, and what it says.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lockbox::app::speaker;
use lockbox::domain::{Language, Money};
use lockbox::ui::kiosk::{self, InmateView, Key, Model, Msg, Screen};

#[path = "support/mod.rs"]
#[allow(dead_code)]
mod support;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn review_model() -> Model {
    let mut m = Model::new(Instant::now(), false);
    m.language = Language::Es;
    m.speech = true;
    m.screen = Screen::Amount;
    m.visit.doc = "12345".into();
    m.visit.inmate = Some(InmateView {
        moved: false,
        name: "RIVERA, Ana".into(),
        facility: "Jefferson City Correctional Center".into(),
    });
    m.visit.sender_name = "Carmen Rivera".into();
    m.visit.street = "12 Elm St".into();
    m.visit.city_line = "Jefferson City, MO 65101".into();
    m.visit.amounts = vec![Money::from_cents(5_000)];
    m.visit.amount = "25.50".into();
    m
}

/// Time from starting `espeak-ng --stdout` to its first byte of sound.
fn first_sound(text: &str, language: Language) -> Duration {
    let started = Instant::now();
    let mut child = Command::new("espeak-ng")
        .args(["-v", speaker::voice_name(language), "--stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    out.read_exact(&mut byte).unwrap();
    let took = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    took
}

/// CPU seconds of this process's waited-for children (`cutime` + `cstime` of
/// `/proc/self/stat`, in USER_HZ, 100 on Linux): 10 ms steps.
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, a)| a);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(13) + tick(14)) / 100.0
}

/// The release binary with `--speech-out`: from a key written to its utterance's `.txt`.
fn in_a_terminal(runs: usize) {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("lockbox");
    if !bin.exists() {
        println!("(build the release binary first: cargo build --release; skipping the terminal figures)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kiosk.sqlite");
    let out = Command::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "5"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let speech = dir.path().join("speech");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(&bin);
    cmd.arg("--db");
    cmd.arg(&db);
    cmd.args(["kiosk", "--printer"]);
    cmd.arg(format!("file:{}", dir.path().join("printer.bin").display()));
    cmd.arg("--speech-out");
    cmd.arg(&speech);
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let mut reader = pty.master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    let texts = |dir: &Path| -> usize {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
                    .count()
            })
            .unwrap_or(0)
    };
    let wait_more = |than: usize| -> Duration {
        let started = Instant::now();
        while texts(&speech) <= than {
            assert!(started.elapsed() < Duration::from_secs(10), "nothing said");
            std::thread::sleep(Duration::from_micros(300));
        }
        started.elapsed()
    };
    // The welcome screen, said at start.
    wait_more(0);
    std::thread::sleep(Duration::from_millis(300));
    let mut echo = Vec::new();
    let mut screen = Vec::new();
    for _ in 0..runs {
        // Enter on the welcome screen opens the DOC number's screen: said whole.
        let before = texts(&speech);
        let t = Instant::now();
        writer.write_all(b"\r").unwrap();
        writer.flush().unwrap();
        wait_more(before);
        screen.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(400));
        // A digit: its echo.
        let before = texts(&speech);
        let t = Instant::now();
        writer.write_all(b"7").unwrap();
        writer.flush().unwrap();
        wait_more(before);
        echo.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(200));
        // Back to the welcome screen (Backspace, then Esc), and let it be said.
        writer.write_all(b"\x7f").unwrap();
        writer.write_all(b"\x1b").unwrap();
        writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(700));
    }
    println!(
        "release kiosk, --speech-out: a digit's key to its echo written (WAV and text): median {:.0} ms; Enter to the next screen's utterance written: median {:.0} ms (target for the start of either: at most 300 ms)",
        ms(median(echo)),
        ms(median(screen))
    );
    let _ = child.kill();
}

fn main() {
    let runs = usize::try_from(support::env("LOCKBOX_BENCH_RUNS", 20)).unwrap_or(20);
    if speaker::engine().is_err() {
        println!("espeak-ng is not installed (apt-get install espeak-ng): nothing to measure");
        return;
    }
    // The pure part: a key in speech mode to its utterance.
    let mut times = Vec::new();
    for _ in 0..2_000 {
        let mut m = review_model();
        let t = Instant::now();
        let effects = kiosk::update(&mut m, Msg::Key(Key::Enter), Instant::now());
        times.push(t.elapsed());
        assert!(effects.iter().any(|e| matches!(e, kiosk::Effect::Speak(_))));
    }
    println!(
        "update: Enter on the amount to the review's utterance: median {:.1} µs",
        median(times).as_secs_f64() * 1e6
    );
    let mut m = review_model();
    kiosk::update(&mut m, Msg::Key(Key::Enter), Instant::now());
    let review = kiosk::speech::screen(&m);
    for (what, text) in [
        ("a digit's echo", "7"),
        ("the review screen", review.as_str()),
    ] {
        let firsts: Vec<Duration> = (0..runs).map(|_| first_sound(text, Language::Es)).collect();
        println!(
            "espeak-ng start to first sound, {what} ({} characters): median {:.1} ms",
            text.chars().count(),
            ms(median(firsts))
        );
    }
    // The CPU speaking takes: synthesising the review's utterance, against its length.
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("review.wav");
    let cpu0 = children_cpu();
    let t = Instant::now();
    let mut child = Command::new("espeak-ng")
        .args(["-v", "es-419", "-s", "155", "-w"])
        .arg(&wav)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(review.as_bytes())
        .unwrap();
    child.wait().unwrap();
    let wall = t.elapsed();
    let cpu = children_cpu() - cpu0;
    let bytes = std::fs::metadata(&wav).unwrap().len();
    // 16-bit mono at 22,050 Hz, after a 44-byte header.
    let seconds = (bytes.saturating_sub(44)) as f64 / (2.0 * 22_050.0);
    println!(
        "speaking the review: {seconds:.1} s of sound made in {:.0} ms of CPU ({:.0} ms wall): {:.1} % of one core over the time it is heard",
        cpu * 1000.0,
        ms(wall),
        cpu / seconds * 100.0
    );
    // Without a sound device: the start-up check and what it says.
    let t = Instant::now();
    let said = speaker::check(&speaker::SpeechOutput::Device("default".into()));
    println!(
        "start-up check of kiosk.audio = \"default\": {:.0} ms, {:?}",
        ms(t.elapsed()),
        said
    );
    in_a_terminal(runs);
}

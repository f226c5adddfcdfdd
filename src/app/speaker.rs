//! The kiosk's voice (issue 19): utterances said by Debian's `espeak-ng` on a thread of
//! their own, so that a voice never holds up the screen or the worker.
//!
//! Utterances wait in a short queue. One that interrupts (a new screen, an error, the
//! idle warning: everything but a key's echo) drops what is still queued and stops what
//! is being said, so the visitor always hears the screen in front of them. With
//! `kiosk.speech_out` (or `--speech-out DIR`) each utterance is written as `NNNNNN.wav`
//! with its text beside it as `NNNNNN.txt` instead of being played; the `.txt` is written
//! last, so a reader that sees it finds the sound whole.

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::domain::Language;
use crate::ui::kiosk::utterance::{Utterance, VOLUME_LEVELS};

/// Utterances waiting at most: a visitor typing faster than the voice hears the latest.
const QUEUE_MAX: usize = 16;
/// The engine's amplitude (0 to 200) at each volume level; level 1 is espeak-ng's own 100.
const AMPLITUDE: [u32; VOLUME_LEVELS as usize] = [60, 100, 150, 200];
/// Words per minute: a little slower than the engine's 175, for people hearing the kiosk
/// for the first time.
const WORDS_PER_MINUTE: u32 = 155;
/// How often a playing utterance looks for one that interrupts it.
const POLL: Duration = Duration::from_millis(10);

/// Where the voice goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechOutput {
    /// Played on this ALSA device (`kiosk.audio`, by default `default`).
    Device(String),
    /// Written as numbered WAV and text files in this directory.
    Files(PathBuf),
}

/// The engine and device found, or why there is no voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voice {
    Ready,
    /// Nothing is said; the kiosk runs without speech. The text says why.
    Unavailable(String),
}

/// The voice each language is said in.
pub fn voice_name(language: Language) -> &'static str {
    match language {
        Language::En => "en-us",
        Language::Es => "es-419",
    }
}

/// Whether `espeak-ng` is there and has both languages' voices.
pub fn engine() -> Result<String, String> {
    let out = Command::new("espeak-ng")
        .arg("--voices")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("espeak-ng cannot be run ({e}); install Debian's espeak-ng"))?;
    let voices = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> = [Language::En, Language::Es]
        .into_iter()
        .map(voice_name)
        .filter(|v| !voices.split_whitespace().any(|w| w == *v))
        .collect();
    if !out.status.success() || !missing.is_empty() {
        return Err(format!(
            "espeak-ng lacks the voice(s) {}",
            missing.join(", ")
        ));
    }
    let version = Command::new("espeak-ng")
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map(|o| {
            // "eSpeak NG text-to-speech: 1.51  Data at: ...": the name and version.
            let said = String::from_utf8_lossy(&o.stdout).to_string();
            said.split("  ").next().unwrap_or("").trim().to_string()
        })
        .unwrap_or_default();
    Ok(version)
}

/// How long the start-up check may wait for the sound device.
const DEVICE_CHECK_FOR: Duration = Duration::from_secs(2);

/// Whether `device` can play: `aplay` opens it (without waiting for a device another
/// program holds: `-N`) and plays a hundredth of a second of silence. A device named wrong,
/// or a machine with no sound card, fails here, not at the first utterance; one that does
/// not answer within `DEVICE_CHECK_FOR` is said busy, and the kiosk starts without it.
pub fn device(device: &str) -> Result<(), String> {
    let mut child = Command::new("aplay")
        .args([
            "-q", "-N", "-t", "raw", "-f", "S16_LE", "-r", "8000", "-c", "1", "-D",
        ])
        .arg(device)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("aplay cannot be run ({e}); install Debian's alsa-utils"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&[0u8; 160]);
    }
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < DEVICE_CHECK_FOR => std::thread::sleep(POLL),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the sound device did not answer within {} s (busy?)",
                    DEVICE_CHECK_FOR.as_secs()
                ));
            }
        }
    };
    if status.success() {
        return Ok(());
    }
    let mut said = String::new();
    if let Some(mut err) = child.stderr.take() {
        use std::io::Read;
        let _ = err.read_to_string(&mut said);
    }
    // ALSA's own lines first, then aplay's verdict ("aplay: main:831: audio open error: No
    // such file or directory"): the verdict, without its source line.
    let why = said
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| {
            let l = l.trim().trim_start_matches("aplay: ");
            l.split_once(": ")
                .filter(|(at, _)| at.contains(':'))
                .map_or(l, |(_, rest)| rest)
                .to_string()
        })
        .unwrap_or_else(|| status.to_string());
    Err(format!("the sound device cannot be opened ({why})"))
}

/// What the voice can do with this output, checked once when the kiosk starts.
pub fn check(output: &SpeechOutput) -> Voice {
    let engine = engine();
    match (output, engine) {
        (SpeechOutput::Files(dir), Err(e)) => Voice::Unavailable(format!(
            "{e}: only the texts are written to {}",
            dir.display()
        )),
        (SpeechOutput::Files(_), Ok(_)) => Voice::Ready,
        (SpeechOutput::Device(_), Err(e)) => Voice::Unavailable(e),
        (SpeechOutput::Device(d), Ok(_)) => match device(d) {
            Ok(()) => Voice::Ready,
            Err(e) => Voice::Unavailable(format!("{e} (kiosk.audio = {d:?})")),
        },
    }
}

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Utterance>,
    /// Bumped by each utterance that interrupts: one being said under an older number stops.
    generation: u64,
    closed: bool,
}

/// The kiosk's voice: `say` returns at once.
pub struct Speaker {
    shared: Arc<(Mutex<Queue>, Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
    files: bool,
}

impl Speaker {
    /// Starts the voice's thread. `engine_ok` false: files get their texts only, a device
    /// gets nothing.
    pub fn start(output: SpeechOutput, engine_ok: bool) -> Speaker {
        let shared = Arc::new((Mutex::new(Queue::default()), Condvar::new()));
        let theirs = Arc::clone(&shared);
        let files = matches!(output, SpeechOutput::Files(_));
        let thread = std::thread::Builder::new()
            .name("speaker".into())
            .spawn(move || run(&theirs, &output, engine_ok))
            .ok();
        Speaker {
            shared,
            thread,
            files,
        }
    }

    /// Queues `u` (its text cleaned of anything that is not text); `interrupt` drops what
    /// waits and stops what is being said first. An empty text only stops. A full queue
    /// drops its oldest.
    pub fn say(&self, u: Utterance, interrupt: bool) {
        let (lock, ready) = &*self.shared;
        let Ok(mut q) = lock.lock() else {
            return;
        };
        if interrupt {
            q.waiting.clear();
            q.generation += 1;
        }
        let text = crate::domain::text::printable(&u.text).trim().to_string();
        if !text.is_empty() {
            if q.waiting.len() >= QUEUE_MAX {
                q.waiting.pop_front();
            }
            q.waiting.push_back(Utterance { text, ..u });
        }
        ready.notify_all();
    }
}

impl Drop for Speaker {
    /// The kiosk closes: a voice stops at once; files still write what was queued (it is a
    /// record of what the visit heard).
    fn drop(&mut self) {
        let (lock, ready) = &*self.shared;
        if let Ok(mut q) = lock.lock() {
            q.closed = true;
            if !self.files {
                q.waiting.clear();
                q.generation += 1;
            }
        }
        ready.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(shared: &Arc<(Mutex<Queue>, Condvar)>, output: &SpeechOutput, engine_ok: bool) {
    let (lock, ready) = &**shared;
    let mut number = match output {
        SpeechOutput::Files(dir) => last_number(dir),
        SpeechOutput::Device(_) => 0,
    };
    loop {
        let (u, generation) = {
            let Ok(mut q) = lock.lock() else {
                return;
            };
            loop {
                if let Some(u) = q.waiting.pop_front() {
                    break (u, q.generation);
                }
                if q.closed {
                    return;
                }
                q = match ready.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let stale = || {
            lock.lock()
                .map_or(true, |q| q.generation != generation || q.closed)
        };
        let said = match output {
            SpeechOutput::Files(dir) => {
                number += 1;
                write_files(dir, number, &u, engine_ok)
            }
            SpeechOutput::Device(device) if engine_ok => play(device, &u, &stale),
            SpeechOutput::Device(_) => Ok(()),
        };
        if let Err(e) = said {
            tracing::warn!(error = %e, "an utterance was not said");
        }
    }
}

/// The highest `NNNNNN` already in `dir`, so a kiosk started again never writes over the
/// utterances of the one before.
fn last_number(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    name.strip_suffix(".txt")
                        .or_else(|| name.strip_suffix(".wav"))
                        .and_then(|n| n.parse::<u64>().ok())
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

fn espeak(u: &Utterance) -> Command {
    let mut c = Command::new("espeak-ng");
    c.arg("-v")
        .arg(voice_name(u.language))
        .arg("-a")
        .arg(AMPLITUDE[usize::from(u.volume.min(VOLUME_LEVELS - 1))].to_string())
        .arg("-s")
        .arg(WORDS_PER_MINUTE.to_string());
    c
}

/// Feeds the text on standard input (never as an argument: a text starting with `-` is
/// not an option, and nothing is read as SSML).
fn feed(child: &mut Child, text: &str) -> std::io::Result<()> {
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    Ok(())
}

fn write_files(dir: &Path, number: u64, u: &Utterance, engine_ok: bool) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let name = format!("{number:06}");
    if engine_ok {
        let partial = dir.join(format!(".{name}.wav.part"));
        let mut child = espeak(u)
            .arg("-w")
            .arg(&partial)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let fed = feed(&mut child, &u.text);
        let status = child.wait()?;
        fed?;
        if !status.success() {
            return Err(std::io::Error::other(format!("espeak-ng exited {status}")));
        }
        std::fs::rename(&partial, dir.join(format!("{name}.wav")))?;
    }
    let partial = dir.join(format!(".{name}.txt.part"));
    std::fs::write(&partial, format!("{}\n", u.text))?;
    std::fs::rename(&partial, dir.join(format!("{name}.txt")))
}

/// Plays `u` on `device` (`espeak-ng --stdout | aplay`), stopping both when `stale` says
/// another utterance interrupted it.
fn play(device: &str, u: &Utterance, stale: &dyn Fn() -> bool) -> std::io::Result<()> {
    let mut voice = espeak(u)
        .arg("--stdout")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let sound = voice
        .stdout
        .take()
        .map(Stdio::from)
        .unwrap_or(Stdio::null());
    let mut player = match Command::new("aplay")
        .arg("-q")
        .arg("-D")
        .arg(device)
        .stdin(sound)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(p) => p,
        Err(e) => {
            let _ = voice.kill();
            let _ = voice.wait();
            return Err(e);
        }
    };
    // Whatever happens below, neither process is left running or unreaped.
    let stop = |voice: &mut Child, player: &mut Child| {
        let _ = player.kill();
        let _ = voice.kill();
        let _ = player.wait();
        let _ = voice.wait();
    };
    if let Err(e) = feed(&mut voice, &u.text) {
        stop(&mut voice, &mut player);
        return Err(e);
    }
    loop {
        if stale() {
            stop(&mut voice, &mut player);
            return Ok(());
        }
        match player.try_wait() {
            Ok(Some(status)) => {
                stop(&mut voice, &mut player);
                return if status.success() {
                    Ok(())
                } else {
                    Err(std::io::Error::other(format!("aplay exited {status}")))
                };
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => {
                stop(&mut voice, &mut player);
                return Err(e);
            }
        }
    }
}

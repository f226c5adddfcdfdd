//! One wait for the terminal, shared by the kiosk and the console: what came in, in the
//! screens' own terms.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, MouseButton, MouseEventKind};

use super::command::CommandError;
use crate::ui::kiosk::Key;
use crate::ui::kiosk::Msg as KioskMsg;

/// Something the person did.
pub enum Input {
    Key(Key),
    Paste(String),
    /// A touch or a left click at (column, row).
    Touch(u16, u16),
    /// The terminal changed size: draw again.
    Resize,
}

/// What wakes a screen's loop: the person, a reply from its worker, or a terminal that
/// failed. One channel carries all three, so a reply is drawn the moment it comes, not at
/// the next tick.
pub enum Wake<M> {
    Input(Input),
    Reply(M),
    Failed(CommandError),
}

/// A held key's repeats, where the terminal reports them (the kitty keyboard protocol's
/// event types): none before the key has been held `delay`, so that a visitor with a
/// tremor who rests on a key types it once (issue 19). Terminals that do not report
/// repeats send each repeat as a press, and are not held back.
#[derive(Debug, Clone)]
pub struct RepeatGate {
    delay: Duration,
    held: Option<(KeyCode, Instant)>,
}

impl RepeatGate {
    pub fn new(delay: Duration) -> RepeatGate {
        RepeatGate { delay, held: None }
    }

    /// Whether a key event at `now` goes on to the screen.
    pub fn pass(&mut self, code: KeyCode, kind: KeyEventKind, now: Instant) -> bool {
        match kind {
            KeyEventKind::Press => {
                self.held = Some((code, now));
                true
            }
            KeyEventKind::Repeat => match self.held {
                Some((held, since)) if held == code => {
                    now.saturating_duration_since(since) >= self.delay
                }
                // A repeat whose press was not seen (another key came between): it starts
                // the wait now.
                _ => {
                    self.held = Some((code, now));
                    false
                }
            },
            KeyEventKind::Release => {
                if self.held.is_some_and(|(held, _)| held == code) {
                    self.held = None;
                }
                false
            }
        }
    }
}

/// Reads the terminal on a thread of its own, forever, sending what comes into `tx`; it
/// ends when a read fails or nobody listens any more. (A terminal that hangs up is seen by
/// the screens' SIGHUP handling: crossterm's reader does not always report it as an
/// error.) A panic in the reader is reported as a failure too, never a silent screen.
/// With a `repeats` gate, a held key's repeats wait for it.
pub fn spawn_reader<M: Send + 'static>(
    tx: std::sync::mpsc::Sender<Wake<M>>,
    mut repeats: Option<RepeatGate>,
) {
    std::thread::spawn(move || {
        let reading = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| loop {
            let wake = match read_input(repeats.as_mut()) {
                Ok(Some(input)) => Wake::Input(input),
                Ok(None) => continue,
                Err(e) => break Some(e),
            };
            if tx.send(wake).is_err() {
                break None;
            }
        }));
        let failure = match reading {
            Ok(failure) => failure,
            Err(_) => Some(CommandError::Failed("the terminal reader failed".into())),
        };
        if let Some(e) = failure {
            let _ = tx.send(Wake::Failed(e));
        }
    });
}

/// The next wake within `wait`, or `None`. With no sender left (nothing can wake it any
/// more) it sleeps out the wait rather than spin.
pub fn wait<M>(rx: &std::sync::mpsc::Receiver<Wake<M>>, wait: Duration) -> Option<Wake<M>> {
    match rx.recv_timeout(wait) {
        Ok(w) => Some(w),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            std::thread::sleep(wait);
            None
        }
    }
}

/// Blocks for the next event, in the screens' terms (`None`: one they do not use).
fn read_input(repeats: Option<&mut RepeatGate>) -> Result<Option<Input>, CommandError> {
    let failed = |e: std::io::Error| CommandError::Failed(format!("cannot read the terminal: {e}"));
    let e = event::read().map_err(failed)?;
    if let (Event::Key(k), Some(gate)) = (&e, repeats) {
        if !gate.pass(k.code, k.kind, Instant::now()) {
            return Ok(None);
        }
    }
    Ok(translate(e))
}

fn translate(e: Event) -> Option<Input> {
    match e {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            match super::kiosk::key_msg(k.code, k.modifiers) {
                Some(KioskMsg::Key(key)) => Some(Input::Key(key)),
                _ => None,
            }
        }
        // A line break or tab in pasted text parts words, as a space does: the screens drop
        // control characters, and "Name\tSecond" became "NameSecond".
        Event::Paste(text) => Some(Input::Paste(
            text.chars()
                .map(|c| {
                    if matches!(c, '\t' | '\r' | '\n') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect(),
        )),
        Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
            Some(Input::Touch(m.column, m.row))
        }
        Event::Resize(_, _) => Some(Input::Resize),
        _ => None,
    }
}

/// Asks for a secret on the terminal without showing it: the prompt on stderr, then keys
/// until Enter (Backspace erases, Esc or Ctrl-C gives up). At most 128 characters.
pub fn ask_secret(prompt: &str) -> Result<String, CommandError> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use ratatui::crossterm::terminal;
    use std::io::Write;
    let failed = |e: std::io::Error| CommandError::Failed(format!("cannot read the terminal: {e}"));
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    terminal::enable_raw_mode().map_err(failed)?;
    let mut secret = String::new();
    let result = loop {
        match event::read() {
            Err(e) => break Err(failed(e)),
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(CommandError::BadInput("no password given".into())),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(CommandError::BadInput("no password given".into()))
                }
                KeyCode::Backspace => {
                    secret.pop();
                }
                KeyCode::Char(c) if secret.chars().count() < 128 => secret.push(c),
                _ => {}
            },
            Ok(Event::Paste(text)) => secret.extend(text.chars().filter(|c| !c.is_control())),
            Ok(_) => {}
        }
    };
    let _ = terminal::disable_raw_mode();
    eprintln!();
    result.map(|()| secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by an outside review: a tab or line break pasted into a field joined the words
    /// on either side.
    #[test]
    fn a_pasted_line_break_or_tab_parts_words() {
        let pasted = translate(Event::Paste("Hacker\tName\r\nSecond".into()));
        assert!(
            matches!(&pasted, Some(Input::Paste(t)) if t == "Hacker Name  Second"),
            "{:?}",
            pasted.map(|_| ())
        );
    }
}

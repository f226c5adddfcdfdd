//! One wait for the terminal, shared by the kiosk and the console: what came in, in the
//! screens' own terms.

use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

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

/// Waits at most `wait` for input. A terminal that fails (hung up, closed) is an error: nothing
/// more can be shown on it.
pub fn wait_for_input(wait: Duration) -> Result<Option<Input>, CommandError> {
    let failed = |e: std::io::Error| CommandError::Failed(format!("cannot read the terminal: {e}"));
    if !event::poll(wait).map_err(failed)? {
        return Ok(None);
    }
    Ok(match event::read().map_err(failed)? {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            match super::kiosk::key_msg(k.code, k.modifiers) {
                Some(KioskMsg::Key(key)) => Some(Input::Key(key)),
                _ => None,
            }
        }
        Event::Paste(text) => Some(Input::Paste(text)),
        Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
            Some(Input::Touch(m.column, m.row))
        }
        Event::Resize(_, _) => Some(Input::Resize),
        _ => None,
    })
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

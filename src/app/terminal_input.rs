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

//! The confirm step every destructive action goes through: Enter or 1 is yes, Esc or 2 is
//! no, any other key does nothing (a stray key never confirms).

use crate::ui::kiosk::Key;

/// A key's answer at a confirm step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    Yes,
    No,
    Neither,
}

pub fn confirm_key(key: Key) -> Confirm {
    match key {
        Key::Enter | Key::Char('1') => Confirm::Yes,
        Key::Esc | Key::Char('2') => Confirm::No,
        _ => Confirm::Neither,
    }
}

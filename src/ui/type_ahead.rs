//! Keys typed while a screen waits for its worker, kept for when the answer comes (the
//! kiosk and the console alike): a person or a scanner typing on after Enter loses nothing,
//! and a bounded queue keeps a stuck key from growing it without end.

use super::kiosk::Key;

/// Keeps `key` if the queue has room.
pub fn hold_key(pending: &mut Vec<Key>, max: usize, key: Key) {
    if pending.len() < max {
        pending.push(key);
    }
}

/// Keeps a paste's characters as keys, as many as the queue has room for.
pub fn hold_paste(pending: &mut Vec<Key>, max: usize, text: &str) {
    let room = max.saturating_sub(pending.len());
    pending.extend(text.chars().take(room).map(Key::Char));
}

use crate::domain::Language;

/// How many volume levels the plus key steps through (round again after the loudest).
pub const VOLUME_LEVELS: u8 = 4;
/// The level each visit starts at (the second of four), and returns to when it ends.
pub const DEFAULT_VOLUME: u8 = 1;

/// Something the kiosk says in speech mode (issue 19): its words, in the visit's language,
/// at the visitor's volume. The words come from the strings tables, never from the drawn
/// screen, and never hold a PIN or a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    pub text: String,
    pub language: Language,
    /// 0 to `VOLUME_LEVELS - 1`.
    pub volume: u8,
    /// Drops what is still queued and stops what is being said: true for everything but
    /// a key's echo (typed digits are heard in turn, a new screen at once).
    pub interrupt: bool,
}

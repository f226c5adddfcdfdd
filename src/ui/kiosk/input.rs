//! Typing into a field: what each kind of field accepts, and the on-screen keyboard.

use unicode_normalization::UnicodeNormalization;

use super::model::Notice;
use super::msg::Cap;
use crate::domain::CodePage;

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// DOC numbers and PINs.
    Digits,
    /// Dollars and cents.
    Amount,
    /// Names and addresses: what the slip's printer can print (its code page, letters it
    /// lacks as a look-alike), never a character that would come out as `?`.
    Text,
    /// The technician's name and password: any character but a control.
    Secret,
}

/// The on-screen keyboard, row by row: the letters, the accented letters Spanish names
/// need (all on the printer's code page), the digits, then space, delete and OK.
pub const KEYBOARD: [&[Cap]; 6] = [
    &[
        Cap::Char('A'),
        Cap::Char('B'),
        Cap::Char('C'),
        Cap::Char('D'),
        Cap::Char('E'),
        Cap::Char('F'),
        Cap::Char('G'),
        Cap::Char('H'),
        Cap::Char('I'),
        Cap::Char('J'),
    ],
    &[
        Cap::Char('K'),
        Cap::Char('L'),
        Cap::Char('M'),
        Cap::Char('N'),
        Cap::Char('O'),
        Cap::Char('P'),
        Cap::Char('Q'),
        Cap::Char('R'),
        Cap::Char('S'),
        Cap::Char('T'),
    ],
    &[
        Cap::Char('U'),
        Cap::Char('V'),
        Cap::Char('W'),
        Cap::Char('X'),
        Cap::Char('Y'),
        Cap::Char('Z'),
        Cap::Char('-'),
        Cap::Char('\''),
        Cap::Char(','),
        Cap::Char('.'),
    ],
    &[
        Cap::Char('Á'),
        Cap::Char('É'),
        Cap::Char('Í'),
        Cap::Char('Ó'),
        Cap::Char('Ú'),
        Cap::Char('Ü'),
        Cap::Char('Ñ'),
    ],
    &[
        Cap::Char('1'),
        Cap::Char('2'),
        Cap::Char('3'),
        Cap::Char('4'),
        Cap::Char('5'),
        Cap::Char('6'),
        Cap::Char('7'),
        Cap::Char('8'),
        Cap::Char('9'),
        Cap::Char('0'),
    ],
    &[Cap::Space, Cap::Delete, Cap::Ok],
];

/// Where the keyboard's highlight starts: on OK, so Enter from a real keyboard submits.
pub const OK_CURSOR: (usize, usize) = (5, 2);

/// The key under the highlight.
pub fn cap_at(cursor: (usize, usize)) -> Cap {
    KEYBOARD
        .get(cursor.0)
        .and_then(|row| row.get(cursor.1))
        .copied()
        .unwrap_or(Cap::Ok)
}

/// Moves the highlight, staying on the keyboard.
pub fn move_cursor(cursor: (usize, usize), d_row: isize, d_col: isize) -> (usize, usize) {
    let rows = KEYBOARD.len();
    let row = cursor.0.saturating_add_signed(d_row).min(rows - 1);
    let width = KEYBOARD.get(row).map_or(1, |r| r.len());
    let col = cursor.1.saturating_add_signed(d_col).min(width - 1);
    (row, col)
}

/// Adds `text` to `field`, keeping what the field accepts and at most `max_chars`
/// characters. Returns what to tell the person, if anything was left out.
pub fn insert(field: &mut String, text: &str, kind: Kind, max_chars: usize) -> Option<Notice> {
    let mut notice = None;
    for c in text.chars() {
        let accepted = match kind {
            Kind::Digits => c.is_ascii_digit(),
            Kind::Amount => c.is_ascii_digit() || c == '.' || c == ',' || c == '$',
            Kind::Text | Kind::Secret => !c.is_control(),
        };
        // The slip prints the text NFKC-normalised (`´` becomes a space and a combining
        // accent, `µ` a Greek mu): a character is taken only if all of its normal form prints.
        let prints = |c: char| c.nfkc().all(|n| CodePage::default().prints(n));
        if accepted && kind == Kind::Text && !prints(c) {
            // A combining accent typed after its letter joins it when the page has the
            // result (`e` + `◌́` is `é`).
            let composed: String = format!("{field}{c}").nfc().collect();
            if composed.chars().count() == field.chars().count()
                && composed.chars().last().is_some_and(prints)
            {
                *field = composed;
            } else {
                notice.get_or_insert(Notice::CannotPrintChar(c));
            }
            continue;
        }
        if !accepted {
            notice.get_or_insert(match kind {
                Kind::Digits | Kind::Amount if !c.is_control() => Notice::DigitsOnly,
                _ => Notice::ControlRemoved,
            });
            continue;
        }
        if field.chars().count() >= max_chars {
            return Some(Notice::TooLong);
        }
        field.push(c);
    }
    notice
}

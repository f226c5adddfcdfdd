//! Cleaning of text that people type before it is stored, shown or printed.

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::UnicodeNormalization;

use super::{Field, Rejection};

/// Trims the text, NFKC-normalises it (a fullwidth `Ａ` is an `A`, a ligature its letters)
/// and collapses runs of whitespace to one space; refuses control characters (which could
/// drive a terminal or a printer), invisible format characters (Unicode category Cf: zero
/// widths, bidirectional marks and overrides, the Arabic letter mark U+061C, soft hyphens)
/// and text longer than the field allows. Returns `None` for blank text, so callers decide
/// whether the field is required.
pub fn clean(field: Field, input: &str) -> Result<Option<String>, Rejection> {
    if input.chars().any(is_forbidden) {
        return Err(Rejection::FieldControlCharacter(field));
    }
    // ASCII is its own NFKC form: most text skips the normaliser (an import cleans two
    // fields on each of a file's lines).
    let normalised: std::borrow::Cow<'_, str> = if input.is_ascii() {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(input.nfkc().collect())
    };
    let cleaned = normalised.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Ok(None);
    }
    if cleaned.chars().count() > field.max_chars() {
        return Err(Rejection::FieldTooLong(field));
    }
    Ok(Some(cleaned))
}

/// Like [`clean`], but blank text is refused as missing.
pub fn required(field: Field, input: &str) -> Result<String, Rejection> {
    clean(field, input)?.ok_or(Rejection::FieldRequired(field))
}

/// Control characters, other than the tab and newline that whitespace collapsing removes,
/// and the invisible format characters (category Cf, which holds the bidirectional
/// overrides that can make a name read differently than it is), plus the zero-width space
/// and the characters that are letters or marks by category but draw nothing: the Hangul
/// fillers, the blank Braille pattern, the combining grapheme joiner and Khmer's inherent
/// vowels. A name made of those would pass as a name and show as none.
fn is_forbidden(c: char) -> bool {
    if c.is_ascii() {
        // No ASCII character is a format character: the table lookup is for the rest.
        return c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    }
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || get_general_category(c) == GeneralCategory::Format
        || matches!(
            c,
            '\u{200B}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{FFA0}'
                | '\u{2800}'
                | '\u{034F}'
                | '\u{17B4}'
                | '\u{17B5}'
        )
}

/// A string that is safe to put on a terminal or a printer even when it came from the
/// database: every control character becomes a space. Use when showing stored text.
pub fn printable(input: &str) -> String {
    input
        .chars()
        .map(|c| if is_forbidden(c) { ' ' } else { c })
        .collect()
}

/// Text a command prints on a terminal (its answers and its errors, which may quote a
/// path or a value as it was typed): every control character but the line break and the
/// tab, the carriage return (which would let a line overwrite what was said before it) and
/// every invisible format character becomes `?`, so nothing typed can drive the terminal
/// and what was there still shows.
pub fn for_terminal(input: &str) -> std::borrow::Cow<'_, str> {
    let bad = drives_terminal;
    if input.chars().any(bad) {
        std::borrow::Cow::Owned(
            input
                .chars()
                .map(|c| if bad(c) { '?' } else { c })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(input)
    }
}

/// What `for_terminal` replaces: a character that is forbidden in typed text, other than the
/// line break and the tab, and the carriage return.
fn drives_terminal(c: char) -> bool {
    c == '\r' || (c != '\n' && c != '\t' && is_forbidden(c))
}

/// JSON text made safe for a terminal without changing what it says: every character
/// [`for_terminal`] would replace (serde escapes only the ASCII controls) becomes its
/// `\uXXXX` escape, which a JSON reader turns back into the same character. Such
/// characters can only stand inside JSON strings, where the escape means the same.
pub fn json_for_terminal(json: &str) -> std::borrow::Cow<'_, str> {
    let bad = drives_terminal;
    if !json.chars().any(bad) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if bad(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", unit));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Unicode punctuation (categories Pc, Pd, Ps, Pe, Pi, Pf, Po).
pub fn is_punctuation(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
    )
}

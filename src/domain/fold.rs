//! Keys that spelling cannot defeat: a serial or an issuer compared after NFKC, with the
//! digits of every script made ASCII and the Cyrillic and Greek letters that look like
//! Latin ones made Latin, so that `９０１２`, `٩٠١٢` and `9012` are one serial and `USPS` with
//! a Cyrillic `Ѕ` is still USPS. Only letters and digits count; case does not.

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::UnicodeNormalization;

/// Cyrillic and Greek letters that look like a Latin capital, by the capital they look
/// like (after upper-casing, so the lower-case forms are covered by their capitals).
const LOOKALIKES: &[(char, char)] = &[
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('Ѕ', 'S'),
    ('І', 'I'),
    ('Ј', 'J'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('У', 'Y'),
    ('Х', 'X'),
    ('Ү', 'Y'),
    ('Ԁ', 'D'),
    ('Ԛ', 'Q'),
    ('Ԝ', 'W'),
    ('Α', 'A'),
    ('Β', 'B'),
    ('Ε', 'E'),
    ('Ζ', 'Z'),
    ('Η', 'H'),
    ('Ι', 'I'),
    ('Κ', 'K'),
    ('Μ', 'M'),
    ('Ν', 'N'),
    ('Ο', 'O'),
    ('Ρ', 'P'),
    ('Τ', 'T'),
    ('Υ', 'Y'),
    ('Χ', 'X'),
];

/// The value of a decimal digit of any script. Unicode keeps every script's decimal digits
/// (category Nd) in runs of ten from 0 to 9, and runs that touch start on a 0, so a digit's
/// value is its distance from the start of the unbroken run of Nd it sits in, modulo ten.
fn digit_value(c: char) -> Option<u32> {
    if get_general_category(c) != GeneralCategory::DecimalNumber {
        return None;
    }
    let code = u32::from(c);
    let mut start = code;
    // No run of touching digit blocks is longer than fifty (the mathematical digits).
    while start > 0
        && code - start < 64
        && char::from_u32(start - 1)
            .is_some_and(|p| get_general_category(p) == GeneralCategory::DecimalNumber)
    {
        start -= 1;
    }
    Some((code - start) % 10)
}

/// One character as the key sees it: an ASCII digit for a digit of any script, the Latin
/// capital a lookalike stands for, else the character itself.
fn fold_char(c: char) -> char {
    if let Some(d) = digit_value(c).and_then(|v| char::from_digit(v, 10)) {
        return d;
    }
    LOOKALIKES
        .iter()
        .find(|(look, _)| *look == c)
        .map_or(c, |(_, latin)| *latin)
}

/// The comparison key of `text`: NFKC, upper case, confusables folded, letters and digits
/// only.
pub fn fold_key(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_uppercase)
        .map(fold_char)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The comparison key of a money order's serial: `fold_key`, and the letters a serial's
/// digits are mistaken for made digits (O is 0; I and L are 1). Money order serials are
/// digits, so a letter O in one is a misreading of a 0, not another money order.
pub fn serial_key(text: &str) -> String {
    fold_key(text)
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

//! Keys that spelling cannot defeat: a serial or an issuer compared after NFKC, with the
//! digits of every script made ASCII and the Cyrillic and Greek letters that look like
//! Latin ones made Latin, so that `９０１２`, `٩٠١٢` and `9012` are one serial and `USPS` with
//! a Cyrillic `Ѕ` is still USPS. Only letters and digits count; case does not.

use unicode_normalization::UnicodeNormalization;

/// The zero of each Unicode script whose decimal digits come as a run of ten (the
/// fullwidth and mathematical digits are folded by NFKC before this is asked).
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

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

/// One character as the key sees it: an ASCII digit for a digit of any script, the Latin
/// capital a lookalike stands for, else the character itself.
fn fold_char(c: char) -> char {
    let code = u32::from(c);
    if let Some(zero) = DIGIT_ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
    {
        return char::from_digit(code - zero, 10).unwrap_or(c);
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

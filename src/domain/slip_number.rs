use std::fmt;

use super::Rejection;

/// A deposit slip number: the slip's sequence as 8 digits plus a Damm check digit, shown
/// as `1234-5678-9` (11 characters).
///
/// The Damm check digit catches every single mistyped digit and every swap of two adjacent
/// digits, so a mistyped number is refused instead of matching another slip.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct SlipNumber(u32);

const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: impl Iterator<Item = u8>) -> u8 {
    digits.fold(0u8, |interim, d| DAMM[usize::from(interim)][usize::from(d)])
}

impl SlipNumber {
    /// The largest sequence an 8-digit slip number can carry.
    pub const MAX_SEQUENCE: u32 = 99_999_999;

    /// The slip number of a slip's sequence (its row id); `None` when out of range.
    pub fn from_sequence(sequence: u32) -> Option<SlipNumber> {
        (1..=Self::MAX_SEQUENCE)
            .contains(&sequence)
            .then_some(SlipNumber(sequence))
    }

    pub fn sequence(self) -> u32 {
        self.0
    }

    fn check_digit(sequence: u32) -> u8 {
        damm(format!("{sequence:08}").bytes().map(|b| b - b'0'))
    }

    /// Reads a typed or scanned slip number; spaces and dashes are ignored.
    pub fn parse(input: &str) -> Result<SlipNumber, Rejection> {
        if input.len() > 24 {
            return Err(Rejection::SlipNumberMistyped);
        }
        let digits: Vec<u8> = input
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'-' | b'\t'))
            .collect();
        if digits.len() != 9 || !digits.iter().all(u8::is_ascii_digit) {
            return Err(Rejection::SlipNumberMistyped);
        }
        if damm(digits.iter().map(|b| b - b'0')) != 0 {
            return Err(Rejection::SlipNumberMistyped);
        }
        let sequence = digits[..8]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        SlipNumber::from_sequence(sequence).ok_or(Rejection::SlipNumberMistyped)
    }

    /// The 9 digits without separators (what the QR code carries).
    pub fn digits(self) -> String {
        format!("{:08}{}", self.0, Self::check_digit(self.0))
    }
}

impl fmt::Display for SlipNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{}-{}-{}", &d[0..4], &d[4..8], &d[8..9])
    }
}

impl serde::Serialize for SlipNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

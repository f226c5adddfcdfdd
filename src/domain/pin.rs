use std::fmt;

use super::DocNumber;

/// An offender's kiosk PIN: exactly six ASCII digits.
///
/// `Debug` never shows the digits, so a PIN cannot leak into a log or a panic message.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

/// Why a PIN cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PinProblem {
    /// Not six digits.
    NotSixDigits,
    /// One digit repeated (111111).
    OneDigitRepeated,
    /// A run up or down (123456, 654321, 890123 wraps are not runs).
    Run,
    /// The DOC number's digits (the last six, or the significant digits).
    FromDocNumber,
}

pub const PIN_DIGITS: usize = 6;

impl Pin {
    /// Reads a PIN as typed; does not judge whether it is a good one.
    pub fn parse(input: &str) -> Result<Pin, PinProblem> {
        let text = input.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.len() != PIN_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinProblem::NotSixDigits);
        }
        Ok(Pin(text.to_string()))
    }

    /// A PIN from six random digits (the caller supplies the randomness, so the rule stays
    /// pure); the block list applies, so a caller draws again on `Err`.
    pub fn from_random(value: u32, doc: &DocNumber) -> Result<Pin, PinProblem> {
        let pin = Pin(format!("{:06}", value % 1_000_000));
        pin.check_chosen(doc)?;
        Ok(pin)
    }

    /// The block list for a PIN a person chose (DOMAIN.md): no digit repeated six times, no
    /// run like 123456 or 654321, not the DOC number's digits.
    pub fn check_chosen(&self, doc: &DocNumber) -> Result<(), PinProblem> {
        let digits: Vec<u8> = self.0.bytes().map(|b| b - b'0').collect();
        if digits.windows(2).all(|w| w[0] == w[1]) {
            return Err(PinProblem::OneDigitRepeated);
        }
        let up = digits.windows(2).all(|w| w[1] == w[0] + 1);
        let down = digits.windows(2).all(|w| w[0] == w[1] + 1);
        if up || down {
            return Err(PinProblem::Run);
        }
        let doc = doc.as_str();
        let significant = doc.trim_start_matches('0');
        if doc.contains(&self.0) || (significant.len() >= 4 && self.0.contains(significant)) {
            return Err(PinProblem::FromDocNumber);
        }
        Ok(())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(******)")
    }
}

/// Shown once, to the person the PIN is for.
impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

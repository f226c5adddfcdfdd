use std::fmt;

use super::Rejection;

/// A DOC number: 1 to 8 ASCII digits, kept zero-padded to 8 so `1234567` and `01234567`
/// are the same person (DOMAIN.md, People).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct DocNumber(String);

impl DocNumber {
    pub const DIGITS: usize = 8;

    pub fn parse(input: &str) -> Result<DocNumber, Rejection> {
        let text = input.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.is_empty() || text.len() > Self::DIGITS || !text.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Rejection::DocNumberInvalid);
        }
        Ok(DocNumber(format!("{text:0>8}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for DocNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

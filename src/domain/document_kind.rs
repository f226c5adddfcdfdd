//! The documents a clerk reprints, by the number printed on them.

use super::{DocNumber, Rejection, SlipNumber};

/// A printed document a clerk can ask for again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A posting receipt: its receipt number.
    Receipt,
    /// A deposit slip: its slip number (`0000-0130-0`).
    Slip,
    /// An inmate's monthly statement: its statement number.
    Statement,
    /// A fee payment voucher: the code under its QR (`V00054321-42000`) or the DOC number.
    Voucher,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Receipt,
        DocumentKind::Slip,
        DocumentKind::Statement,
        DocumentKind::Voucher,
    ];

    /// The kind a scanned or typed number can only be: a voucher's code, or a slip number
    /// with its dashes. Plain digits could be a receipt or a statement: `None`.
    pub fn recognise(text: &str) -> Option<DocumentKind> {
        let text = text.trim();
        if text.starts_with(['V', 'v']) {
            Some(DocumentKind::Voucher)
        } else if text.contains('-') && SlipNumber::parse(text).is_ok() {
            Some(DocumentKind::Slip)
        } else {
            None
        }
    }

    /// The number as the ledger files it (slip numbers and DOC numbers in their printed
    /// form), or why it cannot be one of this kind.
    pub fn normalise(self, text: &str) -> Result<String, Rejection> {
        let text = text.trim();
        let number = |t: &str| {
            t.parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .map(|n| n.to_string())
                .ok_or(Rejection::DocumentNumberInvalid)
        };
        match self {
            DocumentKind::Receipt | DocumentKind::Statement => number(text),
            DocumentKind::Slip => Ok(SlipNumber::parse(text)?.to_string()),
            DocumentKind::Voucher => {
                // `V<doc>-<cents>`: the DOC number is what files the voucher.
                let doc = text
                    .strip_prefix(['V', 'v'])
                    .map_or(text, |rest| rest.split_once('-').map_or(rest, |(d, _)| d));
                Ok(DocNumber::parse(doc)?.to_string())
            }
        }
    }
}

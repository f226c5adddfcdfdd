//! Which holds the queue shows: one reason or all, and what was typed to find one.

use crate::domain::{fold, DocNumber, HoldReason, SlipNumber};

/// The longest search the queue takes (a name, a serial, a DOC or slip number).
pub const SEARCH_MAX: usize = 60;

/// A filter on the holds queue. `search` finds a hold by DOC number, slip number, serial
/// (by its start, folded as intake folds it: O is 0) or a name on the money order (the
/// inmate's or the sender's, anywhere in it, ASCII letters in any case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HoldsFilter {
    pub reason: Option<HoldReason>,
    pub search: Option<String>,
}

/// The search as the query's parameters: a DOC number, a slip's id, a serial's prefix
/// pattern and a name pattern (`None` when there is no search).
pub(crate) struct SearchParams {
    pub doc: Option<String>,
    pub slip_id: Option<i64>,
    pub serial: String,
    pub name: String,
}

impl HoldsFilter {
    pub fn reason(reason: Option<HoldReason>) -> HoldsFilter {
        HoldsFilter {
            reason,
            search: None,
        }
    }

    pub(crate) fn params(&self) -> Option<SearchParams> {
        let text: String = self
            .search
            .as_deref()?
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(SEARCH_MAX)
            .collect();
        if text.is_empty() {
            return None;
        }
        let serial = fold::serial_key(&text);
        Some(SearchParams {
            doc: DocNumber::parse(&text).ok().map(|d| d.to_string()),
            slip_id: SlipNumber::parse(&text)
                .ok()
                .map(|s| i64::from(s.sequence())),
            // An empty key (punctuation only) matches no serial rather than every one.
            serial: if serial.is_empty() {
                String::new()
            } else {
                format!("{}%", like_escape(&serial))
            },
            name: format!("%{}%", like_escape(&text)),
        })
    }
}

/// `text` with LIKE's wildcards taken literally (escape character `\`).
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

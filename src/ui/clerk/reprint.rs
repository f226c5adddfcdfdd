//! Reprints, one screen: a receipt, deposit slip, statement or voucher found by the number
//! printed on its paper, named at the confirm step, printed again marked DUPLICATE.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::{DocumentKind, Rejection};
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{DocumentView, Effect};
use super::model::{Model, Notice, Screen};
use super::view::fill;

/// The longest number typed or scanned (a voucher's code is the longest).
const INPUT_MAX: usize = 24;

/// The reprint screen's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reprint {
    pub kind: DocumentKind,
    pub input: String,
    /// The document found, named at the confirm step (and after, as the last reprinted).
    pub found: Option<DocumentView>,
}

impl Default for Reprint {
    fn default() -> Reprint {
        Reprint {
            kind: DocumentKind::Receipt,
            input: String::new(),
            found: None,
        }
    }
}

pub fn open(model: &mut Model) {
    model.screen = Screen::Reprint;
    model.notice = None;
    model.reprint.input.clear();
    model.reprint.found = None;
}

/// The kind's name in the console's words.
pub fn kind_name(w: &ClerkWords, kind: DocumentKind) -> &'static str {
    let i = DocumentKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    w.reprint_kinds.get(i).copied().unwrap_or_default()
}

/// Text typed or scanned: a voucher's code or a slip number says its own kind.
pub fn type_text(model: &mut Model, text: &str) {
    let r = &mut model.reprint;
    for c in text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
    {
        if r.input.chars().count() < INPUT_MAX {
            r.input.push(c);
        }
    }
    if let Some(kind) = DocumentKind::recognise(&r.input) {
        r.kind = kind;
    }
}

pub fn found(model: &mut Model, result: Result<Option<DocumentView>, Rejection>) {
    match result {
        Ok(Some(doc)) => {
            model.reprint.found = Some(doc);
            model.screen = Screen::ReprintConfirm;
            model.notice = None;
            // Keys typed while the ledger answered never answer the confirm step.
            model.pending_keys.clear();
        }
        Ok(None) => model.notice = Some(Notice::DocumentNotFound(model.reprint.kind)),
        Err(r) => model.notice = Some(Notice::Rejected(r)),
    }
}

pub fn reprinted(model: &mut Model, result: Result<i64, Rejection>) {
    model.screen = Screen::Reprint;
    model.reprint.input.clear();
    model.notice = Some(match result {
        Ok(job) => Notice::Reprinted(job),
        Err(r) => Notice::Rejected(r),
    });
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    let r = &mut model.reprint;
    if model.screen == Screen::ReprintConfirm {
        match confirm_key(key) {
            Confirm::Yes => {
                if let Some(doc) = &r.found {
                    let job = doc.job;
                    model.waiting = true;
                    return vec![Effect::Reprint { job }];
                }
            }
            Confirm::No => {
                model.screen = Screen::Reprint;
                model.notice = None;
            }
            Confirm::Neither => {}
        }
        return Vec::new();
    }
    let at = DocumentKind::ALL
        .iter()
        .position(|k| *k == r.kind)
        .unwrap_or(0);
    let kinds = DocumentKind::ALL.len();
    match key {
        Key::Left => r.kind = DocumentKind::ALL[(at + kinds - 1) % kinds],
        Key::Right => r.kind = DocumentKind::ALL[(at + 1) % kinds],
        Key::Char(c) => type_text(model, &c.to_string()),
        Key::Backspace => {
            r.input.pop();
        }
        Key::Enter if !r.input.trim().is_empty() => {
            let effect = Effect::FindDocument {
                kind: r.kind,
                number: r.input.trim().to_string(),
            };
            model.waiting = true;
            return vec![effect];
        }
        Key::Esc => {
            model.screen = Screen::Home;
            model.notice = None;
        }
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let r = &model.reprint;
    let kinds: Vec<String> = DocumentKind::ALL
        .iter()
        .map(|k| {
            if *k == r.kind {
                format!("[{}]", kind_name(w, *k))
            } else {
                format!(" {} ", kind_name(w, *k))
            }
        })
        .collect();
    let mut lines = vec![
        Line::styled(w.reprint, theme::strong()),
        Line::from(""),
        Line::from(kinds.join(" ")),
        Line::styled(
            format!(
                "> {}{}",
                r.input,
                if model.screen == Screen::Reprint {
                    "_"
                } else {
                    ""
                }
            ),
            theme::selected(),
        ),
    ];
    if let Some(doc) = &r.found {
        let named = fill(
            w.reprint_named,
            &[
                &kind_name(w, doc.kind).to_lowercase(),
                &doc.number,
                &doc.created_at,
            ],
        );
        lines.push(Line::from(""));
        if model.screen == Screen::ReprintConfirm {
            lines.push(Line::styled(
                fill(w.reprint_confirm, &[&named]),
                theme::selected(),
            ));
        } else {
            lines.push(Line::styled(
                fill(w.reprint_last, &[&named]),
                theme::muted(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

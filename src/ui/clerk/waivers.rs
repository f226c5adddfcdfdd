//! Waiver requests waiting for a supervisor, one screen: the list (a clerk sees it, only a
//! supervisor decides, and never on a request of their own), a note, a confirm step.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::domain::Rejection;
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{Effect, WaiverView};
use super::model::{go, Model, Notice, Screen, WaiverAction};
use super::table::{draw_table, first_shown};
use super::view::fill;

/// Waiting requests shown at a time.
pub const WAIVERS_PAGE: i64 = 50;
/// The longest note.
const NOTE_MAX: usize = 500;

/// The list's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waivers {
    /// The waiting requests shown, the oldest first, and how many wait.
    pub rows: Vec<WaiverView>,
    pub total: i64,
    pub selected: usize,
    /// The decision's note.
    pub note: String,
}

/// The list opened from the home screen.
pub fn open(model: &mut Model) -> Vec<Effect> {
    go(model, Screen::Waivers);
    model.waivers.rows.clear();
    model.waivers.selected = 0;
    model.waiting = true;
    vec![Effect::LoadWaivers]
}

pub fn rows(model: &mut Model, rows: Vec<WaiverView>, total: i64) {
    let w = &mut model.waivers;
    w.rows = rows;
    w.total = total;
    w.selected = w.selected.min(w.rows.len().saturating_sub(1));
}

/// A decision written, or refused; the list is read again either way.
pub fn decided(model: &mut Model, result: Result<(), Rejection>) -> Vec<Effect> {
    let action = match model.screen {
        Screen::WaiverDecide(a) | Screen::WaiverNote(a) => a,
        _ => WaiverAction::Reject,
    };
    go(model, Screen::Waivers);
    model.waivers.note.clear();
    model.notice = Some(match result {
        Ok(()) => Notice::WaiverDecided(action),
        Err(r) => Notice::Rejected(r),
    });
    model.waiting = true;
    vec![Effect::LoadWaivers]
}

pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars().filter(|c| !c.is_control()) {
        if model.waivers.note.chars().count() >= NOTE_MAX {
            break;
        }
        model.waivers.note.push(c);
    }
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match model.screen {
        Screen::Waivers => list_key(model, key),
        Screen::WaiverNote(action) => {
            note_key(model, key, Screen::WaiverDecide(action), Screen::Waivers);
            Vec::new()
        }
        Screen::WaiverDecide(action) => match confirm_key(key) {
            Confirm::Yes => {
                let Some(row) = model.waivers.rows.get(model.waivers.selected) else {
                    go(model, Screen::Waivers);
                    return Vec::new();
                };
                let effect = Effect::DecideWaiver {
                    id: row.id,
                    approve: action == WaiverAction::Approve,
                    note: model.waivers.note.trim().to_string(),
                };
                model.waiting = true;
                vec![effect]
            }
            Confirm::No => {
                go(model, Screen::Waivers);
                Vec::new()
            }
            Confirm::Neither => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn list_key(model: &mut Model, key: Key) -> Vec<Effect> {
    match key {
        Key::Esc => go(model, Screen::Home),
        Key::Up => model.waivers.selected = model.waivers.selected.saturating_sub(1),
        Key::Down => {
            model.waivers.selected =
                (model.waivers.selected + 1).min(model.waivers.rows.len().saturating_sub(1))
        }
        Key::Char(c @ ('a' | 'A' | 'x' | 'X')) => {
            if model.waivers.rows.get(model.waivers.selected).is_none() {
                model.notice = Some(Notice::NothingSelected);
            } else if !model
                .user
                .as_ref()
                .is_some_and(|(_, supervisor)| *supervisor)
            {
                model.notice = Some(Notice::SupervisorOnly);
            } else {
                model.waivers.note.clear();
                let action = if c.eq_ignore_ascii_case(&'a') {
                    WaiverAction::Approve
                } else {
                    WaiverAction::Reject
                };
                go(model, Screen::WaiverNote(action));
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The note a decision needs (a hold's release or return, a waiver's approval or rejection):
/// Enter goes on to `confirm` once something is written, Esc goes `back`.
fn note_key(model: &mut Model, key: Key, confirm: Screen, back: Screen) {
    match key {
        Key::Char(c) => type_text(model, &c.to_string()),
        Key::Backspace => {
            model.waivers.note.pop();
        }
        Key::Enter if !model.waivers.note.trim().is_empty() => go(model, confirm),
        Key::Enter => {
            model.notice = Some(Notice::Rejected(Rejection::FieldRequired(
                crate::domain::Field::Note,
            )))
        }
        Key::Esc => go(model, back),
        _ => {}
    }
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let [title, table, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(5),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                fill(w.waivers_title, &[&model.waivers.total.to_string()]),
                theme::strong(),
            ),
            Line::styled(w.waivers_hint, theme::muted()),
        ]),
        title,
    );
    if model.waivers.rows.is_empty() {
        frame.render_widget(Paragraph::new(w.no_waivers), table);
    } else {
        // A narrow screen leaves the income out of the table: the selected request's line
        // below says it in full.
        let wide = table.width >= 100;
        let keep = |cells: Vec<String>| -> Vec<String> {
            cells
                .into_iter()
                .enumerate()
                .filter(|(i, _)| wide || *i != 5)
                .map(|(_, c)| c)
                .collect()
        };
        let rows: Vec<Row> = model
            .waivers
            .rows
            .iter()
            .enumerate()
            .skip(first_shown(model.waivers.selected, table))
            .map(|(i, r)| {
                Row::new(keep(vec![
                    r.id.to_string(),
                    format!("{} {}", r.doc, r.name),
                    r.amount.with_dollar_sign(),
                    r.effective.to_string(),
                    r.expires.to_string(),
                    format!(
                        "{} / {}",
                        r.monthly_income.with_dollar_sign(),
                        r.threshold.with_dollar_sign()
                    ),
                    r.requested_by.clone(),
                ]))
                .style(if i == model.waivers.selected {
                    theme::selected()
                } else {
                    theme::base()
                })
            })
            .collect();
        let headers: Vec<&str> = [
            "#",
            w.col_for,
            w.col_amount,
            w.col_from,
            w.col_to,
            w.col_income,
            w.col_by,
        ]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| wide || *i != 5)
        .map(|(_, h)| h)
        .collect();
        let widths: Vec<Constraint> = [
            Constraint::Length(4),
            Constraint::Min(16),
            Constraint::Length(8),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(23),
            Constraint::Length(10),
        ]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| wide || *i != 5)
        .map(|(_, c)| c)
        .collect();
        draw_table(frame, table, &headers, &widths, rows);
    }
    let selected = model.waivers.rows.get(model.waivers.selected);
    let text = match (model.screen, selected) {
        (Screen::WaiverNote(_), _) => format!("{}: {}_", w.note, model.waivers.note),
        (Screen::WaiverDecide(WaiverAction::Approve), Some(r)) => fill(
            w.confirm_approve,
            &[
                &r.id.to_string(),
                &r.doc,
                &r.amount.with_dollar_sign(),
                &r.effective.to_string(),
                &r.expires.to_string(),
            ],
        ),
        (Screen::WaiverDecide(WaiverAction::Reject), Some(r)) => {
            fill(w.confirm_reject, &[&r.id.to_string(), &r.doc])
        }
        // The selected request in full: a narrow screen cuts the table's columns short.
        (_, Some(r)) => format!(
            "{} {} {} | {} {} - {} | {} {} / {} | {}",
            r.id,
            r.doc,
            r.name,
            r.amount.with_dollar_sign(),
            r.effective,
            r.expires,
            r.persons,
            r.monthly_income.with_dollar_sign(),
            r.threshold.with_dollar_sign(),
            r.requested_by
        ),
        (_, None) => String::new(),
    };
    let mut lines = vec![Line::styled(text, theme::selected())];
    // A backdated request says so to the supervisor who decides it.
    if let Some(r) = selected.filter(|r| r.effective < r.requested_on) {
        lines.push(Line::styled(
            format!(
                "{} {}",
                theme::ERROR_MARK,
                fill(w.waiver_backdated, &[&r.requested_on.to_string()])
            ),
            theme::warning(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), bottom);
}

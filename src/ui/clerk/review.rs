//! Electronic deposits held for review, one screen: the queue (oldest first, each with why
//! it is held, how long it has waited, urgent from 3 business days), the selected one's
//! sender and inmate history in the 8-day window, and a supervisor's decision: accept (it
//! posts with the next batch) or reject for a reason from the fixed list (it goes back to
//! the processor), each with a note and a confirm step.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::domain::{RejectReason, Rejection};
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{Effect, ReviewView};
use super::model::{go, Model, Notice, ReviewAction, Screen};
use super::table::{draw_table, first_shown};
use super::view::fill;

/// Held deposits shown at a time (the oldest: the queue is worked from its head).
pub const REVIEW_PAGE: usize = 50;
/// The longest note.
const NOTE_MAX: usize = 500;

/// The queue's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub rows: Vec<ReviewView>,
    /// How many are held in all.
    pub total: i64,
    pub selected: usize,
    pub note: String,
}

pub fn open(model: &mut Model) -> Vec<Effect> {
    go(model, Screen::Review);
    model.review.rows.clear();
    model.review.selected = 0;
    model.waiting = true;
    vec![Effect::LoadReview]
}

pub fn rows(model: &mut Model, rows: Vec<ReviewView>, total: i64) {
    let r = &mut model.review;
    r.rows = rows;
    r.total = total;
    r.selected = r.selected.min(r.rows.len().saturating_sub(1));
}

/// A decision written, or refused; the queue is read again either way.
pub fn decided(model: &mut Model, result: Result<(), Rejection>) -> Vec<Effect> {
    let action = match model.screen {
        Screen::ReviewConfirm(a) | Screen::ReviewNote(a) => Some(a),
        _ => None,
    };
    go(model, Screen::Review);
    model.review.note.clear();
    model.notice = match (result, action) {
        (Ok(()), Some(a)) => Some(Notice::ElectronicDecided(a)),
        (Ok(()), None) => None,
        (Err(r), _) => Some(Notice::Rejected(r)),
    };
    model.waiting = true;
    vec![Effect::LoadReview]
}

pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars().filter(|c| !c.is_control()) {
        if model.review.note.chars().count() >= NOTE_MAX {
            break;
        }
        model.review.note.push(c);
    }
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match model.screen {
        Screen::Review => list_key(model, key),
        Screen::ReviewReason => {
            match key {
                Key::Esc => go(model, Screen::Review),
                Key::Char(c) => {
                    let picked = c
                        .to_digit(10)
                        .and_then(|n| usize::try_from(n).ok())
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| RejectReason::ALL.get(i).copied());
                    if let Some(reason) = picked {
                        model.review.note.clear();
                        go(model, Screen::ReviewNote(ReviewAction::Reject(reason)));
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Screen::ReviewNote(action) => {
            match key {
                Key::Char(c) => type_text(model, &c.to_string()),
                Key::Backspace => {
                    model.review.note.pop();
                }
                Key::Enter if !model.review.note.trim().is_empty() => {
                    go(model, Screen::ReviewConfirm(action))
                }
                Key::Enter => {
                    model.notice = Some(Notice::Rejected(Rejection::FieldRequired(
                        crate::domain::Field::Note,
                    )))
                }
                Key::Esc => go(model, Screen::Review),
                _ => {}
            }
            Vec::new()
        }
        Screen::ReviewConfirm(action) => match confirm_key(key) {
            Confirm::Yes => {
                let Some(row) = model.review.rows.get(model.review.selected) else {
                    go(model, Screen::Review);
                    return Vec::new();
                };
                let effect = Effect::DecideElectronic {
                    id: row.id.clone(),
                    decision: action,
                    note: model.review.note.trim().to_string(),
                };
                model.waiting = true;
                vec![effect]
            }
            Confirm::No => {
                go(model, Screen::Review);
                Vec::new()
            }
            Confirm::Neither => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn list_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let r = &mut model.review;
    match key {
        Key::Esc => go(model, Screen::Home),
        Key::Up => r.selected = r.selected.saturating_sub(1),
        Key::Down => r.selected = (r.selected + 1).min(r.rows.len().saturating_sub(1)),
        Key::Char(c @ ('a' | 'A' | 'x' | 'X')) => {
            if r.rows.get(r.selected).is_none() {
                model.notice = Some(Notice::NothingSelected);
            } else if !model.user.as_ref().is_some_and(|(_, sup)| *sup) {
                model.notice = Some(Notice::ReviewSupervisorOnly);
            } else if c.eq_ignore_ascii_case(&'a') {
                model.review.note.clear();
                go(model, Screen::ReviewNote(ReviewAction::Accept));
            } else {
                go(model, Screen::ReviewReason);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// A reason's words.
pub fn reason_words(w: &ClerkWords, reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::SuspectedFraud => w.reason_suspected_fraud,
        RejectReason::SenderUnverified => w.reason_sender_unverified,
        RejectReason::InmateRestricted => w.reason_inmate_restricted,
        RejectReason::Policy => w.reason_policy,
    }
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let lang = model.lang;
    let [title, table, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(8),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                fill(w.review_title, &[&model.review.total.to_string()]),
                theme::strong(),
            ),
            Line::styled(w.review_hint, theme::muted()),
        ]),
        title,
    );
    if model.review.rows.is_empty() {
        frame.render_widget(Paragraph::new(w.no_review), table);
    } else {
        let wide = table.width >= 100;
        let first = first_shown(model.review.selected, table);
        let rows: Vec<Row> = model
            .review
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .map(|(i, r)| {
                let why: Vec<&str> = r
                    .reasons
                    .iter()
                    .map(|h| crate::strings::screen_hold(lang, *h))
                    .collect();
                let mut cells = vec![
                    format!(
                        "{}{}",
                        if r.urgent { theme::ERROR_MARK } else { " " },
                        r.age_business_days
                    ),
                    r.received_at
                        .chars()
                        .take(16)
                        .collect::<String>()
                        .replace('T', " "),
                    r.doc.clone(),
                    r.amount.with_dollar_sign(),
                    r.sender_name.clone(),
                    why.join(", "),
                ];
                if !wide {
                    // A narrow screen leaves out the time: the day is enough to scan by,
                    // and the selected line below says the rest.
                    cells[1] = cells[1].chars().take(10).collect();
                }
                Row::new(cells).style(if i == model.review.selected {
                    theme::selected()
                } else if r.urgent {
                    theme::warning()
                } else {
                    theme::base()
                })
            })
            .collect();
        draw_table(
            frame,
            table,
            &[
                w.col_age,
                w.col_received,
                "DOC",
                w.col_amount,
                w.col_sender,
                w.col_why,
            ],
            &[
                Constraint::Length(5),
                Constraint::Length(if wide { 16 } else { 10 }),
                Constraint::Length(8),
                Constraint::Length(10),
                Constraint::Length(if wide { 22 } else { 14 }),
                Constraint::Min(12),
            ],
            rows,
        );
    }
    let selected = model.review.rows.get(model.review.selected);
    let mut lines = Vec::new();
    match (model.screen, selected) {
        (Screen::ReviewReason, _) => {
            lines.push(Line::styled(w.review_pick_reason, theme::strong()));
            for (i, reason) in RejectReason::ALL.into_iter().enumerate() {
                lines.push(Line::from(format!(
                    "  {} {}",
                    i + 1,
                    reason_words(w, reason)
                )));
            }
        }
        (Screen::ReviewNote(_), _) => lines.push(Line::styled(
            format!("{}: {}_", w.note, model.review.note),
            theme::selected(),
        )),
        (Screen::ReviewConfirm(action), Some(r)) => {
            let amount = r.amount.with_dollar_sign();
            lines.push(Line::styled(
                match action {
                    ReviewAction::Accept => {
                        fill(w.confirm_review_accept, &[&r.id, &amount, &r.doc])
                    }
                    ReviewAction::Reject(reason) => fill(
                        w.confirm_review_reject,
                        &[&r.id, &amount, &r.doc, reason_words(w, reason)],
                    ),
                },
                theme::selected(),
            ));
        }
        (_, Some(r)) => {
            lines.push(Line::styled(
                format!(
                    "{} | {} {} | {}, {} | {} {} | {}",
                    r.id,
                    r.doc,
                    r.inmate.as_deref().unwrap_or(w.review_not_on_file),
                    r.sender_name,
                    r.sender_address,
                    r.channel,
                    r.amount.with_dollar_sign(),
                    fill(w.review_age, &[&r.age_business_days.to_string()]),
                ),
                theme::selected(),
            ));
            let (count, inmates, total) = r.sender_window;
            lines.push(Line::from(fill(
                w.review_sender_window,
                &[
                    &count.to_string(),
                    &inmates.to_string(),
                    &total.with_dollar_sign(),
                ],
            )));
            let (count, senders, total) = r.inmate_window;
            lines.push(Line::from(fill(
                w.review_inmate_window,
                &[
                    &count.to_string(),
                    &senders.to_string(),
                    &total.with_dollar_sign(),
                ],
            )));
            for (at, doc, amount, outcome) in &r.sender_history {
                lines.push(Line::styled(
                    format!(
                        "  {}  {}  {:>10}  {}",
                        at.chars().take(16).collect::<String>().replace('T', " "),
                        doc,
                        amount.with_dollar_sign(),
                        match outcome.as_str() {
                            "accepted" => w.outcome_accepted,
                            "held" => w.outcome_held,
                            "money_order" => w.outcome_money_order,
                            _ => w.outcome_refused,
                        }
                    ),
                    theme::muted(),
                ));
            }
        }
        (_, None) => {}
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), bottom);
}

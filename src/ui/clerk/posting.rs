//! The daily posting, one screen: what it will post before it runs (counted and split as
//! the posting splits), a confirm step, a progress gauge while it runs, then what it did.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{Effect, PostResult, PostingView};
use super::model::{go, Model, Notice, Screen};
use super::table::draw_table;
use super::view::fill;

/// The posting screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Posting {
    /// What the posting would post now.
    pub preview: Option<PostingView>,
    /// Money orders posted of how many, while it runs.
    pub progress: Option<(usize, usize)>,
    /// How far the preview's inmates are scrolled.
    pub scroll: usize,
}

/// The screen opened: the preview is asked for.
pub fn open(model: &mut Model) -> Vec<Effect> {
    go(model, Screen::Posting);
    model.posting.preview = None;
    model.waiting = true;
    vec![Effect::PreviewPosting { date: model.today }]
}

pub fn preview(model: &mut Model, preview: PostingView) {
    model.posting.scroll = 0;
    model.posting.preview = Some(preview);
}

pub fn progress(model: &mut Model, posted: usize, total: usize) {
    model.posting.progress = Some((posted, total));
}

/// The posting ended: what it did, the preview again, and the day's receipts to the desk.
pub fn posted(model: &mut Model, result: PostResult) -> Vec<Effect> {
    go(model, Screen::Posting);
    model.notice = Some(Notice::Posted(result));
    // The preview first (the screen waits for it), then the day's receipts print.
    model.waiting = true;
    vec![
        Effect::PreviewPosting { date: model.today },
        Effect::PrintDesk,
    ]
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    let p = &mut model.posting;
    match model.screen {
        Screen::Posting => match key {
            Key::Up => p.scroll = p.scroll.saturating_sub(1),
            Key::Down => {
                let rows = p.preview.as_ref().map_or(0, |p| p.rows.len());
                p.scroll = (p.scroll + 1).min(rows.saturating_sub(1));
            }
            // Nothing to confirm until the figures are on the screen (a preview that could
            // not be read): the posting runs only on figures the clerk saw.
            Key::Enter | Key::Char('1') if p.preview.is_some() => go(model, Screen::PostingConfirm),
            Key::Esc => go(model, Screen::Home),
            _ => {}
        },
        Screen::PostingConfirm => match confirm_key(key) {
            Confirm::Yes if p.preview.is_some() => {
                model.waiting = true;
                p.progress = Some((0, 0));
                model.screen = Screen::PostingRun;
                let expected = p.preview.as_ref().map(|v| (v.count, v.total));
                return vec![Effect::Post {
                    date: model.today,
                    expected,
                }];
            }
            Confirm::No | Confirm::Yes => go(model, Screen::Posting),
            Confirm::Neither => {}
        },
        // While it runs, keys wait (the runner keeps them for after).
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let [text, table, gauge] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Min(3),
        Constraint::Length(3),
    ])
    .areas(area);
    let mut lines = vec![Line::styled(
        fill(w.posting, &[&model.today.to_string()]),
        theme::strong(),
    )];
    if let Some(p) = model.posting.preview.as_ref().filter(|p| p.already_posted) {
        lines.push(Line::styled(
            fill(w.preview_done, &[&p.waiting.to_string()]),
            theme::warning(),
        ));
    } else if let Some(p) = &model.posting.preview {
        lines.push(Line::from(fill(
            w.preview,
            &[
                &(p.count - p.electronic).to_string(),
                &p.electronic.to_string(),
                &p.total.with_dollar_sign(),
            ],
        )));
        if p.waiting > 0 {
            lines.push(Line::from(fill(w.preview_later, &[&p.waiting.to_string()])));
        }
        lines.push(Line::from(fill(
            w.preview_split,
            &[
                &p.inmates.to_string(),
                &p.to_obligations.with_dollar_sign(),
                &p.to_trust.with_dollar_sign(),
            ],
        )));
    }
    let done = model
        .posting
        .preview
        .as_ref()
        .is_some_and(|p| p.already_posted);
    if model.screen == Screen::PostingConfirm {
        lines.push(Line::styled(w.confirm_posting, theme::selected()));
    } else if model.screen == Screen::Posting && !done {
        lines.push(Line::styled(w.posting_keys, theme::muted()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
    if let Some(p) = model
        .posting
        .preview
        .as_ref()
        .filter(|p| !p.rows.is_empty())
    {
        let rows: Vec<Row> = p
            .rows
            .iter()
            .skip(model.posting.scroll)
            .map(|r| {
                Row::new(vec![
                    format!("{} {}", r.doc, r.name),
                    r.count.to_string(),
                    r.total.with_dollar_sign(),
                    r.to_obligations.with_dollar_sign(),
                    r.to_trust.with_dollar_sign(),
                ])
            })
            .collect();
        draw_table(
            frame,
            table,
            &[
                w.col_for,
                "#",
                w.col_amount,
                w.col_to_obligations,
                w.col_to_trust,
            ],
            &[
                Constraint::Min(20),
                Constraint::Length(5),
                Constraint::Length(12),
                Constraint::Length(14),
                Constraint::Length(12),
            ],
            rows,
        );
    }
    if model.screen == Screen::PostingRun {
        let (done, total) = model.posting.progress.unwrap_or((0, 0));
        let ratio = if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).clamp(0.0, 1.0)
        };
        frame.render_widget(
            Gauge::default()
                .block(Block::bordered())
                .gauge_style(theme::selected())
                .ratio(ratio)
                .label(fill(w.running, &[&done.to_string(), &total.to_string()])),
            gauge,
        );
    }
}

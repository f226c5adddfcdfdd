//! The home screen: the console's nine places by number or Up/Down and Enter, L for the
//! other language, and sign-out for the next clerk.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::Language;
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::effect::Effect;
use super::model::{Model, Notice};

/// Home menu items.
const HOME_ITEMS: usize = 9;

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match key {
        Key::Up => {
            model.selected = (model.selected + HOME_ITEMS - 1) % HOME_ITEMS;
            Vec::new()
        }
        Key::Down => {
            model.selected = (model.selected + 1) % HOME_ITEMS;
            Vec::new()
        }
        Key::Enter => choose(model, model.selected),
        Key::Char('l') | Key::Char('L') => {
            model.lang = match model.lang {
                Language::En => Language::Es,
                Language::Es => Language::En,
            };
            vec![Effect::Language(model.lang)]
        }
        Key::Char(c) => match c.to_digit(10).and_then(|n| usize::try_from(n).ok()) {
            Some(n) if (1..=HOME_ITEMS).contains(&n) => choose(model, n - 1),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

pub fn choose(model: &mut Model, item: usize) -> Vec<Effect> {
    model.selected = 0;
    match item {
        0 => {
            super::intake::open(model);
            Vec::new()
        }
        1 => super::holds::open(model),
        2 => super::posting::open(model),
        3 => {
            super::fee_desk::open(model);
            Vec::new()
        }
        4 => super::reports::open(model),
        5 => {
            super::reprint::open(model);
            Vec::new()
        }
        6 => super::waivers::open(model),
        7 => super::review::open(model),
        // Sign out: back to the sign-in screen for the next clerk, with nothing of this
        // session on screen (the settings and the language stay).
        _ => {
            let (idle, limits, lang) = (model.idle_lock_after, model.limits, model.lang);
            *model = Model::new(model.last_input, model.today);
            model.idle_lock_after = idle;
            model.limits = limits;
            model.lang = lang;
            model.notice = Some(Notice::SignedOut);
            vec![Effect::SignOut]
        }
    }
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let items = [
        w.menu_intake,
        w.menu_holds,
        w.menu_posting,
        w.menu_fee_desk,
        w.menu_reports,
        w.menu_reprint,
        w.menu_waivers,
        w.menu_review,
        w.menu_sign_out,
    ];
    let mut lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let selected = model.selected == i;
            Line::styled(
                theme::menu_label(selected, i + 1, item),
                theme::choice(selected),
            )
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(w.home_hint, theme::muted()));
    frame.render_widget(Paragraph::new(lines), area);
}

//! Signing in, and the lock after the console sat idle: the user's name, the password,
//! one answer for every refusal; the lockout the settings set is told.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::Rejection;
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::effect::Effect;
use super::model::{push_limited, Model, Notice, Screen};
use super::view::fill;

/// The longest name or password typed.
const FIELD_MAX: usize = 200;

/// Text pasted into the lock's password.
pub fn paste_password(model: &mut Model, text: &str) {
    push_limited(&mut model.sign_password, text, FIELD_MAX);
}

/// The ledger's answer: signed in (home, or back to the work the lock kept), refused, or
/// not asked (a ledger that could not answer is not a wrong password).
pub fn signed_in(model: &mut Model, role: Result<Option<bool>, Rejection>) -> Vec<Effect> {
    model.sign_password.clear();
    match role {
        Ok(Some(supervisor)) => {
            if !model.locked {
                model.user = Some((model.sign_user.trim().to_string(), supervisor));
                model.screen = Screen::Home;
            }
            model.locked = false;
            model.notice = None;
            model.failed = None;
            // What waits for the desk printer prints, and its state shows; the issuers the
            // ledger sees most are offered at intake.
            return vec![Effect::PrintDesk, Effect::LoadIssuers];
        }
        Ok(None) => model.notice = Some(Notice::SignInRefused),
        Err(r) => model.notice = Some(Notice::Rejected(r)),
    }
    Vec::new()
}

pub fn key(model: &mut Model, key: Key, unlocking: bool) -> Vec<Effect> {
    let password_field = unlocking || model.screen == (Screen::SignIn { password: true });
    let field = if password_field {
        &mut model.sign_password
    } else {
        &mut model.sign_user
    };
    match key {
        Key::Char(c) => push_limited(field, &c.to_string(), FIELD_MAX),
        Key::Backspace => {
            field.pop();
        }
        // Esc on an empty sign-in closes the console; otherwise it goes back a field.
        Key::Esc if !unlocking && !password_field && model.sign_user.is_empty() => {
            model.quit = true;
            return vec![Effect::Quit];
        }
        Key::Esc if !unlocking => {
            model.sign_password.clear();
            model.screen = Screen::SignIn { password: false };
        }
        Key::Enter if !password_field && !model.sign_user.trim().is_empty() => {
            model.screen = Screen::SignIn { password: true };
        }
        Key::Enter if !password_field => {}
        Key::Enter => {
            if unlocking {
                if let Some((user, _)) = &model.user {
                    model.sign_user = user.clone();
                }
            }
            model.waiting = true;
            return vec![Effect::SignIn {
                user: model.sign_user.trim().to_string(),
                password: model.sign_password.clone(),
            }];
        }
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect, password: bool) {
    let lines = vec![
        Line::styled(w.sign_in, theme::strong()),
        Line::from(""),
        Line::from(format!(
            "{}: {}{}",
            w.user,
            model.sign_user,
            if password { "" } else { "_" }
        )),
        Line::from(format!(
            "{}: {}{}",
            w.password,
            "*".repeat(model.sign_password.chars().count()),
            if password { "_" } else { "" }
        )),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// The lock: the work on screen stays, the password is asked again.
pub fn draw_locked(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let user = model.user.as_ref().map_or("", |(u, _)| u.as_str());
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                fill(
                    w.locked,
                    &[&(model.idle_lock_after.as_secs() / 60).to_string(), user],
                ),
                theme::warning(),
            ),
            Line::from(""),
            Line::from(format!(
                "{}: {}_",
                w.password,
                "*".repeat(model.sign_password.chars().count())
            )),
        ])
        .wrap(Wrap { trim: true }),
        area,
    );
}

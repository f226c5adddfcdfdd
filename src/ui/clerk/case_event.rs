//! A case event at the fee desk, one screen: which event (and the program for a program
//! start), its date, a confirm step; the fee engine's rules refuse what they refuse, shown
//! on the form.

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::{CaseEvent, DatedEvent, Program, Rejection};
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::Effect;
use super::model::{go, keep, parse_date, push_limited, Model, Notice, Screen};
use super::view::fill;

/// The case events a clerk records at the fee desk. Waivers come through a request and a
/// supervisor's approval, payments through the payment form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskEvent {
    ProgramStart,
    ProgramEnd,
    Confined,
    Released,
    InterstateDeparted,
    Absconded,
    Closed,
    WaiverRescinded,
}

impl DeskEvent {
    pub const ALL: [DeskEvent; 8] = [
        DeskEvent::ProgramStart,
        DeskEvent::ProgramEnd,
        DeskEvent::Confined,
        DeskEvent::Released,
        DeskEvent::InterstateDeparted,
        DeskEvent::Absconded,
        DeskEvent::Closed,
        DeskEvent::WaiverRescinded,
    ];
}

/// The event being recorded: which (an index into `DeskEvent::ALL`), the program for a
/// program start, the date typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventDraft {
    pub kind: usize,
    pub program: Program,
    pub date: String,
}

impl CaseEventDraft {
    pub fn new(today: NaiveDate) -> CaseEventDraft {
        CaseEventDraft {
            kind: 0,
            program: Program::Crc,
            date: today.to_string(),
        }
    }
}

/// The form opened from the fee desk, dated today.
pub fn open(model: &mut Model) {
    go(model, Screen::CaseEvent);
    model.event = CaseEventDraft::new(model.today);
}

/// Recorded: back to the desk with the account read again; refused: the form, said why.
pub fn recorded(model: &mut Model, result: Result<(), Rejection>) -> Vec<Effect> {
    match result {
        Ok(()) => {
            go(model, Screen::FeeDesk);
            model.notice = Some(Notice::CaseEventRecorded);
            if let Some(a) = &model.fee.account {
                model.waiting = true;
                return vec![Effect::LoadFeeAccount { doc: a.doc.clone() }];
            }
        }
        Err(r) => {
            model.screen = Screen::CaseEvent;
            model.notice = Some(Notice::Rejected(r));
        }
    }
    Vec::new()
}

/// The date takes digits and dashes; anything else is said.
pub fn type_text(model: &mut Model, text: &str) {
    let typed = keep(
        model,
        text,
        |c| c.is_ascii_digit() || c == '-',
        Notice::DigitsOnly,
    );
    push_limited(&mut model.event.date, &typed, 10);
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    if model.screen == Screen::CaseEventConfirm {
        match confirm_key(key) {
            Confirm::Yes => {
                let (Some(account), Some(event)) = (&model.fee.account, desk_event(model)) else {
                    go(model, Screen::CaseEvent);
                    return Vec::new();
                };
                let doc = account.doc.clone();
                model.waiting = true;
                return vec![Effect::RecordCaseEvent { doc, event }];
            }
            Confirm::No => go(model, Screen::CaseEvent),
            Confirm::Neither => {}
        }
        return Vec::new();
    }
    form_key(model, key)
}

/// The case event on the form, dated as typed.
fn desk_event(model: &Model) -> Option<DatedEvent> {
    let date = parse_date(&model.event.date).ok()?;
    let event = match DeskEvent::ALL.get(model.event.kind)? {
        DeskEvent::ProgramStart => CaseEvent::ProgramStart(model.event.program),
        DeskEvent::ProgramEnd => CaseEvent::ProgramEnd,
        DeskEvent::Confined => CaseEvent::Confined,
        DeskEvent::Released => CaseEvent::Released,
        DeskEvent::InterstateDeparted => CaseEvent::InterstateDeparted,
        DeskEvent::Absconded => CaseEvent::Absconded,
        DeskEvent::Closed => CaseEvent::Closed,
        DeskEvent::WaiverRescinded => CaseEvent::WaiverRescinded,
    };
    Some(DatedEvent { date, event })
}

fn form_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let kinds = DeskEvent::ALL.len();
    match key {
        Key::Esc => go(model, Screen::FeeDesk),
        Key::Up => model.event.kind = (model.event.kind + kinds - 1) % kinds,
        Key::Down => model.event.kind = (model.event.kind + 1) % kinds,
        Key::Left | Key::Right => {
            let all = Program::ALL;
            let i = all
                .iter()
                .position(|p| *p == model.event.program)
                .unwrap_or(0);
            let next = if key == Key::Right {
                (i + 1) % all.len()
            } else {
                (i + all.len() - 1) % all.len()
            };
            model.event.program = all[next];
        }
        Key::Backspace => {
            model.event.date.pop();
        }
        Key::Char(c) => type_text(model, &c.to_string()),
        Key::Enter => match parse_date(&model.event.date) {
            Ok(_) => go(model, Screen::CaseEventConfirm),
            Err(r) => model.notice = Some(Notice::Rejected(r)),
        },
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let (name, doc) = model
        .fee
        .account
        .as_ref()
        .map_or(("", ""), |a| (a.name.as_str(), a.doc.as_str()));
    let program = Program::ALL
        .iter()
        .position(|p| *p == model.event.program)
        .and_then(|i| w.program_names.get(i))
        .copied()
        .unwrap_or_default();
    let label = |i: usize| -> String {
        let event = w.event_names.get(i).copied().unwrap_or_default();
        if DeskEvent::ALL.get(i) == Some(&DeskEvent::ProgramStart) {
            format!("{event}: ◀ {program} ▶")
        } else {
            event.to_string()
        }
    };
    let mut lines = vec![
        Line::styled(fill(w.event_title, &[name, doc]), theme::strong()),
        Line::styled(w.event_keys, theme::muted()),
        Line::from(""),
    ];
    for i in 0..DeskEvent::ALL.len() {
        let chosen = model.event.kind == i;
        lines.push(Line::styled(
            format!("{} {}", if chosen { "▶" } else { " " }, label(i)),
            theme::choice(chosen),
        ));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!("{}: {}_", w.event_date, model.event.date),
        theme::selected(),
    ));
    if model.screen == Screen::CaseEventConfirm {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            fill(
                w.event_confirm,
                &[&label(model.event.kind), &model.event.date, doc],
            ),
            theme::selected(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

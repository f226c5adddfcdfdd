//! The holds queue, one screen: a page of held money orders, the reason filter (a list), the
//! search, and the release form that asks for exactly what a hold lacks. Its sub-model, keys,
//! messages and drawing live here together.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::domain::{DocNumber, Field as TextField, HoldReason, Rejection};
use crate::strings::{self, ClerkWords};
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{Effect, HeldView, HoldsPage, HoldsQuery, InmateOnFile};
use super::model::{go, push_limited, supervisor, HoldAction, Model, Notice, Screen};
use super::table::draw_table;
use super::view::fill;

/// Rows of the holds queue loaded at a time.
pub const HOLDS_PAGE: i64 = 15;
/// The longest note or field of the release form.
const NOTE_MAX: usize = 500;
const FIELD_MAX: usize = 200;
/// The longest search typed (the ledger cuts it there too).
const SEARCH_MAX: usize = 60;

/// The holds queue's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holds {
    /// The page shown.
    pub rows: Vec<HeldView>,
    /// How many holds the filter lets through.
    pub total: i64,
    pub selected: usize,
    /// Only this reason, when set.
    pub reason: Option<HoldReason>,
    /// The newest first (O), else the oldest first.
    pub newest_first: bool,
    /// What was typed to find a hold (DOC number, name, serial, slip number).
    pub search: String,
    /// Typing goes into the search (after `/`) until Enter or Esc.
    pub searching: bool,
    /// The reason list (F) is open, with this line chosen (0 = every reason).
    pub picking: Option<usize>,
    /// The release form, while a supervisor fills it in.
    pub release: Option<ReleaseForm>,
    /// The note of a return.
    pub note: String,
    /// The page asked for is the next or the previous one (Up/Down past an end): an empty
    /// answer means the queue ends there, and the page shown stays.
    pub paging: bool,
    /// The first page was asked for because the page shown emptied.
    pub refirst: bool,
}

/// What a release form can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseField {
    Doc,
    Sender,
    Address,
    Note,
}

/// The release of one hold: the fields its reason lacks, then the note; the inmate on file
/// for the DOC number, once the ledger has answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseForm {
    pub hold: HeldView,
    pub fields: Vec<(ReleaseField, String)>,
    pub focus: usize,
    pub found: Option<InmateOnFile>,
}

impl ReleaseForm {
    /// The form for `hold`: an owner in doubt asks for the DOC number (what intake recorded
    /// filled in, to correct); a missing sender's name or address asks for it.
    pub fn for_hold(hold: &HeldView) -> ReleaseForm {
        let mut fields = Vec::new();
        let blank = |s: &str| s.trim().is_empty();
        if matches!(
            hold.reason,
            HoldReason::UnknownSlip | HoldReason::UnknownInmate | HoldReason::NameMismatch
        ) || blank(&hold.doc)
        {
            fields.push((ReleaseField::Doc, hold.doc.clone()));
        }
        if hold.reason == HoldReason::SenderNameMissing || blank(&hold.sender) {
            fields.push((ReleaseField::Sender, hold.sender.clone()));
        }
        if hold.reason == HoldReason::SenderAddressMissing || blank(&hold.address) {
            fields.push((ReleaseField::Address, hold.address.clone()));
        }
        fields.push((ReleaseField::Note, String::new()));
        ReleaseForm {
            hold: hold.clone(),
            fields,
            focus: 0,
            found: None,
        }
    }

    /// The value typed for `field`, if the form asks for it.
    pub fn value(&self, field: ReleaseField) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.trim())
    }

    /// The DOC number the money order goes to: the one typed, else the one on it.
    fn doc(&self) -> &str {
        self.value(ReleaseField::Doc)
            .unwrap_or(self.hold.doc.as_str())
    }

    /// The first field left empty or malformed, with why.
    fn problem(&self) -> Option<(usize, Rejection)> {
        self.fields.iter().enumerate().find_map(|(i, (f, v))| {
            let v = v.trim();
            let required = |field| (v.is_empty()).then_some((i, Rejection::FieldRequired(field)));
            match f {
                ReleaseField::Doc => DocNumber::parse(v).err().map(|r| (i, r)),
                ReleaseField::Sender => required(TextField::SenderName),
                ReleaseField::Address => required(TextField::SenderAddress),
                ReleaseField::Note => required(TextField::Note),
            }
        })
    }

    fn effect(&self) -> Effect {
        let given = |f| self.value(f).map(str::to_string);
        Effect::Release {
            money_order: self.hold.money_order,
            note: given(ReleaseField::Note).unwrap_or_default(),
            doc: given(ReleaseField::Doc),
            sender_name: given(ReleaseField::Sender),
            sender_address: given(ReleaseField::Address),
        }
    }
}

/// The query for a page with the queue's filter.
pub fn load(model: &Model, page: HoldsPage, count: bool) -> Effect {
    let search = model.holds.search.trim();
    Effect::LoadHolds(HoldsQuery {
        page,
        reason: model.holds.reason,
        search: (!search.is_empty()).then(|| search.to_string()),
        newest_first: model.holds.newest_first,
        count,
    })
}

/// The queue opened afresh from the home screen (its filter and order stay).
pub fn open(model: &mut Model) -> Vec<Effect> {
    go(model, Screen::Holds);
    model.holds.rows.clear();
    model.holds.selected = 0;
    model.holds.searching = false;
    model.holds.picking = None;
    model.waiting = true;
    vec![load(model, HoldsPage::First, true)]
}

/// The first page again, counted: after the filter, the search or the order changed.
fn reload(model: &mut Model) -> Vec<Effect> {
    model.holds.rows.clear();
    model.holds.selected = 0;
    model.waiting = true;
    vec![load(model, HoldsPage::First, true)]
}

/// A page arrived.
pub fn rows(model: &mut Model, rows: Vec<HeldView>, total: Option<i64>) -> Vec<Effect> {
    let h = &mut model.holds;
    let total = total.unwrap_or(h.total);
    let paging = std::mem::take(&mut h.paging);
    let refirst = std::mem::take(&mut h.refirst);
    if rows.is_empty() && !h.rows.is_empty() && total > 0 {
        h.total = total;
        // Past either end of the queue: stay on the page shown.
        if paging {
            return Vec::new();
        }
        // The page shown emptied (its last hold resolved, here or at another desk): the
        // first page, never rows that are no longer held.
        if !refirst {
            h.refirst = true;
            model.waiting = true;
            return vec![load(model, HoldsPage::First, true)];
        }
    }
    let (new_first, old_first) = (
        rows.first().map(|r| r.money_order),
        h.rows.first().map(|r| r.money_order),
    );
    // Paging up (towards the queue's start): land on the last row of the page above.
    let up = if h.newest_first {
        new_first > old_first && old_first.is_some()
    } else {
        new_first < old_first
    };
    if up {
        h.selected = rows.len().saturating_sub(1);
    } else if new_first != old_first {
        h.selected = 0;
    }
    h.rows = rows;
    h.total = total;
    h.selected = h.selected.min(h.rows.len().saturating_sub(1));
    Vec::new()
}

/// The ledger's answer to the release form's DOC number.
pub fn inmate_on_file(model: &mut Model, found: Result<Option<InmateOnFile>, Rejection>) {
    let Some(form) = model.holds.release.as_mut() else {
        return;
    };
    match found {
        Ok(Some(inmate)) => {
            form.found = Some(inmate);
            go(model, Screen::HoldConfirm(HoldAction::Release));
            // An Enter typed while the ledger answered must not be taken as yes to a
            // confirm step no one has read yet.
            model.pending_keys.clear();
        }
        Ok(None) => {
            form.focus = form
                .fields
                .iter()
                .position(|(f, _)| *f == ReleaseField::Doc)
                .unwrap_or(0);
            model.notice = Some(Notice::Rejected(Rejection::InmateNotFound));
        }
        Err(r) => model.notice = Some(Notice::Rejected(r)),
    }
}

/// A release or return was written, or refused.
pub fn resolved(model: &mut Model, result: Result<(), Rejection>) -> Vec<Effect> {
    let action = match model.screen {
        Screen::HoldConfirm(a) | Screen::HoldNote(a) => a,
        _ => HoldAction::Release,
    };
    match result {
        Ok(()) => {
            go(model, Screen::Holds);
            model.holds.release = None;
            model.holds.note.clear();
            model.notice = Some(Notice::HoldResolved(action));
            // Reload the page as it started.
            let from = model.holds.rows.first().map_or(0, |h| h.money_order);
            model.waiting = true;
            vec![load(model, HoldsPage::From(from), true)]
        }
        // Back to the form, with what was typed, to correct it.
        Err(r) => {
            go(
                model,
                match action {
                    HoldAction::Release => Screen::HoldRelease,
                    HoldAction::Return => Screen::HoldNote(HoldAction::Return),
                },
            );
            model.notice = Some(Notice::Rejected(r));
            Vec::new()
        }
    }
}

/// Text typed or pasted on the queue's screens.
pub fn type_text(model: &mut Model, text: &str) {
    let clean = |t: &str| t.chars().filter(|c| !c.is_control()).collect::<String>();
    match model.screen {
        Screen::Holds if model.holds.searching => {
            push_limited(&mut model.holds.search, &clean(text), SEARCH_MAX);
        }
        Screen::HoldNote(_) => push_limited(&mut model.holds.note, &clean(text), NOTE_MAX),
        Screen::HoldRelease => {
            let Some(form) = model.holds.release.as_mut() else {
                return;
            };
            let Some((field, value)) = form.fields.get_mut(form.focus) else {
                return;
            };
            if *field == ReleaseField::Doc {
                let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                if digits.chars().count() < clean(text).chars().count() {
                    model.notice = Some(Notice::DigitsOnly);
                }
                push_limited(value, &digits, 8);
            } else {
                let max = if *field == ReleaseField::Note {
                    NOTE_MAX
                } else {
                    FIELD_MAX
                };
                push_limited(value, &clean(text), max);
            }
        }
        _ => {}
    }
}

/// A key on one of the queue's screens.
pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match model.screen {
        Screen::Holds if model.holds.picking.is_some() => pick_key(model, key),
        Screen::Holds if model.holds.searching => search_key(model, key),
        Screen::Holds => list_key(model, key),
        Screen::HoldRelease => release_key(model, key),
        Screen::HoldNote(action) => {
            match key {
                Key::Char(c) => type_text(model, &c.to_string()),
                Key::Backspace => {
                    model.holds.note.pop();
                }
                Key::Enter if !model.holds.note.trim().is_empty() => {
                    go(model, Screen::HoldConfirm(action))
                }
                Key::Enter => {
                    model.notice = Some(Notice::Rejected(Rejection::FieldRequired(TextField::Note)))
                }
                Key::Esc => go(model, Screen::Holds),
                _ => {}
            }
            Vec::new()
        }
        Screen::HoldConfirm(action) => match confirm_key(key) {
            Confirm::Yes => {
                let effect = match action {
                    HoldAction::Release => match &model.holds.release {
                        Some(form) => form.effect(),
                        None => return Vec::new(),
                    },
                    HoldAction::Return => match model.holds.rows.get(model.holds.selected) {
                        Some(row) => Effect::Return {
                            money_order: row.money_order,
                            note: model.holds.note.trim().to_string(),
                        },
                        None => return Vec::new(),
                    },
                };
                model.waiting = true;
                vec![effect]
            }
            Confirm::No => {
                let back = match action {
                    HoldAction::Release => Screen::HoldRelease,
                    HoldAction::Return => Screen::HoldNote(HoldAction::Return),
                };
                go(model, back);
                Vec::new()
            }
            Confirm::Neither => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn list_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let h = &mut model.holds;
    match key {
        Key::Esc if !h.search.is_empty() => {
            h.search.clear();
            reload(model)
        }
        Key::Esc => {
            go(model, Screen::Home);
            Vec::new()
        }
        Key::Up if h.selected == 0 && !h.rows.is_empty() => {
            let first = h.rows.first().map_or(0, |h| h.money_order);
            h.paging = true;
            model.waiting = true;
            vec![load(model, HoldsPage::Before(first), false)]
        }
        Key::Up => {
            h.selected = h.selected.saturating_sub(1);
            Vec::new()
        }
        Key::Down
            if h.selected + 1 >= h.rows.len()
                && h.rows.len() == usize::try_from(HOLDS_PAGE).unwrap_or(15) =>
        {
            let last = h.rows.last().map_or(0, |h| h.money_order);
            let next = if h.newest_first { last - 1 } else { last + 1 };
            h.paging = true;
            model.waiting = true;
            vec![load(model, HoldsPage::From(next), false)]
        }
        Key::Down => {
            h.selected = (h.selected + 1).min(h.rows.len().saturating_sub(1));
            Vec::new()
        }
        // O: the newest first, or the oldest first again.
        Key::Char('o') | Key::Char('O') => {
            h.newest_first = !h.newest_first;
            reload(model)
        }
        // F: the list of reasons, the one in force chosen.
        Key::Char('f') | Key::Char('F') => {
            h.picking = Some(
                h.reason
                    .and_then(|r| HoldReason::ALL.iter().position(|x| *x == r))
                    .map_or(0, |i| i + 1),
            );
            Vec::new()
        }
        // /: find a hold by DOC number, name, serial or slip number.
        Key::Char('/') => {
            h.searching = true;
            model.notice = None;
            Vec::new()
        }
        Key::Char('r') | Key::Char('R') | Key::Char('t') | Key::Char('T') => {
            let Some(row) = h.rows.get(h.selected).cloned() else {
                model.notice = Some(Notice::NothingSelected);
                return Vec::new();
            };
            // Said before anything is typed: releases and returns are a supervisor's.
            if !supervisor(model) {
                model.notice = Some(Notice::HoldsSupervisorOnly);
                return Vec::new();
            }
            if matches!(key, Key::Char('r') | Key::Char('R')) {
                model.holds.release = Some(ReleaseForm::for_hold(&row));
                go(model, Screen::HoldRelease);
            } else {
                model.holds.note.clear();
                go(model, Screen::HoldNote(HoldAction::Return));
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn search_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let h = &mut model.holds;
    match key {
        Key::Char(c) => {
            type_text(model, &c.to_string());
            Vec::new()
        }
        Key::Backspace => {
            h.search.pop();
            Vec::new()
        }
        Key::Enter => {
            h.searching = false;
            reload(model)
        }
        Key::Esc => {
            h.searching = false;
            h.search.clear();
            reload(model)
        }
        _ => Vec::new(),
    }
}

fn pick_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let h = &mut model.holds;
    let lines = HoldReason::ALL.len() + 1;
    let at = h.picking.unwrap_or(0);
    let apply = |model: &mut Model, line: usize| {
        model.holds.picking = None;
        model.holds.reason = line
            .checked_sub(1)
            .and_then(|i| HoldReason::ALL.get(i).copied());
        reload(model)
    };
    match key {
        Key::Up => h.picking = Some((at + lines - 1) % lines),
        Key::Down => h.picking = Some((at + 1) % lines),
        Key::Enter => return apply(model, at),
        // A line's key picks it at once: 0-9, then a, b, ...
        Key::Char(c) => {
            if let Some(n) = c
                .to_ascii_lowercase()
                .to_digit(36)
                .map(|n| n as usize)
                .filter(|n| *n < lines)
            {
                return apply(model, n);
            }
        }
        Key::Esc => h.picking = None,
        _ => {}
    }
    Vec::new()
}

fn release_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let Some(form) = model.holds.release.as_mut() else {
        go(model, Screen::Holds);
        return Vec::new();
    };
    let last = form.fields.len().saturating_sub(1);
    match key {
        Key::Esc => go(model, Screen::Holds),
        Key::Up => form.focus = form.focus.saturating_sub(1),
        Key::Down => form.focus = (form.focus + 1).min(last),
        Key::Backspace => {
            if let Some((_, v)) = form.fields.get_mut(form.focus) {
                v.pop();
            }
        }
        Key::Char(c) => type_text(model, &c.to_string()),
        Key::Enter if form.focus < last => form.focus += 1,
        // Everything given: the ledger is asked whose DOC number it is, and the confirm step
        // shows the answer.
        Key::Enter => match form.problem() {
            Some((i, r)) => {
                form.focus = i;
                model.notice = Some(Notice::Rejected(r));
            }
            None => {
                let effect = Effect::LookupInmate {
                    doc: form.doc().to_string(),
                    written_name: form.hold.name.clone(),
                };
                model.waiting = true;
                return vec![effect];
            }
        },
        _ => {}
    }
    Vec::new()
}

/// How long a money order has been on hold, in days (held today: 0 d).
fn age(w: &ClerkWords, today: chrono::NaiveDate, since: &str) -> String {
    since
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| fill(w.age_days, &[&(today - d).num_days().max(0).to_string()]))
        .unwrap_or_default()
}

/// A reason in a table's few columns; the selected row's is in full below the table.
fn short_reason(w: &ClerkWords, reason: HoldReason) -> &'static str {
    let i = HoldReason::ALL
        .iter()
        .position(|r| *r == reason)
        .unwrap_or(0);
    w.reason_short.get(i).copied().unwrap_or_default()
}

fn release_label(w: &ClerkWords, field: ReleaseField) -> &'static str {
    let label = |i: usize| w.release_labels.get(i).copied().unwrap_or_default();
    match field {
        ReleaseField::Doc => label(0),
        ReleaseField::Sender => label(1),
        ReleaseField::Address => label(2),
        ReleaseField::Note => label(3),
    }
}

/// The queue's screens.
pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let h = &model.holds;
    let form_lines: u16 = match model.screen {
        Screen::HoldRelease | Screen::HoldConfirm(HoldAction::Release) => 9,
        _ => 3,
    };
    let [title, table, bottom] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(form_lines),
    ])
    .areas(area);
    // Filtered or searched, the count is of what matches, not of every open hold.
    let filtered = h.reason.is_some() || !h.search.trim().is_empty();
    let mut heading = fill(
        if filtered { w.holds_matching } else { w.holds },
        &[&h.total.to_string()],
    );
    if let Some(r) = h.reason {
        heading = format!("{heading} — {}", strings::hold_reason(model.lang, r));
    }
    if !h.search.is_empty() || h.searching {
        heading = format!(
            "{heading} — {}",
            fill(
                w.holds_search,
                &[&format!(
                    "{}{}",
                    h.search,
                    if h.searching { "_" } else { "" }
                )]
            )
        );
    }
    let hint = if h.searching {
        w.holds_search_hint
    } else {
        w.holds_hint
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(heading, theme::strong()),
            Line::styled(hint, theme::muted()),
        ])
        .wrap(Wrap { trim: true }),
        title,
    );
    if let Some(at) = h.picking {
        let [heading, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(table);
        frame.render_widget(
            Paragraph::new(Line::styled(w.holds_pick_reason, theme::strong())),
            heading,
        );
        // Too short a screen for one line each: two columns of the table's short words,
        // so no reason is ever cut off.
        let lines = HoldReason::ALL.len() + 1;
        let two_columns = lines > usize::from(list.height);
        let names = std::iter::once(w.holds_every_reason).chain(HoldReason::ALL.iter().map(|r| {
            if two_columns {
                short_reason(w, *r)
            } else {
                strings::hold_reason(model.lang, *r)
            }
        }));
        let mut choices: Vec<Line<'_>> = names
            .enumerate()
            .map(|(i, name)| {
                let chosen = i == at;
                let key = char::from_digit(i as u32, 36).unwrap_or(' ');
                Line::styled(
                    format!("{} {key}  {name}", if chosen { "▶" } else { " " }),
                    theme::choice(chosen),
                )
            })
            .collect();
        if two_columns {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(list);
            let second = choices.split_off(lines.div_ceil(2));
            frame.render_widget(Paragraph::new(choices), left);
            frame.render_widget(Paragraph::new(second), right);
        } else {
            frame.render_widget(Paragraph::new(choices), list);
        }
    } else if h.rows.is_empty() {
        let none = if h.search.is_empty() && h.reason.is_none() {
            w.no_holds
        } else {
            w.no_holds_found
        };
        frame.render_widget(Paragraph::new(none), table);
    } else {
        // Narrow screens keep the columns a clerk reads first; the selected row is in full
        // below the table.
        let wide = table.width >= 100;
        let rows: Vec<Row> = h
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let style = if i == h.selected {
                    theme::selected()
                } else {
                    theme::base()
                };
                let mut cells = vec![
                    r.money_order.to_string(),
                    r.amount.with_dollar_sign(),
                    format!("{} {}", r.doc, r.name),
                    short_reason(w, r.reason).to_string(),
                    age(w, model.today, &r.since),
                ];
                if wide {
                    cells.insert(2, format!("{} {}", r.issuer, r.serial));
                    cells.insert(5, r.since.chars().take(10).collect());
                }
                Row::new(cells).style(style)
            })
            .collect();
        if wide {
            draw_table(
                frame,
                table,
                &[
                    w.col_mo,
                    w.col_amount,
                    w.col_item,
                    w.col_for,
                    w.col_reason,
                    w.col_since,
                    w.col_age,
                ],
                &[
                    Constraint::Length(5),
                    Constraint::Length(9),
                    Constraint::Length(16),
                    Constraint::Min(24),
                    Constraint::Length(24),
                    Constraint::Length(10),
                    Constraint::Length(5),
                ],
                rows,
            );
        } else {
            draw_table(
                frame,
                table,
                &[w.col_mo, w.col_amount, w.col_for, w.col_reason, w.col_age],
                &[
                    Constraint::Length(5),
                    Constraint::Length(9),
                    Constraint::Min(24),
                    Constraint::Length(24),
                    Constraint::Length(5),
                ],
                rows,
            );
        }
    }
    let selected = h.rows.get(h.selected);
    let what = selected.map_or(String::new(), |r| r.money_order.to_string());
    let amount = selected.map_or(String::new(), |r| r.amount.with_dollar_sign());
    let lines: Vec<Line> = match (model.screen, &h.release) {
        (Screen::HoldNote(_), _) => vec![
            Line::from(fill(w.return_title, &[&what, &amount])),
            Line::from(format!("{}: {}_", w.note, h.note)),
        ],
        (Screen::HoldConfirm(HoldAction::Return), _) => {
            vec![Line::from(fill(w.confirm_return, &[&what, &amount]))]
        }
        (Screen::HoldRelease, Some(form)) => release_form(model, w, form),
        (Screen::HoldConfirm(HoldAction::Release), Some(form)) => release_confirm(w, form),
        // The selected row in full: a narrow screen cuts the table's columns short.
        _ => selected.map_or(Vec::new(), |r| {
            vec![Line::from(format!(
                "{what} {amount} {} {} | {} {} | {} | {}",
                r.issuer,
                r.serial,
                r.doc,
                r.name,
                strings::hold_reason_in_full(model.lang, r.reason, r.slip_amount, r.amount),
                r.since
            ))]
        }),
    };
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme::selected())
            .wrap(Wrap { trim: true }),
        bottom,
    );
}

fn release_form<'a>(model: &Model, w: &ClerkWords, form: &'a ReleaseForm) -> Vec<Line<'a>> {
    let r = &form.hold;
    let mut lines = vec![Line::from(fill(
        w.release_title,
        &[
            &r.money_order.to_string(),
            &r.amount.with_dollar_sign(),
            &strings::hold_reason_in_full(model.lang, r.reason, r.slip_amount, r.amount),
        ],
    ))];
    let or_none = |v: &str| {
        if v.trim().is_empty() {
            "—".to_string()
        } else {
            format!("\"{v}\"")
        }
    };
    lines.push(Line::from(fill(
        w.release_written,
        &[
            &or_none(&r.doc),
            &or_none(&r.name),
            &or_none(&r.sender),
            &or_none(&r.address),
        ],
    )));
    for (i, (field, value)) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        lines.push(Line::styled(
            format!(
                "{} {}: {value}{}",
                if focused { "▶" } else { " " },
                release_label(w, *field),
                if focused { "_" } else { "" }
            ),
            theme::choice(focused),
        ));
    }
    lines.push(Line::styled(w.release_keys, theme::muted()));
    lines
}

fn release_confirm<'a>(w: &ClerkWords, form: &'a ReleaseForm) -> Vec<Line<'a>> {
    let r = &form.hold;
    let Some(found) = &form.found else {
        return Vec::new();
    };
    let given = |f| form.value(f).map(str::to_string);
    let sender = given(ReleaseField::Sender).unwrap_or_else(|| r.sender.clone());
    let address = given(ReleaseField::Address).unwrap_or_else(|| r.address.clone());
    let mut lines = vec![Line::from(fill(
        w.release_to,
        &[
            &r.money_order.to_string(),
            &r.amount.with_dollar_sign(),
            &found.doc,
            &found.name,
            &found.facility,
        ],
    ))];
    lines.push(Line::from(fill(w.release_from, &[&sender, &address])));
    if !found.name_matches {
        lines.push(Line::styled(
            format!(
                "{} {}",
                theme::ERROR_MARK,
                fill(w.release_name_differs, &[&r.name, &found.name])
            ),
            theme::warning(),
        ));
    }
    // Intake records only the first reason that applies: an amount that differs from the
    // slip is said here whatever the hold's reason.
    if let Some(slip) = r.slip_amount.filter(|s| *s != r.amount) {
        lines.push(Line::styled(
            format!(
                "{} {}",
                theme::ERROR_MARK,
                fill(
                    w.release_amount_differs,
                    &[&r.amount.with_dollar_sign(), &slip.with_dollar_sign()]
                )
            ),
            theme::warning(),
        ));
    }
    lines.push(Line::from(fill(
        w.release_note,
        &[form.value(ReleaseField::Note).unwrap_or_default()],
    )));
    lines.push(Line::styled(w.release_confirm, theme::strong()));
    lines
}

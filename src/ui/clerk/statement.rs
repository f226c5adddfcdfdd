//! An inmate's monthly statement, one screen: find the inmate by DOC number or by name (as
//! the fee desk finds an offender), the month, then the statement to scroll and print.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Wrap};
use ratatui::Frame;

use crate::domain::Rejection;
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::effect::{Effect, StatementRowKind, StatementView};
use super::model::{Model, Notice, Screen};
use super::table::draw_table;
use super::view::fill;

/// The longest name typed to find an inmate.
const FIND_MAX: usize = 60;

/// The statement screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statement {
    /// A DOC number, or words of the inmate's name.
    pub find: String,
    /// The month, YYYY-MM.
    pub month: String,
    /// 0: the inmate, 1: the month.
    pub focus: usize,
    /// Inmates whose name holds the words typed (DOC number, name); Up/Down and Enter pick.
    pub matches: Vec<(String, String)>,
    pub selected: usize,
    /// The statement on screen, and how far it is scrolled.
    pub shown: Option<StatementView>,
    pub scroll: usize,
}

/// `YYYY-MM` as a year and a month.
pub fn parse_month(text: &str) -> Result<(i32, u32), Rejection> {
    let (y, m) = text.trim().split_once('-').ok_or(Rejection::DateInvalid)?;
    match (y.parse::<i32>(), m.parse::<u32>()) {
        (Ok(y), Ok(m)) if (1..=12).contains(&m) && (2000..=2200).contains(&y) => Ok((y, m)),
        _ => Err(Rejection::DateInvalid),
    }
}

/// The screen opened from the reports: the inmate's field empty (the last one's number is
/// not kept to be typed onto), the month this one.
pub fn open(model: &mut Model) {
    model.screen = Screen::Statement;
    model.notice = None;
    model.statement = Statement {
        month: model.today.format("%Y-%m").to_string(),
        ..Statement::default()
    };
}

fn is_name(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Text typed or pasted.
pub fn type_text(model: &mut Model, text: &str) {
    let st = &mut model.statement;
    if st.shown.is_some() {
        return;
    }
    let printable: String = text.chars().filter(|c| !c.is_control()).collect();
    if st.focus == 0 {
        st.matches.clear();
        for c in printable.chars() {
            if st.find.chars().count() < FIND_MAX {
                st.find.push(c);
            }
        }
    } else {
        let typed: String = printable
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if typed.chars().count() < printable.chars().count() {
            model.notice = Some(Notice::DigitsOnly);
        }
        for c in typed.chars() {
            if st.month.chars().count() < 7 {
                st.month.push(c);
            }
        }
    }
}

/// The inmates found for the words typed.
pub fn inmates(model: &mut Model, found: Vec<(String, String)>) {
    let st = &mut model.statement;
    st.selected = 0;
    match found.as_slice() {
        [] => {
            st.matches.clear();
            model.notice = Some(Notice::NoInmateFound);
        }
        // One answer: it is the inmate; on to the month.
        [(doc, _)] => {
            st.find = doc.clone();
            st.matches.clear();
            st.focus = 1;
            model.notice = None;
        }
        _ => {
            st.matches = found;
            model.notice = None;
        }
    }
}

/// The statement loaded, or why not.
pub fn loaded(model: &mut Model, result: Result<StatementView, Rejection>) {
    let st = &mut model.statement;
    st.scroll = 0;
    match result {
        Ok(view) => {
            st.shown = Some(view);
            model.notice = None;
        }
        Err(r) => {
            st.shown = None;
            model.notice = Some(Notice::Rejected(r));
        }
    }
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    let st = &mut model.statement;
    if let Some(shown) = &st.shown {
        match key {
            Key::Esc => st.shown = None,
            Key::Up => st.scroll = st.scroll.saturating_sub(1),
            Key::Down => st.scroll = (st.scroll + 1).min(shown.rows.len().saturating_sub(1)),
            Key::Char('p') | Key::Char('P') => {
                if let Ok((year, month)) = parse_month(&st.month) {
                    let doc = shown.doc.clone();
                    model.waiting = true;
                    return vec![Effect::PrintStatement { doc, year, month }];
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    match key {
        Key::Esc if !st.matches.is_empty() => st.matches.clear(),
        Key::Esc => {
            model.screen = Screen::Reports;
            model.notice = None;
        }
        Key::Up if !st.matches.is_empty() => st.selected = st.selected.saturating_sub(1),
        Key::Down if !st.matches.is_empty() => {
            st.selected = (st.selected + 1).min(st.matches.len() - 1)
        }
        Key::Enter if !st.matches.is_empty() => {
            if let Some((doc, _)) = st.matches.get(st.selected) {
                st.find = doc.clone();
            }
            st.matches.clear();
            st.focus = 1;
        }
        Key::Up => st.focus = 0,
        Key::Down => st.focus = 1,
        Key::Backspace => {
            if st.focus == 0 {
                st.matches.clear();
                st.find.pop();
            } else {
                st.month.pop();
            }
        }
        Key::Char(c) => type_text(model, &c.to_string()),
        // Words of a name: look for the inmate; a number goes on to the month.
        Key::Enter if st.focus == 0 && is_name(&st.find) => {
            model.waiting = true;
            return vec![Effect::FindInmates {
                text: st.find.trim().to_string(),
            }];
        }
        Key::Enter if st.focus == 0 => st.focus = 1,
        Key::Enter if is_name(&st.find) => st.focus = 0,
        Key::Enter => match parse_month(&st.month) {
            Ok((year, month)) => {
                model.waiting = true;
                return vec![Effect::LoadStatement {
                    doc: st.find.trim().to_string(),
                    year,
                    month,
                }];
            }
            Err(r) => model.notice = Some(Notice::Rejected(r)),
        },
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let st = &model.statement;
    let Some(shown) = &st.shown else {
        let field = |i: usize, label: &str, value: &str| {
            let focused = st.focus == i;
            Line::styled(
                format!(
                    "{} {label:<24} {value}{}",
                    if focused { "▶" } else { " " },
                    if focused { "_" } else { "" }
                ),
                if focused {
                    theme::selected()
                } else {
                    theme::base()
                },
            )
        };
        let mut lines = vec![
            Line::styled(w.statement_title, theme::strong()),
            Line::from(""),
            field(0, w.st_doc, &st.find),
            field(1, w.st_month, &st.month),
        ];
        if !st.matches.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::styled(w.pick_offender, theme::muted()));
            for (i, (doc, name)) in st.matches.iter().enumerate() {
                let chosen = i == st.selected;
                lines.push(Line::styled(
                    format!("{} {doc}  {name}", if chosen { "▶" } else { " " }),
                    theme::choice(chosen),
                ));
            }
        }
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let [head, table] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                fill(
                    w.st_head,
                    &[
                        &shown.name,
                        &shown.doc,
                        &shown.month,
                        &shown.opening.with_dollar_sign(),
                        &shown.total_deposits.with_dollar_sign(),
                        &shown.total_to_obligations.with_dollar_sign(),
                        &shown.closing.with_dollar_sign(),
                    ],
                ),
                theme::strong(),
            ),
            Line::styled(w.st_keys, theme::muted()),
        ])
        .wrap(Wrap { trim: true }),
        head,
    );
    if shown.rows.is_empty() {
        frame.render_widget(Paragraph::new(w.st_none), table);
        return;
    }
    let rows: Vec<Row> = shown
        .rows
        .iter()
        .skip(st.scroll)
        .map(|r| {
            Row::new(vec![
                r.date.chars().take(10).collect(),
                r.receipt.map_or_else(String::new, |n| n.to_string()),
                match r.kind {
                    StatementRowKind::Chargeback => format!("{} {}", w.st_chargeback, r.sender),
                    StatementRowKind::MovedOut => w.st_moved_to.replacen("{}", &r.sender, 1),
                    StatementRowKind::MovedIn => w.st_moved_from.replacen("{}", &r.sender, 1),
                    StatementRowKind::Deposit => r.sender.clone(),
                },
                r.deposit.with_dollar_sign(),
                r.to_obligations.with_dollar_sign(),
                r.credited.with_dollar_sign(),
                r.balance.with_dollar_sign(),
            ])
        })
        .collect();
    draw_table(
        frame,
        table,
        &[
            w.col_date,
            w.col_receipt,
            w.col_sender,
            w.col_deposit,
            w.col_to_obligations,
            w.col_credited,
            w.col_balance,
        ],
        &[
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Min(10),
            Constraint::Length(9),
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Length(9),
        ],
        rows,
    );
}

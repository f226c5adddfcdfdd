//! The fee desk, one screen: an offender found by DOC number, by name or by a scanned
//! voucher; the account as the fee engine computes it; a payment, a new PIN, and the way
//! to a waiver request or a case event, each through a confirm step. Letters typed into the
//! amount are refused there: the desk's actions are on function keys.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::{FeeInstrument, Money, Rejection};
use crate::strings::ClerkWords;
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{Effect, FeeView};
use super::model::{go, keep, push_limited, Model, Notice, Screen};
use super::view::fill;

/// The fee desk's actions on function keys: letters typed there go into the amount.
pub const KEY_INSTRUMENT: Key = Key::Function(3);
pub const KEY_NEW_PIN: Key = Key::Function(4);
pub const KEY_WAIVER: Key = Key::Function(5);
pub const KEY_CASE_EVENT: Key = Key::Function(6);
/// The longest search and amount typed.
const INPUT_MAX: usize = 40;
const AMOUNT_MAX: usize = 16;

/// The fee desk's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeeDesk {
    /// A DOC number, a name, or a voucher's code.
    pub input: String,
    /// The payment's amount.
    pub amount: String,
    /// A cashier's check rather than a money order.
    pub cashiers_check: bool,
    /// The offender's account on the desk.
    pub account: Option<FeeView>,
    /// Offenders found by name (DOC number, name); Up/Down and Enter pick one.
    pub matches: Vec<(String, String)>,
    pub selected: usize,
}

/// The desk opened from the home screen, empty.
pub fn open(model: &mut Model) {
    go(model, Screen::FeeDesk);
    model.fee = FeeDesk::default();
}

/// The account read, or why not.
pub fn account(model: &mut Model, result: Result<FeeView, Rejection>) {
    match result {
        Ok(account) => {
            if model.fee.amount.is_empty() && account.payable.is_positive() {
                model.fee.amount = account.payable.to_string();
            }
            model.fee.account = Some(account);
            if model.notice != Some(Notice::CaseEventRecorded) {
                model.notice = None;
            }
        }
        Err(r) => {
            model.fee.account = None;
            model.notice = Some(Notice::Rejected(r));
        }
    }
}

/// A payment recorded (the new balance), or refused.
pub fn paid(model: &mut Model, result: Result<Option<Money>, Rejection>) {
    model.screen = Screen::FeeDesk;
    match result {
        Ok(balance) => {
            model.notice = Some(Notice::FeePaid(balance));
            model.fee = FeeDesk::default();
        }
        Err(r) => model.notice = Some(Notice::Rejected(r)),
    }
}

/// `Ok`: the PIN slip printed. `Err(true)`: set, but not printed; `Err(false)`: refused.
pub fn pin_issued(model: &mut Model, result: Result<(), bool>) {
    model.screen = Screen::FeeDesk;
    model.notice = Some(match result {
        Ok(()) => Notice::PinPrinted,
        Err(true) => Notice::PinNotPrinted,
        Err(false) => Notice::PinRefused,
    });
}

/// Offenders found by name: none said, one opened, several listed.
pub fn offenders(model: &mut Model, found: Vec<(String, String)>) -> Vec<Effect> {
    model.fee.selected = 0;
    match found.as_slice() {
        [] => {
            model.fee.matches.clear();
            model.notice = Some(Notice::NoOffenderFound);
            Vec::new()
        }
        // One answer: straight to the account.
        [(doc, _)] => {
            let doc = doc.clone();
            model.fee.matches.clear();
            model.waiting = true;
            vec![Effect::LoadFeeAccount { doc }]
        }
        _ => {
            model.fee.matches = found;
            model.notice = None;
            Vec::new()
        }
    }
}

/// Text typed or scanned: the search, or (with an account on the desk) the amount, which
/// takes digits and its punctuation only and says so for anything else.
pub fn type_text(model: &mut Model, text: &str) {
    let printable: String = text.chars().filter(|c| !c.is_control()).collect();
    if model.fee.account.is_none() {
        // A new search: the names found for the old one go.
        model.fee.matches.clear();
        push_limited(&mut model.fee.input, &printable, INPUT_MAX);
        return;
    }
    let amount = keep(
        model,
        &printable,
        |c| c.is_ascii_digit() || matches!(c, '.' | ',' | '$'),
        Notice::NotAnAmount,
    );
    push_limited(&mut model.fee.amount, &amount, AMOUNT_MAX);
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match model.screen {
        Screen::FeeDesk => desk_key(model, key),
        Screen::PinConfirm => match confirm_key(key) {
            Confirm::Yes => match &model.fee.account {
                Some(account) => {
                    let doc = account.doc.clone();
                    model.waiting = true;
                    vec![Effect::IssuePin { doc }]
                }
                None => {
                    go(model, Screen::FeeDesk);
                    Vec::new()
                }
            },
            Confirm::No => {
                go(model, Screen::FeeDesk);
                Vec::new()
            }
            Confirm::Neither => Vec::new(),
        },
        Screen::FeePayConfirm => match confirm_key(key) {
            Confirm::Yes => {
                let (Some(account), Ok(amount)) =
                    (&model.fee.account, Money::parse_amount(&model.fee.amount))
                else {
                    go(model, Screen::FeeDesk);
                    return Vec::new();
                };
                let effect = Effect::FeePayment {
                    doc: account.doc.clone(),
                    amount,
                    instrument: if model.fee.cashiers_check {
                        FeeInstrument::CashiersCheck
                    } else {
                        FeeInstrument::MoneyOrder
                    },
                    date: model.today,
                };
                model.waiting = true;
                vec![effect]
            }
            Confirm::No => {
                go(model, Screen::FeeDesk);
                Vec::new()
            }
            Confirm::Neither => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The desk itself: first a DOC number or a scanned voucher code (`V<doc>-<cents>`, which also
/// fills in the amount), then the amount; C switches money order / cashier's check.
fn desk_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let finding = model.fee.account.is_none();
    match key {
        Key::Esc if finding => {
            go(model, Screen::Home);
            Vec::new()
        }
        // Another offender: an empty search.
        Key::Esc => {
            model.fee.account = None;
            model.fee.amount.clear();
            model.fee.input.clear();
            model.notice = None;
            Vec::new()
        }
        Key::Up if finding && !model.fee.matches.is_empty() => {
            model.fee.selected = model.fee.selected.saturating_sub(1);
            Vec::new()
        }
        Key::Down if finding && !model.fee.matches.is_empty() => {
            model.fee.selected = (model.fee.selected + 1).min(model.fee.matches.len() - 1);
            Vec::new()
        }
        // A name found: Enter opens the chosen one.
        Key::Enter if finding && !model.fee.matches.is_empty() => {
            let doc = model
                .fee
                .matches
                .get(model.fee.selected)
                .map(|(doc, _)| doc.clone())
                .unwrap_or_default();
            model.fee.matches.clear();
            model.waiting = true;
            vec![Effect::LoadFeeAccount { doc }]
        }
        Key::Backspace => {
            if finding {
                model.fee.matches.clear();
                model.fee.input.pop();
            } else {
                model.fee.amount.pop();
            }
            Vec::new()
        }
        KEY_NEW_PIN if !finding => {
            go(model, Screen::PinConfirm);
            Vec::new()
        }
        KEY_INSTRUMENT if !finding => {
            model.fee.cashiers_check = !model.fee.cashiers_check;
            Vec::new()
        }
        KEY_WAIVER if !finding => {
            super::waiver_form::open(model);
            Vec::new()
        }
        KEY_CASE_EVENT if !finding => {
            super::case_event::open(model);
            Vec::new()
        }
        Key::Char(c) => {
            type_text(model, &c.to_string());
            Vec::new()
        }
        Key::Enter if finding => {
            let input = model.fee.input.trim().to_string();
            // A voucher's code: V, the DOC number, a dash, the amount due in cents.
            let (doc, cents) = match input
                .strip_prefix(['V', 'v'])
                .and_then(|rest| rest.split_once('-'))
            {
                Some((doc, cents)) => (doc.to_string(), cents.parse::<i64>().ok()),
                None => (input, None),
            };
            model.fee.amount = cents
                .map(|c| Money::from_cents(c).to_string())
                .unwrap_or_default();
            model.waiting = true;
            // Letters: a name to look for; digits: a DOC number.
            if doc.chars().any(char::is_alphabetic) {
                vec![Effect::FindOffenders { text: doc }]
            } else {
                vec![Effect::LoadFeeAccount { doc }]
            }
        }
        Key::Enter => {
            match Money::parse_amount(&model.fee.amount) {
                Ok(_) => go(model, Screen::FeePayConfirm),
                Err(e) => model.notice = Some(Notice::Rejected(Rejection::Amount(e))),
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = vec![
        Line::styled(w.fee_find, theme::strong()),
        Line::from(format!(
            "> {}{}",
            model.fee.input,
            if model.fee.account.is_none() { "_" } else { "" }
        )),
        Line::from(""),
    ];
    if model.fee.account.is_none() && !model.fee.matches.is_empty() {
        lines.push(Line::styled(w.pick_offender, theme::muted()));
        for (i, (doc, name)) in model.fee.matches.iter().enumerate() {
            let chosen = i == model.fee.selected;
            lines.push(Line::styled(
                format!("{} {doc}  {name}", if chosen { "▶" } else { " " }),
                theme::choice(chosen),
            ));
        }
    }
    if let Some(a) = &model.fee.account {
        lines.push(Line::styled(
            fill(
                w.fee_account,
                &[
                    &a.name,
                    &a.doc,
                    &a.balance.with_dollar_sign(),
                    &a.payable.with_dollar_sign(),
                    &a.months_in_arrears.to_string(),
                ],
            ),
            if a.current {
                theme::strong()
            } else {
                theme::warning()
            },
        ));
        let date = |d: Option<chrono::NaiveDate>| d.map_or(w.none.to_string(), |d| d.to_string());
        lines.push(Line::from(fill(
            w.fee_line,
            &[&a.fee.with_dollar_sign(), &date(a.next_due)],
        )));
        lines.push(match a.delinquent_from {
            Some(d) if !a.current => {
                Line::styled(fill(w.fee_delinquent, &[&d.to_string()]), theme::warning())
            }
            _ => Line::from(w.fee_current),
        });
        if let Some((amount, until)) = a.waiver {
            lines.push(Line::from(fill(
                w.fee_waiver,
                &[&amount.with_dollar_sign(), &until.to_string()],
            )));
        }
        if let Some(d) = a.closed_on {
            lines.push(Line::from(fill(w.fee_closed, &[&d.to_string()])));
        }
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!("{}: {}_", w.fee_amount, model.fee.amount),
            theme::selected(),
        ));
        lines.push(Line::from(if model.fee.cashiers_check {
            w.fee_cashiers_check
        } else {
            w.fee_money_order
        }));
        lines.push(Line::styled(w.pin_hint, theme::muted()));
        if model.screen == Screen::PinConfirm {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                fill(w.pin_confirm, &[&a.doc]),
                theme::selected(),
            ));
        }
        if model.screen == Screen::FeePayConfirm {
            let amount = crate::domain::Money::parse_amount(&model.fee.amount)
                .map(|m| m.with_dollar_sign())
                .unwrap_or_default();
            lines.push(Line::from(""));
            lines.push(Line::styled(
                fill(w.fee_confirm, &[&amount, &a.doc]),
                theme::selected(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

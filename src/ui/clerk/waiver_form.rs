//! A waiver request for the offender on the fee desk, one screen: the household's figures
//! with the income test live, the dates and the amount; every problem shown at its field at
//! once, the cursor on the first; a backdated waiver only by a supervisor who says why.

use chrono::Datelike;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::{
    check_waiver_eligibility, monthly_threshold, waiver_terms_problems, Employment, Income, Money,
    MoneyError, Rejection,
};
use crate::strings::{self, ClerkWords};
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{Effect, WaiverForm};
use super::model::{keep, parse_date, supervisor, Model, Notice, Screen};
use super::view::fill;

/// The longest figure typed, and the longest reason.
const FIGURE_MAX: usize = 16;
const REASON_MAX: usize = 500;

/// The form's fields, in the order Enter walks them (employment is chosen with Left/Right;
/// the reason is asked only for a waiver starting before today, of a supervisor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverField {
    Persons,
    Income,
    Employment,
    From,
    To,
    Amount,
    Reason,
}

impl WaiverField {
    pub const ALL: [WaiverField; 7] = [
        WaiverField::Persons,
        WaiverField::Income,
        WaiverField::Employment,
        WaiverField::From,
        WaiverField::To,
        WaiverField::Amount,
        WaiverField::Reason,
    ];

    fn index(self) -> usize {
        WaiverField::ALL
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0)
    }
}

/// The request being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverDraft {
    /// The typed values by `WaiverField::ALL`'s order (employment's is unused).
    pub fields: [String; 7],
    pub employment: Employment,
    pub focus: usize,
    /// What is wrong, each at its field.
    pub problems: Vec<(WaiverField, Rejection)>,
}

impl Default for WaiverDraft {
    fn default() -> WaiverDraft {
        WaiverDraft {
            fields: Default::default(),
            employment: Employment::Employed,
            focus: 0,
            problems: Vec::new(),
        }
    }
}

impl WaiverDraft {
    pub fn value(&self, f: WaiverField) -> &str {
        self.fields.get(f.index()).map_or("", |v| v.trim())
    }
}

/// Household income as typed; unlike a payment, nothing at all ($0) is a real answer.
pub fn parse_income(text: &str) -> Result<Money, Rejection> {
    match Money::parse_amount(text) {
        Ok(m) => Ok(m),
        Err(MoneyError::Zero) => Ok(Money::ZERO),
        Err(e) => Err(Rejection::Amount(e)),
    }
}

/// Whether the form asks why: a supervisor's waiver starting before today.
fn asks_reason(model: &Model) -> bool {
    supervisor(model)
        && parse_date(model.waiver.value(WaiverField::From)).is_ok_and(|d| d < model.today)
}

/// The fields shown, in order: the reason only when it is asked.
fn shown(model: &Model) -> Vec<WaiverField> {
    WaiverField::ALL
        .into_iter()
        .filter(|f| *f != WaiverField::Reason || asks_reason(model))
        .collect()
}

/// Every problem of the form, each at its field, in the form's order; and the request when
/// there is none.
pub fn check(model: &Model) -> Result<WaiverForm, Vec<(WaiverField, Rejection)>> {
    let d = &model.waiver;
    let mut problems = Vec::new();
    let persons = match d.value(WaiverField::Persons) {
        "" => 0,
        text => text.parse::<u32>().unwrap_or(u32::MAX),
    };
    if let Err(e) = monthly_threshold(persons) {
        problems.push((WaiverField::Persons, Rejection::Household(e)));
    }
    let income = parse_income(d.value(WaiverField::Income));
    match (&income, problems.is_empty()) {
        (Err(r), _) => problems.push((WaiverField::Income, *r)),
        // The income test: an ineligible request is not offered for sending (the ledger
        // checks it again).
        (Ok(income), true) => {
            match check_waiver_eligibility(persons, Income::Monthly(*income), d.employment) {
                Ok(e) if e.eligible => {}
                Ok(_) => problems.push((WaiverField::Income, Rejection::WaiverNotEligible)),
                Err(e) => problems.push((WaiverField::Persons, Rejection::Household(e))),
            }
        }
        (Ok(_), false) => {}
    }
    let from = parse_date(d.value(WaiverField::From));
    let to = parse_date(d.value(WaiverField::To));
    let amount = Money::parse_amount(d.value(WaiverField::Amount)).map_err(Rejection::Amount);
    if let Err(r) = from {
        problems.push((WaiverField::From, r));
    }
    if let Ok(from) = from {
        if from < model.today && !supervisor(model) {
            problems.push((WaiverField::From, Rejection::WaiverStartsBeforeRequest));
        }
    }
    if let Err(r) = to {
        problems.push((WaiverField::To, r));
    }
    if let Err(r) = amount {
        problems.push((WaiverField::Amount, r));
    }
    // The terms as the case will check them, each at its field; the dates are judged with
    // the fee itself when the amount is not readable, and the amount on its own.
    let fee = model.fee.account.as_ref().map(|a| a.fee);
    if let (Ok(from), Ok(to)) = (from, to) {
        let whole = fee.unwrap_or(Money::from_cents(1));
        for r in waiver_terms_problems(from, to, whole, whole) {
            problems.push((WaiverField::To, r));
        }
    }
    if let (Ok(amount), Some(fee)) = (amount, fee) {
        let today = model.today;
        if !waiver_terms_problems(today, today, amount, fee).is_empty() {
            problems.push((WaiverField::Amount, Rejection::WaiverOverFee));
        }
    }
    let reason = d.value(WaiverField::Reason);
    if asks_reason(model) && reason.is_empty() {
        problems.push((
            WaiverField::Reason,
            Rejection::FieldRequired(crate::domain::Field::Note),
        ));
    }
    problems.sort_by_key(|(f, _)| f.index());
    match (problems.is_empty(), income, from, to, amount) {
        (true, Ok(monthly_income), Ok(effective), Ok(expires), Ok(amount)) => Ok(WaiverForm {
            persons,
            monthly_income,
            employment: d.employment,
            effective,
            expires,
            amount,
            backdate_reason: asks_reason(model).then(|| reason.to_string()),
        }),
        _ => Err(problems),
    }
}

/// The form for the offender on the desk: from the 1st of next month for 90 days (both ends
/// counted), the whole fee; the household's figures are typed.
pub fn open(model: &mut Model) {
    let from = model
        .today
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(model.today);
    let to = from.checked_add_days(chrono::Days::new(89)).unwrap_or(from);
    let fee = model
        .fee
        .account
        .as_ref()
        .map_or(String::new(), |a| a.fee.to_string());
    let mut draft = WaiverDraft::default();
    draft.fields[WaiverField::From.index()] = from.to_string();
    draft.fields[WaiverField::To.index()] = to.to_string();
    draft.fields[WaiverField::Amount.index()] = fee;
    model.waiver = draft;
    model.screen = Screen::WaiverForm;
    model.notice = None;
}

/// The ledger's answer: the request's number, or back to the form to correct it.
pub fn requested(model: &mut Model, result: Result<i64, Rejection>) {
    match result {
        Ok(id) => {
            model.screen = Screen::FeeDesk;
            model.notice = Some(Notice::WaiverSent(id));
        }
        Err(r) => {
            model.screen = Screen::WaiverForm;
            model.notice = Some(Notice::Rejected(r));
        }
    }
}

/// What of `text` the focused field takes; a refused character is said at once.
pub fn type_text(model: &mut Model, text: &str) {
    let Some(field) = shown(model).get(model.waiver.focus).copied() else {
        return;
    };
    let amount = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '$');
    let date = |c: char| c.is_ascii_digit() || c == '-';
    let (allowed, refused, max): (fn(char) -> bool, Notice, usize) = match field {
        WaiverField::Income | WaiverField::Amount => (amount, Notice::NotAnAmount, FIGURE_MAX),
        WaiverField::Persons => (|c| c.is_ascii_digit(), Notice::DigitsOnly, FIGURE_MAX),
        WaiverField::From | WaiverField::To => (date, Notice::DigitsOnly, 10),
        WaiverField::Reason => (|c| !c.is_control(), Notice::DigitsOnly, REASON_MAX),
        WaiverField::Employment => return,
    };
    let kept = keep(model, text, allowed, refused);
    let d = &mut model.waiver;
    if let Some(value) = d.fields.get_mut(field.index()) {
        for c in kept.chars() {
            if value.chars().count() >= max {
                break;
            }
            value.push(c);
        }
    }
    d.problems.retain(|(f, _)| *f != field);
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    if model.screen == Screen::WaiverConfirm {
        match confirm_key(key) {
            Confirm::Yes => {
                let (Some(account), Ok(form)) = (&model.fee.account, check(model)) else {
                    model.screen = Screen::WaiverForm;
                    return Vec::new();
                };
                let doc = account.doc.clone();
                model.waiting = true;
                return vec![Effect::RequestWaiver { doc, form }];
            }
            Confirm::No => {
                model.screen = Screen::WaiverForm;
                model.notice = None;
            }
            Confirm::Neither => {}
        }
        return Vec::new();
    }
    let fields = shown(model);
    let last = fields.len().saturating_sub(1);
    let on = fields.get(model.waiver.focus).copied();
    let d = &mut model.waiver;
    match key {
        Key::Esc => {
            model.screen = Screen::FeeDesk;
            model.notice = None;
        }
        Key::Up => d.focus = d.focus.saturating_sub(1),
        Key::Down => d.focus = (d.focus + 1).min(last),
        Key::Left | Key::Right if on == Some(WaiverField::Employment) => {
            let all = Employment::ALL;
            let i = all.iter().position(|e| *e == d.employment).unwrap_or(0);
            let next = if key == Key::Right {
                (i + 1) % all.len()
            } else {
                (i + all.len() - 1) % all.len()
            };
            d.employment = all[next];
            d.problems.retain(|(f, _)| *f != WaiverField::Income);
        }
        Key::Backspace => {
            if let Some(v) = on.and_then(|f| d.fields.get_mut(f.index())) {
                v.pop();
            }
        }
        Key::Char(c) => type_text(model, &c.to_string()),
        Key::Enter if d.focus < last => d.focus += 1,
        // The last field: every problem at its field, the cursor on the first; none, the
        // confirm step.
        Key::Enter => match check(model) {
            Ok(_) => {
                model.waiver.problems.clear();
                model.screen = Screen::WaiverConfirm;
                model.notice = None;
            }
            Err(problems) => {
                let first = problems.first().copied();
                model.waiver.problems = problems;
                if let Some((field, r)) = first {
                    let fields = shown(model);
                    model.waiver.focus = fields.iter().position(|f| *f == field).unwrap_or(0);
                    model.notice = Some(Notice::Rejected(r));
                }
            }
        },
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let d = &model.waiver;
    let (name, doc) = model
        .fee
        .account
        .as_ref()
        .map_or(("", ""), |a| (a.name.as_str(), a.doc.as_str()));
    let mut lines = vec![
        Line::styled(fill(w.waiver_title, &[name, doc]), theme::strong()),
        Line::from(""),
    ];
    for (i, field) in shown(model).into_iter().enumerate() {
        let label = match field {
            WaiverField::Persons => w.w_persons,
            WaiverField::Income => w.w_income,
            WaiverField::Employment => w.w_employment,
            WaiverField::From => w.w_from,
            WaiverField::To => w.w_to,
            WaiverField::Amount => w.w_amount,
            WaiverField::Reason => w.w_reason,
        };
        let focused = d.focus == i && model.screen == Screen::WaiverForm;
        let value = if field == WaiverField::Employment {
            let at = Employment::ALL
                .iter()
                .position(|e| *e == d.employment)
                .unwrap_or(0);
            format!(
                "◀ {} ▶",
                w.employment_names.get(at).copied().unwrap_or_default()
            )
        } else {
            d.value(field).to_string()
        };
        lines.push(Line::styled(
            format!(
                "{} {label:<36} {value}{}",
                if focused { "▶" } else { " " },
                if focused && field != WaiverField::Employment {
                    "_"
                } else {
                    ""
                }
            ),
            if focused {
                theme::selected()
            } else {
                theme::base()
            },
        ));
        for (_, problem) in d.problems.iter().filter(|(f, _)| *f == field) {
            lines.push(Line::styled(
                format!(
                    "    {} {}",
                    theme::ERROR_MARK,
                    strings::rejection(model.lang, *problem)
                ),
                theme::warning(),
            ));
        }
    }
    lines.push(Line::styled(
        format!("  {}", w.w_income_note),
        theme::muted(),
    ));
    lines.push(Line::from(""));
    // The income test, live as the figures are typed (a pure function of the form).
    let persons = d.value(WaiverField::Persons).parse::<u32>().ok();
    let income = parse_income(d.value(WaiverField::Income)).ok();
    if let (Some(persons), Some(income)) = (persons, income) {
        if let Ok(e) = check_waiver_eligibility(persons, Income::Monthly(income), d.employment) {
            let values = [
                e.monthly_income.with_dollar_sign(),
                e.threshold.with_dollar_sign(),
                persons.to_string(),
            ];
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            lines.push(if e.capable_of_work {
                Line::styled(w.w_capable, theme::warning())
            } else if e.eligible {
                Line::styled(fill(w.w_eligible, &values), theme::strong())
            } else {
                Line::styled(fill(w.w_not_eligible, &values), theme::warning())
            });
        }
    }
    if model.screen == Screen::WaiverConfirm {
        if let Ok(form) = check(model) {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                fill(
                    w.w_confirm,
                    &[
                        doc,
                        &form.amount.with_dollar_sign(),
                        &form.effective.to_string(),
                        &form.expires.to_string(),
                    ],
                ),
                theme::selected(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

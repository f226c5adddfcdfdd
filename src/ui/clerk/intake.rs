//! Lock-box intake, one screen: a slip scanned fills the form, the issuer is one key, and
//! what the form can tell by itself is shown at its fields before the confirm step. The
//! item that is not a money order (F2) is recorded from here too.

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::{fold_key, Instrument, IntakeRequest, IntakeSource, Issuer, Rejection};
use crate::strings::{self, ClerkWords};
use crate::ui::kiosk::Key;
use crate::ui::theme;

use super::confirm::{confirm_key, Confirm};
use super::effect::{DiscardedItem, Effect, IntakeResult, SlipView};
use super::model::{go, keep, Model, Notice, Screen};
use super::view::fill;

/// The longest a field may grow.
const FIELD_MAX: usize = 200;
/// Issuers offered by a key (1 to 9) and by type-ahead: the listed ones, then those the
/// ledger has seen most.
pub const ISSUERS_MAX: usize = 9;

/// The intake form's fields, in the order Enter walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Slip,
    Issuer,
    Serial,
    Amount,
    Date,
    Doc,
    Name,
    Sender,
    Address,
}

impl Field {
    /// The form's field a refusal concerns, if it concerns one.
    pub fn of(r: Rejection) -> Option<Field> {
        use crate::domain::Field as F;
        Some(match r {
            Rejection::SlipNumberMistyped | Rejection::SlipAlreadyUsed => Field::Slip,
            Rejection::FieldControlCharacter(f)
            | Rejection::FieldRequired(f)
            | Rejection::FieldTooLong(f) => match f {
                F::Issuer => Field::Issuer,
                F::Serial => Field::Serial,
                F::InmateName | F::LastName | F::FirstName => Field::Name,
                F::SenderName => Field::Sender,
                F::SenderAddress => Field::Address,
                _ => return None,
            },
            Rejection::Amount(_) | Rejection::AmountOverMoneyOrderLimit => Field::Amount,
            Rejection::MoneyOrderDateInFuture | Rejection::DateInvalid => Field::Date,
            Rejection::DocNumberInvalid | Rejection::InmateNotFound => Field::Doc,
            Rejection::DuplicateMoneyOrder => Field::Serial,
            _ => return None,
        })
    }

    pub const ALL: [Field; 9] = [
        Field::Slip,
        Field::Issuer,
        Field::Serial,
        Field::Amount,
        Field::Date,
        Field::Doc,
        Field::Name,
        Field::Sender,
        Field::Address,
    ];

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// The intake form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    /// The typed values, by `Field::ALL`'s order.
    pub fields: [String; 9],
    pub focus: usize,
    /// What is wrong, each at the field it concerns.
    pub problems: Vec<(Field, Rejection)>,
    /// The slip on file a scan found.
    pub slip: Option<SlipView>,
    /// The issuers offered, the key `n` choosing the n-th.
    pub issuers: Vec<String>,
}

impl Intake {
    pub fn new(today: NaiveDate) -> Intake {
        let mut fields: [String; 9] = Default::default();
        fields[Field::Date.index()] = today.to_string();
        Intake {
            fields,
            focus: 0,
            problems: Vec::new(),
            slip: None,
            issuers: Issuer::LISTED
                .iter()
                .map(|i| i.name().to_string())
                .collect(),
        }
    }

    pub fn field(&self, f: Field) -> &str {
        self.fields.get(f.index()).map_or("", String::as_str)
    }

    fn field_mut(&mut self, f: Field) -> &mut String {
        &mut self.fields[f.index()]
    }

    fn focused(&self) -> Option<Field> {
        Field::ALL.get(self.focus).copied()
    }

    /// The date changed (a console left open past midnight): the money order's date follows
    /// unless the clerk typed another.
    pub fn new_day(&mut self, old: NaiveDate, new: NaiveDate) {
        let date = self.field_mut(Field::Date);
        if *date == old.to_string() {
            *date = new.to_string();
        }
    }

    /// Empties the form for the next item, keeping the date and the issuers.
    pub fn clear(&mut self) {
        let date = self.field(Field::Date).to_string();
        self.fields = Default::default();
        *self.field_mut(Field::Date) = date;
        self.focus = 0;
        self.slip = None;
        self.problems.clear();
    }

    /// Shows `problems` at their fields and puts the cursor on the first.
    pub fn show_problems(&mut self, problems: &[Rejection]) {
        self.problems = problems
            .iter()
            .filter_map(|r| Field::of(*r).map(|f| (f, *r)))
            .collect();
        if let Some((first, _)) = self.problems.first() {
            self.focus = first.index();
        }
    }

    /// The issuer the typed start of a name points to: the first offered whose name, or
    /// a listed issuer's known spelling ("wu", "amex"), begins with it.
    pub fn suggestion(&self) -> Option<&str> {
        let typed = fold_key(self.field(Field::Issuer));
        if typed.is_empty() {
            return None;
        }
        let recognised = Issuer::recognise(self.field(Field::Issuer));
        self.issuers
            .iter()
            .find(|name| {
                fold_key(name).starts_with(&typed)
                    || (!matches!(recognised, Issuer::Other(_)) && recognised.name() == *name)
            })
            .map(String::as_str)
    }

    /// The request the form makes.
    pub fn request(&self, today: NaiveDate) -> IntakeRequest {
        let f = |x| self.field(x).trim().to_string();
        let slip = f(Field::Slip);
        IntakeRequest {
            instrument: Instrument::MoneyOrder,
            issuer: f(Field::Issuer),
            serial: f(Field::Serial),
            amount: f(Field::Amount),
            issued_on: NaiveDate::parse_from_str(&f(Field::Date), "%Y-%m-%d").unwrap_or(today),
            source: if slip.is_empty() {
                IntakeSource::ByHand {
                    doc: f(Field::Doc),
                    inmate_name: f(Field::Name),
                    sender_name: f(Field::Sender),
                    sender_address: f(Field::Address),
                }
            } else {
                IntakeSource::Slip(slip)
            },
        }
    }
}

/// A fresh form for the next item from the home screen; the session's tally stays.
pub fn open(model: &mut Model) {
    model.intake.clear();
    go(model, Screen::Intake);
}

/// The issuers the ledger offers: the listed ones first, then those it has seen most.
pub fn issuers(model: &mut Model, seen: Vec<String>) {
    let mut offered: Vec<String> = Issuer::LISTED
        .iter()
        .map(|i| i.name().to_string())
        .collect();
    for name in seen {
        if offered.len() >= ISSUERS_MAX {
            break;
        }
        if !offered.iter().any(|o| fold_key(o) == fold_key(&name)) {
            offered.push(name);
        }
    }
    model.intake.issuers = offered;
}

/// The slip a scan asked for.
pub fn slip_found(model: &mut Model, found: Result<Option<SlipView>, Rejection>) {
    match found {
        Ok(Some(slip)) => {
            *model.intake.field_mut(Field::Amount) = slip.amount.to_string();
            model.intake.slip = Some(slip);
            model.notice = None;
        }
        // Unknown: nothing is written yet; said as it is, and the form is there to type by
        // hand (taken in, it will go on hold).
        Ok(None) => {
            model.intake.slip = None;
            model.notice = Some(Notice::SlipNotOnFile);
        }
        Err(r) => model.notice = Some(Notice::Rejected(r)),
    }
}

/// The ledger's answer to the confirm step.
pub fn done(model: &mut Model, result: IntakeResult) {
    let add = |model: &mut Model, amount: crate::domain::Money| {
        model.tally.count += 1;
        model.tally.total =
            crate::domain::Money::from_cents(model.tally.total.cents() + amount.cents());
    };
    match result {
        IntakeResult::Ready(amount) => {
            add(model, amount);
            model.intake.clear();
        }
        IntakeResult::Held(amount, _) => {
            add(model, amount);
            model.tally.holds += 1;
            model.intake.clear();
        }
        IntakeResult::Refused(r) => model.intake.show_problems(&[r]),
    }
    model.screen = Screen::Intake;
    model.notice = Some(Notice::Intake(result));
}

/// An item that is not a money order was recorded, or refused.
pub fn discarded(model: &mut Model, result: Result<(), Rejection>) {
    model.screen = Screen::Intake;
    model.notice = Some(match result {
        Ok(()) => {
            model.tally.discarded += 1;
            model.intake.clear();
            Notice::Discarded
        }
        Err(r) => Notice::Rejected(r),
    });
}

/// Text typed or pasted (a scanner types the slip number, then Enter as its own key).
pub fn type_text(model: &mut Model, text: &str) {
    let Some(field) = model.intake.focused() else {
        return;
    };
    // On an empty issuer field a digit is the key of an offered issuer: chosen, and on to
    // the serial.
    if field == Field::Issuer && model.intake.field(Field::Issuer).is_empty() {
        let mut chars = text.chars();
        if let (Some(d), None) = (chars.next().and_then(|c| c.to_digit(10)), chars.next()) {
            if let Some(name) = usize::try_from(d)
                .ok()
                .and_then(|d| d.checked_sub(1))
                .and_then(|i| model.intake.issuers.get(i))
                .cloned()
            {
                *model.intake.field_mut(Field::Issuer) = name;
                model.intake.problems.retain(|(f, _)| *f != Field::Issuer);
                model.intake.focus = Field::Serial.index();
                return;
            }
        }
    }
    let typed = match field {
        Field::Amount => keep(
            model,
            text,
            |c| c.is_ascii_digit() || matches!(c, '.' | ',' | '$'),
            Notice::NotAnAmount,
        ),
        Field::Date => keep(
            model,
            text,
            |c| c.is_ascii_digit() || c == '-',
            Notice::DigitsOnly,
        ),
        _ => text.chars().filter(|c| !c.is_control()).collect(),
    };
    let value = model.intake.field_mut(field);
    for c in typed.chars() {
        if value.chars().count() >= FIELD_MAX {
            break;
        }
        value.push(c);
    }
    model.intake.problems.retain(|(f, _)| *f != field);
}

pub fn key(model: &mut Model, key: Key) -> Vec<Effect> {
    match model.screen {
        Screen::Intake if key == Key::Discard => {
            go(model, Screen::Discard);
            Vec::new()
        }
        Screen::Intake => form_key(model, key),
        Screen::Discard => {
            let item = match key {
                Key::Char('1') => DiscardedItem::Cash,
                Key::Char('2') => DiscardedItem::PersonalCheck,
                Key::Char('3') => DiscardedItem::PersonalItem,
                Key::Esc => {
                    go(model, Screen::Intake);
                    return Vec::new();
                }
                _ => return Vec::new(),
            };
            model.waiting = true;
            vec![Effect::Discard {
                item,
                amount: model.intake.field(Field::Amount).to_string(),
                slip: model.intake.field(Field::Slip).to_string(),
            }]
        }
        Screen::IntakeConfirm => match confirm_key(key) {
            Confirm::Yes => {
                model.waiting = true;
                vec![Effect::Intake(model.intake.request(model.today))]
            }
            Confirm::No => {
                go(model, Screen::Intake);
                Vec::new()
            }
            Confirm::Neither => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn form_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let form = &mut model.intake;
    let last = Field::ALL.len() - 1;
    let on = form.focused();
    let has_slip = !form.field(Field::Slip).trim().is_empty();
    match key {
        Key::Esc => go(model, Screen::Home),
        Key::Up => form.focus = form.focus.saturating_sub(1),
        Key::Down => form.focus = (form.focus + 1).min(last),
        Key::Backspace => {
            if let Some(v) = form.fields.get_mut(form.focus) {
                v.pop();
            }
            if on == Some(Field::Slip) {
                form.slip = None;
            }
        }
        Key::Char(c) => type_text(model, &c.to_string()),
        // The slip number scanned or typed: fill the fields from the slip on file.
        Key::Enter if on == Some(Field::Slip) && has_slip => {
            form.focus = Field::Issuer.index();
            model.waiting = true;
            return vec![Effect::LookupSlip(
                form.field(Field::Slip).trim().to_string(),
            )];
        }
        // The issuer's start typed: the issuer it points to is taken.
        Key::Enter if on == Some(Field::Issuer) => {
            if let Some(name) = form.suggestion().map(str::to_string) {
                *form.field_mut(Field::Issuer) = name;
            }
            form.focus += 1;
        }
        // With a slip on file the amount and the date are filled in: the serial ends the
        // form. Without one, the last field does. What the form can tell by itself is shown
        // at its fields before the confirm step.
        Key::Enter
            if (has_slip && on.is_some_and(|f| f.index() >= Field::Serial.index()))
                || form.focus == last =>
        {
            let mut problems = form.request(model.today).problems(model.today);
            if NaiveDate::parse_from_str(form.field(Field::Date).trim(), "%Y-%m-%d").is_err() {
                problems.push(Rejection::DateInvalid);
                problems.sort();
            }
            match problems.first() {
                None => go(model, Screen::IntakeConfirm),
                Some(first) => {
                    model.notice = Some(Notice::Rejected(*first));
                    model.intake.show_problems(&problems);
                }
            }
        }
        Key::Enter => form.focus += 1,
        _ => {}
    }
    Vec::new()
}

pub fn draw(model: &Model, w: &ClerkWords, frame: &mut Frame<'_>, area: Rect) {
    let form = &model.intake;
    let labels = [
        w.f_slip,
        w.f_issuer,
        w.f_serial,
        w.f_amount,
        w.f_date,
        w.f_doc,
        w.f_name,
        w.f_sender,
        w.f_address,
    ];
    let mut lines = vec![Line::styled(w.intake, theme::strong()), Line::from("")];
    for (i, (field, label)) in Field::ALL.iter().zip(labels).enumerate() {
        let focused = form.focus == i && model.screen == Screen::Intake;
        let value = form.field(*field);
        lines.push(Line::styled(
            format!(
                "{} {label:<34} {value}{}",
                if focused { "▶" } else { " " },
                if focused { "_" } else { "" }
            ),
            if focused {
                theme::selected()
            } else {
                theme::base()
            },
        ));
        for (_, problem) in form.problems.iter().filter(|(f, _)| f == field) {
            lines.push(Line::styled(
                format!(
                    "    {} {}",
                    theme::ERROR_MARK,
                    strings::rejection(model.lang, *problem)
                ),
                theme::warning(),
            ));
        }
        if *field == Field::Issuer && focused {
            let line = match form.suggestion() {
                Some(name) if name != value => fill(w.issuer_suggestion, &[name]),
                _ if value.is_empty() => {
                    let keys: Vec<String> = form
                        .issuers
                        .iter()
                        .enumerate()
                        .map(|(i, name)| format!("{} {name}", i + 1))
                        .collect();
                    fill(w.issuer_keys, &[&keys.join("  ")])
                }
                _ => String::new(),
            };
            if !line.is_empty() {
                lines.push(Line::styled(format!("    {line}"), theme::muted()));
            }
        }
        if *field == Field::Slip {
            if let Some(slip) = &form.slip {
                let text = format!(
                    "{} {} — {} ({}) — {}",
                    slip.doc,
                    slip.inmate_name,
                    slip.sender_name,
                    slip.sender_address,
                    slip.amount.with_dollar_sign()
                );
                lines.push(Line::styled(
                    format!("    {}", fill(w.slip_on_file, &[&text])),
                    theme::strong(),
                ));
                if slip.already_used {
                    lines.push(Line::styled(
                        format!("    {}", w.slip_used),
                        theme::warning(),
                    ));
                }
            }
        }
    }
    if model.screen == Screen::IntakeConfirm {
        lines.push(Line::from(""));
        lines.push(Line::styled(w.confirm_intake, theme::selected()));
    }
    if model.screen == Screen::Discard {
        lines.push(Line::from(""));
        lines.push(Line::styled(w.discard_choose, theme::selected()));
    } else {
        lines.push(Line::styled(w.discard_hint, theme::muted()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

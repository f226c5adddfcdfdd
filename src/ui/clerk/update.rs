//! The console's rules of conduct: a pure function of the model, a message and the time.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::domain::{Instrument, IntakeRequest, IntakeSource, Rejection};
use crate::ui::kiosk::Key;

use super::effect::{DiscardedItem, Effect, FeeReport, HoldsPage, IntakeResult};
use super::model::{Field, HoldAction, Model, Notice, Screen};
use super::msg::Msg;

/// The console locks after this long without input (DOMAIN.md).
pub const IDLE_LOCK_AFTER: Duration = Duration::from_secs(15 * 60);
/// Rows of the holds queue loaded at a time.
pub const HOLDS_PAGE: i64 = 15;
/// The longest a field or note may grow.
const FIELD_MAX: usize = 200;
const NOTE_MAX: usize = 500;
/// Home menu items.
const HOME_ITEMS: usize = 7;

fn push_text(value: &mut String, text: &str, max: usize) {
    for c in text.chars().filter(|c| !c.is_control()) {
        if value.chars().count() >= max {
            break;
        }
        value.push(c);
    }
}

/// Keys typed while an effect runs, kept for when it ends: a clerk (or a scanner) typing on
/// after Enter loses nothing.
const PENDING_KEYS_MAX: usize = 256;

pub fn update(model: &mut Model, msg: Msg, now: Instant) -> Vec<Effect> {
    let mut effects = update_one(model, msg, now);
    while !model.waiting && !model.pending_keys.is_empty() {
        let key = model.pending_keys.remove(0);
        effects.extend(update_one(model, Msg::Key(key), now));
    }
    effects
}

fn update_one(model: &mut Model, msg: Msg, now: Instant) -> Vec<Effect> {
    if matches!(msg, Msg::Key(_) | Msg::Paste(_)) {
        model.last_input = now;
    }
    match msg {
        Msg::Tick => {
            if model.user.is_some()
                && !model.locked
                && !model.waiting
                && now.saturating_duration_since(model.last_input) >= IDLE_LOCK_AFTER
            {
                model.locked = true;
                model.sign_password.clear();
            }
            Vec::new()
        }
        Msg::SignedIn(role) => {
            model.waiting = false;
            model.sign_password.clear();
            match role {
                Some(supervisor) => {
                    if !model.locked {
                        model.user = Some((model.sign_user.trim().to_string(), supervisor));
                        go(model, Screen::Home);
                    }
                    model.locked = false;
                    model.notice = None;
                }
                None => model.notice = Some(Notice::SignInRefused),
            }
            Vec::new()
        }
        Msg::SlipFound(found) => {
            model.waiting = false;
            match found {
                Ok(Some(slip)) => {
                    model.fields[3] = slip.amount.to_string();
                    model.slip = Some(slip);
                    model.notice = None;
                }
                // Unknown: taken in anyway, it goes on hold.
                Ok(None) => {
                    model.slip = None;
                    model.notice = Some(Notice::Intake(IntakeResult::Held(
                        crate::domain::Money::ZERO,
                        crate::domain::HoldReason::UnknownSlip,
                    )));
                }
                Err(r) => model.notice = Some(Notice::Rejected(r)),
            }
            Vec::new()
        }
        Msg::IntakeDone(result) => {
            model.waiting = false;
            match result {
                IntakeResult::Ready(amount) => {
                    model.tally.count += 1;
                    model.tally.total = crate::domain::Money::from_cents(
                        model.tally.total.cents() + amount.cents(),
                    );
                    model.clear_form();
                    model.screen = Screen::Intake;
                }
                IntakeResult::Held(amount, _) => {
                    model.tally.count += 1;
                    model.tally.holds += 1;
                    model.tally.total = crate::domain::Money::from_cents(
                        model.tally.total.cents() + amount.cents(),
                    );
                    model.clear_form();
                    model.screen = Screen::Intake;
                }
                IntakeResult::Refused(_) => model.screen = Screen::Intake,
            }
            model.notice = Some(Notice::Intake(result));
            Vec::new()
        }
        Msg::Holds { rows, total } => {
            model.waiting = false;
            // Past either end of the queue: stay on the page shown.
            if rows.is_empty() && !model.holds.is_empty() && total > 0 {
                model.holds_total = total;
                return Vec::new();
            }
            let (new_first, old_first) = (
                rows.first().map(|r| r.money_order),
                model.holds.first().map(|r| r.money_order),
            );
            if new_first < old_first {
                // Paging up: land on the last row of the page above.
                model.selected = rows.len().saturating_sub(1);
            } else if new_first > old_first {
                model.selected = 0;
            }
            model.holds = rows;
            model.holds_total = total;
            model.selected = model.selected.min(model.holds.len().saturating_sub(1));
            Vec::new()
        }
        Msg::HoldResolved(result) => {
            model.waiting = false;
            let action = match model.screen {
                Screen::HoldConfirm(a) | Screen::HoldNote(a) => a,
                _ => HoldAction::Release,
            };
            go(model, Screen::Holds);
            model.notice = Some(match result {
                Ok(()) => Notice::HoldResolved(action),
                Err(r) => Notice::Rejected(r),
            });
            model.note.clear();
            // Reload the page as it started.
            let from = model.holds.first().map_or(0, |h| h.money_order);
            vec![Effect::LoadHolds(HoldsPage::From(from), model.holds_filter)]
        }
        Msg::Preview { count, total } => {
            model.waiting = false;
            model.preview = Some((count, total));
            Vec::new()
        }
        Msg::Progress { posted, total } => {
            model.progress = Some((posted, total));
            Vec::new()
        }
        Msg::Posted(result) => {
            model.waiting = false;
            go(model, Screen::Posting);
            model.notice = Some(Notice::Posted(result));
            vec![Effect::PreviewPosting]
        }
        Msg::Reconciliation(view) => {
            model.waiting = false;
            model.recon = Some(view);
            Vec::new()
        }
        Msg::ReconciliationQueued(result) => {
            model.waiting = false;
            model.notice = Some(match result {
                Ok(()) => Notice::ReconciliationQueued,
                Err(r) => Notice::Rejected(r),
            });
            Vec::new()
        }
        Msg::FeeAccount(result) => {
            model.waiting = false;
            match result {
                Ok(account) => {
                    if model.fee_amount.is_empty() && account.payable.is_positive() {
                        model.fee_amount = account.payable.to_string();
                    }
                    model.fee_account = Some(account);
                    model.notice = None;
                }
                Err(r) => {
                    model.fee_account = None;
                    model.notice = Some(Notice::Rejected(r));
                }
            }
            Vec::new()
        }
        Msg::FeePaid(result) => {
            model.waiting = false;
            model.screen = Screen::FeeDesk;
            match result {
                Ok(balance) => {
                    model.notice = Some(Notice::FeePaid(balance));
                    model.fee_input.clear();
                    model.fee_amount.clear();
                    model.fee_account = None;
                    model.fee_cashiers_check = false;
                }
                Err(r) => model.notice = Some(Notice::Rejected(r)),
            }
            Vec::new()
        }
        Msg::Reprinted(result) => {
            model.waiting = false;
            model.screen = Screen::Reprint;
            model.reprint_input.clear();
            model.notice = Some(match result {
                Ok(job) => Notice::Reprinted(job),
                Err(r) => Notice::Rejected(r),
            });
            Vec::new()
        }
        Msg::FeeReport {
            report,
            rows,
            total,
        } => {
            model.waiting = false;
            model.fee_report = Some((report, rows, total));
            Vec::new()
        }
        Msg::Discarded(result) => {
            model.waiting = false;
            model.screen = Screen::Intake;
            model.notice = Some(match result {
                Ok(()) => {
                    model.tally.discarded += 1;
                    Notice::Discarded
                }
                Err(r) => Notice::Rejected(r),
            });
            Vec::new()
        }
        Msg::PinIssued(result) => {
            model.waiting = false;
            model.screen = Screen::FeeDesk;
            model.notice = Some(match result {
                Ok(()) => Notice::PinPrinted,
                Err(true) => Notice::PinNotPrinted,
                Err(false) => Notice::PinRefused,
            });
            Vec::new()
        }
        Msg::Key(key) if model.waiting => {
            if model.pending_keys.len() < PENDING_KEYS_MAX {
                model.pending_keys.push(key);
            }
            Vec::new()
        }
        Msg::Paste(text) if model.waiting => {
            for c in text
                .chars()
                .take(PENDING_KEYS_MAX.saturating_sub(model.pending_keys.len()))
            {
                model.pending_keys.push(Key::Char(c));
            }
            Vec::new()
        }
        Msg::Key(key) if model.locked => sign_in_key(model, key, true),
        Msg::Paste(text) if model.locked => {
            push_text(&mut model.sign_password, &text, FIELD_MAX);
            Vec::new()
        }
        Msg::Key(key) => on_key(model, key, now),
        Msg::Paste(text) => {
            // A scanner types the slip number and Enter: the Enter comes as its own key.
            type_text(model, &text);
            Vec::new()
        }
    }
}

fn go(model: &mut Model, screen: Screen) {
    model.screen = screen;
    model.notice = None;
}

fn sign_in_key(model: &mut Model, key: Key, unlocking: bool) -> Vec<Effect> {
    let password_field = unlocking || model.screen == (Screen::SignIn { password: true });
    let field = if password_field {
        &mut model.sign_password
    } else {
        &mut model.sign_user
    };
    match key {
        Key::Char(c) => push_text(field, &c.to_string(), FIELD_MAX),
        Key::Backspace => {
            field.pop();
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

fn type_text(model: &mut Model, text: &str) {
    match model.screen {
        Screen::Intake => {
            if let Some(value) = model.fields.get_mut(model.focus) {
                push_text(value, text, FIELD_MAX);
            }
        }
        Screen::HoldNote(_) => push_text(&mut model.note, text, NOTE_MAX),
        Screen::FeeDesk if model.fee_account.is_none() => push_text(&mut model.fee_input, text, 40),
        // An amount: digits and its punctuation only (letters are the desk's keys).
        Screen::FeeDesk => {
            let amount: String = text
                .chars()
                .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '$'))
                .collect();
            push_text(&mut model.fee_amount, &amount, 16)
        }
        Screen::Reprint => push_text(&mut model.reprint_input, text, 12),
        Screen::SignIn { .. } => {
            for c in text.chars() {
                sign_in_key(model, Key::Char(c), false);
            }
        }
        _ => {}
    }
}

fn on_key(model: &mut Model, key: Key, now: Instant) -> Vec<Effect> {
    match model.screen {
        Screen::SignIn { .. } => sign_in_key(model, key, false),
        Screen::Home => match key {
            Key::Up => {
                model.selected = (model.selected + HOME_ITEMS - 1) % HOME_ITEMS;
                Vec::new()
            }
            Key::Down => {
                model.selected = (model.selected + 1) % HOME_ITEMS;
                Vec::new()
            }
            Key::Enter => home_choose(model, model.selected),
            Key::Char(c) => match c.to_digit(10) {
                Some(n) if (1..=HOME_ITEMS as u32).contains(&n) => {
                    home_choose(model, n as usize - 1)
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        Screen::Intake if key == Key::Discard => {
            go(model, Screen::Discard);
            Vec::new()
        }
        Screen::Intake => intake_key(model, key),
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
            vec![Effect::Discard(item)]
        }
        Screen::IntakeConfirm => match key {
            Key::Enter | Key::Char('1') => {
                model.waiting = true;
                vec![Effect::Intake(intake_request(model))]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::Intake);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Holds => holds_key(model, key),
        Screen::HoldNote(action) => match key {
            Key::Char(c) => {
                push_text(&mut model.note, &c.to_string(), NOTE_MAX);
                Vec::new()
            }
            Key::Backspace => {
                model.note.pop();
                Vec::new()
            }
            Key::Enter if !model.note.trim().is_empty() => {
                go(model, Screen::HoldConfirm(action));
                Vec::new()
            }
            Key::Enter => {
                model.notice = Some(Notice::Rejected(Rejection::FieldRequired(
                    crate::domain::Field::Note,
                )));
                Vec::new()
            }
            Key::Esc => {
                go(model, Screen::Holds);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::HoldConfirm(action) => match key {
            Key::Enter | Key::Char('1') => {
                let Some(row) = model.holds.get(model.selected) else {
                    return Vec::new();
                };
                model.waiting = true;
                let money_order = row.money_order;
                let note = model.note.trim().to_string();
                vec![match action {
                    HoldAction::Release => Effect::Release { money_order, note },
                    HoldAction::Return => Effect::Return { money_order, note },
                }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::Holds);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Posting => match key {
            Key::Enter | Key::Char('1') => {
                go(model, Screen::PostingConfirm);
                Vec::new()
            }
            Key::Esc => {
                go(model, Screen::Home);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::PostingConfirm => match key {
            Key::Enter | Key::Char('1') => {
                model.waiting = true;
                model.progress = Some((0, 0));
                model.screen = Screen::PostingRun;
                vec![Effect::Post { date: model.today }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::Posting);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::PostingRun => {
            let _ = now;
            Vec::new()
        }
        Screen::FeeDesk => fee_key(model, key),
        Screen::PinConfirm => match key {
            Key::Enter | Key::Char('1') => {
                let Some(account) = &model.fee_account else {
                    go(model, Screen::FeeDesk);
                    return Vec::new();
                };
                model.waiting = true;
                vec![Effect::IssuePin {
                    doc: account.doc.clone(),
                }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::FeeDesk);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::FeePayConfirm => match key {
            Key::Enter | Key::Char('1') => {
                let (Some(account), Ok(amount)) = (
                    &model.fee_account,
                    crate::domain::Money::parse_amount(&model.fee_amount),
                ) else {
                    go(model, Screen::FeeDesk);
                    return Vec::new();
                };
                model.waiting = true;
                vec![Effect::FeePayment {
                    doc: account.doc.clone(),
                    amount,
                    instrument: if model.fee_cashiers_check {
                        crate::domain::FeeInstrument::CashiersCheck
                    } else {
                        crate::domain::FeeInstrument::MoneyOrder
                    },
                    date: model.today,
                }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::FeeDesk);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Reports => match key {
            Key::Char(c @ ('d' | 'D' | 'm' | 'M' | 'v' | 'V')) => {
                let report = match c.to_ascii_lowercase() {
                    'd' => FeeReport::Delinquent,
                    'm' => FeeReport::Reminders,
                    _ => FeeReport::Violations,
                };
                model.waiting = true;
                vec![Effect::LoadFeeReport(report)]
            }
            Key::Char('r') | Key::Char('R') => {
                model.fee_report = None;
                Vec::new()
            }
            Key::Char('p') | Key::Char('P') => {
                model.waiting = true;
                vec![Effect::PrintReconciliation { date: model.today }]
            }
            Key::Esc => {
                go(model, Screen::Home);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Reprint => match key {
            Key::Char(c) if c.is_ascii_digit() => {
                push_text(&mut model.reprint_input, &c.to_string(), 12);
                Vec::new()
            }
            Key::Backspace => {
                model.reprint_input.pop();
                Vec::new()
            }
            Key::Enter if model.reprint_input.parse::<i64>().is_ok() => {
                go(model, Screen::ReprintConfirm);
                Vec::new()
            }
            Key::Esc => {
                go(model, Screen::Home);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::ReprintConfirm => match key {
            Key::Enter | Key::Char('1') => {
                model.waiting = true;
                vec![Effect::Reprint {
                    job: model.reprint_input.parse().unwrap_or(0),
                }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::Reprint);
                Vec::new()
            }
            _ => Vec::new(),
        },
    }
}

/// The fee desk: first a DOC number or a scanned voucher code (`V<doc>-<cents>`, which also
/// fills in the amount), then the amount; C switches money order / cashier's check.
fn fee_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let finding = model.fee_account.is_none();
    match key {
        Key::Esc if finding => {
            go(model, Screen::Home);
            Vec::new()
        }
        Key::Esc => {
            model.fee_account = None;
            model.fee_amount.clear();
            model.notice = None;
            Vec::new()
        }
        Key::Backspace => {
            if finding {
                model.fee_input.pop();
            } else {
                model.fee_amount.pop();
            }
            Vec::new()
        }
        Key::Char('n') | Key::Char('N') if !finding => {
            go(model, Screen::PinConfirm);
            Vec::new()
        }
        Key::Char('c') | Key::Char('C') if !finding => {
            model.fee_cashiers_check = !model.fee_cashiers_check;
            Vec::new()
        }
        Key::Char(c) => {
            type_text(model, &c.to_string());
            Vec::new()
        }
        Key::Enter if finding => {
            let input = model.fee_input.trim().to_string();
            // A voucher's code: V, the DOC number, a dash, the amount due in cents.
            let (doc, cents) = match input
                .strip_prefix(['V', 'v'])
                .and_then(|rest| rest.split_once('-'))
            {
                Some((doc, cents)) => (doc.to_string(), cents.parse::<i64>().ok()),
                None => (input, None),
            };
            model.fee_amount = cents
                .map(|c| crate::domain::Money::from_cents(c).to_string())
                .unwrap_or_default();
            model.waiting = true;
            vec![Effect::LoadFeeAccount { doc }]
        }
        Key::Enter => {
            match crate::domain::Money::parse_amount(&model.fee_amount) {
                Ok(_) => go(model, Screen::FeePayConfirm),
                Err(e) => model.notice = Some(Notice::Rejected(Rejection::Amount(e))),
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn home_choose(model: &mut Model, item: usize) -> Vec<Effect> {
    model.selected = 0;
    match item {
        0 => {
            // A fresh form for the next item; the session's tally stays.
            model.clear_form();
            go(model, Screen::Intake);
            Vec::new()
        }
        1 => {
            go(model, Screen::Holds);
            model.holds.clear();
            model.selected = 0;
            model.waiting = true;
            vec![Effect::LoadHolds(HoldsPage::From(0), model.holds_filter)]
        }
        2 => {
            go(model, Screen::Posting);
            model.preview = None;
            model.waiting = true;
            vec![Effect::PreviewPosting]
        }
        3 => {
            go(model, Screen::FeeDesk);
            model.fee_input.clear();
            model.fee_amount.clear();
            model.fee_account = None;
            Vec::new()
        }
        4 => {
            go(model, Screen::Reports);
            model.fee_report = None;
            model.waiting = true;
            vec![Effect::LoadReconciliation { date: model.today }]
        }
        5 => {
            go(model, Screen::Reprint);
            model.reprint_input.clear();
            Vec::new()
        }
        _ => {
            model.quit = true;
            vec![Effect::Quit]
        }
    }
}

fn intake_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let last = Field::ALL.len() - 1;
    let on_slip = model.focus == 0;
    let has_slip = !model.fields[0].trim().is_empty();
    match key {
        Key::Esc => {
            go(model, Screen::Home);
            Vec::new()
        }
        Key::Up => {
            model.focus = model.focus.saturating_sub(1);
            Vec::new()
        }
        Key::Down => {
            model.focus = (model.focus + 1).min(last);
            Vec::new()
        }
        Key::Backspace => {
            if let Some(v) = model.fields.get_mut(model.focus) {
                v.pop();
            }
            if on_slip {
                model.slip = None;
            }
            Vec::new()
        }
        Key::Char(c) => {
            type_text(model, &c.to_string());
            Vec::new()
        }
        // The slip number scanned or typed: fill the fields from the slip on file.
        Key::Enter if on_slip && has_slip => {
            model.focus = 1;
            model.waiting = true;
            vec![Effect::LookupSlip(model.fields[0].trim().to_string())]
        }
        // With a slip the by-hand fields are not needed: the amount's date ends the form.
        Key::Enter if (has_slip && model.focus >= 4) || model.focus == last => {
            go(model, Screen::IntakeConfirm);
            Vec::new()
        }
        Key::Enter => {
            model.focus += 1;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn intake_request(model: &Model) -> IntakeRequest {
    let f = |x| model.field(x).trim().to_string();
    let slip = f(Field::Slip);
    IntakeRequest {
        instrument: Instrument::MoneyOrder,
        issuer: f(Field::Issuer),
        serial: f(Field::Serial),
        amount: f(Field::Amount),
        issued_on: NaiveDate::parse_from_str(&f(Field::Date), "%Y-%m-%d").unwrap_or(model.today),
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

fn holds_key(model: &mut Model, key: Key) -> Vec<Effect> {
    match key {
        Key::Esc => {
            go(model, Screen::Home);
            Vec::new()
        }
        Key::Up if model.selected == 0 && !model.holds.is_empty() => {
            let first = model.holds.first().map_or(0, |h| h.money_order);
            model.waiting = true;
            vec![Effect::LoadHolds(
                HoldsPage::Before(first),
                model.holds_filter,
            )]
        }
        Key::Up => {
            model.selected = model.selected.saturating_sub(1);
            Vec::new()
        }
        Key::Down
            if model.selected + 1 >= model.holds.len()
                && model.holds.len() == usize::try_from(HOLDS_PAGE).unwrap_or(15) =>
        {
            let last = model.holds.last().map_or(0, |h| h.money_order);
            model.waiting = true;
            vec![Effect::LoadHolds(
                HoldsPage::From(last + 1),
                model.holds_filter,
            )]
        }
        Key::Down => {
            model.selected = (model.selected + 1).min(model.holds.len().saturating_sub(1));
            Vec::new()
        }
        // F: show one hold reason at a time, then all again.
        Key::Char('f') | Key::Char('F') => {
            let all = crate::domain::HoldReason::ALL;
            model.holds_filter = match model.holds_filter {
                None => all.first().copied(),
                Some(r) => all.iter().skip_while(|x| **x != r).nth(1).copied(),
            };
            model.holds.clear();
            model.selected = 0;
            model.waiting = true;
            vec![Effect::LoadHolds(HoldsPage::From(0), model.holds_filter)]
        }
        Key::Char('r') | Key::Char('R') | Key::Char('t') | Key::Char('T') => {
            if model.holds.get(model.selected).is_none() {
                model.notice = Some(Notice::NothingSelected);
                return Vec::new();
            }
            let action = if matches!(key, Key::Char('r') | Key::Char('R')) {
                HoldAction::Release
            } else {
                HoldAction::Return
            };
            model.note.clear();
            go(model, Screen::HoldNote(action));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

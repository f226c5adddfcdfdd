//! The console's rules of conduct: a pure function of the model, a message and the time.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::domain::Rejection;
use crate::ui::kiosk::Key;

use super::effect::{Effect, FeeReport, HoldsPage, Read};
use super::model::{DeskEvent, Model, Notice, Screen, WaiverAction};
use super::msg::Msg;

/// The console locks after this long without input (DOMAIN.md), unless the config says
/// otherwise.
pub const IDLE_LOCK_AFTER: Duration = Duration::from_secs(15 * 60);
pub use super::holds::HOLDS_PAGE;
/// The longest a field or note may grow.
const FIELD_MAX: usize = 200;
const NOTE_MAX: usize = 500;
/// Home menu items.
const HOME_ITEMS: usize = 8;
/// Waiting waiver requests shown at a time.
pub const WAIVERS_PAGE: i64 = 50;

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
                && now.saturating_duration_since(model.last_input) >= model.idle_lock_after
            {
                model.locked = true;
                model.sign_password.clear();
            }
            Vec::new()
        }
        Msg::Today(date) => {
            if model.today != date {
                // The intake form's date follows unless the clerk typed another.
                let typed = &mut model.intake.fields[4];
                if *typed == model.today.to_string() {
                    *typed = date.to_string();
                }
                model.today = date;
            }
            Vec::new()
        }
        Msg::SignedIn(role) => {
            model.waiting = false;
            model.sign_password.clear();
            match role {
                Ok(Some(supervisor)) => {
                    if !model.locked {
                        model.user = Some((model.sign_user.trim().to_string(), supervisor));
                        go(model, Screen::Home);
                    }
                    model.locked = false;
                    model.notice = None;
                    // What waits for the desk printer prints, and its state shows; the
                    // issuers the ledger sees most are offered at intake.
                    return vec![Effect::PrintDesk, Effect::LoadIssuers];
                }
                Ok(None) => model.notice = Some(Notice::SignInRefused),
                Err(r) => model.notice = Some(Notice::Rejected(r)),
            }
            Vec::new()
        }
        Msg::DeskPrinter(view) => {
            model.desk = Some(view);
            Vec::new()
        }
        Msg::SlipFound(found) => {
            model.waiting = false;
            super::intake::slip_found(model, found);
            Vec::new()
        }
        Msg::IntakeDone(result) => {
            model.waiting = false;
            super::intake::done(model, result);
            Vec::new()
        }
        Msg::Issuers(seen) => {
            super::intake::issuers(model, seen);
            Vec::new()
        }
        Msg::ReadFailed(read) => {
            model.waiting = false;
            model.failed = Some(read);
            model.notice = Some(Notice::ReadFailed(read));
            // Nothing stale stays on screen looking current.
            match read {
                Read::Holds => {
                    model.holds.rows.clear();
                    model.holds.selected = 0;
                }
                Read::Preview => model.preview = None,
                Read::Reconciliation => model.recon = None,
                Read::FeeReport(_) => model.fee_report = None,
                Read::Offenders => model.matches.clear(),
                Read::Waivers => model.waivers.clear(),
            }
            Vec::new()
        }
        Msg::Holds { rows, total } => {
            model.waiting = false;
            model.failed = None;
            super::holds::rows(model, rows, total);
            Vec::new()
        }
        Msg::HoldResolved(result) => {
            model.waiting = false;
            super::holds::resolved(model, result)
        }
        Msg::InmateOnFile(found) => {
            model.waiting = false;
            super::holds::inmate_on_file(model, found);
            Vec::new()
        }
        Msg::Preview(preview) => {
            model.waiting = false;
            model.failed = None;
            model.scroll = 0;
            model.preview = Some(preview);
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
            // The preview first (the screen waits for it), then the day's receipts print.
            model.waiting = true;
            vec![
                Effect::PreviewPosting { date: model.today },
                Effect::PrintDesk,
            ]
        }
        Msg::Reconciliation(view) => {
            model.waiting = false;
            model.failed = None;
            model.recon = Some(view);
            Vec::new()
        }
        Msg::ReconciliationQueued(result) => {
            model.waiting = false;
            queued(model, result, Notice::ReconciliationQueued)
        }
        Msg::FeeAccount(result) => {
            model.waiting = false;
            match result {
                Ok(account) => {
                    if model.fee_amount.is_empty() && account.payable.is_positive() {
                        model.fee_amount = account.payable.to_string();
                    }
                    model.fee_account = Some(account);
                    if model.notice != Some(Notice::CaseEventRecorded) {
                        model.notice = None;
                    }
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
        Msg::DocumentFound(result) => {
            model.waiting = false;
            super::reprint::found(model, result);
            Vec::new()
        }
        Msg::Reprinted(result) => {
            model.waiting = false;
            let printed = result.is_ok();
            super::reprint::reprinted(model, result);
            if printed {
                vec![Effect::PrintDesk]
            } else {
                Vec::new()
            }
        }
        Msg::FeeReport {
            report,
            rows,
            total,
        } => {
            model.waiting = false;
            model.failed = None;
            model.fee_report = Some((report, rows, total));
            Vec::new()
        }
        Msg::Discarded(result) => {
            model.waiting = false;
            super::intake::discarded(model, result);
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
        Msg::WaiverRequested(result) => {
            model.waiting = false;
            super::waiver_form::requested(model, result);
            Vec::new()
        }
        Msg::Waivers { rows, total } => {
            model.waiting = false;
            model.failed = None;
            model.waivers = rows;
            model.waivers_total = total;
            model.selected = model.selected.min(model.waivers.len().saturating_sub(1));
            Vec::new()
        }
        Msg::WaiverDecided(result) => {
            model.waiting = false;
            let action = match model.screen {
                Screen::WaiverDecide(a) | Screen::WaiverNote(a) => a,
                _ => WaiverAction::Reject,
            };
            go(model, Screen::Waivers);
            model.note.clear();
            model.notice = Some(match result {
                Ok(()) => Notice::WaiverDecided(action),
                Err(r) => Notice::Rejected(r),
            });
            model.waiting = true;
            vec![Effect::LoadWaivers]
        }
        Msg::CaseEventRecorded(result) => {
            model.waiting = false;
            match result {
                Ok(()) => {
                    go(model, Screen::FeeDesk);
                    model.notice = Some(Notice::CaseEventRecorded);
                    if let Some(a) = &model.fee_account {
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
        Msg::Statement(result) => {
            model.waiting = false;
            super::statement::loaded(model, result);
            Vec::new()
        }
        Msg::Inmates(found) => {
            model.waiting = false;
            super::statement::inmates(model, found);
            Vec::new()
        }
        Msg::Offenders(found) => {
            model.waiting = false;
            model.failed = None;
            model.selected = 0;
            match found.as_slice() {
                [] => {
                    model.matches.clear();
                    model.notice = Some(Notice::NoOffenderFound);
                    Vec::new()
                }
                // One answer: straight to the account.
                [(doc, _)] => {
                    let doc = doc.clone();
                    model.matches.clear();
                    model.waiting = true;
                    vec![Effect::LoadFeeAccount { doc }]
                }
                _ => {
                    model.matches = found;
                    model.notice = None;
                    Vec::new()
                }
            }
        }
        Msg::FeeReportQueued(result) => {
            model.waiting = false;
            queued(model, result, Notice::FeeReportQueued)
        }
        Msg::StatementQueued(result) => {
            model.waiting = false;
            queued(model, result, Notice::StatementQueued)
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

/// A document queued for the desk printer (`done` said), or why not; a queued one prints
/// at once from the console itself.
fn queued(model: &mut Model, result: Result<(), Rejection>, done: Notice) -> Vec<Effect> {
    match result {
        Ok(()) => {
            model.notice = Some(done);
            vec![Effect::PrintDesk]
        }
        Err(r) => {
            model.notice = Some(Notice::Rejected(r));
            Vec::new()
        }
    }
}

fn go(model: &mut Model, screen: Screen) {
    model.screen = screen;
    model.notice = None;
    model.failed = None;
}

/// The screen `read` fills, so that Enter there tries the read again.
pub(crate) fn shows(screen: Screen, read: Read) -> bool {
    match read {
        Read::Holds => screen == Screen::Holds,
        Read::Preview => screen == Screen::Posting,
        Read::Reconciliation | Read::FeeReport(_) => screen == Screen::Reports,
        Read::Offenders => screen == Screen::FeeDesk,
        Read::Waivers => screen == Screen::Waivers,
    }
}

/// The failed read asked again.
fn retry(model: &mut Model, read: Read) -> Vec<Effect> {
    model.waiting = true;
    model.notice = None;
    vec![match read {
        Read::Holds => super::holds::load(model, HoldsPage::First, true),
        Read::Preview => Effect::PreviewPosting { date: model.today },
        Read::Reconciliation => Effect::LoadReconciliation { date: model.today },
        Read::FeeReport(report) => Effect::LoadFeeReport(report, model.report_sort),
        Read::Offenders => Effect::FindOffenders {
            text: model.fee_input.trim().to_string(),
        },
        Read::Waivers => Effect::LoadWaivers,
    }]
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

/// The fee desk's actions on function keys: letters typed there go into the amount.
pub const KEY_INSTRUMENT: Key = Key::Function(3);
pub const KEY_NEW_PIN: Key = Key::Function(4);
pub const KEY_WAIVER: Key = Key::Function(5);
pub const KEY_CASE_EVENT: Key = Key::Function(6);

fn is_amount_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '$')
}

fn is_date_char(c: char) -> bool {
    c.is_ascii_digit() || c == '-'
}

/// What of `text` a field takes; a character it refuses is said at once (`refused`), so a
/// letter never vanishes silently nor becomes a command.
fn keep(model: &mut Model, text: &str, allowed: fn(char) -> bool, refused: Notice) -> String {
    let kept: String = text.chars().filter(|c| allowed(*c)).collect();
    if kept.chars().count() < text.chars().filter(|c| !c.is_control()).count() {
        model.notice = Some(refused);
    } else if matches!(model.notice, Some(Notice::NotAnAmount | Notice::DigitsOnly)) {
        model.notice = None;
    }
    kept
}

fn type_text(model: &mut Model, text: &str) {
    match model.screen {
        Screen::Intake => super::intake::type_text(model, text),
        Screen::Holds | Screen::HoldNote(_) | Screen::HoldRelease => {
            super::holds::type_text(model, text)
        }
        Screen::FeeDesk if model.fee_account.is_none() => {
            // A new search: the names found for the old one go.
            model.matches.clear();
            push_text(&mut model.fee_input, text, 40)
        }
        // An amount: digits and its punctuation only; a letter is refused with a word.
        Screen::FeeDesk => {
            let amount = keep(model, text, is_amount_char, Notice::NotAnAmount);
            push_text(&mut model.fee_amount, &amount, 16)
        }
        Screen::Reprint => super::reprint::type_text(model, text),
        Screen::WaiverForm => super::waiver_form::type_text(model, text),
        Screen::WaiverNote(_) => push_text(&mut model.note, text, NOTE_MAX),
        Screen::CaseEvent => {
            let typed = keep(model, text, is_date_char, Notice::DigitsOnly);
            push_text(&mut model.event_date, &typed, 10)
        }
        Screen::Statement => super::statement::type_text(model, text),
        Screen::SignIn { .. } => {
            for c in text.chars() {
                sign_in_key(model, Key::Char(c), false);
            }
        }
        _ => {}
    }
}

fn on_key(model: &mut Model, key: Key, now: Instant) -> Vec<Effect> {
    // A screen whose read failed: Enter (and the posting's 1) tries again, never a confirm
    // step on what could not be read; every other key works as usual.
    if let Some(read) = model.failed {
        let confirm =
            key == Key::Enter || (key == Key::Char('1') && model.screen == Screen::Posting);
        if confirm && shows(model.screen, read) {
            return retry(model, read);
        }
    }
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
            Key::Char('l') | Key::Char('L') => {
                model.lang = match model.lang {
                    crate::domain::Language::En => crate::domain::Language::Es,
                    crate::domain::Language::Es => crate::domain::Language::En,
                };
                vec![Effect::Language(model.lang)]
            }
            Key::Char(c) => match c.to_digit(10) {
                Some(n) if (1..=HOME_ITEMS as u32).contains(&n) => {
                    home_choose(model, n as usize - 1)
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        Screen::Intake | Screen::Discard | Screen::IntakeConfirm => super::intake::key(model, key),
        Screen::Holds | Screen::HoldNote(_) | Screen::HoldRelease | Screen::HoldConfirm(_) => {
            super::holds::key(model, key)
        }
        Screen::Posting => match key {
            Key::Up => {
                model.scroll = model.scroll.saturating_sub(1);
                Vec::new()
            }
            Key::Down => {
                let rows = model.preview.as_ref().map_or(0, |p| p.rows.len());
                model.scroll = (model.scroll + 1).min(rows.saturating_sub(1));
                Vec::new()
            }
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
        Screen::WaiverForm | Screen::WaiverConfirm => super::waiver_form::key(model, key),
        Screen::Waivers => waivers_key(model, key),
        Screen::WaiverNote(action) => {
            note_key(model, key, Screen::WaiverDecide(action), Screen::Waivers);
            Vec::new()
        }
        Screen::WaiverDecide(action) => match key {
            Key::Enter | Key::Char('1') => {
                let Some(row) = model.waivers.get(model.selected) else {
                    go(model, Screen::Waivers);
                    return Vec::new();
                };
                model.waiting = true;
                vec![Effect::DecideWaiver {
                    id: row.id,
                    approve: action == WaiverAction::Approve,
                    note: model.note.trim().to_string(),
                }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::Waivers);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::CaseEvent => case_event_key(model, key),
        Screen::CaseEventConfirm => match key {
            Key::Enter | Key::Char('1') => {
                let (Some(account), Some(event)) = (&model.fee_account, desk_event(model)) else {
                    go(model, Screen::CaseEvent);
                    return Vec::new();
                };
                model.waiting = true;
                vec![Effect::RecordCaseEvent {
                    doc: account.doc.clone(),
                    event,
                }]
            }
            Key::Esc | Key::Char('2') => {
                go(model, Screen::CaseEvent);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Statement => super::statement::key(model, key),
        Screen::Reports => match key {
            Key::Char(c @ ('d' | 'D' | 'm' | 'M' | 'v' | 'V')) => {
                let report = match c.to_ascii_lowercase() {
                    'd' => FeeReport::Delinquent,
                    'm' => FeeReport::Reminders,
                    _ => FeeReport::Violations,
                };
                model.waiting = true;
                model.scroll = 0;
                vec![Effect::LoadFeeReport(report, model.report_sort)]
            }
            // O: the next order (balance, months, DOC number, name).
            Key::Char('o') | Key::Char('O') => {
                let Some((report, _, _)) = &model.fee_report else {
                    return Vec::new();
                };
                let report = *report;
                model.report_sort = model.report_sort.next();
                model.waiting = true;
                model.scroll = 0;
                vec![Effect::LoadFeeReport(report, model.report_sort)]
            }
            Key::Up => {
                model.scroll = model.scroll.saturating_sub(1);
                Vec::new()
            }
            Key::Down => {
                let rows = model.fee_report.as_ref().map_or(0, |(_, r, _)| r.len());
                model.scroll = (model.scroll + 1).min(rows.saturating_sub(1));
                Vec::new()
            }
            Key::Char('s') | Key::Char('S') => {
                super::statement::open(model);
                Vec::new()
            }
            Key::Char('r') | Key::Char('R') => {
                model.fee_report = None;
                Vec::new()
            }
            // P prints what is on screen: the officers' list, else the reconciliation.
            Key::Char('p') | Key::Char('P') => {
                model.waiting = true;
                match &model.fee_report {
                    Some((report, _, _)) => {
                        vec![Effect::PrintFeeReport(*report, model.report_sort)]
                    }
                    None => vec![Effect::PrintReconciliation { date: model.today }],
                }
            }
            Key::Esc => {
                go(model, Screen::Home);
                Vec::new()
            }
            _ => Vec::new(),
        },
        Screen::Reprint | Screen::ReprintConfirm => super::reprint::key(model, key),
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
        // Another offender: an empty search.
        Key::Esc => {
            model.fee_account = None;
            model.fee_amount.clear();
            model.fee_input.clear();
            model.notice = None;
            Vec::new()
        }
        Key::Up if finding && !model.matches.is_empty() => {
            model.selected = model.selected.saturating_sub(1);
            Vec::new()
        }
        Key::Down if finding && !model.matches.is_empty() => {
            model.selected = (model.selected + 1).min(model.matches.len() - 1);
            Vec::new()
        }
        // A name found: Enter opens the chosen one.
        Key::Enter if finding && !model.matches.is_empty() => {
            let doc = model
                .matches
                .get(model.selected)
                .map(|(doc, _)| doc.clone())
                .unwrap_or_default();
            model.matches.clear();
            model.waiting = true;
            vec![Effect::LoadFeeAccount { doc }]
        }
        Key::Backspace => {
            if finding {
                model.matches.clear();
                model.fee_input.pop();
            } else {
                model.fee_amount.pop();
            }
            Vec::new()
        }
        KEY_NEW_PIN if !finding => {
            go(model, Screen::PinConfirm);
            Vec::new()
        }
        KEY_INSTRUMENT if !finding => {
            model.fee_cashiers_check = !model.fee_cashiers_check;
            Vec::new()
        }
        KEY_WAIVER if !finding => {
            super::waiver_form::open(model);
            Vec::new()
        }
        KEY_CASE_EVENT if !finding => {
            go(model, Screen::CaseEvent);
            model.event_kind = 0;
            model.event_date = model.today.to_string();
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
            // Letters: a name to look for; digits: a DOC number.
            if doc.chars().any(char::is_alphabetic) {
                vec![Effect::FindOffenders { text: doc }]
            } else {
                vec![Effect::LoadFeeAccount { doc }]
            }
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
            super::intake::open(model);
            Vec::new()
        }
        1 => super::holds::open(model),
        2 => {
            go(model, Screen::Posting);
            model.preview = None;
            model.waiting = true;
            vec![Effect::PreviewPosting { date: model.today }]
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
            super::reprint::open(model);
            Vec::new()
        }
        6 => {
            go(model, Screen::Waivers);
            model.waivers.clear();
            model.waiting = true;
            vec![Effect::LoadWaivers]
        }
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

fn parse_date(text: &str) -> Result<NaiveDate, Rejection> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Rejection::DateInvalid)
}

fn waivers_key(model: &mut Model, key: Key) -> Vec<Effect> {
    match key {
        Key::Esc => go(model, Screen::Home),
        Key::Up => model.selected = model.selected.saturating_sub(1),
        Key::Down => {
            model.selected = (model.selected + 1).min(model.waivers.len().saturating_sub(1))
        }
        Key::Char(c @ ('a' | 'A' | 'x' | 'X')) => {
            if model.waivers.get(model.selected).is_none() {
                model.notice = Some(Notice::NothingSelected);
            } else if !model
                .user
                .as_ref()
                .is_some_and(|(_, supervisor)| *supervisor)
            {
                model.notice = Some(Notice::SupervisorOnly);
            } else {
                model.note.clear();
                let action = if c.eq_ignore_ascii_case(&'a') {
                    WaiverAction::Approve
                } else {
                    WaiverAction::Reject
                };
                go(model, Screen::WaiverNote(action));
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The case event on the form, dated as typed.
fn desk_event(model: &Model) -> Option<crate::domain::DatedEvent> {
    use crate::domain::CaseEvent;
    let date = parse_date(&model.event_date).ok()?;
    let event = match DeskEvent::ALL.get(model.event_kind)? {
        DeskEvent::ProgramStart => CaseEvent::ProgramStart(model.event_program),
        DeskEvent::ProgramEnd => CaseEvent::ProgramEnd,
        DeskEvent::Confined => CaseEvent::Confined,
        DeskEvent::Released => CaseEvent::Released,
        DeskEvent::InterstateDeparted => CaseEvent::InterstateDeparted,
        DeskEvent::Absconded => CaseEvent::Absconded,
        DeskEvent::Closed => CaseEvent::Closed,
        DeskEvent::WaiverRescinded => CaseEvent::WaiverRescinded,
    };
    Some(crate::domain::DatedEvent { date, event })
}

fn case_event_key(model: &mut Model, key: Key) -> Vec<Effect> {
    let kinds = DeskEvent::ALL.len();
    match key {
        Key::Esc => go(model, Screen::FeeDesk),
        Key::Up => model.event_kind = (model.event_kind + kinds - 1) % kinds,
        Key::Down => model.event_kind = (model.event_kind + 1) % kinds,
        Key::Left | Key::Right => {
            let all = crate::domain::Program::ALL;
            let i = all
                .iter()
                .position(|p| *p == model.event_program)
                .unwrap_or(0);
            let next = if key == Key::Right {
                (i + 1) % all.len()
            } else {
                (i + all.len() - 1) % all.len()
            };
            model.event_program = all[next];
        }
        Key::Backspace => {
            model.event_date.pop();
        }
        Key::Char(c) => type_text(model, &c.to_string()),
        Key::Enter => match parse_date(&model.event_date) {
            Ok(_) => go(model, Screen::CaseEventConfirm),
            Err(r) => model.notice = Some(Notice::Rejected(r)),
        },
        _ => {}
    }
    Vec::new()
}

/// The note a decision needs (a hold's release or return, a waiver's approval or rejection):
/// Enter goes on to `confirm` once something is written, Esc goes `back`.
fn note_key(model: &mut Model, key: Key, confirm: Screen, back: Screen) {
    match key {
        Key::Char(c) => push_text(&mut model.note, &c.to_string(), NOTE_MAX),
        Key::Backspace => {
            model.note.pop();
        }
        Key::Enter if !model.note.trim().is_empty() => go(model, confirm),
        Key::Enter => {
            model.notice = Some(Notice::Rejected(Rejection::FieldRequired(
                crate::domain::Field::Note,
            )))
        }
        Key::Esc => go(model, back),
        _ => {}
    }
}

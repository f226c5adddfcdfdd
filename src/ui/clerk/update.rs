//! The console's rules of conduct: a pure function of the model, a message and the time.

use std::time::{Duration, Instant};

use crate::domain::Rejection;
use crate::ui::kiosk::Key;

use super::effect::{Effect, HoldsPage, Read};
use super::model::{Model, Notice, Screen};
use super::msg::Msg;

/// The console locks after this long without input (DOMAIN.md), unless the config says
/// otherwise.
pub const IDLE_LOCK_AFTER: Duration = Duration::from_secs(15 * 60);
pub use super::holds::HOLDS_PAGE;
pub use super::waivers::WAIVERS_PAGE;

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
                model.intake.new_day(model.today, date);
                model.today = date;
            }
            Vec::new()
        }
        Msg::SignedIn(role) => {
            model.waiting = false;
            super::sign_in::signed_in(model, role)
        }
        Msg::KioskSlips(numbers) => {
            model.kiosk_slips = numbers;
            Vec::new()
        }
        Msg::CentralSync(view) => {
            model.central = view;
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
                Read::Preview => model.posting.preview = None,
                Read::Reconciliation => model.reports.recon = None,
                Read::FeeReport(_) => model.reports.list = None,
                Read::Offenders => model.fee.matches.clear(),
                Read::Waivers => model.waivers.rows.clear(),
                Read::Review => model.review.rows.clear(),
            }
            Vec::new()
        }
        Msg::Holds { rows, total } => {
            model.waiting = false;
            model.failed = None;
            super::holds::rows(model, rows, total)
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
            super::posting::preview(model, preview);
            Vec::new()
        }
        Msg::Progress { posted, total } => {
            super::posting::progress(model, posted, total);
            Vec::new()
        }
        Msg::Posted(result) => {
            model.waiting = false;
            super::posting::posted(model, result)
        }
        Msg::Reconciliation(view) => {
            model.waiting = false;
            model.failed = None;
            model.reports.recon = Some(view);
            Vec::new()
        }
        Msg::ReconciliationQueued(result) => {
            model.waiting = false;
            queued(model, result, Notice::ReconciliationQueued)
        }
        Msg::FeeAccount(result) => {
            model.waiting = false;
            super::fee_desk::account(model, result);
            Vec::new()
        }
        Msg::FeePaid(result) => {
            model.waiting = false;
            super::fee_desk::paid(model, result);
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
            model.reports.list = Some((report, rows, total));
            Vec::new()
        }
        Msg::Discarded(result) => {
            model.waiting = false;
            super::intake::discarded(model, result);
            Vec::new()
        }
        Msg::PinIssued(result) => {
            model.waiting = false;
            super::fee_desk::pin_issued(model, result);
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
            super::waivers::rows(model, rows, total);
            Vec::new()
        }
        Msg::WaiverDecided(result) => {
            model.waiting = false;
            super::waivers::decided(model, result)
        }
        Msg::Review { rows, total } => {
            model.waiting = false;
            model.failed = None;
            super::review::rows(model, rows, total);
            Vec::new()
        }
        Msg::ElectronicDecided(result) => {
            model.waiting = false;
            super::review::decided(model, result)
        }
        Msg::CaseEventRecorded(result) => {
            model.waiting = false;
            super::case_event::recorded(model, result)
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
            super::fee_desk::offenders(model, found)
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
            crate::ui::type_ahead::hold_key(&mut model.pending_keys, PENDING_KEYS_MAX, key);
            Vec::new()
        }
        Msg::Paste(text) if model.waiting => {
            crate::ui::type_ahead::hold_paste(&mut model.pending_keys, PENDING_KEYS_MAX, &text);
            Vec::new()
        }
        Msg::Key(key) if model.locked => super::sign_in::key(model, key, true),
        Msg::Paste(text) if model.locked => {
            super::sign_in::paste_password(model, &text);
            Vec::new()
        }
        Msg::Key(key) => on_key(model, key),
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

/// The screen `read` fills, so that Enter there tries the read again.
pub(crate) fn shows(screen: Screen, read: Read) -> bool {
    match read {
        Read::Holds => screen == Screen::Holds,
        Read::Preview => screen == Screen::Posting,
        Read::Reconciliation | Read::FeeReport(_) => screen == Screen::Reports,
        Read::Offenders => screen == Screen::FeeDesk,
        Read::Waivers => screen == Screen::Waivers,
        Read::Review => screen == Screen::Review,
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
        Read::FeeReport(report) => Effect::LoadFeeReport(report, model.reports.sort),
        Read::Offenders => Effect::FindOffenders {
            text: model.fee.input.trim().to_string(),
        },
        Read::Waivers => Effect::LoadWaivers,
        Read::Review => Effect::LoadReview,
    }]
}

fn type_text(model: &mut Model, text: &str) {
    match model.screen {
        Screen::Intake => super::intake::type_text(model, text),
        Screen::Holds | Screen::HoldNote(_) | Screen::HoldRelease => {
            super::holds::type_text(model, text)
        }
        Screen::FeeDesk => super::fee_desk::type_text(model, text),
        Screen::Reprint => super::reprint::type_text(model, text),
        Screen::WaiverForm => super::waiver_form::type_text(model, text),
        Screen::WaiverNote(_) => super::waivers::type_text(model, text),
        Screen::ReviewNote(_) => super::review::type_text(model, text),
        Screen::CaseEvent => super::case_event::type_text(model, text),
        Screen::Statement => super::statement::type_text(model, text),
        Screen::SignIn { .. } => {
            for c in text.chars() {
                super::sign_in::key(model, Key::Char(c), false);
            }
        }
        _ => {}
    }
}

fn on_key(model: &mut Model, key: Key) -> Vec<Effect> {
    // A screen whose read failed: Enter (and the posting's 1) tries again, never a confirm
    // step on what could not be read; every other key works as usual.
    if let Some(read) = model.failed {
        let confirm =
            key == Key::Enter || (key == Key::Char('1') && model.screen == Screen::Posting);
        if confirm && shows(model.screen, read) {
            return retry(model, read);
        }
    }
    // P with an officers' list that could not be read prints that list (read again), not
    // the reconciliation behind it.
    if let (Some(Read::FeeReport(report)), Screen::Reports, Key::Char('p' | 'P')) =
        (model.failed, model.screen, key)
    {
        model.waiting = true;
        return vec![Effect::PrintFeeReport(report, model.reports.sort)];
    }
    // Something typed into a screen's own field (the fee desk's search, the holds queue's
    // `/`): the failure's panel gives way, so that Enter then does what the screen does with
    // what was typed, not the failed read again. Elsewhere (the posting's preview, the
    // waiver list) the panel stays until the read succeeds: Enter must never confirm what
    // could not be read.
    let typing = matches!(
        (model.screen, key),
        (Screen::FeeDesk, Key::Char(_)) | (Screen::Holds, Key::Char('/'))
    );
    if typing {
        model.failed = None;
    }
    match model.screen {
        Screen::SignIn { .. } => super::sign_in::key(model, key, false),
        Screen::Home => super::home::key(model, key),
        Screen::Intake | Screen::Discard | Screen::IntakeConfirm => super::intake::key(model, key),
        Screen::Holds | Screen::HoldNote(_) | Screen::HoldRelease | Screen::HoldConfirm(_) => {
            super::holds::key(model, key)
        }
        Screen::Posting | Screen::PostingConfirm | Screen::PostingRun => {
            super::posting::key(model, key)
        }
        Screen::FeeDesk | Screen::PinConfirm | Screen::FeePayConfirm => {
            super::fee_desk::key(model, key)
        }
        Screen::WaiverForm | Screen::WaiverConfirm => super::waiver_form::key(model, key),
        Screen::Waivers | Screen::WaiverNote(_) | Screen::WaiverDecide(_) => {
            super::waivers::key(model, key)
        }
        Screen::Review
        | Screen::ReviewReason
        | Screen::ReviewNote(_)
        | Screen::ReviewConfirm(_) => super::review::key(model, key),
        Screen::CaseEvent | Screen::CaseEventConfirm => super::case_event::key(model, key),
        Screen::Statement => super::statement::key(model, key),
        Screen::Reports => super::reports::key(model, key),
        Screen::Reprint | Screen::ReprintConfirm => super::reprint::key(model, key),
    }
}

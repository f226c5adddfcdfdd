//! Drawing the console. It draws only what the model holds: the holds queue is one page.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::Language;
use crate::strings::{self, clerk_words, ClerkWords};
use crate::ui::theme;

use super::effect::{CentralSyncView, DeskPrinterView, IntakeResult, PostResult, Read};
use super::model::{HoldAction, Model, Notice, ReviewAction, Screen, WaiverAction};
use crate::domain::PrinterState;

/// `text` with its `{}` filled by `values` in order. Only the template's own `{}` are
/// filled: a value that holds `{}` (a name written on a slip) stays as written.
pub(crate) fn fill(text: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut values = values.iter();
    let mut parts = text.split("{}").peekable();
    while let Some(part) = parts.next() {
        out.push_str(part);
        if parts.peek().is_some() {
            out.push_str(values.next().copied().unwrap_or("{}"));
        }
    }
    out
}

fn notice_text(
    w: &ClerkWords,
    lang: Language,
    limits: &crate::domain::Limits,
    n: Notice,
) -> String {
    match n {
        Notice::SignInRefused => fill(
            w.sign_in_refused,
            &[
                &limits.password_failures.to_string(),
                &limits.password_lock_minutes.to_string(),
            ],
        ),
        Notice::Rejected(r) => strings::rejection(lang, r),
        Notice::Intake(IntakeResult::Ready(a)) => fill(w.ready, &[&a.with_dollar_sign()]),
        Notice::Intake(IntakeResult::Held(_, reason)) => {
            fill(w.held, &[strings::hold_reason(lang, reason)])
        }
        Notice::Intake(IntakeResult::Refused(r)) => {
            fill(w.refused, &[&strings::rejection(lang, r)])
        }
        Notice::Posted(PostResult::Posted { already: true, .. }) => w.already.into(),
        Notice::Posted(PostResult::Posted {
            count,
            electronic,
            total,
            ..
        }) => fill(
            w.posted,
            &[
                &count.to_string(),
                &electronic.to_string(),
                &total.with_dollar_sign(),
            ],
        ),
        Notice::Posted(PostResult::NotBusinessDay(why)) => {
            fill(w.not_business_day, &[strings::not_business_day(lang, why)])
        }
        Notice::Posted(PostResult::Refused(r)) => strings::rejection(lang, r),
        Notice::Posted(PostResult::Changed { count, total }) => fill(
            w.posting_changed,
            &[&count.to_string(), &total.with_dollar_sign()],
        ),
        Notice::HoldResolved(HoldAction::Release) => w.released.into(),
        Notice::HoldResolved(HoldAction::Return) => w.returned.into(),
        Notice::NothingSelected => w.nothing_selected.into(),
        Notice::FeePaid(Some(balance)) => fill(w.fee_paid, &[&balance.with_dollar_sign()]),
        Notice::FeePaid(None) => w.fee_paid_unread.into(),
        Notice::ReconciliationQueued => w.recon_queued.into(),
        Notice::Reprinted(_) => w.reprinted.into(),
        Notice::DocumentNotFound(kind) => fill(
            w.document_not_found,
            &[&super::reprint::kind_name(w, kind).to_lowercase()],
        ),
        Notice::PinPrinted => w.pin_printed.into(),
        Notice::Discarded => w.discarded_ok.into(),
        Notice::PinNotPrinted => w.pin_not_printed.into(),
        Notice::PinRefused => w.pin_refused.into(),
        Notice::WaiverSent(id) => fill(w.waiver_sent, &[&id.to_string()]),
        Notice::WaiverDecided(WaiverAction::Approve) => w.waiver_approved.into(),
        Notice::WaiverDecided(WaiverAction::Reject) => w.waiver_rejected.into(),
        Notice::ElectronicDecided(ReviewAction::Accept) => w.review_accepted.into(),
        Notice::ElectronicDecided(ReviewAction::Reject(_)) => w.review_rejected.into(),
        Notice::ReviewSupervisorOnly => w.review_supervisor_only.into(),
        Notice::CaseEventRecorded => w.event_recorded.into(),
        Notice::StatementQueued => w.statement_queued.into(),
        Notice::FeeReportQueued => w.list_queued.into(),
        Notice::NoOffenderFound => w.no_offender.into(),
        Notice::NoInmateFound => w.no_inmate.into(),
        Notice::SupervisorOnly => w.supervisor_only.into(),
        Notice::HoldsSupervisorOnly => w.holds_supervisor_only.into(),
        Notice::SlipNotOnFile => w.slip_not_on_file.into(),
        Notice::SignedOut => w.signed_out.into(),
        Notice::NotAnAmount => w.not_an_amount.into(),
        Notice::DigitsOnly => w.digits_only.into(),
        Notice::ReadFailed(read) => fill(w.read_failed, &[read_name(w, read)]),
    }
}

/// How long since this site's entries last reached the central server, for a header line
/// of its own: marked when entries have waited too long (the link or the sync service is
/// down; the site goes on meanwhile).
fn central_sync(w: &ClerkWords, sync: Option<CentralSyncView>) -> Option<Span<'static>> {
    let sync = sync?;
    let ago = |minutes: i64| match minutes.max(0) {
        m if m < 120 => fill(w.sync_minutes, &[&m.to_string()]),
        m if m < 48 * 60 => fill(w.sync_hours, &[&(m / 60).to_string()]),
        m => fill(w.sync_days, &[&(m / 60 / 24).to_string()]),
    };
    let waiting = sync.waiting.to_string();
    Some(match sync.minutes_since {
        Some(m) if sync.waiting > 0 && m >= crate::domain::SYNC_STALE_MINUTES => Span::styled(
            format!(
                " {} {}",
                theme::ERROR_MARK,
                fill(w.sync_stale, &[&waiting, &ago(m)])
            ),
            theme::warning(),
        ),
        Some(m) => Span::styled(format!(" {}", fill(w.sync_ok, &[&ago(m)])), theme::muted()),
        None => Span::styled(
            format!(" {}", fill(w.sync_never, &[&waiting])),
            theme::muted(),
        ),
    })
}

/// The desk printer's state and what waits for it, after the tally; a printer that cannot
/// print is marked, not only coloured.
fn desk_printer(w: &ClerkWords, desk: Option<DeskPrinterView>) -> Span<'static> {
    let Some(desk) = desk else {
        return Span::raw("");
    };
    let i = match desk.state {
        PrinterState::Ready => 0,
        PrinterState::PaperLow => 1,
        PrinterState::PaperOut => 2,
        PrinterState::CoverOpen => 3,
        PrinterState::Offline => 4,
        PrinterState::NoAnswer => 5,
        PrinterState::NotConnected => 6,
    };
    let mut text = w
        .desk_states
        .get(i)
        .copied()
        .unwrap_or_default()
        .to_string();
    if let Some(n) = desk.waiting.filter(|n| *n > 0) {
        text = format!("{text}, {}", fill(w.desk_waiting, &[&n.to_string()]));
    }
    if desk.state.can_print() {
        Span::styled(format!("  |  {text}"), theme::muted())
    } else {
        Span::styled(
            format!("  |  {} {text}", theme::ERROR_MARK),
            theme::warning(),
        )
    }
}

/// What a failed read would have shown, in words.
fn read_name(w: &ClerkWords, read: Read) -> &'static str {
    let i = match read {
        Read::Holds => 0,
        Read::Preview => 1,
        Read::Reconciliation => 2,
        Read::FeeReport(_) => 3,
        Read::Offenders => 4,
        Read::Waivers => 5,
        Read::Review => 6,
    };
    w.read_names.get(i).copied().unwrap_or_default()
}

/// In place of a screen whose read failed: what failed and what to do, never an empty list.
fn read_failure(w: &ClerkWords, read: Read, frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(
                format!(
                    "{} {}",
                    theme::ERROR_MARK,
                    fill(w.read_failed, &[read_name(w, read)])
                ),
                theme::warning(),
            ),
            Line::from(""),
            Line::from(w.read_failed_hint),
        ])
        .wrap(Wrap { trim: true }),
        area,
    );
}

/// The smallest terminal the console draws its screens on (the kiosk's too): below it a form's
/// fields and its confirm line fall off the screen, and keys would act on what is not seen.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether a terminal of `width` x `height` is too small for the screens (the runner then
/// ignores keys, as nothing they act on can be seen).
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn view(model: &Model, frame: &mut Frame<'_>) {
    let lang = model.lang;
    let w = clerk_words(lang);
    let area = frame.area();
    frame.render_widget(Block::new().style(theme::base()), area);
    if too_small(area.width, area.height) {
        frame.render_widget(
            Paragraph::new(w.console_too_small)
                .style(theme::warning())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let tally = Span::styled(
        format!(
            " {}",
            fill(
                w.tally,
                &[
                    &model.tally.count.to_string(),
                    &model.tally.total.with_dollar_sign(),
                    &model.tally.holds.to_string()
                ]
            )
        ),
        theme::muted(),
    );
    let desk = desk_printer(w, model.desk);
    // The central sync on a line of its own (a site that syncs): long in Spanish, and its
    // warning must never be cut.
    let sync = central_sync(w, model.central);
    // The printer's state after the tally when both fit; on a line of its own when not.
    let fits = tally.width() + desk.width() <= usize::from(area.width);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(
            u16::from(!fits)
                + 2
                + u16::from(!model.kiosk_slips.is_empty())
                + u16::from(sync.is_some()),
        ),
        Constraint::Min(8),
        Constraint::Length(3),
    ])
    .areas(area);
    let who = model
        .user
        .as_ref()
        .map(|(u, sup)| {
            if *sup {
                format!("  {u} ({})", w.role_supervisor)
            } else {
                format!("  {u}")
            }
        })
        .unwrap_or_default();
    let mut lines = vec![Line::styled(format!(" {}{who}", w.title), theme::title())];
    if fits {
        lines.push(Line::from(vec![tally, desk]));
    } else {
        let desk = Span::styled(
            format!(" {}", desk.content.trim_start_matches([' ', '|'])),
            desk.style,
        );
        lines.push(Line::from(tally));
        lines.push(Line::from(desk));
    }
    if let Some(sync) = sync {
        lines.push(Line::from(sync));
    }
    // A visitor sent to the desk because the kiosk's printer stopped: said on every screen.
    if !model.kiosk_slips.is_empty() {
        lines.push(Line::styled(
            format!(
                " {} {}",
                theme::ERROR_MARK,
                fill(w.kiosk_slips_waiting, &[&model.kiosk_slips.join(", ")])
            ),
            theme::warning(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), header);
    let inner = body.inner(ratatui::layout::Margin::new(1, 1));
    if model.locked {
        super::sign_in::draw_locked(model, w, frame, inner);
    } else if let Some(read) = model
        .failed
        .filter(|r| super::update::shows(model.screen, *r))
    {
        read_failure(w, read, frame, inner);
    } else {
        match model.screen {
            Screen::SignIn { password } => super::sign_in::draw(model, w, frame, inner, password),
            Screen::Home => super::home::draw(model, w, frame, inner),
            Screen::WaiverForm | Screen::WaiverConfirm => {
                super::waiver_form::draw(model, w, frame, inner)
            }
            Screen::Waivers | Screen::WaiverNote(_) | Screen::WaiverDecide(_) => {
                super::waivers::draw(model, w, frame, inner)
            }
            Screen::Review
            | Screen::ReviewReason
            | Screen::ReviewNote(_)
            | Screen::ReviewConfirm(_) => super::review::draw(model, w, frame, inner),
            Screen::CaseEvent | Screen::CaseEventConfirm => {
                super::case_event::draw(model, w, frame, inner)
            }
            Screen::Statement => super::statement::draw(model, w, frame, inner),
            Screen::Intake | Screen::IntakeConfirm | Screen::Discard => {
                super::intake::draw(model, w, frame, inner)
            }
            Screen::Holds | Screen::HoldNote(_) | Screen::HoldRelease | Screen::HoldConfirm(_) => {
                super::holds::draw(model, w, frame, inner)
            }
            Screen::Posting | Screen::PostingConfirm | Screen::PostingRun => {
                super::posting::draw(model, w, frame, inner)
            }
            Screen::FeeDesk | Screen::FeePayConfirm | Screen::PinConfirm => {
                super::fee_desk::draw(model, w, frame, inner)
            }
            Screen::Reports => super::reports::draw(model, w, frame, inner),
            Screen::Reprint | Screen::ReprintConfirm => {
                super::reprint::draw(model, w, frame, inner)
            }
        }
    }
    let bottom = if model.waiting {
        Line::styled(format!(" {}", w.busy), theme::strong())
    } else if let Some(n) = model.notice {
        let style = match n {
            Notice::Intake(IntakeResult::Ready(_))
            | Notice::HoldResolved(_)
            | Notice::Posted(PostResult::Posted { .. }) => theme::strong(),
            _ => theme::warning(),
        };
        Line::styled(
            format!(" {}", notice_text(w, lang, &model.limits, n)),
            style,
        )
    } else {
        // Each screen names its own keys above; the form's keys are the intake's.
        let keys = match model.screen {
            Screen::Intake | Screen::WaiverForm | Screen::SignIn { .. } => w.keys,
            Screen::Home => "",
            _ => w.keys_back,
        };
        Line::styled(format!(" {keys}"), theme::muted())
    };
    frame.render_widget(Paragraph::new(bottom).wrap(Wrap { trim: true }), footer);
}

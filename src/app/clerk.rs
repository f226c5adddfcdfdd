//! The clerk console's runner: the terminal, a worker thread for the ledger and the loop that
//! feeds messages to `ui::clerk::update`.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use super::command::CommandError;
use super::spool::{SpoolConfig, SpoolStep};
use super::terminal_input::{Input, Wake};
use crate::print::Transport;
use crate::store::{IntakeStatus, Ledger, LedgerError, PinKey, PostingOutcome, Role, Verification};
use crate::ui::clerk::{
    self, CentralSyncView, DeskPrinterView, DocumentView, Effect, FeeReport, FeeReportRow, FeeView,
    HeldView, HoldsPage, HoldsQuery, InmateOnFile, IntakeResult, Model, Msg, PostResult,
    PostingRow, PostingView, Read, ReconView, ReportSort, SlipView, StatementRow, StatementRowKind,
    StatementView, TallyView, WaiverView,
};
use crate::ui::clerk::{effect::ReviewView, model::ReviewAction};

/// The latest money orders whose issuers the intake offers by a key.
const ISSUERS_WINDOW: i64 = 5_000;
/// Rows of a fee report sent to the screen; the count says how many there are in all.
const REPORT_ROWS_MAX: usize = 200;
/// Offenders listed for a name typed at the fee desk.
const OFFENDER_MATCHES_MAX: usize = 12;
/// Inmates of the posting preview sent to the screen (the totals cover all).
const POSTING_PREVIEW_ROWS: usize = 200;

/// The worker's ledger connection and the key for password checks.
pub struct ClerkWorker {
    pub ledger: Ledger,
    pub key: PinKey,
    /// Who is signed in: every write is done in their name.
    pub user: String,
    /// The desk printer, for what is printed at once and never queued (PIN slips).
    pub printer: Option<Box<dyn crate::print::Transport>>,
    /// The language of what the console prints: the console's own.
    pub language: crate::domain::Language,
}

fn rejected(e: LedgerError) -> crate::domain::Rejection {
    match e {
        LedgerError::Rejected(r) => r,
        // A failure of the machine, not of the input: nothing was written.
        e => {
            tracing::error!(error = %e, "clerk console: the ledger failed");
            crate::domain::Rejection::LedgerUnavailable
        }
    }
}

/// Performs one effect; `emit` receives its messages (a posting sends its progress first).
pub fn perform(
    worker: &mut ClerkWorker,
    effect: Effect,
    now: NaiveDateTime,
    emit: &mut dyn FnMut(Msg),
) {
    match effect {
        Effect::Quit => {}
        Effect::SignOut => {
            tracing::info!(user = %worker.user, "clerk sign-out");
            worker.user.clear();
        }
        Effect::Language(language) => worker.language = language,
        Effect::LoadIssuers => match worker.ledger.issuers_seen(
            ISSUERS_WINDOW,
            i64::try_from(crate::ui::clerk::intake::ISSUERS_MAX).unwrap_or(9),
        ) {
            Ok(seen) => emit(Msg::Issuers(seen)),
            // The listed issuers stay offered; only the ledger's own are missing.
            Err(e) => tracing::warn!(error = %e, "the issuers seen could not be read"),
        },
        // The runner hands this to the desk thread; here (tests, or no thread) the worker
        // prints on its own desk printer.
        Effect::PrintDesk => {
            if let Some(printer) = worker.printer.as_mut() {
                emit(print_desk(&mut worker.ledger, printer.as_mut(), now));
            }
            emit(kiosk_slips(&worker.ledger, now));
        }
        Effect::SignIn { user, password } => {
            // A ledger that cannot be asked is said as such, not as a wrong password.
            let role = worker
                .ledger
                .check_password(&user, &password, &worker.key, now, true)
                .and_then(|ok| match ok {
                    true => Ok(worker
                        .ledger
                        .find_user(&user)?
                        .map(|u| u.role == Role::Supervisor)),
                    false => Ok(None),
                })
                .map_err(rejected);
            // The user's name and the outcome; never the password.
            // The name only when it is a user's: a password typed into the name field must
            // not reach the log.
            let known = worker.ledger.find_user(&user).ok().flatten().is_some();
            if known {
                tracing::info!(user = %user, accepted = matches!(role, Ok(Some(_))), "clerk sign-in");
            } else {
                tracing::info!(accepted = false, "clerk sign-in by an unknown user name");
            }
            if let Ok(Some(_)) = role {
                worker.user = user;
            }
            emit(Msg::SignedIn(role));
        }
        Effect::LookupSlip(number) => emit(Msg::SlipFound(
            worker
                .ledger
                .find_slip(&number)
                .map(|found| {
                    found.map(|s| SlipView {
                        doc: s.doc,
                        inmate_name: s.inmate_name,
                        sender_name: s.sender_name,
                        sender_address: s.sender_address,
                        amount: s.amount,
                        already_used: s.used_by.is_some(),
                    })
                })
                .map_err(rejected),
        )),
        Effect::Intake(request) => {
            let user = worker.user.clone();
            emit(Msg::IntakeDone(
                match worker.ledger.intake(&request, now, &user) {
                    Ok(o) => {
                        tracing::info!(
                            user = %user,
                            money_order = o.money_order_id,
                            amount = %o.amount,
                            status = ?o.status,
                            "money order taken in"
                        );
                        match o.status {
                            IntakeStatus::Ready => IntakeResult::Ready(o.amount),
                            IntakeStatus::Held(reason) => IntakeResult::Held(o.amount, reason),
                        }
                    }
                    Err(e) => IntakeResult::Refused(rejected(e)),
                },
            ))
        }
        Effect::LoadHolds(HoldsQuery {
            page,
            reason,
            search,
            newest_first,
            count,
        }) => {
            let filter = crate::store::HoldsFilter { reason, search };
            let (key, before) = match page {
                HoldsPage::First if newest_first => (i64::MAX, false),
                HoldsPage::First => (0, false),
                HoldsPage::From(key) => (key, false),
                HoldsPage::Before(key) => (key, true),
            };
            let page = worker.ledger.held_page(
                key,
                crate::ui::clerk::update::HOLDS_PAGE,
                before,
                &filter,
                newest_first,
            );
            let total = match count {
                true => worker.ledger.held_count(&filter).map(Some),
                false => Ok(None),
            };
            let (page, total) = match (page, total) {
                (Ok(page), Ok(total)) => (page, total),
                (Err(e), _) | (_, Err(e)) => return read_failed(emit, Read::Holds, e),
            };
            let rows = page
                .into_iter()
                .map(|h| HeldView {
                    money_order: h.money_order_id,
                    amount: h.amount,
                    issuer: h.issuer,
                    serial: h.serial,
                    doc: h.doc.unwrap_or_default(),
                    name: h.inmate_name.unwrap_or_default(),
                    reason: h.reason,
                    slip_amount: h.slip_amount,
                    since: h.held_since,
                    sender: h.sender_name.unwrap_or_default(),
                    address: h.sender_address.unwrap_or_default(),
                    slip: h.slip_number.unwrap_or_default(),
                })
                .collect();
            emit(Msg::Holds { rows, total });
        }
        Effect::LookupInmate { doc, written_name } => {
            let found = crate::domain::DocNumber::parse(&doc)
                .map_err(LedgerError::from)
                .and_then(|d| worker.ledger.find_person(&d))
                .map(|p| {
                    p.map(|p| InmateOnFile {
                        doc: p.doc.to_string(),
                        name: p.display_name(),
                        facility: p.facility.clone(),
                        name_matches: crate::domain::name_match::last_name_matches(
                            &written_name,
                            &p.last_name,
                        ),
                    })
                });
            emit(Msg::InmateOnFile(found.map_err(rejected)));
        }
        Effect::Release {
            money_order,
            note,
            doc,
            sender_name,
            sender_address,
        } => {
            let user = worker.user.clone();
            let verified = Verification {
                doc,
                sender_name,
                sender_address,
            };
            emit(Msg::HoldResolved(
                worker
                    .ledger
                    .release_hold(money_order, &note, &verified, now, &user)
                    .map_err(rejected),
            ))
        }
        Effect::Return { money_order, note } => {
            let user = worker.user.clone();
            emit(Msg::HoldResolved(
                worker
                    .ledger
                    .return_money_order(money_order, &note, now, &user)
                    .map_err(rejected),
            ))
        }
        Effect::PreviewPosting { date } => {
            let preview = match worker
                .ledger
                .posting_preview(date, now, POSTING_PREVIEW_ROWS)
            {
                Ok(p) => p,
                Err(e) => return read_failed(emit, Read::Preview, e),
            };
            emit(Msg::Preview(PostingView {
                count: preview.count,
                electronic: preview.electronic,
                total: preview.total,
                to_obligations: preview.to_obligations,
                to_trust: preview.to_trust,
                inmates: preview.inmates,
                already_posted: preview.already_posted,
                waiting: preview.waiting,
                rows: preview
                    .rows
                    .into_iter()
                    .map(|r| PostingRow {
                        doc: r.doc,
                        name: r.name,
                        count: r.count,
                        total: r.total,
                        to_obligations: r.to_obligations,
                        to_trust: r.to_trust,
                    })
                    .collect(),
            }));
        }
        Effect::LoadReconciliation { date } => {
            let r = worker.ledger.reconciliation(date, now.date());
            if let Err(e) = r {
                return read_failed(emit, Read::Reconciliation, e);
            }
            if let Ok(r) = r {
                let t = |x: crate::store::reconciliation::Tally| TallyView {
                    count: x.count,
                    amount: x.amount,
                };
                emit(Msg::Reconciliation(ReconView {
                    opening: r.opening,
                    taken_in: t(r.taken_in),
                    posted: t(r.posted),
                    returned: t(r.returned),
                    closing: r.closing,
                    batch: r.batch.map(t),
                    closed: r.closed,
                    balances: r.balances(),
                    difference: crate::domain::Money::from_cents(r.difference_cents),
                    concerned: r.concerned,
                    audit_head: r.audit_head,
                }));
            }
        }
        Effect::PrintReconciliation { date } => emit(Msg::ReconciliationQueued(
            worker
                .ledger
                .queue_reconciliation(date, worker.language, now)
                .map(|_| ())
                .map_err(rejected),
        )),
        Effect::LoadFeeAccount { doc } => {
            let account = crate::domain::DocNumber::parse(&doc)
                .map_err(LedgerError::from)
                .and_then(|d| {
                    // The case and the calendar read once; the account computed from them.
                    let case = worker
                        .ledger
                        .supervision_case(&d)?
                        .ok_or(crate::domain::Rejection::CaseNotFound)?;
                    let calendar = worker.ledger.calendar()?;
                    let a = crate::domain::FeeAccount::compute(&case, now.date(), &calendar);
                    let payable = a.payable_on(now.date(), &calendar);
                    let name = worker
                        .ledger
                        .find_person(&d)?
                        .map_or_else(|| d.to_string(), |p| p.display_name());
                    let fee = case.fee;
                    Ok(FeeView {
                        doc: d.to_string(),
                        name,
                        fee,
                        next_due: a.next_due,
                        delinquent_from: a.delinquent_from,
                        waiver: a.waiver_in_force,
                        closed_on: a.closed_on,
                        balance: a.balance,
                        payable,
                        months_in_arrears: a.months_in_arrears,
                        current: a.current,
                    })
                });
            emit(Msg::FeeAccount(account.map_err(rejected)));
        }
        Effect::FeePayment {
            doc,
            amount,
            instrument,
            date,
        } => {
            let user = worker.user.clone();
            let paid = crate::domain::DocNumber::parse(&doc)
                .map_err(LedgerError::from)
                .and_then(|d| {
                    worker.ledger.record_case_event(
                        &d,
                        crate::domain::DatedEvent {
                            date,
                            event: crate::domain::CaseEvent::Payment { amount, instrument },
                        },
                        now,
                        &user,
                    )?;
                    // Recorded: a balance that cannot be read now is said as unknown, never
                    // as a refusal (the clerk would take the payment a second time).
                    Ok(match worker.ledger.fee_account(&d, date) {
                        Ok(account) => Some(account.balance),
                        Err(e) => {
                            tracing::error!(error = %e, "the balance after a payment could not be read");
                            None
                        }
                    })
                });
            emit(Msg::FeePaid(paid.map_err(rejected)));
        }
        Effect::FindOffenders { text } => {
            match worker.ledger.find_offenders(&text, OFFENDER_MATCHES_MAX) {
                Ok(found) => emit(Msg::Offenders(found)),
                Err(e) => read_failed(emit, Read::Offenders, e),
            }
        }
        Effect::RequestWaiver { doc, form } => {
            let user = worker.user.clone();
            let sent = crate::domain::DocNumber::parse(&doc)
                .map_err(LedgerError::from)
                .and_then(|doc| {
                    let request = crate::store::WaiverRequest {
                        doc,
                        effective: form.effective,
                        expires: form.expires,
                        amount: form.amount,
                        persons: form.persons,
                        income: crate::domain::Income::Monthly(form.monthly_income),
                        employment: form.employment,
                        backdate_reason: form.backdate_reason,
                    };
                    worker.ledger.request_waiver(&request, now, &user)
                });
            emit(Msg::WaiverRequested(
                sent.map(|(id, _)| id).map_err(rejected),
            ));
        }
        Effect::LoadWaivers => {
            let (rows, total) = match worker
                .ledger
                .pending_waivers(crate::ui::clerk::update::WAIVERS_PAGE)
            {
                Ok(found) => found,
                Err(e) => return read_failed(emit, Read::Waivers, e),
            };
            let rows = rows
                .into_iter()
                .map(|w| WaiverView {
                    id: w.id,
                    doc: w.doc,
                    name: w.name,
                    effective: w.effective,
                    expires: w.expires,
                    amount: w.amount,
                    persons: w.persons,
                    monthly_income: w.monthly_income,
                    threshold: w.threshold,
                    requested_on: w
                        .requested_at
                        .get(..10)
                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                        .unwrap_or(w.effective),
                    requested_by: w.requested_by,
                })
                .collect();
            emit(Msg::Waivers { rows, total });
        }
        Effect::LoadReview => {
            let (items, total) = match worker
                .ledger
                .electronic_review(now.date(), crate::ui::clerk::review::REVIEW_PAGE)
            {
                Ok(found) => found,
                Err(e) => return read_failed(emit, Read::Review, e),
            };
            let rows = items
                .into_iter()
                .map(|i| ReviewView {
                    id: i.held.id,
                    received_at: i.held.received_at,
                    channel: i.held.channel,
                    doc: i.held.doc,
                    inmate: i.inmate,
                    sender_name: i.held.sender_name,
                    sender_address: i.sender_address,
                    amount: i.held.amount,
                    reasons: i
                        .held
                        .reasons
                        .iter()
                        .filter_map(|r| crate::domain::ScreenHold::parse(r))
                        .collect(),
                    age_business_days: i.age_business_days,
                    urgent: i.urgent,
                    sender_window: (
                        i.sender_window.count,
                        i.sender_window.distinct,
                        i.sender_window.total,
                    ),
                    inmate_window: (
                        i.inmate_window.count,
                        i.inmate_window.distinct,
                        i.inmate_window.total,
                    ),
                    sender_history: i
                        .sender_history
                        .into_iter()
                        .map(|h| (h.received_at, h.doc, h.amount, h.outcome))
                        .collect(),
                })
                .collect();
            emit(Msg::Review { rows, total });
        }
        Effect::DecideElectronic { id, decision, note } => {
            let user = worker.user.clone();
            let decision = match decision {
                ReviewAction::Accept => "accepted",
                ReviewAction::Reject(reason) => reason.code(),
            };
            emit(Msg::ElectronicDecided(
                worker
                    .ledger
                    .review_electronic(&id, decision, &note, now, &user)
                    .map_err(rejected),
            ));
        }
        Effect::DecideWaiver { id, approve, note } => {
            let user = worker.user.clone();
            let decision = if approve {
                crate::store::WaiverDecision::Approve
            } else {
                crate::store::WaiverDecision::Reject
            };
            emit(Msg::WaiverDecided(
                worker
                    .ledger
                    .decide_waiver(id, decision, &note, now, &user)
                    .map_err(rejected),
            ));
        }
        Effect::RecordCaseEvent { doc, event } => {
            let user = worker.user.clone();
            emit(Msg::CaseEventRecorded(
                crate::domain::DocNumber::parse(&doc)
                    .map_err(LedgerError::from)
                    .and_then(|d| worker.ledger.record_case_event(&d, event, now, &user))
                    .map_err(rejected),
            ));
        }
        Effect::FindInmates { text } => {
            match worker.ledger.find_inmates(&text, OFFENDER_MATCHES_MAX) {
                Ok(found) => emit(Msg::Inmates(found)),
                Err(e) => emit(Msg::Statement(Err(rejected(e)))),
            }
        }
        Effect::LoadStatement { doc, year, month } => {
            let statement = worker
                .ledger
                .statement(&doc, year, month)
                .map(|s| StatementView {
                    doc: s.doc.to_string(),
                    name: s.name,
                    month: s.month,
                    opening: s.opening_balance,
                    closing: s.closing_balance,
                    total_deposits: s.total_deposits,
                    total_to_obligations: s.total_to_obligations,
                    rows: s
                        .lines
                        .into_iter()
                        .map(|l| StatementRow {
                            date: l.date,
                            receipt: l.receipt_number,
                            kind: match l.kind.as_str() {
                                "chargeback" => StatementRowKind::Chargeback,
                                "move_out" => StatementRowKind::MovedOut,
                                "move_in" => StatementRowKind::MovedIn,
                                _ => StatementRowKind::Deposit,
                            },
                            sender: l.sender_name,
                            deposit: l.deposit,
                            to_obligations: l.to_obligations,
                            credited: l.credited,
                            balance: l.balance,
                        })
                        .collect(),
                });
            emit(Msg::Statement(statement.map_err(rejected)));
        }
        Effect::PrintStatement { doc, year, month } => {
            let user = worker.user.clone();
            emit(Msg::StatementQueued(
                worker
                    .ledger
                    .queue_statement(&doc, year, month, worker.language, now, &user)
                    .map(|_| ())
                    .map_err(rejected),
            ));
        }
        Effect::LoadFeeReport(report, sort) => {
            let (rows, total) = match fee_report(worker, report, sort, now.date(), REPORT_ROWS_MAX)
            {
                Ok(found) => found,
                Err(e) => return read_failed(emit, Read::FeeReport(report), e),
            };
            emit(Msg::FeeReport {
                report,
                rows,
                total,
            });
        }
        Effect::PrintFeeReport(report, sort) => {
            let today = now.date();
            // A list that could not be read is not printed as an empty one.
            let (rows, total) = match fee_report(
                worker,
                report,
                sort,
                today,
                crate::print::document::FEE_LIST_ROWS_MAX,
            ) {
                Ok(found) => found,
                Err(e) => return emit(Msg::FeeReportQueued(Err(rejected(e)))),
            };
            let kind = match report {
                FeeReport::Delinquent => "delinquent",
                FeeReport::Reminders => "reminders",
                FeeReport::Violations => "violations",
            };
            let rows: Vec<_> = rows
                .into_iter()
                .map(|r| (r.doc, r.name, r.balance, r.months_in_arrears, r.remind_by))
                .collect();
            let user = worker.user.clone();
            emit(Msg::FeeReportQueued(
                worker
                    .ledger
                    .queue_fee_list(kind, today, &rows, total, worker.language, now, &user)
                    .map(|_| ())
                    .map_err(rejected),
            ));
        }
        Effect::Discard { item, amount, slip } => {
            let user = worker.user.clone();
            let found = crate::store::FoundItem::parse(item.code())
                .unwrap_or(crate::store::FoundItem::PersonalItem);
            emit(Msg::Discarded(
                worker
                    .ledger
                    .record_found_item(found, &amount, &slip, now, &user)
                    .map(|_| ())
                    .map_err(rejected),
            ));
        }
        Effect::IssuePin { doc } => {
            let user = worker.user.clone();
            let result = crate::domain::DocNumber::parse(&doc)
                .map_err(|_| false)
                .and_then(|d| {
                    let name = worker
                        .ledger
                        .find_person(&d)
                        .ok()
                        .flatten()
                        .map_or_else(|| d.to_string(), |p| p.display_name());
                    let limits = worker.ledger.limits().unwrap_or_default();
                    let pin = worker
                        .ledger
                        .issue_pin(&d, &worker.key, now, &user)
                        .map_err(|_| false)?;
                    // Printed at once, straight to the printer: the PIN never sits in a queue.
                    let slip =
                        crate::print::Document::PinSlip(crate::print::document::PinSlipData {
                            doc: d.to_string(),
                            name,
                            pin: pin.to_string(),
                            printed_at: now.format("%Y-%m-%d %H:%M").to_string(),
                            failures: limits.pin_failures,
                            lock_minutes: limits.pin_lock_minutes,
                        });
                    let bytes = slip
                        .render(
                            worker.language,
                            crate::print::CodePage::Cp858,
                            crate::print::Columns::MM80,
                            false,
                        )
                        .map_err(|_| true)?;
                    let printer = worker.printer.as_mut().ok_or(true)?;
                    if !printer.status().can_print() {
                        return Err(true);
                    }
                    printer.send(&bytes).map_err(|_| true)
                });
            emit(Msg::PinIssued(result));
        }
        Effect::FindDocument { kind, number } => emit(Msg::DocumentFound(
            worker
                .ledger
                .find_document(kind, &number)
                .map(|found| {
                    found.map(|d| DocumentView {
                        job: d.job,
                        kind: d.kind,
                        number: d.number,
                        created_at: d.created_at.chars().take(16).collect(),
                    })
                })
                .map_err(rejected),
        )),
        Effect::Reprint { job } => {
            let user = worker.user.clone();
            emit(Msg::Reprinted(
                worker.ledger.reprint(job, now, &user).map_err(rejected),
            ));
        }
        Effect::Post { date, expected } => {
            let user = worker.user.clone();
            // What the clerk confirmed, against what is ready now: a money order taken in
            // at another desk (or the kiosk's card deposits) since the preview would post
            // unseen. Said instead, with the figures now. (What is taken in during the
            // instant between this look and the batch's start still posts with it.)
            if let Some((count, total)) = expected {
                match worker.ledger.posting_preview(date, now, 0) {
                    Ok(now_ready) if (now_ready.count, now_ready.total) != (count, total) => {
                        emit(Msg::Posted(PostResult::Changed {
                            count: now_ready.count,
                            total: now_ready.total,
                        }));
                        return;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        emit(Msg::Posted(PostResult::Refused(rejected(e))));
                        return;
                    }
                }
            }
            let result = worker.ledger.post(date, now, &user, &mut |p| {
                emit(Msg::Progress {
                    posted: p.posted,
                    total: p.total,
                })
            });
            match &result {
                Ok(outcome) => {
                    tracing::info!(user = %user, date = %date, outcome = ?outcome, "posting")
                }
                Err(e) => tracing::warn!(user = %user, date = %date, error = %e, "posting refused"),
            }
            emit(Msg::Posted(match result {
                Ok(PostingOutcome::NotABusinessDay { reason, .. }) => {
                    PostResult::NotBusinessDay(reason)
                }
                Ok(PostingOutcome::Posted {
                    posted_now,
                    posted_now_total,
                    electronic_posted_now,
                    electronic_posted_now_total,
                    already_finished,
                    ..
                }) => PostResult::Posted {
                    count: posted_now,
                    electronic: electronic_posted_now,
                    total: posted_now_total
                        .checked_add(electronic_posted_now_total)
                        .unwrap_or(posted_now_total),
                    already: already_finished,
                },
                Err(e) => PostResult::Refused(rejected(e)),
            }));
        }
    }
}

/// Desk documents printed per wake of the desk printer (a day's receipts in a few wakes; the
/// rest on the next, so a long queue never holds the console's state line back).
const DESK_JOBS_PER_WAKE: usize = 50;
/// How often the desk thread asks the printer's state when nothing wakes it.
const DESK_POLL: Duration = Duration::from_secs(20);

/// Prints what waits for the desk printer (at most `DESK_JOBS_PER_WAKE` jobs) and says the
/// printer's state and how many documents still wait. The spool's own step: each job exactly
/// once, a job cut short printed again in full.
pub fn print_desk(ledger: &mut Ledger, printer: &mut dyn Transport, now: NaiveDateTime) -> Msg {
    let config = SpoolConfig {
        filter: crate::store::JobFilter {
            destination: Some(crate::store::deposits::DESK.to_string()),
            ids: Vec::new(),
        },
        ..SpoolConfig::default()
    };
    let mut state = None;
    for _ in 0..DESK_JOBS_PER_WAKE {
        match super::spool::step(ledger, printer, &config, now) {
            Ok(SpoolStep::Printed { .. } | SpoolStep::Failed { .. }) => {}
            Ok(SpoolStep::Waiting(s)) => {
                state = Some(s);
                break;
            }
            // The port failed: the job is queued again; the next wake tries it.
            Ok(SpoolStep::Retry { .. }) => break,
            Ok(SpoolStep::Idle) | Err(_) => break,
        }
    }
    let state = state.unwrap_or_else(|| printer.status());
    let waiting = ledger
        .jobs_waiting(crate::store::deposits::DESK)
        .map_err(|e| tracing::warn!(error = %e, "desk printer: the queue could not be counted"))
        .ok();
    Msg::DeskPrinter(DeskPrinterView { state, waiting })
}

/// How long a kiosk slip may wait to print before the desk is told (a visit prints in
/// seconds; longer, the printer stopped and the visitor was sent to the clerk).
const KIOSK_SLIP_LATE: chrono::TimeDelta = chrono::TimeDelta::minutes(2);

/// Where the site's sync with the central server stands, for the console's header.
pub fn central_sync(ledger: &Ledger, now: NaiveDateTime) -> Msg {
    let state = ledger.sync_state().unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the sync's state could not be read");
        None
    });
    Msg::CentralSync(state.map(|s| CentralSyncView {
        minutes_since: s.last_push.map(|t| (now - t).num_minutes()),
        waiting: s.waiting,
    }))
}

/// The kiosk slips that did not print, for the console's header.
pub fn kiosk_slips(ledger: &Ledger, now: NaiveDateTime) -> Msg {
    Msg::KioskSlips(
        ledger
            .kiosk_slips_unprinted(now - KIOSK_SLIP_LATE, 10)
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "kiosk slips not printed could not be read");
                Vec::new()
            }),
    )
}

/// What the console runs with.
pub struct ClerkSetup {
    pub db: PathBuf,
    pub pin_key: PathBuf,
    /// The desk's printer, for PIN slips (printed at once, never queued).
    pub printer: super::printer_commands::PrinterSetup,
    /// How long without input before the console locks.
    pub idle_lock: Duration,
}

/// An officers' list: every case's account is computed (a pure function, about 20 µs each)
/// on the worker, then the list is sorted; the `first` rows and how many in all.
fn fee_report(
    worker: &ClerkWorker,
    report: FeeReport,
    sort: ReportSort,
    today: chrono::NaiveDate,
    first: usize,
) -> Result<(Vec<FeeReportRow>, usize), LedgerError> {
    // Every case's account is computed (a pure function, about 20 µs each) on the
    // worker; the screen gets the first rows and the count.
    let all = worker.ledger.case_accounts(today)?;
    let keep = |a: &crate::domain::FeeAccount| match report {
        FeeReport::Delinquent => a.months_in_arrears > 0,
        FeeReport::Reminders => a.remind_by.is_some_and(|d| d >= today),
        FeeReport::Violations => a.violation_report_required,
    };
    let mut matching: Vec<_> = all.into_iter().filter(|c| keep(&c.account)).collect();
    match sort {
        ReportSort::Balance => matching.sort_by(|a, b| {
            b.account
                .balance
                .cmp(&a.account.balance)
                .then_with(|| a.account.doc.cmp(&b.account.doc))
        }),
        ReportSort::Months => matching.sort_by(|a, b| {
            b.account
                .months_in_arrears
                .cmp(&a.account.months_in_arrears)
                .then_with(|| a.account.doc.cmp(&b.account.doc))
        }),
        ReportSort::Doc => matching.sort_by(|a, b| a.account.doc.cmp(&b.account.doc)),
        ReportSort::Name => matching.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.account.doc.cmp(&b.account.doc))
        }),
    }
    let total = matching.len();
    let rows = matching
        .into_iter()
        .take(first)
        .map(|c| FeeReportRow {
            doc: c.account.doc.to_string(),
            name: c.name,
            balance: c.account.balance,
            months_in_arrears: c.account.months_in_arrears,
            remind_by: c.account.remind_by,
        })
        .collect();
    Ok((rows, total))
}

/// A read the screen waits for failed: logged, and said on screen as a failure.
fn read_failed(emit: &mut dyn FnMut(Msg), read: Read, e: LedgerError) {
    tracing::error!(error = %e, read = ?read, "clerk console: a read of the ledger failed");
    emit(Msg::ReadFailed(read));
}

/// Runs the console until the clerk signs out.
pub fn run(setup: ClerkSetup) -> Result<(), CommandError> {
    let ClerkSetup {
        db,
        pin_key,
        printer,
        idle_lock,
    } = setup;
    let clock = || super::clock::now().unwrap_or_default();
    let mut ledger = Ledger::open_existing(&db)
        .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", db.display())))?;
    // What the sign-in screen tells clerks about the lockout, from the ledger's settings.
    let limits = ledger.limits().unwrap_or_default();
    let key = ledger
        .pin_key(&pin_key)
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    // Opened for each PIN slip and closed after: the desk spool shares the port.
    let desk: Option<Box<dyn crate::print::Transport>> =
        Some(Box::new(super::printer_commands::OnDemand {
            setup: printer.clone(),
        }));
    // The desk printer's own thread and ledger connection: the console prints its paper
    // itself (a receipt, a reprint, a list) without holding up the screen's work, and asks
    // the printer's state now and then. A desk spool service may run too: each job is
    // claimed once.
    let mut desk_ledger = Ledger::open_existing(&db)
        .map_err(|e| CommandError::Failed(format!("cannot open {}: {e}", db.display())))?;
    let (desk_tx, desk_rx) = mpsc::channel::<()>();
    let mut worker = ClerkWorker {
        ledger,
        key,
        user: String::new(),
        printer: desk,
        language: crate::domain::Language::En,
    };
    let (effects_tx, effects_rx) = mpsc::channel::<Effect>();
    // The clerk's input and the workers' replies wake the loop through one channel.
    let (msgs_tx, msgs_rx) = mpsc::channel::<Wake<Msg>>();
    let desk_msgs = msgs_tx.clone();
    let input_tx = msgs_tx.clone();
    let desk_thread = std::thread::spawn(move || {
        let mut port = super::printer_commands::OnDemand { setup: printer };
        // A console killed while printing left its job marked printing: back in the queue
        // (under the print lock, so never a job another process is printing now).
        let desk = crate::store::JobFilter {
            destination: Some(crate::store::deposits::DESK.to_string()),
            ids: Vec::new(),
        };
        if let Err(e) = desk_ledger.requeue_interrupted_print_jobs(clock(), &desk) {
            tracing::warn!(error = %e, "desk printer: interrupted jobs not requeued");
        }
        while !matches!(
            desk_rx.recv_timeout(DESK_POLL),
            Err(mpsc::RecvTimeoutError::Disconnected)
        ) {
            // Wakes that came meanwhile are one wake.
            while desk_rx.try_recv().is_ok() {}
            let printed = print_desk(&mut desk_ledger, &mut port, clock());
            let waiting = kiosk_slips(&desk_ledger, clock());
            let sync = central_sync(&desk_ledger, clock());
            if desk_msgs.send(Wake::Reply(printed)).is_err()
                || desk_msgs.send(Wake::Reply(waiting)).is_err()
                || desk_msgs.send(Wake::Reply(sync)).is_err()
            {
                break;
            }
        }
    });
    let worker_thread = std::thread::spawn(move || {
        while let Ok(effect) = effects_rx.recv() {
            // A console left open into a new month brings the fee books up to it before its
            // next piece of work (one read when they already are).
            if let Err(e) = worker
                .ledger
                .catch_up_fee_books(clock(), "system", &mut |_, _| {})
            {
                tracing::warn!("the fee books could not be brought up to date: {e}");
            }
            perform(&mut worker, effect, clock(), &mut |m| {
                let _ = msgs_tx.send(Wake::Reply(m));
            });
        }
    });
    let mut terminal = ratatui::try_init()
        .map_err(|e| CommandError::Failed(format!("cannot open the terminal: {e}")))?;
    // Clerks hold Backspace and the arrows as anywhere else: repeats as the terminal sends
    // them.
    super::terminal_input::spawn_reader(input_tx, None);
    let mut model = Model::new(Instant::now(), clock().date());
    model.idle_lock_after = idle_lock;
    model.limits = limits;
    let tick = Duration::from_millis(250);
    let mut last_tick = Instant::now();
    let mut dirty = true;
    let result = loop {
        if model.quit {
            break Ok(());
        }
        if dirty {
            if let Err(e) = terminal.draw(|f| clerk::view(&model, f)) {
                break Err(CommandError::Failed(format!("cannot draw: {e}")));
            }
            dirty = false;
        }
        let mut msgs = Vec::new();
        // Whatever came meanwhile, in the order it came: the first wait ends at the next
        // tick, the rest are already there.
        let mut woken =
            super::terminal_input::wait(&msgs_rx, tick.saturating_sub(last_tick.elapsed()));
        let mut failed = None;
        // Keys and pastes on a terminal too small to show the screen act on nothing: a
        // form's fields and its confirm line are off the screen (an outside review took a
        // money order in blind at 60 x 15). Ignored until it is big enough.
        let blind = terminal
            .size()
            .is_ok_and(|s| crate::ui::clerk::view::too_small(s.width, s.height));
        while let Some(wake) = woken {
            match wake {
                Wake::Input(Input::Key(_) | Input::Paste(_)) if blind => {}
                Wake::Input(Input::Key(key)) => msgs.push(Msg::Key(key)),
                Wake::Input(Input::Paste(text)) => msgs.push(Msg::Paste(text)),
                Wake::Input(Input::Resize) => dirty = true,
                Wake::Input(Input::Touch(..)) => {}
                Wake::Reply(msg) => msgs.push(msg),
                Wake::Failed(e) => failed = Some(e),
            }
            woken = msgs_rx.try_recv().ok();
        }
        if let Some(e) = failed {
            break Err(e);
        }
        if last_tick.elapsed() >= tick {
            last_tick = Instant::now();
            msgs.push(Msg::Tick);
            msgs.push(Msg::Today(clock().date()));
        }
        for msg in msgs {
            let before = model.clone();
            for effect in clerk::update(&mut model, msg, Instant::now()) {
                let _ = match effect {
                    Effect::PrintDesk => desk_tx.send(()).map_err(|_| ()),
                    effect => effects_tx.send(effect).map_err(|_| ()),
                };
            }
            dirty |= model != before;
        }
    };
    ratatui::restore();
    drop(effects_tx);
    drop(desk_tx);
    let _ = worker_thread.join();
    let _ = desk_thread.join();
    result
}

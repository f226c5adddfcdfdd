//! The spool worker: prints the ledger's queued jobs in order, exactly once each.
//!
//! Before a job and after it, it asks the printer's real-time status. A printer that is
//! offline, open, out of paper or silent keeps the job queued (and says so to the screens
//! through the ledger); the worker resumes by itself when the printer is ready. A job whose
//! bytes did not all arrive, or after which the printer stopped, is printed again in full
//! later: a person gets a whole document, never half of one. Failures of the port itself are
//! retried with a growing pause, a bounded number of times.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::print::{CodePage, Columns, Document, PrinterState, Transport};
use crate::store::{JobFate, JobFilter, Ledger, LedgerError};

/// How the spool prints.
#[derive(Debug, Clone)]
pub struct SpoolConfig {
    pub page: CodePage,
    pub columns: Columns,
    /// Attempts at one job before it is marked failed for a person to look at.
    pub max_attempts: i64,
    /// How often an idle or waiting worker looks again.
    pub poll: Duration,
    /// Which jobs this printer prints.
    pub filter: JobFilter,
}

impl Default for SpoolConfig {
    fn default() -> Self {
        SpoolConfig {
            page: CodePage::Cp858,
            columns: Columns::MM80,
            max_attempts: 8,
            poll: Duration::from_millis(500),
            filter: JobFilter::default(),
        }
    }
}

/// What one step of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpoolStep {
    /// Nothing queued.
    Idle,
    /// The printer cannot print; jobs stay queued.
    Waiting(PrinterState),
    Printed {
        job: i64,
    },
    /// The job went back to the queue; try again after the pause.
    Retry {
        job: i64,
        after: Duration,
    },
    /// The job is out of attempts or can never print.
    Failed {
        job: i64,
    },
}

/// The pause before attempt `attempts + 1`: half a second, doubling, at most 30 s.
pub fn backoff(attempts: i64) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    Duration::from_millis(500 * 2u64.pow(exp)).min(Duration::from_secs(30))
}

/// One step: check the printer, print the oldest queued job, check again.
pub fn step(
    ledger: &mut Ledger,
    printer: &mut dyn Transport,
    config: &SpoolConfig,
    now: NaiveDateTime,
) -> Result<SpoolStep, LedgerError> {
    let result = step_inner(ledger, printer, config, now);
    match &result {
        Ok(SpoolStep::Printed { job }) => tracing::info!(job, "printed"),
        Ok(SpoolStep::Retry { job, after }) => {
            tracing::warn!(
                job,
                retry_in_ms = after.as_millis() as u64,
                "printer port failed"
            )
        }
        Ok(SpoolStep::Failed { job }) => tracing::error!(job, "print job failed for good"),
        Err(e) => tracing::error!(error = %e, "spool"),
        Ok(SpoolStep::Idle | SpoolStep::Waiting(_)) => {}
    }
    result
}

/// Where a spool records its printer's state: the desk's printer apart from the kiosk's.
fn state_key(config: &SpoolConfig) -> &'static str {
    if config.filter.destination.as_deref() == Some(crate::store::deposits::DESK) {
        "desk_printer_state"
    } else {
        "printer_state"
    }
}

/// The step itself; `step` logs what it did.
fn step_inner(
    ledger: &mut Ledger,
    printer: &mut dyn Transport,
    config: &SpoolConfig,
    now: NaiveDateTime,
) -> Result<SpoolStep, LedgerError> {
    let before = printer.status();
    ledger.set_printer_state_of(state_key(config), before.code(), now)?;
    if !before.can_print() {
        return Ok(SpoolStep::Waiting(before));
    }
    // Held until the job is marked printed or sent back (the end of this step).
    let _printing = ledger.print_lock(config.filter.destination.as_deref())?;
    let Some(job) = ledger.claim_next_print_job(now, &config.filter)? else {
        return Ok(SpoolStep::Idle);
    };
    let bytes = Document::from_job(&job.kind, &job.payload).and_then(|doc| {
        Ok(doc.render(job.language, config.page, config.columns, job.duplicate)?)
    });
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            ledger.release_print_job(job.id, &e.to_string(), config.max_attempts, true, now)?;
            return Ok(SpoolStep::Failed { job: job.id });
        }
    };
    if let Err(e) = printer.send(&bytes) {
        let after = printer.status();
        ledger.set_printer_state_of(state_key(config), after.code(), now)?;
        return Ok(
            match ledger.release_print_job(
                job.id,
                &e.to_string(),
                config.max_attempts,
                false,
                now,
            )? {
                JobFate::Failed => SpoolStep::Failed { job: job.id },
                JobFate::Requeued if !after.can_print() => SpoolStep::Waiting(after),
                JobFate::Requeued => SpoolStep::Retry {
                    job: job.id,
                    after: backoff(job.attempts),
                },
            },
        );
    }
    let after = printer.status();
    ledger.set_printer_state_of(state_key(config), after.code(), now)?;
    if !after.can_print() {
        // The printer stopped during or just after the job (paper ran out, the cover opened,
        // the cable came out): every byte was sent, so it may have come out whole. It prints
        // again in full, marked DUPLICATE: never two unmarked originals.
        ledger.mark_possibly_printed(job.id)?;
        let why = format!(
            "printer {} during the job: it may have printed; printed again marked DUPLICATE",
            after.code()
        );
        return Ok(
            match ledger.release_print_job(job.id, &why, config.max_attempts, false, now)? {
                JobFate::Failed => SpoolStep::Failed { job: job.id },
                JobFate::Requeued => SpoolStep::Waiting(after),
            },
        );
    }
    ledger.finish_print_job(job.id, now)?;
    Ok(SpoolStep::Printed { job: job.id })
}

/// Runs the worker until `stop` is set (or, with `until_idle`, until nothing is queued or
/// the printer cannot print), pausing as each step asks. `now` is the clock.
pub fn run(
    ledger: &mut Ledger,
    printer: &mut dyn Transport,
    config: &SpoolConfig,
    stop: &AtomicBool,
    until_idle: bool,
    now: &dyn Fn() -> NaiveDateTime,
    on_step: &mut dyn FnMut(&SpoolStep),
) -> Result<(), LedgerError> {
    ledger.requeue_interrupted_print_jobs(now(), &config.filter)?;
    while !stop.load(Ordering::Relaxed) {
        let s = step(ledger, printer, config, now())?;
        on_step(&s);
        let pause = match &s {
            SpoolStep::Printed { .. } | SpoolStep::Failed { .. } => continue,
            SpoolStep::Idle | SpoolStep::Waiting(_) if until_idle => return Ok(()),
            SpoolStep::Idle | SpoolStep::Waiting(_) => config.poll,
            SpoolStep::Retry { after, .. } => *after,
        };
        // Sleep in small slices so a stop request is seen quickly.
        let mut left = pause;
        while !left.is_zero() && !stop.load(Ordering::Relaxed) {
            let slice = left.min(Duration::from_millis(50));
            std::thread::sleep(slice);
            left -= slice;
        }
    }
    Ok(())
}

//! The print spool's side of the ledger: jobs are written with the business event they
//! belong to (see `deposits`, `posting`), and the spool worker moves each through queued,
//! printing and printed (or failed) here, one short transaction at a time.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::audit::{AuditEntry, AuditWriter};
use super::{timestamp, Ledger, LedgerError};
use crate::domain::{DocumentKind, Language, Rejection};

/// A printed document found by the number on its paper: the original's print job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDocument {
    pub job: i64,
    pub kind: DocumentKind,
    /// The number as printed.
    pub number: String,
    pub created_at: String,
}

/// A job the worker is printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub language: Language,
    pub payload: String,
    pub attempts: i64,
    pub duplicate: bool,
}

/// A job as the screens list it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrintJobRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub duplicate: bool,
    pub created_at: String,
}

/// Which jobs a printer prints: those for its destination (any when `None`), and, when
/// `ids` is not empty, only those jobs (a kiosk prints only the visit in front of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    pub destination: Option<String>,
    pub ids: Vec<i64>,
}

/// What happened to a job that could not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFate {
    /// Back in the queue, to be printed when the printer can.
    Requeued,
    /// Out of attempts: a person must look and ask for a reprint.
    Failed,
}

/// The longest error text kept on a job.
const ERROR_MAX_CHARS: usize = 300;

/// What a job prints, as SQL over the row `print_job`: its own payload, or for a job stored
/// with an empty one (a visitor stub, since schema 19) the payload of its subject's first
/// deposit slip job, which shows the same. (A slip job's payload since schema 19 is then
/// made whole from the slip's row, `slip_job::printable`.) Read through
/// `print_job_by_subject`. A stub whose slip job is gone prints from the slip's reprint if
/// there is one (it holds what the slip job held), else gets an empty payload, which fails
/// as any unreadable payload does: the spool says so and gives up that job alone.
pub(crate) const PAYLOAD: &str = "CASE WHEN payload <> '' THEN payload ELSE COALESCE(
        (SELECT s.payload FROM print_job s
         WHERE s.subject = print_job.subject AND s.kind = 'deposit_slip' AND s.payload <> ''
         ORDER BY s.id LIMIT 1), '') END";

impl Ledger {
    /// Puts jobs a killed worker of `filter`'s printer left half-done back in the queue
    /// (they print again in full; a job marked printed never does). Returns how many.
    pub fn requeue_interrupted_print_jobs(
        &mut self,
        now: NaiveDateTime,
        filter: &JobFilter,
    ) -> Result<usize, LedgerError> {
        // Under the print locks, a job marked printing is a dead worker's: a live one holds
        // its lock until its job is marked printed (or sent back).
        let _printing = self.print_locks_of(filter)?;
        let tx = self.write()?;
        let n = tx.execute(
            // It may have come out whole before the worker died: the copy printed now
            // says DUPLICATE, so there are never two unmarked originals.
            "UPDATE print_job SET status = 'queued', updated_at = ?1, duplicate = 1,
                 last_error = 'interrupted while printing: it may have printed; printed again marked DUPLICATE'
             WHERE status = 'printing' AND (?2 IS NULL OR destination = ?2)",
            params![timestamp(now), filter.destination],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// The OS lock a print worker holds from taking a job until it is marked printed (or
    /// sent back): one per destination (`None`: a worker for every destination), so the
    /// desk's printing never holds up a kiosk's. Released when the file is dropped, or by the
    /// OS when the process dies. `None` for a ledger in memory. The file is opened for
    /// reading (all a lock needs), so one created by another user of the group still locks.
    pub fn print_lock(
        &self,
        destination: Option<&str>,
    ) -> Result<Option<std::fs::File>, LedgerError> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let name: String = destination
            .unwrap_or("all")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let lock_path = format!("{path}-print-{name}.lock");
        let file = match std::fs::File::open(&lock_path) {
            Ok(f) => f,
            Err(_) => std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| LedgerError::Corrupt(format!("cannot open {lock_path}: {e}")))?,
        };
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
            .map_err(|e| LedgerError::Corrupt(format!("cannot lock {lock_path}: {e}")))?;
        Ok(Some(file))
    }

    /// The locks of every worker that could be printing a job of `filter`'s printer: the
    /// every-destination worker's first, then each destination's in order (one order for
    /// everyone, so two of these never wait on each other).
    fn print_locks_of(&self, filter: &JobFilter) -> Result<Vec<std::fs::File>, LedgerError> {
        let mut destinations: Vec<String> = match &filter.destination {
            Some(d) => vec![d.clone()],
            None => self
                .conn
                .prepare("SELECT DISTINCT destination FROM print_job WHERE status = 'printing'")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?,
        };
        destinations.sort();
        let mut held: Vec<std::fs::File> = self.print_lock(None)?.into_iter().collect();
        for d in &destinations {
            held.extend(self.print_lock(Some(d))?);
        }
        Ok(held)
    }

    /// Takes the oldest queued job that `filter` allows and marks it printing, in one
    /// transaction, so two workers never print the same job.
    pub fn claim_next_print_job(
        &mut self,
        now: NaiveDateTime,
        filter: &JobFilter,
    ) -> Result<Option<PrintJob>, LedgerError> {
        let tx = self.write()?;
        let ids = if filter.ids.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = filter.ids.iter().map(i64::to_string).collect();
            format!(" AND id IN ({})", list.join(", "))
        };
        let mut job = tx
            .prepare(&format!(
                "SELECT id, kind, subject, language, {PAYLOAD}, attempts, duplicate FROM print_job
                 WHERE status = 'queued' AND (?1 IS NULL OR destination = ?1){ids}
                 ORDER BY id LIMIT 1"
            ))?
            .query_row([&filter.destination], |r| {
                Ok(PrintJob {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    subject: r.get(2)?,
                    language: Language::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
                    payload: r.get(4)?,
                    attempts: r.get::<_, i64>(5)? + 1,
                    duplicate: r.get(6)?,
                })
            })
            .optional()?;
        if let Some(job) = job.as_mut() {
            let stored = std::mem::take(&mut job.payload);
            job.payload = super::slip_job::printable(&tx, &job.kind, &job.subject, stored)?;
        }
        if let Some(job) = &job {
            tx.execute(
                "UPDATE print_job SET status = 'printing', attempts = attempts + 1, updated_at = ?2
                 WHERE id = ?1",
                params![job.id, timestamp(now)],
            )?;
        }
        tx.commit()?;
        Ok(job)
    }

    /// The job reached the printer whole and the printer stayed ready.
    pub fn finish_print_job(&mut self, id: i64, now: NaiveDateTime) -> Result<(), LedgerError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE print_job SET status = 'printed', last_error = NULL, updated_at = ?2
             WHERE id = ?1 AND status = 'printing'",
            params![id, timestamp(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// All of the job's bytes reached the printer, which then stopped: it may have come out
    /// whole, so whatever prints of it next is marked DUPLICATE.
    pub fn mark_possibly_printed(&mut self, id: i64) -> Result<(), LedgerError> {
        let tx = self.write()?;
        tx.execute("UPDATE print_job SET duplicate = 1 WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// The job did not print: back to the queue, or failed once `max_attempts` are spent
    /// (or at once when `give_up`: a payload that can never print).
    pub fn release_print_job(
        &mut self,
        id: i64,
        error: &str,
        max_attempts: i64,
        give_up: bool,
        now: NaiveDateTime,
    ) -> Result<JobFate, LedgerError> {
        let error: String = error
            .chars()
            .filter(|c| !c.is_control())
            .take(ERROR_MAX_CHARS)
            .collect();
        let tx = self.write()?;
        let attempts: i64 =
            tx.query_row("SELECT attempts FROM print_job WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let fate = if give_up || attempts >= max_attempts {
            JobFate::Failed
        } else {
            JobFate::Requeued
        };
        tx.execute(
            "UPDATE print_job SET status = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1",
            params![
                id,
                if fate == JobFate::Failed {
                    "failed"
                } else {
                    "queued"
                },
                error,
                timestamp(now)
            ],
        )?;
        tx.commit()?;
        Ok(fate)
    }

    /// The original print job of the document of `kind` with the number printed on it
    /// (the newest, for a voucher: one is printed per visit), if there is one.
    pub fn find_document(
        &self,
        kind: DocumentKind,
        number: &str,
    ) -> Result<Option<FoundDocument>, LedgerError> {
        let number = kind.normalise(number)?;
        let (job_kind, subject) = match kind {
            DocumentKind::Receipt => ("posting_receipt", format!("receipt:{number}")),
            DocumentKind::Slip => ("deposit_slip", format!("slip:{number}")),
            DocumentKind::Voucher => ("payment_voucher", format!("voucher:{number}")),
            DocumentKind::Statement => {
                let issued: Option<(String, String)> = self
                    .conn
                    .query_row(
                        "SELECT doc, month FROM statement_issue WHERE number = ?1",
                        [&number],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some((doc, month)) = issued else {
                    return Ok(None);
                };
                ("statement", format!("statement:{doc}:{month}"))
            }
        };
        let found: Option<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, created_at FROM print_job
                 WHERE subject = ?1 AND kind = ?2 AND duplicate = 0
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![subject, job_kind], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(found.map(|(job, created_at)| FoundDocument {
            job,
            kind,
            number,
            created_at,
        }))
    }

    /// Queues a copy of job `id` marked DUPLICATE, with its audit row.
    pub fn reprint(
        &mut self,
        id: i64,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<i64, LedgerError> {
        let tx = self.write()?;
        super::people::authorize(&tx, actor, false)?;
        let at = timestamp(now);
        let found: Option<String> = tx
            .query_row("SELECT subject FROM print_job WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let subject = found.ok_or(Rejection::PrintJobNotFound)?;
        tx.execute(
            // A reprint is asked for at the desk and prints there.
            "INSERT INTO print_job (kind, subject, language, payload, status, created_at, updated_at,
                 duplicate, reprint_of, destination)
             SELECT kind, subject, language, payload, 'queued', ?2, ?2, 1, id, 'desk'
             FROM print_job WHERE id = ?1",
            params![id, at],
        )?;
        let new_id = tx.last_insert_rowid();
        let mut audit = AuditWriter::begin(&tx)?;
        audit.append(
            &tx,
            &at,
            &AuditEntry {
                actor,
                action: "print.reprint",
                subject,
                outcome: "ok",
                detail: format!("{{\"job\":{id},\"reprint\":{new_id}}}"),
            },
        )?;
        tx.commit()?;
        Ok(new_id)
    }

    /// The newest `limit` jobs, newest first (the screens page through them).
    pub fn print_jobs(
        &self,
        limit: usize,
        before_id: Option<i64>,
    ) -> Result<Vec<PrintJobRow>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, subject, status, attempts, last_error, duplicate, created_at
             FROM print_job WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![
                before_id.unwrap_or(i64::MAX),
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            |r| {
                Ok(PrintJobRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    subject: r.get(2)?,
                    status: r.get(3)?,
                    attempts: r.get(4)?,
                    last_error: r.get(5)?,
                    duplicate: r.get(6)?,
                    created_at: r.get(7)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Jobs for `destination` not printed yet (queued, or being printed): what a screen
    /// says waits for that printer. Read through the queue's index, not the whole table.
    pub fn jobs_waiting(&self, destination: &str) -> Result<i64, LedgerError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM print_job
             WHERE status IN ('queued', 'printing') AND destination = ?1",
            )?
            .query_row([destination], |r| r.get(0))?)
    }

    /// Deposit slips a kiosk made that have not printed since before `before` (the printer
    /// stopped mid-visit): their numbers, the oldest first, at most `limit`. The clerk
    /// prints them for the visitor sent to the desk.
    pub fn kiosk_slips_unprinted(
        &self,
        before: NaiveDateTime,
        limit: i64,
    ) -> Result<Vec<String>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT subject FROM print_job
             WHERE status IN ('queued', 'printing', 'failed') AND kind = 'deposit_slip'
               AND destination LIKE 'kiosk:%' AND created_at < ?1
               AND NOT EXISTS (SELECT 1 FROM print_job r
                               WHERE r.reprint_of = print_job.id AND r.status = 'printed')
             ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![timestamp(before), limit], |r| r.get::<_, String>(0))?;
        Ok(rows
            .filter_map(Result::ok)
            .map(|s| s.trim_start_matches("slip:").to_string())
            .collect())
    }

    /// Which of the jobs `ids` have not printed (queued, printing or failed): their
    /// subjects (`slip:0000-0130-0`), in job order. The kiosk tells a visitor exactly which
    /// slips the clerk will print.
    pub fn jobs_unprinted(&self, ids: &[i64]) -> Result<Vec<String>, LedgerError> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT subject FROM print_job WHERE id = ?1 AND status <> 'printed'",
        )?;
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        for id in sorted {
            if let Some(subject) = stmt.query_row([id], |r| r.get(0)).optional()? {
                out.push(subject);
            }
        }
        Ok(out)
    }

    /// The visitor asks the kiosk to print again: jobs among `ids` that gave up (failed)
    /// go back to the queue with their attempts counted afresh. Printed jobs are left alone.
    pub fn retry_print_jobs(&mut self, ids: &[i64], now: NaiveDateTime) -> Result<(), LedgerError> {
        let tx = self.write()?;
        for id in ids {
            tx.execute(
                "UPDATE print_job SET status = 'queued', attempts = 0, updated_at = ?2
                 WHERE id = ?1 AND status = 'failed'",
                params![id, timestamp(now)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Jobs in each state: (queued, printing, printed, failed).
    pub fn print_queue_counts(&self) -> Result<(i64, i64, i64, i64), LedgerError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(status = 'queued'), 0), COALESCE(SUM(status = 'printing'), 0),
                    COALESCE(SUM(status = 'printed'), 0), COALESCE(SUM(status = 'failed'), 0)
             FROM print_job",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?)
    }

    /// Records what the printer last said (the kiosk's printer: `printer_state`).
    pub fn set_printer_state(
        &mut self,
        state: &str,
        now: NaiveDateTime,
    ) -> Result<(), LedgerError> {
        self.set_printer_state_of("printer_state", state, now)
    }

    /// Records what one printer last said under `key` (`printer_state` for the kiosk's,
    /// `desk_printer_state` for the desk's), and when, in `key_at`.
    pub fn set_printer_state_of(
        &mut self,
        key: &str,
        state: &str,
        now: NaiveDateTime,
    ) -> Result<(), LedgerError> {
        if self.setting(key)?.as_deref() == Some(state) {
            return Ok(());
        }
        if matches!(state, "ready" | "paper_low") {
            tracing::info!(printer = key, state, "printer");
        } else {
            tracing::warn!(printer = key, state, "printer cannot print; its jobs wait");
        }
        let tx = self.write()?;
        for (key, value) in [
            (key.to_string(), state.to_string()),
            (format!("{key}_at"), timestamp(now)),
        ] {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// A stub's payload is found by one search of its subject's jobs: without the index,
    /// every job the kiosk prints would read the whole print queue's history first.
    #[test]
    fn a_stubs_slip_is_found_through_the_subject_index() -> Result<(), super::LedgerError> {
        let sql = format!("SELECT {} FROM print_job WHERE id = ?1", super::PAYLOAD);
        let plan = crate::store::query_plan(&sql, [1])?;
        assert!(
            plan.iter()
                .any(|step| step
                    == "SEARCH s USING INDEX print_job_by_subject (subject=? AND kind=?)"),
            "{plan:#?}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN")),
            "{plan:#?}"
        );
        Ok(())
    }
}

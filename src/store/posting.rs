//! The once-a-business-day posting batch.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, OptionalExtension, Transaction};

use super::audit::AuditWriter;
use super::ledger::UNPOSTED_ACCOUNT;
use super::people::{authorize, Person};
use super::posting_rows::{PendingRows, PostedDeposit};
use super::{timestamp, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{
    split_deposit, DocNumber, Language, Money, NotBusinessDay, ObligationDue, Rejection,
};

/// Money orders posted per transaction. A batch is committed in chunks so that a killed
/// batch keeps what it finished and a re-run continues; each money order's posting, its
/// receipt, its print job and its audit row always commit together.
pub const POSTING_CHUNK: usize = 250;

/// How far a running batch has come, for a progress gauge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingProgress {
    pub posted: usize,
    pub total: usize,
}

/// What a posting run did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PostingOutcome {
    /// Nothing posts on weekends and holidays.
    NotABusinessDay {
        date: NaiveDate,
        reason: NotBusinessDay,
    },
    /// The batch of `date` is complete.
    Posted {
        batch_id: i64,
        date: NaiveDate,
        /// Money orders this run posted (0 when the batch had already finished).
        posted_now: i64,
        posted_now_total: Money,
        /// The whole batch, across runs.
        batch_count: i64,
        batch_total: Money,
        /// Electronic deposits this run posted, and the whole batch's (money orders are
        /// counted apart: the lock box's reconciliation counts them alone).
        electronic_posted_now: i64,
        electronic_posted_now_total: Money,
        electronic_batch_count: i64,
        electronic_batch_total: Money,
        /// The batch had finished before this run: nothing new was posted.
        already_finished: bool,
        /// This run continued a batch that an earlier run started and did not finish.
        resumed: bool,
    },
}

struct Batch {
    id: i64,
    cutoff: String,
    finished: bool,
}

/// A deposit the batch posts: a money order from the lock box, or an electronic deposit
/// the processor's file brought (accepted at import or by a supervisor's review).
struct ReadyDeposit {
    source: Source,
    doc: String,
    amount: Money,
    sender_name: String,
}

#[derive(Clone, Copy)]
enum Source {
    MoneyOrder(i64),
    /// The deposit's row, and the account it waits in until posted.
    Electronic {
        id: i64,
        unposted: i64,
    },
}

impl Source {
    fn subject(self) -> String {
        match self {
            Source::MoneyOrder(id) => format!("money_order:{id}"),
            Source::Electronic { id, .. } => format!("electronic_deposit:{id}"),
        }
    }
}

impl Ledger {
    /// Posts every money order ready by the batch's cut-off (the moment the batch first
    /// started, at the latest the end of `date`) to its inmate, split by obligations.
    /// Safe to run again: a finished batch posts nothing, an interrupted one continues.
    pub fn post(
        &mut self,
        date: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
        progress: &mut dyn FnMut(PostingProgress),
    ) -> Result<PostingOutcome, LedgerError> {
        // Mapped: a posting reads each deposit's inmate, account and index entries at random
        // across the ledger, in a process that has just opened it.
        self.with_batch_cache(|ledger| {
            let before = ledger.map_reads()?;
            let posted = ledger.post_now(date, now, actor, progress);
            ledger.unmap_reads(before);
            posted
        })
    }

    fn post_now(
        &mut self,
        date: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
        progress: &mut dyn FnMut(PostingProgress),
    ) -> Result<PostingOutcome, LedgerError> {
        authorize(&self.conn, actor, false)?;
        if date > now.date() {
            return Err(Rejection::PostingDateInFuture.into());
        }
        // One posting at a time: a second process refuses (and says who runs the first)
        // instead of posting beside it, re-finishing its batch or reporting a stale total.
        // The lock is the OS's, so a killed posting never leaves it held.
        let mut running = self.posting_lock()?;
        Ledger::sign_posting_lock(running.as_mut(), now, actor);
        if let Err(reason) = self.calendar()?.check(date) {
            return Ok(PostingOutcome::NotABusinessDay { date, reason });
        }
        if self.before_first_business_day(date)? {
            return Err(Rejection::PostingDateTooEarly.into());
        }
        // A month whose statements are issued is closed: a posting dated in it would change
        // statements already numbered and break the chain to the next month's opening. Its
        // money orders post with the next business day's batch instead.
        let month = crate::domain::month::month_label(crate::domain::month::first_of_month(date));
        let issued: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM statement_issue WHERE month = ?1)",
            [&month],
            |r| r.get(0),
        )?;
        if issued {
            return Err(Rejection::MonthClosedByStatements.into());
        }
        let default_bp = self.obligation_percent_bp()?;
        let (batch, resumed) = self.open_batch(date, now, actor)?;
        if batch.finished {
            let (count, total) = batch_totals(&self.conn, batch.id)?;
            let (e_count, e_total) = electronic_totals(&self.conn, batch.id)?;
            return Ok(PostingOutcome::Posted {
                batch_id: batch.id,
                date,
                posted_now: 0,
                posted_now_total: Money::ZERO,
                batch_count: count,
                batch_total: total,
                electronic_posted_now: 0,
                electronic_posted_now_total: Money::ZERO,
                electronic_batch_count: e_count,
                electronic_batch_total: e_total,
                already_finished: true,
                resumed: false,
            });
        }
        let total: i64 = self.conn.query_row(
            &format!(
                "SELECT (SELECT COUNT(*) FROM money_order WHERE status = 'ready' AND ready_at <= ?1)
                      + (SELECT COUNT(*) FROM electronic_deposit WHERE {ELECTRONIC_READY})"
            ),
            [&batch.cutoff],
            |r| r.get(0),
        )?;
        let electronic_unposted =
            super::electronic_books::ElectronicAccounts::load(&self.conn)?.unposted;
        let total = usize::try_from(total).unwrap_or(0);
        let mut posted = 0usize;
        let mut posted_cents = 0i64;
        let mut posted_money_orders = 0i64;
        let mut posted_electronic = (0i64, 0i64);
        progress(PostingProgress { posted, total });
        loop {
            let tx = self.write()?;
            let chunk = ready_chunk(&tx, &batch.cutoff, electronic_unposted)?;
            let at = timestamp(now);
            let mut audit = AuditWriter::begin(&tx)?;
            if chunk.is_empty() {
                let (count, cents) = finish_batch(&tx, &mut audit, batch.id, date, &at, actor)?;
                let (e_count, e_total) = electronic_totals(&tx, batch.id)?;
                tx.commit()?;
                return Ok(PostingOutcome::Posted {
                    batch_id: batch.id,
                    date,
                    posted_now: posted_money_orders,
                    posted_now_total: Money::from_cents(posted_cents),
                    batch_count: count,
                    batch_total: Money::from_cents(cents),
                    electronic_posted_now: posted_electronic.0,
                    electronic_posted_now_total: Money::from_cents(posted_electronic.1),
                    electronic_batch_count: e_count,
                    electronic_batch_total: e_total,
                    already_finished: false,
                    resumed,
                });
            }
            // Receipt numbers follow on from the last, with no gap (`check` holds them so).
            let mut receipt_number: i64 =
                tx.query_row("SELECT COALESCE(MAX(number), 0) FROM receipt", [], |r| {
                    r.get(0)
                })?;
            let mut rows =
                PendingRows::new(batch.id, date.format(DATE_FORMAT).to_string(), &at, actor);
            for mo in &chunk {
                receipt_number += 1;
                post_one(
                    &tx,
                    &mut audit,
                    &mut rows,
                    mo,
                    receipt_number,
                    date,
                    default_bp,
                    &at,
                    actor,
                )?;
                if let Source::MoneyOrder(_) = mo.source {
                    posted_cents += mo.amount.cents();
                    posted_money_orders += 1;
                } else {
                    posted_electronic.0 += 1;
                    posted_electronic.1 += mo.amount.cents();
                }
            }
            rows.flush(&tx, &mut audit)?;
            tx.commit()?;
            posted += chunk.len();
            progress(PostingProgress {
                posted,
                total: total.max(posted),
            });
        }
    }

    fn open_batch(
        &mut self,
        date: NaiveDate,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(Batch, bool), LedgerError> {
        let tx = self.write()?;
        let day = date.format(DATE_FORMAT).to_string();
        let existing = tx
            .query_row(
                "SELECT id, cutoff, finished_at IS NOT NULL FROM posting_batch
                 WHERE business_date = ?1",
                [&day],
                |r| {
                    Ok(Batch {
                        id: r.get(0)?,
                        cutoff: r.get(1)?,
                        finished: r.get(2)?,
                    })
                },
            )
            .optional()?;
        if let Some(batch) = existing {
            let resumed = !batch.finished;
            if resumed {
                tx.execute(
                    "UPDATE posting_batch SET run_started_at = ?2, run_by = ?3 WHERE id = ?1",
                    params![batch.id, timestamp(now), actor],
                )?;
            }
            tx.commit()?;
            return Ok((batch, resumed));
        }
        let end_of_day = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
        let cutoff = timestamp(now.min(end_of_day));
        let at = timestamp(now);
        tx.execute(
            "INSERT INTO posting_batch (business_date, cutoff, started_at, started_by,
                                        run_started_at, run_by)
             VALUES (?1, ?2, ?3, ?4, ?3, ?4)",
            params![day, cutoff, at, actor],
        )?;
        let id = tx.last_insert_rowid();
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "posting.start",
            format!("batch:{day}"),
            format!("{{\"cutoff\":\"{cutoff}\"}}"),
        )?;
        tx.commit()?;
        Ok((
            Batch {
                id,
                cutoff,
                finished: false,
            },
            false,
        ))
    }
}

impl Ledger {
    /// True when `date` lies before the ledger's first business day: the first day a money
    /// order was taken in or the ledger's first record was written, whichever came first.
    /// (Not the fee books' dates: a case placed years ago charges months long before the
    /// lobby opened.)
    fn before_first_business_day(&self, date: NaiveDate) -> Result<bool, LedgerError> {
        let day = date.format(DATE_FORMAT).to_string();
        // Whether any money order was taken in on that day or before: a scan that stops at
        // the first one (in the order they were taken in, the oldest come first), where the
        // earliest day of them all read every money order (58 ms at 100,000 people).
        let (taken_in_by_then, any_taken_in, first_record): (bool, bool, Option<String>) =
            self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM money_order WHERE substr(received_at, 1, 10) <= ?1),
                        EXISTS (SELECT 1 FROM money_order),
                        (SELECT substr(at, 1, 10) FROM audit ORDER BY id LIMIT 1)",
                [&day],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
        let first_record =
            first_record.and_then(|d| NaiveDate::parse_from_str(&d, DATE_FORMAT).ok());
        // Before the first business day: before the first money order and the first record
        // both, and the ledger has at least one of them.
        Ok(!taken_in_by_then
            && match first_record {
                Some(first) => date < first,
                None => any_taken_in,
            })
    }

    /// The OS lock that makes a posting the only one running on this ledger file, held until
    /// the returned file is dropped; `None` for a ledger in memory (one process only).
    fn posting_lock(&self) -> Result<Option<std::fs::File>, LedgerError> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let lock_path = format!("{path}-posting.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| LedgerError::Corrupt(format!("cannot open {lock_path}: {e}")))?;
        match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(Some(file)),
            Err(rustix::io::Errno::WOULDBLOCK) => Err(Rejection::PostingRunning.into()),
            Err(e) => Err(LedgerError::Corrupt(format!(
                "cannot lock {lock_path}: {e}"
            ))),
        }
    }

    /// Says, in the lock file it holds, when this run began and who runs it: a second
    /// posting reads it there at once (the ledger's own record of the run comes a moment
    /// later, in its first transaction).
    fn sign_posting_lock(lock: Option<&mut std::fs::File>, now: NaiveDateTime, actor: &str) {
        use std::io::{Seek, Write};
        if let Some(file) = lock {
            let signed = file.set_len(0).and_then(|()| {
                file.rewind()?;
                writeln!(file, "{}|{}", timestamp(now), text_for_lock(actor))
            });
            if let Err(e) = signed {
                tracing::warn!("could not note the posting run in its lock file: {e}");
            }
        }
    }

    /// The posting running now, if one is: when its run began and who runs it, from the
    /// lock file it holds, else from the ledger's record of the newest run.
    pub fn posting_running(&self) -> Result<Option<(String, String)>, LedgerError> {
        if let Some(path) = self.conn.path().filter(|p| !p.is_empty()) {
            if let Ok(text) = std::fs::read_to_string(format!("{path}-posting.lock")) {
                if let Some((since, by)) = text.trim().split_once('|') {
                    return Ok(Some((since.to_string(), by.to_string())));
                }
            }
        }
        Ok(self
            .conn
            .query_row(
                "SELECT run_started_at, run_by FROM posting_batch
                 WHERE run_started_at IS NOT NULL ORDER BY run_started_at DESC, id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

/// One obligation as the posting takes its share: what is still owed, at which rate, into
/// which account.
pub(crate) struct OwedObligation {
    pub id: i64,
    pub kind: String,
    /// The account the share is credited to: the obligation's own, or for an intervention
    /// fee of an offender with a supervision case, the fee receivable.
    pub account: i64,
    pub rate_bp: u32,
    pub remaining_cents: i64,
    /// An intervention fee that the fee engine owns: what is owed is what the engine says
    /// can be paid on the posting date, and a share paid is a fee payment on the case.
    pub fee_case: bool,
}

/// An inmate's obligations with what is left of each: from the transfers themselves
/// (sealed), not the account's running total (a cache that `check` proves, but that a write
/// behind the ledger's back could bend for one posting and put back). The sum reads the
/// amounts from `transfer_by_credit` alone (schema 18), not a table row per deduction.
const OBLIGATIONS_OWED: &str = "SELECT o.id, o.kind, o.account_id, o.percent_bp,
        o.amount_cents - (SELECT COALESCE(SUM(t.amount_cents), 0) FROM transfer t
                          WHERE t.credit_account = o.account_id)
 FROM obligation o
 WHERE o.doc = ?1
   -- Sent on with the person to another site: owed there now.
   AND NOT EXISTS (SELECT 1 FROM obligation_moved m WHERE m.obligation_id = o.id)
 ORDER BY o.id";

/// What `doc` still owes, oldest obligation first, as the posting of `date` takes it. An
/// intervention-fee obligation of an offender with a supervision case owes what the fee
/// engine says can be paid that day (no advance payments), once for all such obligations.
pub(crate) fn obligations_owed(
    conn: &rusqlite::Connection,
    doc: &DocNumber,
    date: NaiveDate,
) -> Result<Vec<OwedObligation>, LedgerError> {
    let mut stmt = conn.prepare_cached(OBLIGATIONS_OWED)?;
    let rows = stmt.query_map([doc.as_str()], |r| {
        Ok(OwedObligation {
            id: r.get(0)?,
            kind: r.get(1)?,
            account: r.get(2)?,
            rate_bp: r.get(3)?,
            remaining_cents: r.get(4)?,
            fee_case: false,
        })
    })?;
    let mut out: Vec<OwedObligation> = rows.collect::<Result<_, _>>()?;
    if out.iter().any(|o| o.kind == "intervention_fee") {
        if let Some((case, receivable)) = super::fees::load_case(conn, doc)? {
            let calendar = super::fees::calendar_of(conn)?;
            let mut payable = fee_payable_from_deposit(&case, date, &calendar);
            for o in out.iter_mut().filter(|o| o.kind == "intervention_fee") {
                o.remaining_cents = payable;
                o.account = receivable;
                o.fee_case = true;
                payable = 0;
            }
        }
    }
    Ok(out)
}

/// What a deposit posted on `date` may pay of the offender's fee: what can be paid that day
/// (no advance payments), and no more than leaves every payment recorded after that date
/// still within what could be paid on its own date (a posting run late must not turn a
/// later payment at the fee desk into an advance payment). Checked against the rules once
/// more: if the engine would still refuse it, nothing is taken for the fee.
fn fee_payable_from_deposit(
    case: &crate::domain::SupervisionCase,
    date: NaiveDate,
    calendar: &crate::domain::BusinessCalendar,
) -> i64 {
    use crate::domain::{CaseEvent, DatedEvent, FeeAccount, FeeInstrument};
    let payable_on = |d: NaiveDate| FeeAccount::compute(case, d, calendar).payable_on(d, calendar);
    let later = case.events().iter().filter_map(|e| match e.event {
        CaseEvent::Payment { .. } if e.date > date => Some(e.date),
        _ => None,
    });
    let cents = std::iter::once(date)
        .chain(later)
        .map(|d| payable_on(d).cents())
        .min()
        .unwrap_or(0)
        .max(0);
    if cents == 0 {
        return 0;
    }
    let mut trial = case.clone();
    let payment = DatedEvent {
        date,
        event: CaseEvent::Payment {
            amount: Money::from_cents(cents),
            instrument: FeeInstrument::InmateAccount,
        },
    };
    // The engine's own check, on the latest date anything is recorded for.
    let today = case.events().last().map_or(date, |e| e.date.max(date));
    match trial.add_event(payment, today, calendar) {
        Ok(()) => cents,
        Err(_) => 0,
    }
}

/// A user name as the lock file holds it: printable, one line, bounded.
fn text_for_lock(actor: &str) -> String {
    crate::domain::text::printable(actor)
        .replace('|', " ")
        .chars()
        .take(32)
        .collect()
}

/// An accepted electronic deposit not yet posted nor charged back, in the books by the
/// cut-off (accepted at import, or by a review, before it): `?1` is the cut-off.
/// (A deposit for someone the state moved to another site waits: posting happens where the
/// inmate is. Their money orders are held when the move arrives; electronic deposits
/// accepted before it wait here until they are moved back.)
const ELECTRONIC_READY: &str =
    "outcome = 'accepted' AND batch_id IS NULL AND charged_back_at IS NULL
     AND COALESCE(reviewed_at, imported_at) <= ?1
     AND doc NOT IN (SELECT doc FROM person_elsewhere)";

/// The next deposits to post: money orders first, then electronic deposits.
///
/// The electronic ones are read by `electronic_ready`, which holds only the unposted: left
/// to itself SQLite took `electronic_by_outcome` and read every accepted deposit ever, posted
/// ones too, for each chunk (a posting of 90,000 took 40 s, half of it in this query).
fn ready_chunk(
    tx: &Transaction<'_>,
    cutoff: &str,
    electronic_unposted: i64,
) -> Result<Vec<ReadyDeposit>, LedgerError> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, doc, amount_cents, COALESCE(sender_name, '') FROM money_order
         WHERE status = 'ready' AND ready_at <= ?1
           AND doc NOT IN (SELECT doc FROM person_elsewhere)
         ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![cutoff, POSTING_CHUNK as i64], |r| {
        Ok(ReadyDeposit {
            source: Source::MoneyOrder(r.get(0)?),
            doc: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            amount: Money::from_cents(r.get(2)?),
            sender_name: r.get(3)?,
        })
    })?;
    let mut out: Vec<ReadyDeposit> = rows.collect::<Result<_, _>>()?;
    if out.len() < POSTING_CHUNK {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT id, doc, amount_cents, sender_name FROM electronic_deposit
             INDEXED BY electronic_ready
             WHERE {ELECTRONIC_READY} ORDER BY id LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![cutoff, (POSTING_CHUNK - out.len()) as i64], |r| {
            Ok(ReadyDeposit {
                source: Source::Electronic {
                    id: r.get(0)?,
                    unposted: electronic_unposted,
                },
                doc: r.get(1)?,
                amount: Money::from_cents(r.get(2)?),
                sender_name: r.get(3)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The electronic deposits a batch posted: how many, and their total.
fn electronic_totals(
    conn: &rusqlite::Connection,
    batch_id: i64,
) -> Result<(i64, Money), LedgerError> {
    let (count, cents): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM electronic_deposit WHERE batch_id = ?1",
        [batch_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((count, Money::from_cents(cents)))
}

fn batch_totals(conn: &rusqlite::Connection, batch_id: i64) -> Result<(i64, Money), LedgerError> {
    let (count, cents): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM money_order WHERE batch_id = ?1",
        [batch_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((count, Money::from_cents(cents)))
}

fn finish_batch(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    batch_id: i64,
    date: NaiveDate,
    at: &str,
    actor: &str,
) -> Result<(i64, i64), LedgerError> {
    let (count, total) = batch_totals(tx, batch_id)?;
    let finished = tx.execute(
        "UPDATE posting_batch SET finished_at = ?1, posted_count = ?2, posted_cents = ?3
         WHERE id = ?4 AND finished_at IS NULL",
        params![at, count, total.cents(), batch_id],
    )?;
    if finished != 1 {
        return Err(LedgerError::Corrupt(format!(
            "batch {batch_id} was finished by another run during this one"
        )));
    }
    audit.ok(
        tx,
        at,
        actor,
        "posting.finish",
        format!("batch:{}", date.format(DATE_FORMAT)),
        format!("{{\"count\":{count},\"total\":\"{total}\"}}"),
    )?;
    Ok((count, total.cents()))
}

/// One obligation line on an inmate's posting receipt.
#[derive(Debug, Clone, serde::Serialize)]
struct ReceiptDeduction {
    obligation_id: i64,
    kind: String,
    amount: Money,
    remaining: Money,
}

#[derive(Debug, Clone, serde::Serialize)]
struct ReceiptPayload {
    receipt_number: i64,
    money_order_id: Option<i64>,
    /// An electronic deposit's receipt (the processor's, not the lock box's money).
    electronic: bool,
    business_date: String,
    doc: String,
    inmate_name: String,
    facility: String,
    sender_name: String,
    amount: Money,
    deductions: Vec<ReceiptDeduction>,
    credited: Money,
    new_balance: Money,
}

/// Posts one deposit: its transfers and its receipt, print job and audit entry go to
/// `rows`, written with the run's others (see `PendingRows`); `receipt_number` is the
/// deposit's, the next of the series.
#[allow(clippy::too_many_arguments)]
fn post_one(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    rows: &mut PendingRows,
    mo: &ReadyDeposit,
    receipt_number: i64,
    date: NaiveDate,
    default_bp: u32,
    at: &str,
    actor: &str,
) -> Result<(), LedgerError> {
    let doc = DocNumber::parse(&mo.doc).map_err(|_| {
        LedgerError::Corrupt(format!(
            "{} is ready without an inmate",
            mo.source.subject()
        ))
    })?;
    // What this deposit reads (the trust balance, what is owed) must hold what the
    // deposits before it wrote.
    if rows.waits_for(doc.as_str()) {
        rows.flush(tx, audit)?;
    }
    // One read for the person, their trust account and its balance, and whether they owe
    // anything at all: most inmates do not, and then the obligations are not read.
    let (person, trust, trust_before, owes) = tx
        .prepare_cached(
            "SELECT p.last_name, p.first_name, p.facility, t.account_id,
                    a.credits_cents - a.debits_cents, p.language,
                    EXISTS (SELECT 1 FROM obligation o WHERE o.doc = p.doc)
             FROM person p
             JOIN trust_account t ON t.doc = p.doc
             JOIN account a ON a.id = t.account_id
             WHERE p.doc = ?1",
        )?
        .query_row([doc.as_str()], |r| {
            Ok((
                Person {
                    doc: doc.clone(),
                    last_name: r.get(0)?,
                    first_name: r.get(1)?,
                    facility: r.get(2)?,
                    birth_date: None,
                    language: Language::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                },
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, bool>(6)?,
            ))
        })
        .optional()?
        .ok_or_else(|| {
            LedgerError::Corrupt(format!("{} names unknown {doc}", mo.source.subject()))
        })?;
    let obligations = if owes {
        obligations_owed(tx, &doc, date)?
    } else {
        Vec::new()
    };
    // The share is taken at the rate of the oldest obligation still owed; every obligation
    // carries the configured percentage unless a court order set another for it (the rate
    // is the obligation's own, copied when it was added: changing the setting later changes
    // only obligations added after).
    let rate = obligations
        .iter()
        .find(|o| o.remaining_cents > 0)
        .map_or(default_bp, |o| o.rate_bp);
    let owed: Vec<ObligationDue> = obligations
        .iter()
        .map(|o| ObligationDue {
            obligation_id: o.id,
            remaining: Money::from_cents(o.remaining_cents),
        })
        .collect();
    let split = split_deposit(mo.amount, rate, &owed);
    let (debit, source) = match mo.source {
        Source::MoneyOrder(id) => (UNPOSTED_ACCOUNT, (Some(id), None)),
        Source::Electronic { id, unposted } => (unposted, (None, Some(id))),
    };
    let mut deductions = Vec::new();
    for (obligation_id, amount) in &split.to_obligations {
        let Some(o) = obligations.iter().find(|o| o.id == *obligation_id) else {
            continue;
        };
        rows.transfer((debit, o.account), *amount, "post_obligation", source);
        if o.fee_case {
            // The fee engine sees it as a payment, so the same debt is never collected
            // twice (from deposits and at the fee desk). It compares the case with what
            // the receivable holds, so the share is written first.
            rows.flush(tx, audit)?;
            super::fees::record_deposit_payment_tx(tx, audit, &doc, *amount, date, at, actor)?;
        }
        deductions.push(ReceiptDeduction {
            obligation_id: o.id,
            kind: o.kind.clone(),
            amount: *amount,
            remaining: Money::from_cents(o.remaining_cents - amount.cents()),
        });
    }
    if split.to_trust.is_positive() {
        rows.transfer((debit, trust), split.to_trust, "post_trust", source);
    }
    let (money_order_id, electronic_id) = source;
    let payload = ReceiptPayload {
        receipt_number,
        money_order_id,
        electronic: electronic_id.is_some(),
        business_date: date.format(DATE_FORMAT).to_string(),
        doc: doc.to_string(),
        inmate_name: person.display_name(),
        facility: person.facility.clone(),
        sender_name: mo.sender_name.clone(),
        amount: mo.amount,
        deductions,
        credited: split.to_trust,
        new_balance: Money::from_cents(trust_before + split.to_trust.cents()),
    };
    let payload =
        serde_json::to_string(&payload).map_err(|e| LedgerError::Corrupt(e.to_string()))?;
    rows.deposit(
        tx,
        audit,
        PostedDeposit {
            source,
            doc: doc.to_string(),
            receipt_number,
            language: person.language,
            payload,
            action: match mo.source {
                Source::MoneyOrder(_) => "money_order.post",
                Source::Electronic { .. } => "electronic_deposit.post",
            },
            subject: mo.source.subject(),
            detail: format!(
                "{{\"doc\":\"{doc}\",\"amount\":\"{}\",\"to_trust\":\"{}\",\"receipt\":{receipt_number}}}",
                mo.amount, split.to_trust
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    /// What an obligation has received is summed from the index alone: with a table row
    /// read for each deduction, a posting slowed down with every year of an inmate's
    /// payments, a random page of a big ledger each, without any test failing.
    #[test]
    fn what_an_obligation_received_is_read_from_its_index_alone() -> Result<(), super::LedgerError>
    {
        let plan = crate::store::query_plan(super::OBLIGATIONS_OWED, ["00012345"])?;
        assert!(
            plan.iter().any(|step| step
                == "SEARCH t USING COVERING INDEX transfer_by_credit (credit_account=?)"),
            "{plan:#?}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN")),
            "{plan:#?}"
        );
        Ok(())
    }
}

//! The intervention fee in the double-entry books, derived from the fee engine so that the
//! two can never disagree.
//!
//! The fee engine (`domain::FeeAccount`) is the one truth about what an offender owes. The
//! books follow it: each month's fee is a transfer from `income:fees` to the offender's
//! receivable `assets:receivable:fees:DOC`, dated the 1st of the month (the day the engine
//! starts counting it), and the waived part a transfer from the receivable to
//! `expenses:fees:waived`, dated the same day. Payments are dated the day they were made.
//!
//! Whenever a case changes (placement, any event, an approved waiver, a payment) the case's
//! months are compared with what its receivable already holds, month by month, and the
//! difference is posted in the same transaction: a charge, or a reversing entry when a
//! waiver, an exemption, a closing or a rescinded waiver changed a month already charged.
//! Corrections are dated like the month they correct, so the receivable's balance as of any
//! date equals the engine's balance as of that date.
//!
//! Time alone also changes what is owed: a new month falls due on its 1st. Every command
//! that opens the ledger (`check` included; not `doctor`, which writes nothing) first brings
//! the books up to today's month (`catch_up_fee_books`), which costs one pass over the cases
//! once a month and one indexed read otherwise; nobody has to remember to run `fees assess`.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};

use super::audit::{AuditEntry, AuditWriter};
use super::deposits::insert_transfer;
use super::fees::{calendar_of, for_each_case};
use super::{Ledger, LedgerError, DATE_FORMAT};
use crate::domain::month::{first_of_month, month_label, parse_month};
use crate::domain::{FeeAccount, Money, SupervisionCase};

/// Ledger accounts of the fee, fixed by the schema.
pub(crate) const FEE_INCOME_ACCOUNT: i64 = 3;
pub(crate) const FEE_WAIVED_ACCOUNT: i64 = 4;

/// Cases brought up to date per transaction by the monthly catch-up, so that a killed run
/// keeps what it finished and the next one continues.
const CATCH_UP_CHUNK: usize = 2_000;

/// What the books hold for one month of one case, in cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct MonthBooks {
    assessed: i64,
    waived: i64,
}

/// What one sync posted, for the audit trail and `fees assess`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BooksChange {
    /// Months newly charged or changed.
    pub months: usize,
    /// Net change of the charged fee and of the waived part, in cents.
    pub assessed_cents: i64,
    pub waived_cents: i64,
}

impl BooksChange {
    fn add(&mut self, other: BooksChange) {
        self.months += other.months;
        self.assessed_cents += other.assessed_cents;
        self.waived_cents += other.waived_cents;
    }
}

/// What the receivable of `account` holds per month (by the transfers dated on the 1st).
fn books_by_month(
    conn: &Connection,
    account: i64,
) -> Result<BTreeMap<NaiveDate, MonthBooks>, LedgerError> {
    let mut stmt = conn.prepare_cached(
        "SELECT business_date, kind, SUM(amount_cents) FROM transfer
         WHERE (debit_account = ?1 OR credit_account = ?1)
           AND kind IN ('fee_assessment', 'fee_reversal', 'fee_waiver', 'fee_waiver_reversal')
         GROUP BY business_date, kind",
    )?;
    let mut rows = stmt.query([account])?;
    let mut out: BTreeMap<NaiveDate, MonthBooks> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let date: String = r.get(0)?;
        let kind: String = r.get(1)?;
        let cents: i64 = r.get(2)?;
        let day = NaiveDate::parse_from_str(&date, DATE_FORMAT)
            .map_err(|_| LedgerError::Corrupt(format!("fee transfer dated {date:?}")))?;
        let m = out.entry(day).or_default();
        match kind.as_str() {
            "fee_assessment" => m.assessed += cents,
            "fee_reversal" => m.assessed -= cents,
            "fee_waiver" => m.waived += cents,
            _ => m.waived -= cents,
        }
    }
    Ok(out)
}

/// The months the engine counts as of `today`, with their fee and waived part.
fn engine_months(fee: &FeeAccount) -> BTreeMap<NaiveDate, MonthBooks> {
    fee.months
        .iter()
        .map(|m| {
            (
                m.month,
                MonthBooks {
                    assessed: m.assessed.cents(),
                    waived: m.waived.cents(),
                },
            )
        })
        .collect()
}

/// Moves `delta` cents between the receivable `account` and `other`, dated `month`: a
/// positive delta with `up` (`up_debits_receivable` says which way it goes), a negative one
/// reversed, with `down`.
#[allow(clippy::too_many_arguments)]
fn post_delta(
    tx: &Transaction<'_>,
    account: i64,
    other: i64,
    up_debits_receivable: bool,
    (up, down): (&str, &str),
    delta: i64,
    month: NaiveDate,
    at: &str,
) -> Result<(), LedgerError> {
    if delta == 0 {
        return Ok(());
    }
    let debits_receivable = up_debits_receivable == (delta > 0);
    let (debit, credit) = if debits_receivable {
        (account, other)
    } else {
        (other, account)
    };
    let kind = if delta > 0 { up } else { down };
    let amount = Money::from_cents(delta.abs());
    insert_transfer(tx, debit, credit, amount, kind, None, None, month, at)?;
    Ok(())
}

/// Posts, month by month, the difference between what the engine wants (`want`) and what
/// the receivable `account` holds (`have`), each dated its month's 1st: every month of
/// either, so a month the engine no longer counts is reversed to nothing.
fn post_differences(
    tx: &Transaction<'_>,
    account: i64,
    want: &BTreeMap<NaiveDate, MonthBooks>,
    have: &BTreeMap<NaiveDate, MonthBooks>,
    at: &str,
) -> Result<BooksChange, LedgerError> {
    let months: std::collections::BTreeSet<NaiveDate> =
        want.keys().chain(have.keys()).copied().collect();
    let mut change = BooksChange::default();
    for month in months {
        let w = want.get(&month).copied().unwrap_or_default();
        let h = have.get(&month).copied().unwrap_or_default();
        let (charge, waive) = (w.assessed - h.assessed, w.waived - h.waived);
        if charge == 0 && waive == 0 {
            continue;
        }
        let fee = ("fee_assessment", "fee_reversal");
        post_delta(
            tx,
            account,
            FEE_INCOME_ACCOUNT,
            true,
            fee,
            charge,
            month,
            at,
        )?;
        let waiver = ("fee_waiver", "fee_waiver_reversal");
        post_delta(
            tx,
            account,
            FEE_WAIVED_ACCOUNT,
            false,
            waiver,
            waive,
            month,
            at,
        )?;
        change.add(BooksChange {
            months: 1,
            assessed_cents: charge,
            waived_cents: waive,
        });
    }
    Ok(change)
}

/// Makes the books of one case agree with the engine as of `today`, comparing every month
/// with what its receivable already holds. Called in the transaction that changed the case.
pub(crate) fn sync_case_tx(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    case: &SupervisionCase,
    account: i64,
    today: NaiveDate,
    at: &str,
    actor: &str,
) -> Result<BooksChange, LedgerError> {
    let calendar = calendar_of(tx)?;
    let want = engine_months(&FeeAccount::compute(case, today, &calendar));
    // A month charged ahead of today by a clock that ran ahead is among `have` and not
    // `want`: it is reversed, and charged again, as the engine then says, when it comes.
    let have = books_by_month(tx, account)?;
    let change = post_differences(tx, account, &want, &have, at)?;
    case_done(tx, audit, case, first_of_month(today), change, at, actor)?;
    Ok(change)
}

/// Marks a case's books complete through `through`, with an audit row when they changed.
fn case_done(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    case: &SupervisionCase,
    through: NaiveDate,
    change: BooksChange,
    at: &str,
    actor: &str,
) -> Result<(), LedgerError> {
    set_books_month(tx, case, through)?;
    if change.months > 0 {
        audit_change(tx, audit, case, change, at, actor)?;
    }
    Ok(())
}

fn set_books_month(
    tx: &Transaction<'_>,
    case: &SupervisionCase,
    through: NaiveDate,
) -> Result<(), LedgerError> {
    tx.prepare_cached("UPDATE supervision_case SET books_month = ?2 WHERE doc = ?1")?
        .execute(params![case.doc.as_str(), month_label(through)])?;
    Ok(())
}

fn audit_change(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    case: &SupervisionCase,
    change: BooksChange,
    at: &str,
    actor: &str,
) -> Result<(), LedgerError> {
    append_books(
        tx,
        audit,
        format!("doc:{}", case.doc),
        "",
        change,
        at,
        actor,
    )
}

/// A `fee.books` audit entry: what `change` charged and waived, after `lead` (the detail's
/// first fields, each followed by a comma, or nothing).
fn append_books(
    tx: &Transaction<'_>,
    audit: &mut AuditWriter,
    subject: String,
    lead: &str,
    change: BooksChange,
    at: &str,
    actor: &str,
) -> Result<(), LedgerError> {
    audit.append(
        tx,
        at,
        &AuditEntry {
            actor,
            action: "fee.books",
            subject,
            outcome: "ok",
            detail: format!(
                "{{{lead}\"months\":{},\"assessed\":\"{}\",\"waived\":\"{}\"}}",
                change.months,
                Money::from_cents(change.assessed_cents),
                Money::from_cents(change.waived_cents)
            ),
        },
    )?;
    Ok(())
}

/// The cases of one chunk of the monthly catch-up whose months fell due: what their
/// books were charged, for the chunk's one audit entry.
#[derive(Debug, Default)]
struct ChunkBooks {
    cases: usize,
    change: BooksChange,
    first: Option<String>,
    last: Option<String>,
}

impl ChunkBooks {
    fn add(&mut self, case: &SupervisionCase, change: BooksChange) {
        if change.months == 0 {
            return;
        }
        self.cases += 1;
        self.change.add(change);
        let doc = case.doc.to_string();
        self.first.get_or_insert_with(|| doc.clone());
        self.last = Some(doc);
    }

    /// `fee.books` for the chunk: its cases in DOC-number order from `first` to `last`,
    /// how many, and what their months came to. Nothing when no case's months changed.
    fn audit(
        &self,
        tx: &Transaction<'_>,
        audit: &mut AuditWriter,
        through: NaiveDate,
        at: &str,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let (Some(first), Some(last)) = (&self.first, &self.last) else {
            return Ok(());
        };
        let lead = format!(
            "\"through\":\"{}\",\"cases\":{},",
            month_label(through),
            self.cases
        );
        append_books(
            tx,
            audit,
            format!("docs:{first}..{last}"),
            &lead,
            self.change,
            at,
            actor,
        )
    }
}

/// What the monthly catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUp {
    /// Cases whose books were brought up to date.
    pub cases: usize,
    pub months: usize,
    pub assessed: Money,
    pub waived: Money,
}

impl Ledger {
    /// Brings every case's books up to `today`'s month: the months that fell due since each
    /// case was last brought up to date are charged (and waived) as the engine says. Does
    /// nothing, with one read, when the books are already complete through this month.
    pub fn catch_up_fee_books(
        &mut self,
        now: chrono::NaiveDateTime,
        actor: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<CatchUp, LedgerError> {
        self.catch_up_fee_books_noting(now, actor, progress, &mut HashSet::new())
    }

    /// `catch_up_fee_books`, adding to `changed` the receivable of every case whose books
    /// this run changed: `fees assess` tells its own charges from those another process
    /// wrote while it ran (each case's books are brought up by one run only, under the
    /// write lock).
    pub(crate) fn catch_up_fee_books_noting(
        &mut self,
        now: chrono::NaiveDateTime,
        actor: &str,
        progress: &mut dyn FnMut(usize, usize),
        changed: &mut HashSet<i64>,
    ) -> Result<CatchUp, LedgerError> {
        let today = now.date();
        let through = first_of_month(today);
        let label = month_label(through);
        // One indexed read when every case is up to date (almost always).
        // Behind this month, or ahead of it (a clock that ran ahead charged months not yet
        // due: they are reversed now that the clock is right).
        let behind: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM supervision_case WHERE books_month IS NULL)
                 OR EXISTS (SELECT 1 FROM supervision_case WHERE books_month < ?1)
                 OR EXISTS (SELECT 1 FROM supervision_case WHERE books_month > ?1)",
            [&label],
            |r| r.get(0),
        )?;
        if !behind {
            return Ok(CatchUp::default());
        }
        // A pass over every case is a batch job: a page cache that holds the cases'
        // receivables, the statement journals in memory and the log copied back once, at
        // its end (on the 100,000-case ledger of `cargo bench --bench fees`: 6.49 s against
        // 7.07 s with SQLite's defaults, one run each, within this machine's noise; kept
        // as every batch job has it).
        self.with_batch_cache(|ledger| ledger.catch_up_cases(now, &label, actor, progress, changed))
    }

    /// `catch_up_fee_books` once some case is behind (or ahead of) this month, `label`.
    fn catch_up_cases(
        &mut self,
        now: chrono::NaiveDateTime,
        label: &str,
        actor: &str,
        progress: &mut dyn FnMut(usize, usize),
        changed: &mut HashSet<i64>,
    ) -> Result<CatchUp, LedgerError> {
        let today = now.date();
        let through = first_of_month(today);
        let at = super::timestamp(now);
        let total: usize = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM supervision_case
                 WHERE books_month IS NULL OR books_month <> ?1",
                [label],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| usize::try_from(n).unwrap_or(0))?;
        let mut done = CatchUp::default();
        let (mut assessed, mut waived) = (0i64, 0i64);
        progress(0, total);
        // In chunks of cases still behind: each chunk is one transaction, and a case leaves
        // the "behind" set as its books are written, so a re-run continues where one stopped.
        loop {
            let tx = self.write()?;
            let calendar = calendar_of(&tx)?;
            let mut audit = AuditWriter::begin(&tx)?;
            let mut in_chunk = 0usize;
            // The months that fell due, charged in this chunk: one audit entry for the
            // chunk, in its transaction. Each case's charge is its own sealed transfer on
            // its receivable (and goes to the central server as such); an entry per case
            // said nothing more and was a third of the monthly pass's time (measured on
            // 20,000 cases: 1.11-1.16 s with it, 0.71-0.78 s without).
            let mut chunk = ChunkBooks::default();
            // Noted once the chunk is committed: a chunk rolled back changed nothing.
            let mut chunk_changed = Vec::new();
            for_each_case(
                &tx,
                Some((label, CATCH_UP_CHUNK)),
                |case, account, books_month| {
                    in_chunk += 1;
                    let change = match books_month.as_deref().and_then(parse_month) {
                        // Written by this lockbox before: only the months after it are new.
                        Some(known) if known < through => {
                            let fee = FeeAccount::compute(&case, today, &calendar);
                            let mut want = engine_months(&fee);
                            want.retain(|month, _| *month > known);
                            let none = BTreeMap::new();
                            let change = post_differences(&tx, account, &want, &none, &at)?;
                            set_books_month(&tx, &case, through)?;
                            chunk.add(&case, change);
                            change
                        }
                        // Never brought up to date (a ledger from before the books followed
                        // the engine), or charged ahead of the true month: compared month by
                        // month with what it holds.
                        _ => sync_case_tx(&tx, &mut audit, &case, account, today, &at, actor)?,
                    };
                    if change.months > 0 {
                        chunk_changed.push(account);
                    }
                    done.cases += 1;
                    done.months += change.months;
                    assessed += change.assessed_cents;
                    waived += change.waived_cents;
                    Ok(())
                },
            )?;
            chunk.audit(&tx, &mut audit, through, &at, actor)?;
            if in_chunk == 0 {
                tx.commit()?;
                break;
            }
            tx.commit()?;
            changed.extend(chunk_changed);
            progress(done.cases, total);
        }
        done.assessed = Money::from_cents(assessed);
        done.waived = Money::from_cents(waived);
        Ok(done)
    }
}

/// Every offender whose fee receivable in the books differs from the fee engine's balance,
/// each compared on the day its books are complete through (today, unless the monthly
/// catch-up has not run yet this month). The books' side is summed from the transfers
/// themselves, not from the running totals or from anything the sync keeps, so a row
/// added, changed or removed behind the ledger's back shows.
pub(crate) fn fee_book_violations(
    conn: &Connection,
    today: NaiveDate,
) -> Result<Vec<String>, LedgerError> {
    // Each receivable's balance as of today in one pass over the transfers.
    let mut stmt = conn.prepare(
        "SELECT acct, SUM(amt) FROM (
             SELECT debit_account AS acct, amount_cents AS amt FROM transfer
             WHERE business_date <= ?1
             UNION ALL
             SELECT credit_account, -amount_cents FROM transfer WHERE business_date <= ?1)
         WHERE acct IN (SELECT account_id FROM supervision_case)
         GROUP BY acct",
    )?;
    let today_text = today.format(DATE_FORMAT).to_string();
    let balances: std::collections::HashMap<i64, i64> = stmt
        .query_map([&today_text], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let this_month = first_of_month(today);
    let calendar = calendar_of(conn)?;
    let mut found = Vec::new();
    let mut count = 0usize;
    for_each_case(conn, None, |case, account, books| {
        let on = match books.as_deref().and_then(parse_month) {
            Some(m) if m >= this_month => today,
            Some(m) => crate::domain::month::next_month(m).pred_opt().unwrap_or(m),
            // Never brought up to date: nothing can be owed before the first due month.
            None => case.placed_on,
        };
        let books = if on == today {
            balances.get(&account).copied().unwrap_or(0)
        } else {
            balance_on(conn, account, on)?
        };
        let engine = FeeAccount::compute(&case, on, &calendar).balance.cents();
        if books != engine {
            count += 1;
            if found.len() < 10 {
                found.push(format!(
                    "{} (books {}, fee account {} as of {on})",
                    case.doc,
                    Money::from_cents(books),
                    Money::from_cents(engine)
                ));
            }
        }
        Ok(())
    })?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![format!(
        "{count} offender(s) whose fee receivable differs from the fee account: {}",
        found.join(", ")
    )])
}

/// One receivable's balance from its transfers dated up to `on`.
fn balance_on(conn: &Connection, account: i64, on: NaiveDate) -> Result<i64, LedgerError> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE WHEN debit_account = ?1 THEN amount_cents
                                      ELSE -amount_cents END), 0)
             FROM transfer WHERE (debit_account = ?1 OR credit_account = ?1)
               AND business_date <= ?2",
        )?
        .query_row(params![account, on.format(DATE_FORMAT).to_string()], |r| {
            r.get(0)
        })?)
}

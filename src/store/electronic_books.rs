//! Electronic deposits in the books. An accepted deposit is money the processor owes
//! lockbox (`assets:processor:receivable`) and owes the inmate until posted
//! (`liabilities:deposits:unposted-electronic`); the posting moves it out as it does a
//! money order; a chargeback takes it back from where it is (still unposted, or the
//! inmate's trust account, which may go negative); the processor's daily settlement pays
//! the receivable (`assets:processor:settled`), and what it does not pay stays there.
//!
//! An accepted deposit's transfer into the books is dated by the day the processor received
//! it (the date written in the file's `received_at`), and a day's settlement is compared
//! with those and with the chargebacks the processor received that day: the processor
//! settles by its own days. A chargeback's own transfer is dated the day it is imported.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::audit::AuditWriter;
use super::{timestamp, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{Money, Rejection};

const PROCESSOR_RECEIVABLE: &str = "assets:processor:receivable";
const PROCESSOR_SETTLED: &str = "assets:processor:settled";
const ELECTRONIC_UNPOSTED: &str = "liabilities:deposits:unposted-electronic";

/// The processor's accounts, by id: found by name once per transaction (ids after the first
/// five belong to inmates), not once per line of a long file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ElectronicAccounts {
    pub receivable: i64,
    pub settled: i64,
    pub unposted: i64,
}

impl ElectronicAccounts {
    pub(crate) fn load(conn: &Connection) -> Result<ElectronicAccounts, LedgerError> {
        let id = |name: &str| -> Result<i64, LedgerError> {
            conn.prepare_cached("SELECT id FROM account WHERE name = ?1")?
                .query_row([name], |r| r.get(0))
                .optional()?
                .ok_or_else(|| LedgerError::Corrupt(format!("the account {name} is missing")))
        };
        Ok(ElectronicAccounts {
            receivable: id(PROCESSOR_RECEIVABLE)?,
            settled: id(PROCESSOR_SETTLED)?,
            unposted: id(ELECTRONIC_UNPOSTED)?,
        })
    }
}

/// A transfer that moves an electronic deposit (its row's id).
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_electronic_transfer(
    tx: &Transaction<'_>,
    debit: i64,
    credit: i64,
    amount: Money,
    kind: &str,
    electronic_id: i64,
    batch_id: Option<i64>,
    business_date: NaiveDate,
    at: &str,
) -> Result<i64, LedgerError> {
    super::deposits::insert_transfer_row(
        tx,
        (debit, credit),
        amount,
        kind,
        (None, Some(electronic_id)),
        batch_id,
        business_date,
        at,
    )
}

/// The date a time written as text starts with: the processor's day of a `received_at` as
/// the file gave it, or lockbox's own day of a timestamp.
pub(crate) fn day_of(time: &str) -> Result<NaiveDate, LedgerError> {
    time.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, DATE_FORMAT).ok())
        .ok_or_else(|| LedgerError::Corrupt(format!("the time {time:?} has no date")))
}

/// An accepted deposit enters the books: the processor owes it, the inmate is owed it.
pub(crate) fn book_accepted(
    tx: &Transaction<'_>,
    accounts: ElectronicAccounts,
    electronic_id: i64,
    amount: Money,
    received_text: &str,
    at: &str,
) -> Result<(), LedgerError> {
    insert_electronic_transfer(
        tx,
        accounts.receivable,
        accounts.unposted,
        amount,
        "electronic",
        electronic_id,
        None,
        day_of(received_text)?,
        at,
    )?;
    Ok(())
}

/// The accepted deposits among `first..=last` (ids an import has just written, none of
/// them booked yet) enter the books as `book_accepted` enters one, in id order, by one
/// statement. Every insert into a sealed table keeps a statement journal of each page it
/// changes; one statement for a file's accepted lines copies each page once, where one per
/// line copied the same pages again for every line (a fifth of an import's time).
pub(crate) fn book_accepted_between(
    tx: &Transaction<'_>,
    accounts: ElectronicAccounts,
    (first, last): (i64, i64),
    at: &str,
) -> Result<usize, LedgerError> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind,
                 electronic_id, business_date, created_at)
             SELECT ?1, ?2, amount_cents, 'electronic', id, substr(received_text, 1, 10), ?5
             FROM electronic_deposit
             WHERE id BETWEEN ?3 AND ?4 AND outcome = 'accepted'
             ORDER BY id",
        )?
        .execute(params![
            accounts.receivable,
            accounts.unposted,
            first,
            last,
            at
        ])?)
}

/// What became of a chargeback line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChargebackResult {
    /// Taken back (`amount`, from `doc`'s deposit): from the deposit waiting to post, or
    /// from the inmate's trust account (`from_trust`); nothing moves for a held one.
    ChargedBack {
        doc: String,
        amount: Money,
        from_trust: bool,
    },
    /// Its original was charged back before: nothing recorded.
    Duplicate,
    /// Nothing to reverse, and why (`not_on_file`, `not_credited`, `amount_differs`,
    /// `doc_differs`).
    Refused(&'static str),
}

/// A chargeback line: the processor takes back the deposit `processor_id` (an `amount` of
/// zero means the whole of it; any other must be the whole of it). A posted deposit comes
/// out of the inmate's trust account, which may go negative; one still waiting to post
/// leaves the unposted account and never posts; a held one leaves the review queue.
pub(crate) fn charge_back(
    tx: &Transaction<'_>,
    accounts: ElectronicAccounts,
    processor_id: &str,
    doc: Option<&str>,
    amount: Money,
    received_text: &str,
    at: &str,
) -> Result<ChargebackResult, LedgerError> {
    type Original = (i64, String, i64, String, Option<i64>, Option<String>);
    let original: Option<Original> = tx
        .prepare_cached(
            "SELECT id, doc, amount_cents, outcome, batch_id, charged_back_at
             FROM electronic_deposit WHERE processor_id = ?1",
        )?
        .query_row([processor_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((id, original_doc, cents, outcome, batch, charged_back)) = original else {
        return Ok(ChargebackResult::Refused("not_on_file"));
    };
    if charged_back.is_some() {
        return Ok(ChargebackResult::Duplicate);
    }
    if !amount.is_zero() && amount.cents() != cents {
        return Ok(ChargebackResult::Refused("amount_differs"));
    }
    if doc.is_some_and(|d| d != original_doc) {
        return Ok(ChargebackResult::Refused("doc_differs"));
    }
    if outcome == "refused" {
        return Ok(ChargebackResult::Refused("not_credited"));
    }
    let from_trust = outcome == "accepted" && batch.is_some();
    if outcome == "accepted" {
        let from = if batch.is_some() {
            tx.prepare_cached("SELECT account_id FROM trust_account WHERE doc = ?1")?
                .query_row([&original_doc], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    LedgerError::Corrupt(format!(
                        "electronic deposit {id} was posted to {original_doc}, who has no trust account"
                    ))
                })?
        } else {
            accounts.unposted
        };
        insert_electronic_transfer(
            tx,
            from,
            accounts.receivable,
            Money::from_cents(cents),
            "chargeback",
            id,
            None,
            // Dated the day lockbox learns of it: a trust account never changes in a month
            // whose statements are issued (the settlement finds it by its processor day,
            // in chargeback_text).
            day_of(at)?,
            at,
        )?;
    }
    let changed = tx
        .prepare_cached(
            "UPDATE electronic_deposit SET charged_back_at = ?2, chargeback_text = ?3
             WHERE id = ?1 AND charged_back_at IS NULL",
        )?
        .execute(params![id, at, received_text])?;
    if changed != 1 {
        return Err(LedgerError::Corrupt(format!(
            "electronic deposit {id} changed during its chargeback"
        )));
    }
    Ok(ChargebackResult::ChargedBack {
        doc: original_doc,
        amount: if outcome == "accepted" {
            Money::from_cents(cents)
        } else {
            Money::ZERO
        },
        from_trust,
    })
}

/// Whether `doc`'s trust balance is below zero (only a chargeback takes it there).
pub(crate) fn trust_negative(conn: &Connection, doc: &str) -> Result<bool, LedgerError> {
    Ok(conn
        .prepare_cached(
            "SELECT a.credits_cents - a.debits_cents < 0 FROM trust_account t
             JOIN account a ON a.id = t.account_id WHERE t.doc = ?1",
        )?
        .query_row([doc], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// Every inmate whose trust balance is below zero: an import reads them once, not a seek
/// per card line (a few, ever; a chargeback that takes another below zero is added by the
/// import itself).
pub(crate) fn trust_negative_all(
    conn: &Connection,
) -> Result<std::collections::HashSet<String>, LedgerError> {
    Ok(conn
        .prepare_cached(
            "SELECT t.doc FROM trust_account t JOIN account a ON a.id = t.account_id
             WHERE a.credits_cents < a.debits_cents",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// A day's settlement compared with the books.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Settlement {
    pub date: NaiveDate,
    /// What the processor says it paid for the day.
    pub stated: Money,
    /// The day's accepted deposits less its chargebacks, as lockbox has them.
    pub expected: Money,
    /// Stated less expected: zero when balanced; what stays in the processor receivable
    /// (negative: the processor paid more than lockbox expected).
    pub difference: Money,
    pub balanced: bool,
    /// The day was settled before (with the same total): nothing new recorded.
    pub already_recorded: bool,
    /// What the processor owes lockbox now, every day together.
    pub receivable: Money,
}

impl Ledger {
    /// Records the processor's stated settlement of `date` and compares it with the day's
    /// accepted deposits less chargebacks: the stated amount leaves the processor
    /// receivable (paid), and any difference stays there. Once per day; the same total
    /// again only reports, another total is refused.
    pub fn settle_electronic(
        &mut self,
        date: NaiveDate,
        stated: Money,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Settlement, LedgerError> {
        if date > now.date() {
            return Err(Rejection::SettlementDateInFuture.into());
        }
        let tx = self.write()?;
        if actor != "system" {
            super::people::authorize(&tx, actor, false)?;
        }
        let day = date.format(DATE_FORMAT).to_string();
        let ElectronicAccounts {
            receivable,
            settled,
            ..
        } = ElectronicAccounts::load(&tx)?;
        // The deposits accepted that the processor received on the day (their entry into
        // the books is dated so), less those of its chargebacks that took money back: both
        // by the processor's date, each from an index.
        let expected_now: i64 = tx.query_row(
            "SELECT (SELECT COALESCE(SUM(amount_cents), 0) FROM electronic_deposit
                     WHERE outcome = 'accepted' AND received_text >= ?1 AND received_text < ?1 || '~')
                  - (SELECT COALESCE(SUM(amount_cents), 0) FROM electronic_deposit
                     WHERE charged_back_at IS NOT NULL AND outcome = 'accepted'
                       AND chargeback_text >= ?1 AND chargeback_text < ?1 || '~')",
            [&day],
            |r| r.get(0),
        )?;
        let before: Option<(i64, i64)> = tx
            .query_row(
                "SELECT stated_cents, expected_cents FROM processor_settlement
                 WHERE business_date = ?1",
                [&day],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // Settled before with the same total: said again as it was recorded (a deposit of
        // the day accepted since stays receivable until a later settlement pays it).
        let expected = before.map_or(expected_now, |(_, recorded)| recorded);
        let already_recorded = match before.map(|(stated, _)| stated) {
            Some(cents) if cents == stated.cents() => true,
            Some(cents) => {
                return Err(Rejection::AlreadySettled {
                    stated: Money::from_cents(cents),
                }
                .into())
            }
            None => false,
        };
        if !already_recorded {
            let at = timestamp(now);
            tx.execute(
                "INSERT INTO processor_settlement (business_date, stated_cents, expected_cents,
                                                   settled_at, settled_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![day, stated.cents(), expected, at, actor],
            )?;
            let (debit, credit) = if stated.is_negative() {
                (receivable, settled)
            } else {
                (settled, receivable)
            };
            if !stated.is_zero() {
                super::deposits::insert_transfer(
                    &tx,
                    debit,
                    credit,
                    Money::from_cents(stated.cents().abs()),
                    "settlement",
                    None,
                    None,
                    date,
                    &at,
                )?;
            }
            AuditWriter::begin(&tx)?.ok(
                &tx,
                &at,
                actor,
                "deposits.settle",
                format!("settlement:{day}"),
                serde_json::json!({
                    "stated": stated.to_string(),
                    "expected": Money::from_cents(expected).to_string(),
                })
                .to_string(),
            )?;
        }
        let owed: i64 = tx.query_row(
            "SELECT debits_cents - credits_cents FROM account WHERE id = ?1",
            [receivable],
            |r| r.get(0),
        )?;
        tx.commit()?;
        let difference = stated.cents() - expected;
        Ok(Settlement {
            date,
            stated,
            expected: Money::from_cents(expected),
            difference: Money::from_cents(difference),
            balanced: difference == 0,
            already_recorded,
            receivable: Money::from_cents(owed),
        })
    }
}

/// Deposits accepted before electronic deposits were in the books (a ledger upgraded from
/// version 9) enter them as they would have at their acceptance, so that they post out of
/// money that is there.
pub(crate) fn book_accepted_before_books(conn: &Connection) -> Result<(), LedgerError> {
    let accounts = ElectronicAccounts::load(conn)?;
    conn.execute(
        "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind, electronic_id,
                               business_date, created_at)
         SELECT ?1, ?2, e.amount_cents, 'electronic', e.id, substr(e.received_text, 1, 10),
                COALESCE(e.reviewed_at, e.imported_at)
         FROM electronic_deposit e
         WHERE e.outcome = 'accepted'
           AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.electronic_id = e.id
                                                     AND t.kind = 'electronic')",
        params![accounts.receivable, accounts.unposted],
    )?;
    Ok(())
}

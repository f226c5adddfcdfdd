//! The rows a posting's deposits write, kept until they are written together.
//!
//! Every insert into a sealed table keeps a statement journal of each page it changes (its
//! triggers seal the row, add it to the outbox and move the accounts' running totals), and
//! most of those pages are the same for every deposit: the tail of each table, the seal
//! total, the outbox. One statement per table for a run of deposits copies each page once,
//! where one statement per row copied the same pages again for every row (a quarter of a
//! posting's time). The rows are written in the order they were added, so the ledger holds
//! exactly what writing them one by one made.
//!
//! A deposit's reads must see what the deposits before it wrote: `flush` comes first
//! whenever a deposit is for an inmate with rows waiting here (`waits_for`), and before
//! anything that writes on its own (a fee payment the fee engine records).

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{json, Value};

use super::audit::{AuditEntry, AuditWriter};
use super::LedgerError;
use crate::domain::{Language, Money};

/// What a posting writes for one deposit besides its transfers.
pub(crate) struct PostedDeposit {
    /// `(money order, electronic deposit)`: which one was posted.
    pub source: (Option<i64>, Option<i64>),
    pub doc: String,
    pub receipt_number: i64,
    pub language: Language,
    pub payload: String,
    pub action: &'static str,
    pub subject: String,
    pub detail: String,
}

/// Rows waiting to be written, in the order they came.
pub(crate) struct PendingRows {
    batch_id: i64,
    business_date: String,
    at: String,
    actor: String,
    /// `[debit, credit, cents, kind, money order, electronic deposit]` each.
    transfers: Vec<Value>,
    deposits: Vec<PostedDeposit>,
    docs: HashSet<String>,
}

/// At most this many deposits wait: the chunk's size bounds it already, this bounds the
/// memory of any caller.
const WAITING_MAX: usize = 1024;

impl PendingRows {
    pub(crate) fn new(batch_id: i64, business_date: String, at: &str, actor: &str) -> Self {
        PendingRows {
            batch_id,
            business_date,
            at: at.to_string(),
            actor: actor.to_string(),
            transfers: Vec::new(),
            deposits: Vec::new(),
            docs: HashSet::new(),
        }
    }

    /// True when rows for `doc` wait: its reads would not see them.
    pub(crate) fn waits_for(&self, doc: &str) -> bool {
        self.docs.contains(doc)
    }

    /// One posting transfer out of `debit`, for the money order or electronic deposit of
    /// `source`.
    pub(crate) fn transfer(
        &mut self,
        (debit, credit): (i64, i64),
        amount: Money,
        kind: &'static str,
        source: (Option<i64>, Option<i64>),
    ) {
        self.transfers.push(json!([
            debit,
            credit,
            amount.cents(),
            kind,
            source.0,
            source.1
        ]));
    }

    /// The deposit's status change, receipt, print job and audit entry; written (with
    /// everything before) once enough wait.
    pub(crate) fn deposit(
        &mut self,
        tx: &Transaction<'_>,
        audit: &mut AuditWriter,
        deposit: PostedDeposit,
    ) -> Result<(), LedgerError> {
        self.docs.insert(deposit.doc.clone());
        self.deposits.push(deposit);
        if self.deposits.len() >= WAITING_MAX {
            self.flush(tx, audit)?;
        }
        Ok(())
    }

    /// Writes every row waiting, in order: the transfers, the deposits' status changes,
    /// their receipts, their print jobs, their audit entries.
    pub(crate) fn flush(
        &mut self,
        tx: &Transaction<'_>,
        audit: &mut AuditWriter,
    ) -> Result<(), LedgerError> {
        if !self.transfers.is_empty() {
            let rows = Value::Array(std::mem::take(&mut self.transfers)).to_string();
            tx.prepare_cached(
                "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind,
                     money_order_id, electronic_id, batch_id, business_date, created_at)
                 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4,
                        value ->> 5, ?2, ?3, ?4
                 FROM json_each(?1) ORDER BY key",
            )?
            .execute(params![rows, self.batch_id, self.business_date, self.at])?;
        }
        let deposits = std::mem::take(&mut self.deposits);
        self.docs.clear();
        if deposits.is_empty() {
            return Ok(());
        }
        self.mark_posted(tx, &deposits)?;
        let receipts: Vec<Value> = deposits
            .iter()
            .map(|d| json!([d.receipt_number, d.source.0, d.source.1, d.doc]))
            .collect();
        tx.prepare_cached(
            "INSERT INTO receipt (number, money_order_id, electronic_id, doc, batch_id, created_at)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, ?2, ?3
             FROM json_each(?1) ORDER BY key",
        )?
        .execute(params![
            Value::Array(receipts).to_string(),
            self.batch_id,
            self.at
        ])?;
        // In the inmate's language, whoever runs the posting.
        let jobs: Vec<Value> = deposits
            .iter()
            .map(|d| {
                json!([
                    format!("receipt:{}", d.receipt_number),
                    d.language.code(),
                    d.payload
                ])
            })
            .collect();
        tx.prepare_cached(
            "INSERT INTO print_job (kind, subject, language, payload, created_at, updated_at,
                                    destination)
             SELECT 'posting_receipt', value ->> 0, value ->> 1, value ->> 2, ?2, ?2, ?3
             FROM json_each(?1) ORDER BY key",
        )?
        .execute(params![
            Value::Array(jobs).to_string(),
            self.at,
            super::deposits::DESK
        ])?;
        let entries: Vec<AuditEntry<'_>> = deposits
            .iter()
            .map(|d| AuditEntry {
                actor: &self.actor,
                action: d.action,
                subject: d.subject.clone(),
                outcome: "posted",
                detail: d.detail.clone(),
            })
            .collect();
        audit.append_many(tx, &self.at, &entries)
    }

    /// Each deposit posted by this batch, once: a row that was not still waiting to post
    /// (changed by another writer meanwhile) stops the chunk, naming it.
    fn mark_posted(
        &self,
        tx: &Transaction<'_>,
        deposits: &[PostedDeposit],
    ) -> Result<(), LedgerError> {
        let ids = |electronic: bool| -> Vec<i64> {
            deposits
                .iter()
                .filter_map(|d| if electronic { d.source.1 } else { d.source.0 })
                .collect()
        };
        for (electronic, sql, table) in [
            (
                false,
                "UPDATE money_order SET status = 'posted', batch_id = ?1
                 WHERE id IN (SELECT value FROM json_each(?2)) AND status = 'ready'",
                "money_order",
            ),
            (
                true,
                "UPDATE electronic_deposit SET batch_id = ?1
                 WHERE id IN (SELECT value FROM json_each(?2)) AND outcome = 'accepted'
                   AND batch_id IS NULL AND charged_back_at IS NULL",
                "electronic_deposit",
            ),
        ] {
            let ids = ids(electronic);
            if ids.is_empty() {
                continue;
            }
            let changed = tx
                .prepare_cached(sql)?
                .execute(params![self.batch_id, Value::from(ids.clone()).to_string()])?;
            if changed != ids.len() {
                let ids = Value::from(ids).to_string();
                let stray: Option<i64> = tx
                    .query_row(
                        &format!(
                            "SELECT j.value FROM json_each(?1) j
                             LEFT JOIN {table} t ON t.id = j.value AND t.batch_id = ?2
                             WHERE t.id IS NULL ORDER BY j.key LIMIT 1"
                        ),
                        params![ids, self.batch_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                return Err(LedgerError::Corrupt(match stray {
                    Some(id) => format!("{table}:{id} changed state during posting"),
                    None => format!("a {table} changed state during posting"),
                }));
            }
        }
        Ok(())
    }
}

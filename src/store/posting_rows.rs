//! The rows a posting's deposits write, kept until they are written together.
//!
//! Every insert into a sealed table keeps a statement journal of each page it changes (its
//! triggers seal the row, add it to the outbox and move the accounts' running totals), and
//! most of those pages are the same for every deposit: the tail of each table, the seal
//! total, the outbox. A statement per table for each 250 rows of a run of deposits
//! (`row_batch`) copies each page once per statement, where one statement per row copied
//! the same pages again for every row (a quarter of a posting's time). The rows are written
//! in the order they were added, so the ledger holds exactly what writing them one by one
//! made.
//!
//! A deposit's reads must see what the deposits before it wrote: `flush` comes first
//! whenever a deposit is for an inmate with rows waiting here (`waits_for`), and before
//! anything that writes on its own (a fee payment the fee engine records).

use std::collections::HashSet;

use rusqlite::types::Value as Sql;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;

use super::audit::{AuditEntry, AuditWriter};
use super::row_batch::insert_rows;
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

/// A posting transfer waiting to be written.
struct PendingTransfer {
    debit: i64,
    credit: i64,
    cents: i64,
    kind: &'static str,
    /// `(money order, electronic deposit)`: what it posts.
    source: (Option<i64>, Option<i64>),
}

/// Rows waiting to be written, in the order they came.
pub(crate) struct PendingRows {
    batch_id: i64,
    business_date: String,
    at: String,
    actor: String,
    transfers: Vec<PendingTransfer>,
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
        self.transfers.push(PendingTransfer {
            debit,
            credit,
            cents: amount.cents(),
            kind,
            source,
        });
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
        let text = |t: &str| Sql::Text(t.to_string());
        let id = |n: Option<i64>| n.map_or(Sql::Null, Sql::Integer);
        let transfers = std::mem::take(&mut self.transfers);
        if !transfers.is_empty() {
            let mut values = Vec::with_capacity(transfers.len() * 9);
            for t in &transfers {
                values.extend([
                    Sql::Integer(t.debit),
                    Sql::Integer(t.credit),
                    Sql::Integer(t.cents),
                    text(t.kind),
                    id(t.source.0),
                    id(t.source.1),
                    Sql::Integer(self.batch_id),
                    text(&self.business_date),
                    text(&self.at),
                ]);
            }
            insert_rows(
                tx,
                "INSERT INTO transfer (debit_account, credit_account, amount_cents, kind,
                     money_order_id, electronic_id, batch_id, business_date, created_at) VALUES",
                "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                9,
                &values,
            )?;
        }
        let deposits = std::mem::take(&mut self.deposits);
        self.docs.clear();
        if deposits.is_empty() {
            return Ok(());
        }
        self.mark_posted(tx, &deposits)?;
        let mut receipts = Vec::with_capacity(deposits.len() * 6);
        for d in &deposits {
            receipts.extend([
                Sql::Integer(d.receipt_number),
                id(d.source.0),
                id(d.source.1),
                text(&d.doc),
                Sql::Integer(self.batch_id),
                text(&self.at),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO receipt (number, money_order_id, electronic_id, doc, batch_id, created_at)
             VALUES",
            "(?, ?, ?, ?, ?, ?)",
            6,
            &receipts,
        )?;
        // In the inmate's language, whoever runs the posting.
        let mut jobs = Vec::with_capacity(deposits.len() * 6);
        for d in &deposits {
            jobs.extend([
                Sql::Text(format!("receipt:{}", d.receipt_number)),
                text(d.language.code()),
                text(&d.payload),
                text(&self.at),
                text(&self.at),
                text(super::deposits::DESK),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO print_job (kind, subject, language, payload, created_at, updated_at,
                                    destination) VALUES",
            "('posting_receipt', ?, ?, ?, ?, ?, ?)",
            6,
            &jobs,
        )?;
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

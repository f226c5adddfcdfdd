//! The end-of-day reconciliation of the lock box, built from independent sources so that it
//! can come out unbalanced:
//!
//! ```text
//!   opening balance  (the unposted-deposits account, from its transfers before the day)
//! + taken in         (the money orders themselves: the money_order table, by received day)
//! − posted           (the posting transfers of that day's batch)
//! − returned         (the return transfers of that day)
//! = closing balance  (the account's running total, less the transfers after the day)
//! ```
//!
//! It also ties to the day's batch (the count and total the batch recorded when it
//! finished), and the closing balance to the money orders themselves: every money order
//! received by the end of the day and not yet posted by a batch of that day or before, nor
//! returned by then. Every figure is fixed by dates and the batch, not by where money orders stand
//! now, so a closed day's figures never change, and the closing of one day is the opening of
//! the next. Any disagreement says UNBALANCED with the difference in cents and the money
//! orders concerned: each money order whose amount differs from its own transfers.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};

use super::audit::GENESIS_HASH;
use super::deposits::{queue_print_job, DESK};
use super::ledger::UNPOSTED_ACCOUNT;
use super::{Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{Language, Money};

/// At most this many money orders are named as concerned (the count says how many in all).
const CONCERNED_MAX: usize = 50;

/// A count and a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub count: i64,
    pub amount: Money,
}

/// One business day of the lock box.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reconciliation {
    pub business_date: String,
    /// Money orders taken in but not yet posted or returned, at the start of the day.
    pub opening: Money,
    /// Money orders received that day, as the money orders themselves say.
    pub taken_in: Tally,
    /// What that day's batch posted, from its posting transfers.
    pub posted: Tally,
    /// Money orders returned to their senders that day.
    pub returned: Tally,
    /// At the end of the day, from the account's running total.
    pub closing: Money,
    /// The money orders themselves still in the lock box at the end of the day: received by
    /// then, not posted by a batch of that day or before, not returned by then.
    pub money_orders_open: Money,
    /// What the day's batch recorded when it finished; none if it has not.
    pub batch: Option<Tally>,
    /// The day is over and its batch (on a business day) has finished: these figures are
    /// final.
    pub closed: bool,
    /// What is off, in cents: opening + taken in − posted − returned − closing, or when
    /// that is zero, the money orders still open at the close − closing. Zero when it
    /// balances.
    pub difference_cents: i64,
    /// Money orders whose amount differs from their own transfers (at most 50).
    pub concerned: Vec<i64>,
    pub balanced: bool,
    pub audit_head: String,
}

impl Reconciliation {
    /// Every source agrees.
    pub fn balances(&self) -> bool {
        self.balanced
    }
}

fn tally(count: i64, cents: i64) -> Tally {
    Tally {
        count,
        amount: Money::from_cents(cents),
    }
}

impl Ledger {
    /// The reconciliation of `day`, as of `today` (a day not yet over is not closed).
    pub fn reconciliation(
        &self,
        day: NaiveDate,
        today: NaiveDate,
    ) -> Result<Reconciliation, LedgerError> {
        let date = day.format(DATE_FORMAT).to_string();
        let conn = &self.conn;
        // The account, from its transfers dated before the day.
        let opening: i64 = conn.query_row(
            "SELECT COALESCE(SUM(CASE WHEN credit_account = ?1 THEN amount_cents
                                      ELSE -amount_cents END), 0)
             FROM transfer WHERE (debit_account = ?1 OR credit_account = ?1)
               AND business_date < ?2",
            params![UNPOSTED_ACCOUNT, date],
            |r| r.get(0),
        )?;
        // The money orders themselves, by the day they were received.
        let (in_count, in_cents): (i64, i64) = conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM money_order
             WHERE received_at >= ?1 AND received_at < ?1 || '~'",
            [&date],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // The day's batch: what its transfers posted, and what it recorded.
        let batch: Option<(i64, Option<i64>, Option<i64>)> = conn
            .query_row(
                "SELECT id, posted_count, posted_cents FROM posting_batch
                 WHERE business_date = ?1 AND finished_at IS NOT NULL",
                [&date],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let running: Option<i64> = conn
            .query_row(
                "SELECT id FROM posting_batch WHERE business_date = ?1",
                [&date],
                |r| r.get(0),
            )
            .optional()?;
        let (post_count, post_cents): (i64, i64) = match running {
            Some(id) => conn.query_row(
                // The lock box's money orders: the batch's electronic deposits post out of
                // their own unposted account.
                "SELECT COUNT(DISTINCT money_order_id), COALESCE(SUM(amount_cents), 0)
                 FROM transfer WHERE batch_id = ?1 AND kind IN ('post_trust', 'post_obligation')
                   AND money_order_id IS NOT NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?,
            None => (0, 0),
        };
        let (ret_count, ret_cents): (i64, i64) = conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM transfer
             WHERE kind = 'return' AND business_date = ?1",
            [&date],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // The account's running total (kept by the trigger), less what came after the day.
        let (total, later): (i64, i64) = conn.query_row(
            "SELECT (SELECT credits_cents - debits_cents FROM account WHERE id = ?1),
                    (SELECT COALESCE(SUM(CASE WHEN credit_account = ?1 THEN amount_cents
                                              ELSE -amount_cents END), 0)
                     FROM transfer WHERE (debit_account = ?1 OR credit_account = ?1)
                       AND business_date > ?2)",
            params![UNPOSTED_ACCOUNT, date],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let closing = total - later;
        // The money orders themselves at the close: a fourth source for the closing balance.
        let open_cents: i64 = conn.query_row(
            "SELECT COALESCE(SUM(m.amount_cents), 0) FROM money_order m
             WHERE m.received_at < ?1 || '~'
               AND NOT (m.status = 'posted'
                        AND (SELECT b.business_date FROM posting_batch b WHERE b.id = m.batch_id) <= ?1)
               AND NOT (m.status = 'returned'
                        AND (SELECT substr(h.resolved_at, 1, 10) FROM hold h
                             WHERE h.money_order_id = m.id AND h.resolution = 'returned') <= ?1)",
            [&date],
            |r| r.get(0),
        )?;
        let equation = opening + in_cents - post_cents - ret_cents - closing;
        let difference = if equation != 0 {
            equation
        } else {
            open_cents - closing
        };
        let batch = batch.map(|(_, count, cents)| tally(count.unwrap_or(0), cents.unwrap_or(0)));
        let batch_agrees =
            batch.is_none_or(|b| b.count == post_count && b.amount.cents() == post_cents);
        let concerned = self.concerned(&date, running)?;
        let business_day = self.calendar()?.is_business_day(day);
        let closed = day < today && (!business_day || batch.is_some());
        let audit_head = conn
            .query_row(
                "SELECT hash FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or_else(|| GENESIS_HASH.to_string());
        Ok(Reconciliation {
            business_date: date,
            opening: Money::from_cents(opening),
            taken_in: tally(in_count, in_cents),
            posted: tally(post_count, post_cents),
            returned: tally(ret_count, ret_cents),
            closing: Money::from_cents(closing),
            money_orders_open: Money::from_cents(open_cents),
            batch,
            closed,
            difference_cents: difference,
            balanced: difference == 0 && batch_agrees && concerned.is_empty(),
            concerned,
            audit_head,
        })
    }

    /// Money orders of the day whose amount differs from their own transfers: received that
    /// day (the intake transfer), posted by the day's batch (its posting transfers and its
    /// intake transfer: an amount changed while it waited shows on the day it posts) or
    /// returned that day (the return transfer).
    fn concerned(&self, date: &str, batch: Option<i64>) -> Result<Vec<i64>, LedgerError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM (
                 SELECT m.id FROM money_order m
                 WHERE m.received_at >= ?1 AND m.received_at < ?1 || '~'
                   AND m.amount_cents IS NOT (SELECT SUM(t.amount_cents) FROM transfer t
                                              WHERE t.money_order_id = m.id AND t.kind = 'intake')
                 UNION
                 SELECT m.id FROM money_order m WHERE m.batch_id = ?2
                   AND (m.amount_cents IS NOT (SELECT SUM(t.amount_cents) FROM transfer t
                                               WHERE t.money_order_id = m.id
                                                 AND t.kind IN ('post_trust', 'post_obligation'))
                        OR m.amount_cents IS NOT (SELECT SUM(t.amount_cents) FROM transfer t
                                                  WHERE t.money_order_id = m.id
                                                    AND t.kind = 'intake'))
                 UNION
                 SELECT t.money_order_id FROM transfer t JOIN money_order m ON m.id = t.money_order_id
                 WHERE t.kind = 'return' AND t.business_date = ?1
                   AND t.amount_cents <> m.amount_cents)
             ORDER BY id LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![date, batch.unwrap_or(-1), CONCERNED_MAX as i64],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Queues the day's reconciliation for the desk printer.
    pub fn queue_reconciliation(
        &mut self,
        day: NaiveDate,
        language: Language,
        now: NaiveDateTime,
    ) -> Result<i64, LedgerError> {
        let r = self.reconciliation(day, now.date())?;
        let mut payload =
            serde_json::to_value(&r).map_err(|e| LedgerError::Corrupt(e.to_string()))?;
        payload["printed_at"] = serde_json::Value::String(now.format("%Y-%m-%d %H:%M").to_string());
        let at = super::timestamp(now);
        let tx = self.write()?;
        let id = queue_print_job(
            &tx,
            "reconciliation",
            &format!("reconciliation:{}", r.business_date),
            language,
            &payload.to_string(),
            &at,
            DESK,
        )?;
        tx.commit()?;
        Ok(id)
    }
}

//! The end-of-day reconciliation: every money order taken in on a day, by where it stands,
//! with the audit chain's head so the paper can be matched to the trail later.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::OptionalExtension;

use super::audit::GENESIS_HASH;
use super::deposits::{queue_print_job, DESK};
use super::{Ledger, LedgerError, DATE_FORMAT};
use crate::domain::{Language, Money};

/// A count and a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub count: i64,
    pub amount: Money,
}

/// One business day's money orders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reconciliation {
    pub business_date: String,
    pub received: Tally,
    pub posted: Tally,
    pub held: Tally,
    pub returned: Tally,
    /// Ready but not yet posted: taken in after the day's posting began.
    pub ready: Tally,
    pub audit_head: String,
}

impl Reconciliation {
    /// Received = posted + held + returned + ready, in count and amount.
    pub fn balances(&self) -> bool {
        let parts = [self.posted, self.held, self.returned, self.ready];
        parts.iter().map(|t| t.count).sum::<i64>() == self.received.count
            && parts.iter().map(|t| t.amount.cents()).sum::<i64>() == self.received.amount.cents()
    }
}

impl Ledger {
    pub fn reconciliation(&self, day: NaiveDate) -> Result<Reconciliation, LedgerError> {
        let from = format!("{} 00:00:00", day.format(DATE_FORMAT));
        let to = format!(
            "{} 00:00:00",
            day.succ_opt().unwrap_or(day).format(DATE_FORMAT)
        );
        let mut r = Reconciliation {
            business_date: day.format(DATE_FORMAT).to_string(),
            received: Tally::default(),
            posted: Tally::default(),
            held: Tally::default(),
            returned: Tally::default(),
            ready: Tally::default(),
            audit_head: String::new(),
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, COUNT(*), COALESCE(SUM(amount_cents), 0) FROM money_order
             WHERE received_at >= ?1 AND received_at < ?2 GROUP BY status",
        )?;
        let rows = stmt.query_map([&from, &to], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (status, count, cents) = row?;
            let tally = Tally {
                count,
                amount: Money::from_cents(cents),
            };
            r.received.count += count;
            r.received.amount = Money::from_cents(r.received.amount.cents() + cents);
            match status.as_str() {
                "posted" => r.posted = tally,
                "held" => r.held = tally,
                "returned" => r.returned = tally,
                _ => r.ready = tally,
            }
        }
        r.audit_head = self
            .conn
            .query_row(
                "SELECT hash FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or_else(|| GENESIS_HASH.to_string());
        Ok(r)
    }

    /// Queues the day's reconciliation for the desk printer.
    pub fn queue_reconciliation(
        &mut self,
        day: NaiveDate,
        language: Language,
        now: NaiveDateTime,
    ) -> Result<i64, LedgerError> {
        let r = self.reconciliation(day)?;
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

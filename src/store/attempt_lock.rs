//! Lockouts that concurrency cannot bypass: an attempt (an offender's PIN at the kiosk, a
//! clerk's password at the console) is reserved in a write transaction **before** its hash
//! is computed: counted, and refused without being evaluated when the account is locked or
//! its allowance is used up. The attempt that uses the last of the allowance locks the
//! account at once, so attempts racing beside it are refused; if that attempt turns out to
//! be right, it lifts only the lock it set itself. A lock set by another attempt is never
//! cleared before it expires. So at most the allowed number of guesses is ever evaluated
//! per lock window, however many processes guess at once.

use chrono::{NaiveDateTime, TimeDelta};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{timestamp, LedgerError, TIMESTAMP_FORMAT};

/// Where an account's count and lock are kept, and the settings that bound them.
pub(crate) struct AttemptLock {
    pub table: &'static str,
    pub key_column: &'static str,
    pub max_setting: &'static str,
    pub max_default: i64,
    pub minutes_setting: &'static str,
    pub minutes_default: i64,
}

/// What reserving an attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reservation {
    /// No such account: nothing to count.
    NoAccount,
    /// Locked (or its allowance used up): the attempt is refused without evaluation.
    Locked,
    /// Counted; evaluate it. `locks` is the lock this attempt set by using the last of the
    /// allowance (its expiry), if it did.
    Reserved { locks: Option<String> },
}

impl AttemptLock {
    /// Counts one attempt for `key` before it is evaluated.
    pub(crate) fn reserve(
        &self,
        tx: &Transaction<'_>,
        key: &str,
        now: NaiveDateTime,
    ) -> Result<Reservation, LedgerError> {
        let row: Option<(i64, Option<String>)> = tx
            .prepare_cached(&format!(
                "SELECT failed_attempts, locked_until FROM {} WHERE {} = ?1",
                self.table, self.key_column
            ))?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((failed, until)) = row else {
            return Ok(Reservation::NoAccount);
        };
        let until = until
            .as_deref()
            .and_then(|t| NaiveDateTime::parse_from_str(t, TIMESTAMP_FORMAT).ok());
        let max = super::policy::limit(tx, self.max_setting, self.max_default)?.max(1);
        let minutes = super::policy::limit(tx, self.minutes_setting, self.minutes_default)?.max(1);
        let lock_end = now + TimeDelta::minutes(minutes);
        let set_lock = |until: NaiveDateTime| -> Result<(), LedgerError> {
            tx.prepare_cached(&format!(
                "UPDATE {} SET locked_until = ?2 WHERE {} = ?1",
                self.table, self.key_column
            ))?
            .execute(params![key, timestamp(until)])?;
            Ok(())
        };
        if let Some(u) = until.filter(|u| now < *u) {
            // A lock that ends later than a whole lock from now was set by a clock that ran
            // ahead: it lasts a whole lock from now, no longer.
            if u > lock_end {
                set_lock(lock_end)?;
            }
            return Ok(Reservation::Locked);
        }
        // An expired lock starts the count again.
        let failed = if until.is_some() { 0 } else { failed };
        if failed >= max {
            // The allowance was lowered below the count already made: lock now, for a
            // lock's time, rather than for ever.
            set_lock(lock_end)?;
            return Ok(Reservation::Locked);
        }
        let counted = failed + 1;
        let locks = (counted >= max).then(|| timestamp(lock_end));
        tx.prepare_cached(&format!(
            "UPDATE {} SET failed_attempts = ?2, locked_until = ?3 WHERE {} = ?1",
            self.table, self.key_column
        ))?
        .execute(params![key, counted, locks])?;
        Ok(Reservation::Reserved { locks })
    }

    /// Records a right attempt: the count starts again, and the lock this attempt set (if
    /// any) is lifted; a lock set by another attempt stays until it expires.
    pub(crate) fn succeeded(
        &self,
        tx: &Transaction<'_>,
        key: &str,
        locks: Option<&str>,
    ) -> Result<(), LedgerError> {
        tx.prepare_cached(&format!(
            "UPDATE {} SET failed_attempts = 0, locked_until = NULL
             WHERE {} = ?1 AND (locked_until IS NULL OR locked_until = ?2)",
            self.table, self.key_column
        ))?
        .execute(params![key, locks])?;
        Ok(())
    }
}

/// Counts every attempt of a kind, whatever its outcome, in the transaction that reserves
/// it: each attempt then makes the same durable write, so an unknown account, a locked one
/// and a wrong secret cannot be told apart by how long the answer takes.
pub(crate) fn count_attempt(tx: &Transaction<'_>, setting: &str) -> Result<(), LedgerError> {
    tx.prepare_cached(
        "INSERT INTO setting (key, value) VALUES (?1, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    )?
    .execute([setting])?;
    Ok(())
}

//! Lockouts that concurrency cannot bypass: an attempt (an offender's PIN at the kiosk, a
//! clerk's password at the console) is reserved in a write transaction **before** its hash
//! is computed: counted, and refused without being evaluated when the account is locked or
//! its allowance is used up. The attempt that uses the last of the allowance locks the
//! account at once, so attempts racing beside it are refused; if that attempt turns out to
//! be right, it lifts only the lock it set itself. A lock set by another attempt is never
//! cleared before it expires. So at most the allowed number of guesses is ever evaluated
//! per lock window, however many processes guess at once.
//!
//! A lock set a moment ago may be the work of attempts still being evaluated: five right
//! sign-ins started at once by a clerk's script count five before any is found right, and
//! the sixth would be refused as locked though nobody guessed wrong (found by an outside
//! review). So an attempt that finds a lock younger than `FRESH_LOCK_SECONDS` waits for it,
//! up to `IN_FLIGHT_WAIT`, and tries again: a right attempt in flight lifts its own lock
//! when it ends, and a wrong one leaves it, so the waiting attempt is then reserved or
//! refused as before. Waiting evaluates no extra guess; it only delays the answer, by at
//! most `IN_FLIGHT_WAIT`, for an account locked in the last seconds. (The kiosk's PIN
//! check does not wait: the delay would tell a DOC number with a PIN from one without, and
//! one offender does not check a PIN from several kiosks at once.)

use std::time::{Duration, Instant};

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

/// How long after it is set a lock may still be the work of attempts being evaluated (an
/// attempt's hash takes 20-50 ms; this leaves room for a slow or loaded machine).
const FRESH_LOCK_SECONDS: i64 = 10;
/// How far apart two processes' readings of the clock may be (read at their start, a wait
/// and a hash apart) before a lock one set looks set by a clock that ran ahead.
const CLOCKS_APART_SECONDS: i64 = 60;
/// How long an attempt waits at most for the attempts in flight that set a fresh lock.
const IN_FLIGHT_WAIT: Duration = Duration::from_millis(750);
/// How often it looks again meanwhile.
const IN_FLIGHT_POLL: Duration = Duration::from_millis(15);

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
    /// Locked a moment ago, perhaps by attempts still in flight: nothing was counted; end
    /// the transaction and try again (see `reserve_waiting`).
    Pending,
}

/// Runs `once` (a write transaction that reserves an attempt) until it is not pending: it
/// is given whether it may still wait, and answers `None` when its reservation was
/// `Pending` and it rolled back.
pub(crate) fn reserve_waiting<T>(
    mut once: impl FnMut(bool) -> Result<Option<T>, LedgerError>,
) -> Result<T, LedgerError> {
    let deadline = Instant::now() + IN_FLIGHT_WAIT;
    loop {
        if let Some(done) = once(Instant::now() < deadline)? {
            return Ok(done);
        }
        std::thread::sleep(IN_FLIGHT_POLL);
    }
}

impl AttemptLock {
    /// Counts one attempt for `key` before it is evaluated. With `may_wait`, a lock set
    /// less than `FRESH_LOCK_SECONDS` ago answers `Pending` instead of `Locked`.
    pub(crate) fn reserve(
        &self,
        tx: &Transaction<'_>,
        key: &str,
        now: NaiveDateTime,
        may_wait: bool,
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
            // ahead: it lasts a whole lock from now, no longer. Not a few seconds ahead: that
            // is another process whose clock was read a moment later than this one's (it
            // lifts its own lock by the time it set, which must stay as it was).
            if u > lock_end + TimeDelta::seconds(CLOCKS_APART_SECONDS) {
                set_lock(lock_end)?;
                return Ok(Reservation::Locked);
            }
            let set_at = u - TimeDelta::minutes(minutes);
            if may_wait && set_at + TimeDelta::seconds(FRESH_LOCK_SECONDS) > now {
                return Ok(Reservation::Pending);
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

//! Clerks' and supervisors' passwords: argon2id with the same secret key as PINs; five
//! failures in a row lock the account for ten minutes (DOMAIN.md); every sign-in, good or
//! bad, is in the audit trail.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::attempt_lock::{AttemptLock, Reservation};
use super::audit::{AuditEntry, AuditWriter};
use super::{timestamp, Ledger, LedgerError, PinKey, TIMESTAMP_FORMAT};
use crate::domain::Rejection;

pub const PASSWORD_FAILURES_MAX: i64 = 5;
pub const PASSWORD_LOCK_MINUTES: i64 = 10;
/// A password shorter than this is refused.
pub const PASSWORD_MIN_CHARS: usize = 8;
const PASSWORD_MAX_CHARS: usize = 128;

/// The kiosk's technician exit: 5 failures lock that kiosk's exit for 10 minutes.
const TECHNICIAN_LOCK: AttemptLock = AttemptLock {
    table: "attempt_lock",
    key_column: "name",
    max_setting: "technician_failures",
    max_default: PASSWORD_FAILURES_MAX,
    minutes_setting: "technician_lock_minutes",
    minutes_default: PASSWORD_LOCK_MINUTES,
};

/// The console's sign-in lockout: 5 failures lock the account for 10 minutes (the settings
/// may change both).
const PASSWORD_LOCK: AttemptLock = AttemptLock {
    table: "app_user",
    key_column: "name",
    max_setting: "password_failures",
    max_default: PASSWORD_FAILURES_MAX,
    minutes_setting: "password_lock_minutes",
    minutes_default: PASSWORD_LOCK_MINUTES,
};

/// Whether some supervisor has a password (disabled or not): once one has, the first
/// supervisor's window is closed for good, whatever happens to that account later.
fn supervisor_can_sign_in(conn: &rusqlite::Connection) -> Result<bool, LedgerError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM app_user WHERE role = 'supervisor' AND password_hash IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// The outcome of a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    Accepted,
    /// Too many wrong passwords: refused whatever was typed until the lock expires.
    Locked,
    /// The user has no password yet.
    NoPassword,
    /// Unknown, disabled, or the wrong password (one answer, as the console gives it).
    Refused,
}

impl Ledger {
    /// Sets a user's password.
    pub fn set_password(
        &mut self,
        name: &str,
        password: &str,
        key: &PinKey,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<(), LedgerError> {
        let chars = password.chars().count();
        if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars) {
            return Err(Rejection::PasswordTooShort.into());
        }
        let hash = key.hash_text(password)?;
        let tx = self.write()?;
        // A supervisor sets passwords; until some supervisor has one, the command line may
        // (that is how the first supervisor is made).
        if supervisor_can_sign_in(&tx)? {
            super::people::authorize(&tx, actor, true)?;
            let target: Option<(String, bool)> = tx
                .query_row(
                    "SELECT role, password_hash IS NOT NULL FROM app_user WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((role, has_password)) = target {
                if role == "supervisor" && has_password && name != actor {
                    return Err(Rejection::OtherSupervisorsPassword.into());
                }
            }
        }
        let n = tx.execute(
            "UPDATE app_user SET password_hash = ?2, failed_attempts = 0, locked_until = NULL WHERE name = ?1",
            params![name, hash],
        )?;
        if n == 0 {
            return Err(Rejection::UnknownUser.into());
        }
        let at = timestamp(now);
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "user.password",
            format!("user:{name}"),
            String::new(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A sign-in: true when the user exists, is enabled, is not locked and the password
    /// matches. Every attempt costs one hash, whatever the reason for a refusal. With
    /// `count_failures`, wrong passwords count toward the account's lock (the console's
    /// sign-in); without, they are only audited (the kiosk's technician exit keeps its own
    /// count, so the lobby cannot lock clerks out).
    pub fn check_password(
        &mut self,
        name: &str,
        password: &str,
        key: &PinKey,
        now: NaiveDateTime,
        count_failures: bool,
    ) -> Result<bool, LedgerError> {
        Ok(self.sign_in(name, password, key, now, count_failures)? == SignIn::Accepted)
    }

    /// A command line's authentication: a sign-in that counts toward the user's lockout,
    /// with the reason for a refusal.
    pub fn authenticate_user(
        &mut self,
        name: &str,
        password: &str,
        key: &PinKey,
        now: NaiveDateTime,
    ) -> Result<SignIn, LedgerError> {
        self.sign_in(name, password, key, now, true)
    }

    /// Whether some enabled supervisor can sign in: until then the first supervisor may be
    /// made without anyone signing in.
    pub fn has_supervisor_with_password(&self) -> Result<bool, LedgerError> {
        supervisor_can_sign_in(&self.conn)
    }

    /// Audits a command refused before it began: who claimed to run it, what, and why.
    pub fn record_refusal(
        &mut self,
        name: &str,
        what: &str,
        why: &str,
        now: NaiveDateTime,
    ) -> Result<(), LedgerError> {
        let tx = self.write()?;
        let mut audit = AuditWriter::begin(&tx)?;
        let subject: String = name.chars().filter(|c| !c.is_control()).take(32).collect();
        let what: String = what.chars().filter(|c| !c.is_control()).take(64).collect();
        audit.append(
            &tx,
            &timestamp(now),
            &AuditEntry {
                actor: "access",
                action: "access.refused",
                subject: format!("user:{subject}"),
                outcome: "refused",
                detail: serde_json::json!({ "command": what, "why": why }).to_string(),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    fn sign_in(
        &mut self,
        name: &str,
        password: &str,
        key: &PinKey,
        now: NaiveDateTime,
        count_failures: bool,
    ) -> Result<SignIn, LedgerError> {
        // Counted before the hash (the console's sign-in), so parallel guesses cannot
        // outrun the lock; the kiosk's technician exit is only audited.
        let (row, reservation) = super::attempt_lock::reserve_waiting(|may_wait| {
            let tx = self.write()?;
            let row: Option<(Option<String>, bool)> = tx
                .query_row(
                    "SELECT password_hash, disabled FROM app_user WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let reservation = if count_failures {
                PASSWORD_LOCK.reserve(&tx, name, now, may_wait)?
            } else {
                // Not counted, but a lock in force still refuses.
                let until: Option<String> = tx
                    .query_row(
                        "SELECT locked_until FROM app_user WHERE name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                let locked = until
                    .as_deref()
                    .and_then(|t| NaiveDateTime::parse_from_str(t, TIMESTAMP_FORMAT).ok())
                    .is_some_and(|u| now < u);
                if locked {
                    Reservation::Locked
                } else {
                    Reservation::Reserved { locks: None }
                }
            };
            if reservation == Reservation::Pending {
                return Ok(None);
            }
            super::attempt_lock::count_attempt(&tx, "sign_in_attempts")?;
            tx.commit()?;
            Ok(Some((row, reservation)))
        })?;
        let locked = matches!(reservation, Reservation::Locked);
        let ok = match &row {
            Some((Some(hash), false)) if !locked => key.verify(password, hash)?,
            _ => {
                let _ = key.hash_text(password)?;
                false
            }
        };
        let why = match (&row, locked, ok) {
            (None, _, _) => "unknown_user",
            (Some((None, _)), _, _) => "no_password",
            (Some((_, true)), _, _) => "disabled",
            (_, true, _) => "locked",
            (_, false, true) => "ok",
            (_, false, false) => "wrong_password",
        };
        // A password hashed with older parameters is made again with today's now that it
        // is known to be right (best effort; hashed before the write lock).
        let rehash = match &row {
            Some((Some(old), false)) if ok && !PinKey::is_current(old) => {
                key.hash_text(password).ok().map(|new| (old.clone(), new))
            }
            _ => None,
        };
        let at = timestamp(now);
        let tx = self.write()?;
        if let Some((old, new)) = &rehash {
            tx.execute(
                "UPDATE app_user SET password_hash = ?2 WHERE name = ?1 AND password_hash = ?3",
                rusqlite::params![name, new, old],
            )?;
        }
        let mut detail = why.to_string();
        if let Reservation::Reserved { locks } = &reservation {
            if why == "ok" {
                PASSWORD_LOCK.succeeded(&tx, name, locks.as_deref())?;
            } else if let (Some(until), true) = (locks, count_failures) {
                detail = format!("wrong_password_locked_until {until}");
            }
        }
        let mut audit = AuditWriter::begin(&tx)?;
        let subject: String = name.chars().filter(|c| !c.is_control()).take(32).collect();
        audit.append(
            &tx,
            &at,
            &AuditEntry {
                actor: "sign-in",
                action: "user.sign_in",
                subject: format!("user:{subject}"),
                outcome: if ok { "ok" } else { "refused" },
                detail: format!("{{\"why\":\"{detail}\"}}"),
            },
        )?;
        tx.commit()?;
        Ok(match why {
            "ok" => SignIn::Accepted,
            "locked" => SignIn::Locked,
            "no_password" => SignIn::NoPassword,
            _ => SignIn::Refused,
        })
    }

    /// The kiosk's technician exit: a clerk's or supervisor's name and password. Its
    /// attempts are counted in the ledger per kiosk (reserved before the hash, like every
    /// lockout), not against the clerk's own account, so the lobby cannot lock a clerk out
    /// of the console, and neither a restart nor a second process gains guesses. A clerk
    /// account locked at the console is refused here too. Every attempt is audited.
    pub fn check_technician_exit(
        &mut self,
        kiosk_id: &str,
        name: &str,
        password: &str,
        key: &PinKey,
        now: NaiveDateTime,
    ) -> Result<bool, LedgerError> {
        let lock_name = format!("technician:{kiosk_id}");
        let (row, reservation) = super::attempt_lock::reserve_waiting(|may_wait| {
            let tx = self.write()?;
            tx.execute(
                "INSERT OR IGNORE INTO attempt_lock (name) VALUES (?1)",
                [&lock_name],
            )?;
            let reservation = TECHNICIAN_LOCK.reserve(&tx, &lock_name, now, may_wait)?;
            if reservation == Reservation::Pending {
                return Ok(None);
            }
            let row: Option<(Option<String>, bool, Option<String>)> = tx
                .query_row(
                    "SELECT password_hash, disabled, locked_until FROM app_user WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            super::attempt_lock::count_attempt(&tx, "technician_attempts")?;
            tx.commit()?;
            Ok(Some((row, reservation)))
        })?;
        let user_locked = row
            .as_ref()
            .and_then(|(_, _, until)| until.as_deref())
            .and_then(|t| NaiveDateTime::parse_from_str(t, TIMESTAMP_FORMAT).ok())
            .is_some_and(|until| now < until);
        let evaluate = matches!(reservation, Reservation::Reserved { .. }) && !user_locked;
        let ok = match &row {
            Some((Some(hash), false, _)) if evaluate => key.verify(password, hash)?,
            _ => {
                let _ = key.hash_text(password)?;
                false
            }
        };
        let why = match (&row, &reservation, user_locked, ok) {
            (_, Reservation::Locked, _, _) => "exit_locked".to_string(),
            (None, _, _, _) => "unknown_user".to_string(),
            (Some((None, _, _)), _, _, _) => "no_password".to_string(),
            (Some((_, true, _)), _, _, _) => "disabled".to_string(),
            (_, _, true, _) => "user_locked".to_string(),
            (_, _, _, true) => "ok".to_string(),
            (_, Reservation::Reserved { locks: Some(until) }, _, false) => {
                format!("wrong_password_exit_locked_until {until}")
            }
            _ => "wrong_password".to_string(),
        };
        let tx = self.write()?;
        if let (true, Reservation::Reserved { locks }) = (ok, &reservation) {
            TECHNICIAN_LOCK.succeeded(&tx, &lock_name, locks.as_deref())?;
        }
        let mut audit = AuditWriter::begin(&tx)?;
        let subject: String = name.chars().filter(|c| !c.is_control()).take(32).collect();
        audit.append(
            &tx,
            &timestamp(now),
            &AuditEntry {
                actor: "kiosk",
                action: "kiosk.technician_exit",
                subject: format!("user:{subject}"),
                outcome: if ok { "ok" } else { "refused" },
                detail: serde_json::json!({ "why": why, "kiosk": kiosk_id }).to_string(),
            },
        )?;
        tx.commit()?;
        Ok(ok)
    }
}

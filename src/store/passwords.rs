//! Clerks' and supervisors' passwords: argon2id with the same secret key as PINs; five
//! failures in a row lock the account for ten minutes (DOMAIN.md); every sign-in, good or
//! bad, is in the audit trail.

use chrono::{NaiveDateTime, TimeDelta};
use rusqlite::{params, OptionalExtension};

use super::audit::{AuditEntry, AuditWriter};
use super::{timestamp, Ledger, LedgerError, PinKey, TIMESTAMP_FORMAT};
use crate::domain::Rejection;

pub const PASSWORD_FAILURES_MAX: i64 = 5;
pub const PASSWORD_LOCK_MINUTES: i64 = 10;
/// A password shorter than this is refused.
pub const PASSWORD_MIN_CHARS: usize = 8;
const PASSWORD_MAX_CHARS: usize = 128;

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
        let supervisors_with_password: i64 = tx.query_row(
            "SELECT COUNT(*) FROM app_user WHERE role = 'supervisor' AND password_hash IS NOT NULL
                 AND disabled = 0",
            [],
            |r| r.get(0),
        )?;
        if supervisors_with_password > 0 {
            super::people::authorize(&tx, actor, true)?;
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
        let row: Option<(Option<String>, bool, Option<String>)> = self
            .conn
            .query_row(
                "SELECT password_hash, disabled, locked_until FROM app_user WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let locked = row
            .as_ref()
            .and_then(|(_, _, until)| until.as_deref())
            .and_then(|t| NaiveDateTime::parse_from_str(t, TIMESTAMP_FORMAT).ok())
            .is_some_and(|until| now < until);
        let ok = match &row {
            Some((Some(hash), false, _)) if !locked => key.verify(password, hash)?,
            _ => {
                let _ = key.hash_text(password)?;
                false
            }
        };
        let why = match (&row, locked, ok) {
            (None, _, _) => "unknown_user",
            (Some((None, _, _)), _, _) => "no_password",
            (Some((_, true, _)), _, _) => "disabled",
            (_, true, _) => "locked",
            (_, false, true) => "ok",
            (_, false, false) => "wrong_password",
        };
        let at = timestamp(now);
        let tx = self.write()?;
        let mut detail = why.to_string();
        if why == "ok" {
            tx.execute(
                "UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE name = ?1",
                [name],
            )?;
        } else if why == "wrong_password" && count_failures {
            tx.execute(
                "UPDATE app_user SET failed_attempts =
                     CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END,
                     locked_until = NULL WHERE name = ?1",
                [name],
            )?;
            let failed: i64 = tx.query_row(
                "SELECT failed_attempts FROM app_user WHERE name = ?1",
                [name],
                |r| r.get(0),
            )?;
            let max = super::policy::limit(&tx, "password_failures", PASSWORD_FAILURES_MAX)?;
            let minutes =
                super::policy::limit(&tx, "password_lock_minutes", PASSWORD_LOCK_MINUTES)?;
            if failed >= max {
                let until = timestamp(now + TimeDelta::minutes(minutes));
                tx.execute(
                    "UPDATE app_user SET failed_attempts = 0, locked_until = ?2 WHERE name = ?1",
                    params![name, until],
                )?;
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
        Ok(ok)
    }
}

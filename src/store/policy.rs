//! The business settings every process on a ledger must agree on (the monthly fee, the
//! obligation percentage, the state holidays, the lockout limits). They live in the ledger,
//! not in each process: the config file's values are written into it by `apply_policy`, in
//! one audited transaction, when they differ.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

use super::audit::AuditWriter;
use super::{timestamp, Ledger, LedgerError, DATE_FORMAT};
use crate::domain::Money;

/// The settings, with DOMAIN.md's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub monthly_fee: Money,
    /// In basis points: 2000 = 20 %.
    pub obligation_percent_bp: u32,
    pub holidays: Vec<NaiveDate>,
    pub pin_failures: u32,
    pub pin_lock_minutes: u32,
    pub password_failures: u32,
    pub password_lock_minutes: u32,
    /// Electronic deposits from this amount on are held for review (`high_amount`).
    pub high_amount: Money,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            monthly_fee: crate::domain::FEE_DEFAULT,
            obligation_percent_bp: 2_000,
            holidays: Vec::new(),
            pin_failures: 5,
            pin_lock_minutes: 15,
            password_failures: 5,
            password_lock_minutes: 10,
            high_amount: crate::domain::screening::HIGH_AMOUNT_DEFAULT,
        }
    }
}

/// A lockout limit from the ledger's settings: `key` if set and sane, else `default`.
pub(crate) fn limit(conn: &Connection, key: &str, default: i64) -> Result<i64, LedgerError> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(value
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default))
}

impl Ledger {
    /// The lockout limits as the ledger's settings have them (DOMAIN.md's defaults when
    /// unset): what the screens and the PIN slip tell people.
    pub fn limits(&self) -> Result<crate::domain::Limits, LedgerError> {
        let d = crate::domain::Limits::default();
        let get = |key: &str, default: u32| -> Result<u32, LedgerError> {
            Ok(u32::try_from(limit(&self.conn, key, i64::from(default))?).unwrap_or(default))
        };
        Ok(crate::domain::Limits {
            pin_failures: get("pin_failures", d.pin_failures)?,
            pin_lock_minutes: get("pin_lock_minutes", d.pin_lock_minutes)?,
            password_failures: get("password_failures", d.password_failures)?,
            password_lock_minutes: get("password_lock_minutes", d.password_lock_minutes)?,
        })
    }

    /// What `apply_policy` would change, read without writing: `(setting, value)` pairs
    /// and holidays not yet on file.
    pub fn policy_differences(&self, policy: &Policy) -> Result<Vec<String>, LedgerError> {
        Ok(differences(&self.conn, policy)?
            .iter()
            .map(Change::describe)
            .collect())
    }

    /// Writes `policy` into the ledger where it differs: settings, and holidays not yet on
    /// file (holidays are only added: one taken out of the file stays until removed by
    /// hand). One transaction with one audit row naming what changed; nothing at all when
    /// nothing differs. Returns what changed. Only `config apply` (a supervisor) and `init`
    /// call it: reading the settings file never changes the shared settings by itself.
    pub fn apply_policy(
        &mut self,
        policy: &Policy,
        now: NaiveDateTime,
        actor: &str,
    ) -> Result<Vec<String>, LedgerError> {
        let tx = self.write()?;
        let changes = differences(&tx, policy)?;
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        for change in &changes {
            match change {
                Change::Setting(key, value) => {
                    tx.execute(
                        "INSERT INTO setting (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![key, value],
                    )?;
                }
                Change::Holiday(day) => {
                    tx.execute(
                        "INSERT INTO holiday (date, name) VALUES (?1, 'Holiday (config)')
                         ON CONFLICT (date) DO NOTHING",
                        [day.format(DATE_FORMAT).to_string()],
                    )?;
                }
            }
        }
        let changed: Vec<String> = changes.iter().map(Change::describe).collect();
        let at = timestamp(now);
        let mut audit = AuditWriter::begin(&tx)?;
        audit.ok(
            &tx,
            &at,
            actor,
            "config.apply",
            "settings".into(),
            changed.join(" "),
        )?;
        tx.commit()?;
        Ok(changed)
    }
}

/// One difference between the settings file and the ledger.
enum Change {
    Setting(&'static str, String),
    Holiday(NaiveDate),
}

impl Change {
    fn describe(&self) -> String {
        match self {
            Change::Setting(key, value) => format!("{key}={value}"),
            Change::Holiday(day) => format!("holiday={day}"),
        }
    }
}

fn differences(conn: &Connection, policy: &Policy) -> Result<Vec<Change>, LedgerError> {
    let settings = [
        (
            "intervention_fee_cents",
            policy.monthly_fee.cents().to_string(),
        ),
        (
            "obligation_percent_bp",
            policy.obligation_percent_bp.to_string(),
        ),
        ("pin_failures", policy.pin_failures.to_string()),
        ("pin_lock_minutes", policy.pin_lock_minutes.to_string()),
        ("password_failures", policy.password_failures.to_string()),
        (
            "password_lock_minutes",
            policy.password_lock_minutes.to_string(),
        ),
        ("high_amount_cents", policy.high_amount.cents().to_string()),
    ];
    let mut changes = Vec::new();
    for (key, value) in settings {
        let current: Option<String> = conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        if current.as_deref() != Some(value.as_str()) {
            changes.push(Change::Setting(key, value));
        }
    }
    for day in &policy.holidays {
        let known: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM holiday WHERE date = ?1",
                [day.format(DATE_FORMAT).to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_none() {
            changes.push(Change::Holiday(*day));
        }
    }
    Ok(changes)
}
